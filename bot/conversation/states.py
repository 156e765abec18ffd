"""One state machine: what a conversation waits for, declared.

A conversation is either inside a flow (``flow_id``/``node_id``: the flow file declares what each question
accepts) or at one of the system waits registered here (the menu, the language question, the status question,
"Did you mean", the answer to the welcome, "for whom?", "which report?"). Each wait is a ``Wait``: what a resident
may answer there (``accepts``), the named handler that reads the answer, where in a turn it is read (``stage``)
and whether the main menu's digits still start what they say there. The engine reads the table; no branch
order hides a wait.

What a module keeps in a conversation lives under its own key of ``conversations.pending``, typed (a dataclass
with a ``KEY``): ``ConversationState.get(KbChoice)`` / ``.put(...)``. The wait itself is ``pending["wait"]``.
Conversations stored before this are answered as before: the ``awaiting`` column's wait was moved to
``pending["wait"]`` by migration 0017 (which dropped the column), and loose ``pending`` fields are read once and
moved (``migrate``), so a resident in the middle of a question when the new version is deployed is answered as before.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Literal, TypeVar

if TYPE_CHECKING:
    from .engine import Turn
    from ..store.models.residents import Conversation

WAIT = "wait"  # pending["wait"]: the name of the wait, or absent


@dataclass(frozen=True)
class Wait:
    """One point where the bot waits for something other than a flow's question.

    ``stage`` is where a turn reads it: ``early`` before a report's question is answered (so it wins over it),
    ``late`` after a place or a secret said alone (which are answered as such at any point); ``menu`` waits have
    no handler. ``handler(turn) -> bool``: True when the message was the answer (handled), False when it is read
    as a new message. ``reask(turn)``: the wait's question asked again (after a place was told instead).
    ``needs_flow``: only read while a flow is open (for whom the report is)."""

    name: str
    accepts: str
    stage: Literal["early", "late", "menu"]
    handler: Callable[["Turn"], bool] | None = None
    menu_digits: bool = False
    reask: Callable[["Turn"], None] | None = None
    needs_flow: bool = False
    needs_text: bool = False


WAITS: dict[str, Wait] = {}


def register(wait: Wait) -> Wait:
    WAITS[wait.name] = wait
    return wait


def menu_digits(name: str | None) -> bool:
    """The main menu's digits start what they say while waiting at ``name`` (or at nothing)."""
    return name is None or (name in WAITS and WAITS[name].menu_digits)


# -- what a module keeps, typed --------------------------------------------------------------------------------
@dataclass
class KbChoice:
    """"Did you mean": the safety topics offered, in the order numbered."""

    KEY: ClassVar[str] = "kb_choice"
    topics: list[str] = field(default_factory=list)


@dataclass
class ForWhom:
    """"For whom is this report?": the households (ids) of the residents offered, in the order numbered."""

    KEY: ClassVar[str] = "for_whom"
    households: list[int] = field(default_factory=list)


@dataclass
class Clarify:
    """"Which report?": the intents offered and the first message, which fills the chosen report in."""

    KEY: ClassVar[str] = "clarify"
    intents: list[str] = field(default_factory=list)
    text: str = ""


@dataclass
class HiddenLinks:
    """Simple mode: the links taken out of the last replies, sent when the resident replies LINK."""

    KEY: ClassVar[str] = "simple"
    links: list[str] = field(default_factory=list)


@dataclass
class ChoicePage:
    """Simple mode: the page of a long choice list shown (three a page and "4. More"), and the question it belongs
    to: [flow, node, the report's start]. Until session 8 the conversation's field ``_page`` ([node, page]); a
    resident paging at the deployment sees the list's first page again."""

    KEY: ClassVar[str] = "choice_page"
    question: list[str] = field(default_factory=list)
    page: int = 0


T = TypeVar("T")


class ConversationState:
    """The wait and the modules' typed data of one conversation (``conversations.pending``, JSON). Every change
    assigns a new dict, so the ORM sees it."""

    def __init__(self, conv: "Conversation"):
        self.conv = conv

    @property
    def _data(self) -> dict[str, Any]:
        return self.conv.pending or {}

    @property
    def waiting(self) -> str | None:
        return self._data.get(WAIT)

    def wait(self, name: str, *data: Any) -> None:
        """Wait at ``name`` (a registered wait) with the data its handler reads."""
        if name not in WAITS:
            raise KeyError(f"no wait named {name!r} is registered")
        pending = {**self._data, WAIT: name}
        pending.update({item.KEY: asdict(item) for item in data})
        self.conv.pending = pending

    def stop(self) -> None:
        """Wait for nothing; the data of the wait that ends goes with it."""
        name = self.waiting
        if name is None and WAIT not in self._data:
            return
        self.conv.pending = {k: v for k, v in self._data.items() if k not in (WAIT, name)}

    def get(self, kind: type[T]) -> T | None:
        raw = self._data.get(kind.KEY)  # type: ignore[attr-defined]
        if not isinstance(raw, dict):
            return None
        known = {f.name for f in fields(kind)}  # type: ignore[arg-type]
        return kind(**{k: v for k, v in raw.items() if k in known})

    def put(self, item: Any) -> None:
        self.conv.pending = {**self._data, item.KEY: asdict(item)}

    def drop(self, kind: type) -> None:
        """Forget what a module kept under ``kind``'s key."""
        if kind.KEY in self._data:  # type: ignore[attr-defined]
            self.conv.pending = {k: v for k, v in self._data.items() if k != kind.KEY}  # type: ignore[attr-defined]


# -- conversations stored before the state machine ---------------------------------------------------------
_LOOSE = {"topics": KbChoice, "households": ForWhom, "intents": Clarify, "text": Clarify, "links": HiddenLinks}


def migrate(conv: "Conversation") -> bool:
    """Move a conversation stored by an earlier version (loose ``pending`` fields) into the state machine's keys;
    True when anything moved. Run when a turn reads the conversation (and by ``register_visit``), so no deployment
    step is needed; idempotent. (That version's ``awaiting`` column was moved to ``pending["wait"]`` and dropped
    by migration 0017.)"""
    pending = dict(conv.pending or {})
    loose = {key: pending.pop(key) for key in list(pending) if key in _LOOSE}
    if not loose:
        return False
    for key, value in loose.items():
        kind = _LOOSE[key]
        pending.setdefault(kind.KEY, {})[key] = value
    conv.pending = pending
    return True
