"""Simple mode: for registered seniors, and anyone who asks for it ("simple mode", "saral", "सरल").

- menus of at most four numbered choices: the main menu is ``menu_simple`` (the flows' ``simple_position``,
  bot/content/catalogue.py); a flow's
  longer choice list is shown three at a time with "4. More" (the rest on the next page), and a digit is
  read against the page shown; words still match every choice;
- "0" as the whole message reaches a person at any time (the same as OFFICER: a case, high priority at
  least for a senior, offered to their beat officer first);
- no links unless asked: a URL in a reply is replaced by "(for the link, reply LINK)"; LINK sends them,
  and a message that itself asks for a link or website gets them as written;
- "full menu" turns it off again.

The data stays in texts and flows; the module plugs into the engine's named points (bot/conversation/hooks.py, ``plug_in``).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..messages import Reply
from ..store.models.residents import Contact
from ..conversation import states
from ..conversation.states import ChoicePage, HiddenLinks
from ..nlu import words
from ..nlu.commands import clean, whole_message

if TYPE_CHECKING:
    from ..conversation.engine import Turn
    from ..content.flows import Node
    from ..conversation.hooks import Hooks

MAX_CHOICES = 4
PAGE = MAX_CHOICES - 1  # three choices and "4. More"
ON_WORDS = frozenset(words.load("commands")["simple_on"])  # lang/<code>/words/commands.yaml
OFF_WORDS = frozenset(words.load("commands")["simple_off"])
LINK_WORDS = frozenset(words.load("commands")["link"])
_ASKS_LINK = re.compile(words.any_of(words.load("commands")["asks_link"]))  # anywhere in the message
URL_PATTERN = re.compile(r"https?://[^\s<>()]+[^\s<>().,;:!?।'\"]")
_NUMBERED = re.compile(r"^\s*\d+\s*[.)]", re.M)


def on(contact: Contact) -> bool:
    return bool(contact.simple_mode)


def word(text: str) -> str | None:
    """'on', 'off' or 'link' when the whole message asks for it."""
    return whole_message(text, {"on": ON_WORDS, "off": OFF_WORDS, "link": LINK_WORDS})


def handle_word(turn: "Turn", which: str) -> bool:
    """Simple mode on or off, or the links hidden from the last replies. False when it does not apply."""
    if which == "link":
        if not on(turn.contact):
            return False
        hidden = turn.state.get(HiddenLinks)
        links = hidden.links if hidden else []
        turn.say("links_here", links="\n".join(links)) if links else turn.say("no_links")
        return True
    turn.set_preference("simple_mode", which == "on")
    turn.say("simple_on" if which == "on" else "simple_off")
    turn.reask_or_menu()
    return True


def wants_person(turn: "Turn") -> bool:
    return on(turn.contact) and clean(turn.text) == "0"


def menu_actions(turn: "Turn") -> dict[str, str] | None:
    """Simple mode's menu digits (derived from the flow files' simple_position, bot/content/catalogue.py)."""
    return turn.res.catalogue.simple_actions if on(turn.contact) else None


def numbered(text: str) -> int:
    """How many numbered choices a message shows (lines like '3. Something')."""
    return len(_NUMBERED.findall(text))


# -- long choice lists, a page at a time --------------------------------------------------------
def _question(turn: "Turn", node_id: str) -> list[str]:
    """Which question of which report a page belongs to (a new report's same question starts at page 1)."""
    return [turn.conv.flow_id or "", node_id or "", str(turn.state.of(states.Report).started_at or "")]


def _page(turn: "Turn", node_id: str) -> int:
    saved = turn.state.get(ChoicePage)
    return saved.page if saved is not None and saved.question == _question(turn, node_id) else 0


def _set_page(turn: "Turn", node_id: str, page: int | None) -> None:
    if page is None:
        turn.state.drop(ChoicePage)
    else:
        turn.state.put(ChoicePage(_question(turn, node_id), page))


def _window(count: int, page: int) -> tuple[int, int, bool]:
    """(first index, how many shown, whether '4. More' follows) for a page of a list of ``count``."""
    start = min(page * PAGE, max(count - 1, 0))
    rest = count - start
    return (start, rest, False) if rest <= MAX_CHOICES else (start, PAGE, True)


def choice_lines(turn: "Turn", node: "Node") -> list[str] | None:
    """The numbered lines of a choice question in simple mode (None: show them all as usual)."""
    if not on(turn.contact) or len(node.choices) <= MAX_CHOICES:
        return None
    start, shown, more = _window(len(node.choices), _page(turn, turn.conv.node_id))
    lines = [f"{i}. {turn.texts.render(c.label, turn.lang)}"
             for i, c in enumerate(node.choices[start:start + shown], 1)]
    if more:
        lines.append(f"{MAX_CHOICES}. {turn.texts.get('more_choices', turn.lang)}")
    return lines


def choice_answer(turn: "Turn", node: "Node") -> str | None:
    """A digit read against the page shown: 'more' (next page), the digit of the whole list, or None
    (not simple mode, a short list, or words: parsed as usual)."""
    if not on(turn.contact) or node.expect != "choice" or len(node.choices) <= MAX_CHOICES:
        return None
    cleaned = clean(turn.text)
    if not cleaned.isdigit():
        return None
    page = _page(turn, turn.conv.node_id)
    start, shown, more = _window(len(node.choices), page)
    digit = int(cleaned)
    if more and digit == MAX_CHOICES:
        _set_page(turn, turn.conv.node_id, page + 1)
        return "more"
    if 1 <= digit <= shown:
        _set_page(turn, turn.conv.node_id, None)
        return str(start + digit)
    return "0"  # not on this page: read as a bad choice


# -- no links unless asked -----------------------------------------------------------------------
def adapt(turn: "Turn", replies: list[Reply]) -> list[Reply]:
    """Hide links from a simple-mode resident's replies unless their message asked for one."""
    if not on(turn.contact) or _ASKS_LINK.search(turn.text.lower()) or word(turn.text) == "link":
        return replies
    hidden: list[str] = []
    out = []
    for reply in replies:
        found = URL_PATTERN.findall(reply.text)
        if not found:
            out.append(reply)
            continue
        text = reply.text
        for url in found:
            hidden.append(url)
            text = text.replace(url, turn.texts.get("link_word", turn.lang))
        text = f"{text.strip()} {turn.texts.get('link_hidden', turn.lang)}"
        out.append(Reply(text, choices=reply.choices, kind=reply.kind))
    if hidden:
        turn.state.put(HiddenLinks(list(dict.fromkeys(hidden))[:5]))
    return out


def _before_dispatch(turn: "Turn") -> bool:
    """"0" (a person), "simple mode" / "full menu" and LINK, after the commands."""
    if wants_person(turn):
        turn.command("officer")
        return True
    which = word(turn.text) if turn.norm else None
    return bool(which) and handle_word(turn, which)


def plug_in(hooks: "Hooks") -> None:
    hooks.before_dispatch.append(_before_dispatch)
    hooks.before_replies.append(adapt)
    hooks.menu_actions.append(menu_actions)
    hooks.choice_lines.append(choice_lines)
    hooks.choice_answer.append(choice_answer)
