"""One state machine: what a conversation waits for, declared.

A conversation is either inside a flow (``flow_id``/``node_id``: the flow file declares what each question
accepts) or at one of the system waits registered here (the menu, the language question, the status question,
"Did you mean", the answer to the welcome, "for whom?", "which report?"). Each wait is a ``Wait``: what a resident
may answer there (``accepts``), the named handler that reads the answer, where in a turn it is read (``stage``)
and whether the main menu's digits still start what they say there. The engine reads the table; no branch
order hides a wait.

What a module keeps in a conversation lives under its own key of ``conversations.pending``, typed (a dataclass
with a ``KEY``): ``ConversationState.get(KbChoice)`` / ``.of`` / ``.put(...)`` / ``.change``. The wait itself is
``pending["wait"]``. What a module keeps for one report (``REPORT_KINDS``: when it began, the golden-hour actions
said, files counted, identifiers checked, for whom) goes with the report's answers (``end_report``); a report's
``fields`` hold only answers since session 9.
Conversations stored before this are answered as before: the ``awaiting`` column's wait was moved to
``pending["wait"]`` by migration 0017 (which dropped the column), and loose ``pending`` fields are read once and
moved (``migrate``), so a resident in the middle of a question when the new version is deployed is answered as before.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Literal, TypeVar

from ..store.models.residents import Conversation as ResidentsConversation

if TYPE_CHECKING:
    from .engine import Turn
    from ..store.models.residents import Conversation

WAIT = "wait"  # pending["wait"]: the name of the wait, or absent
CLOSED_MARK = ResidentsConversation.CLOSED_MARK  # pending: an officer closed the report's case (bot/cases/casework.py)


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
    if wait.name in {kind.KEY for kind in REPORT_KINDS}:  # type: ignore[attr-defined]
        raise ValueError(f"a wait may not be named {wait.name!r}: a report's data is kept under that key "
                         "(``stop`` drops the data under the wait's name)")
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
    comfort: bool = False  # the message told of a harm done to the writer: the chosen topic's comfort comes first


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


@dataclass
class Filed:
    """status_lookup.py: the reference of the report just filed, for a kind closing to a stray "thanks" or "no" (kept
    under the wait's own name: it goes when the wait ends)."""

    KEY: ClassVar[str] = "after_report"
    reference: str = ""


@dataclass
class Closed:
    """status_lookup.py: the reference of the report whose case an officer closed (kept under the wait's own name:
    it goes when the wait ends)."""

    KEY: ClassVar[str] = "after_close"
    reference: str = ""


# -- what a module keeps for one report (report-scoped: dropped with the report's answers) -------------------
# Until session 9 these were ``_``-prefixed keys of the report's ``fields`` (docs/architecture.md, "What a report
# keeps"); ``migrate`` moves a conversation stored that way. ``CARRIED``: the attributes that go on into the next
# report when another one starts (a handover carries everything but the place said at the menu).
@dataclass
class Report:
    """flow_walk.py: when the report began, what its flow's conditions read of the unit and the channel, and a fall
    of priority not told yet (golden.py tells it and clears it)."""

    KEY: ClassVar[str] = "report"
    CARRIED: ClassVar[tuple[str, ...]] = ()
    started_at: str | None = None  # ISO time: files sent since then belong to the report's incident
    woman_officer_available: bool | None = None  # config's, for flows/harassment.yaml and sextortion.yaml
    channel_has_phone: bool | None = None  # the channel gave a phone number ("SAME" is offered only then)
    fell: dict | None = None  # {"reason": ...}: the fall to apply and tell once


@dataclass
class PlaceSaid:
    """dispatch.py: a place said at the menu ("my pin code is 700016"), for the next report's district."""

    KEY: ClassVar[str] = "place_said"
    CARRIED: ClassVar[tuple[str, ...]] = ()
    text: str = ""


@dataclass
class GoldenHour:
    """golden.py: what the golden-hour actions already said (not said again, carried into the next report), whether
    the time the money left was read from the message, and the case the report opened at once (one a report)."""

    KEY: ClassVar[str] = "golden_hour"
    CARRIED: ClassVar[tuple[str, ...]] = ("told", "money_told")
    told: list[str] = field(default_factory=list)  # "danger:<kind>", the connection levels, "money_unknown"
    money_told: int = 0  # golden.MONEY_LEVELS of the money advice given
    paid_time_known: bool | None = None  # for flows/impersonation.yaml
    urgent_case: int | None = None
    day_case: int | None = None


@dataclass
class Evidence:
    """turn_media.py: files kept in this report."""

    KEY: ClassVar[str] = "evidence"
    CARRIED: ClassVar[tuple[str, ...]] = ()
    count: int = 0


@dataclass
class RegistryChecks:
    """registry_check.py: identifiers checked against the registry and told as reported by others, the "is this
    really the police?" advice given, and an incident made here that named no identifier yet (the engine sets it
    when the report's incident is made)."""

    KEY: ClassVar[str] = "registry"
    CARRIED: ClassVar[tuple[str, ...]] = ()
    checked: list[str] = field(default_factory=list)
    told_others: list[str] = field(default_factory=list)
    police_advice_told: bool = False
    no_identifiers_yet: bool = False


@dataclass
class Behalf:
    """outreach/behalf.py: for whom the report is ("self" or "resident"), the household, and whether it is for a
    senior citizen (priority and the golden hour read it: it is declared here, below the features)."""

    KEY: ClassVar[str] = "behalf"
    CARRIED: ClassVar[tuple[str, ...]] = ("for_whom", "household_id", "for_senior")
    for_whom: str | None = None
    household_id: int | None = None
    for_senior: bool = False


REPORT_KINDS: tuple[type, ...] = (Report, PlaceSaid, GoldenHour, Evidence, RegistryChecks, Behalf)
# the names a flow file's conditions (``if:``) use for what a module keeps; every other name is a report's answer
FLOW_FACTS: dict[str, tuple[type, str]] = {
    "_woman_officer_available": (Report, "woman_officer_available"),
    "_channel_has_phone": (Report, "channel_has_phone"),
    "_paid_time_known": (GoldenHour, "paid_time_known"),
}


T = TypeVar("T")


def end_closed_report(conv: "Conversation", reference: str) -> None:
    """An officer closed the case this conversation's report fills (bot/cases/casework.py): the report's questions
    end with it — no flow, question, answers or report data — and the conversation waits at ``after_close`` for
    that case's reference, so a resident asking "did the bank stop the money?" gets the case's state and outcome,
    never the report's old question (officers' stranger trial, session 13)."""
    conv.flow_id = conv.node_id = None
    conv.incident_id = None
    conv.fields = {}
    conv.bad_answers = 0
    keys = {kind.KEY for kind in REPORT_KINDS} | {WAIT, CLOSED_MARK}  # type: ignore[attr-defined]
    kept = {key: value for key, value in (conv.pending or {}).items() if key not in keys}
    waiting = (conv.pending or {}).get(WAIT)
    kept.pop(waiting, None)  # the data of the wait that ends goes with it
    conv.pending = {**kept, WAIT: "after_close", Closed.KEY: asdict(Closed(reference))}


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

    def of(self, kind: type[T]) -> T:
        """What ``kind``'s module keeps, or the kind's defaults when it keeps nothing yet."""
        return self.get(kind) or kind()

    def change(self, kind: type, **values: Any) -> None:
        """Change some of what ``kind``'s module keeps (the rest as kept, or the defaults)."""
        item = self.of(kind)
        for name, value in values.items():
            if not hasattr(item, name):
                raise AttributeError(f"{kind.__name__} keeps no {name!r}")
            setattr(item, name, value)
        self.put(item)

    def put(self, item: Any) -> None:
        self.conv.pending = {**self._data, item.KEY: asdict(item)}

    def fact(self, name: str) -> Any:
        """A flow condition's ``_name`` (``FLOW_FACTS``): what a module keeps for the report, None when unset."""
        kind, attribute = FLOW_FACTS[name]
        kept = self.get(kind)
        return getattr(kept, attribute) if kept is not None else None

    def report_carried(self, keep: bool) -> dict[str, dict]:
        """What the modules keep for this report that goes on into the next one: each kind's ``CARRIED``
        attributes, or all of them with ``keep`` (the report itself goes on: a handover)."""
        carried = {}
        for kind in REPORT_KINDS:
            raw = self._data.get(kind.KEY)  # type: ignore[attr-defined]
            if isinstance(raw, dict):
                kept = dict(raw) if keep else {k: v for k, v in raw.items() if k in kind.CARRIED}  # type: ignore[attr-defined]
                if kept:
                    carried[kind.KEY] = kept  # type: ignore[attr-defined]
        return carried

    def end_report(self, carried: dict[str, dict] | None = None) -> None:
        """The report is over: what each module kept for it goes (``carried``, from ``report_carried``, stays for
        the next one)."""
        keys = {kind.KEY for kind in REPORT_KINDS}  # type: ignore[attr-defined]
        if carried or keys & set(self._data):
            self.conv.pending = {**{k: v for k, v in self._data.items() if k not in keys}, **(carried or {})}

    def drop(self, kind: type) -> None:
        """Forget what a module kept under ``kind``'s key."""
        if kind.KEY in self._data:  # type: ignore[attr-defined]
            self.conv.pending = {k: v for k, v in self._data.items() if k != kind.KEY}  # type: ignore[attr-defined]


# -- conversations stored before the state machine ---------------------------------------------------------
_LOOSE = {"topics": KbChoice, "households": ForWhom, "intents": Clarify, "text": Clarify, "links": HiddenLinks}


# a report's ``_`` fields before session 9 -> (kind, attribute)
_FIELDS: dict[str, tuple[type, str]] = {
    "_started_at": (Report, "started_at"), "_woman_officer_available": (Report, "woman_officer_available"),
    "_channel_has_phone": (Report, "channel_has_phone"), "_fell": (Report, "fell"), "_place_said": (PlaceSaid, "text"),
    "_told": (GoldenHour, "told"), "_money_told": (GoldenHour, "money_told"),
    "_paid_time_known": (GoldenHour, "paid_time_known"), "_urgent_case": (GoldenHour, "urgent_case"),
    "_day_case": (GoldenHour, "day_case"), "_evidence_count": (Evidence, "count"),
    "_checked": (RegistryChecks, "checked"), "_told_others": (RegistryChecks, "told_others"),
    "_police_advice_told": (RegistryChecks, "police_advice_told"),
    "_no_identifiers_yet": (RegistryChecks, "no_identifiers_yet"),
    "_for_whom": (Behalf, "for_whom"), "_household_id": (Behalf, "household_id"), "_for_senior": (Behalf, "for_senior"),
}


def migrate(conv: "Conversation") -> bool:
    """Move a conversation stored by an earlier version into the state machine's keys: loose ``pending`` fields,
    and a report's ``_`` fields (before session 9) under their module's typed key (a value that was None or absent
    stays the kind's default). True when anything moved. Run when a turn reads the conversation (and by
    ``register_visit`` and the apology after a failed turn), so no deployment step is needed; idempotent. (That
    version's ``awaiting`` column was moved to ``pending["wait"]`` and dropped by migration 0017.)"""
    closed = CLOSED_MARK in (conv.pending or {})
    if closed:  # an officer closed the case this report fills (bot/cases/casework.py): its questions end
        end_closed_report(conv, conv.pending[CLOSED_MARK])
    pending = dict(conv.pending or {})
    loose = {key: pending.pop(key) for key in list(pending) if key in _LOOSE}
    fields = dict(conv.fields or {})
    hidden = {key: fields.pop(key) for key in list(fields) if key in _FIELDS}
    if not loose and not hidden:
        return closed
    for key, value in loose.items():
        kind = _LOOSE[key]
        pending.setdefault(kind.KEY, {})[key] = value
    for key, value in hidden.items():
        kind, attribute = _FIELDS[key]
        if value is not None:
            pending.setdefault(kind.KEY, {})[attribute] = value  # type: ignore[attr-defined]
    conv.pending = pending
    if hidden:
        conv.fields = fields
    return True
