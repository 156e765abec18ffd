"""Live console pages: a change counter polled sub-second, answered 304 when nothing changed.

Every console page runs static/live.js, which asks ``/console/live.json`` about every 600 ms with the last
``ETag``. The tag is the newest audit row id and the newest message id (every officer and bot action on a
case writes an audit row; every message in or out is a row): one indexed ``max()`` query, no write on the
webhook path, the same on SQLite and PostgreSQL, and a request that ends at once, so a gthread worker's
thread is never held by an open page (server-sent events would hold one per page, and LISTEN/NOTIFY exists
on PostgreSQL only). When the tag moved, live.js tells the page (the queue fetches its changed rows, the case
page its new messages) and sounds, counts in the title and notifies for a new urgent case, on every page.

The common answer, 304, costs no database query: the token is read at most every ``TOKEN_TTL`` seconds per
process, and a session already checked against the same token is not loaded again. That is safe because
whatever ends a session (logout, disabling, enabling, a password reset: ``officers.end_sessions``) writes an audit
row in the same transaction, so the token moves and the next request checks the session in full; a 200 answer is
always checked in full.

Also here: the officers' last sign of life on the console (``officers.last_seen_at``, at most one write a
minute per officer and process), which the on-call escalation reads (bot/cases/oncall.py).
"""
from __future__ import annotations

import threading
import time

from flask import current_app, jsonify, make_response, request
from flask_login import current_user, login_required
from sqlalchemy import func, select, update

from ..cases.cases import OPEN
from ..store.models.cases import UNCLAIMED, AuditEvent, Case
from ..store.models.residents import Message
from ..store.models.officers import Officer
from . import blueprint, ctx

POLL_MS = 600  # the page's poll interval: the new urgent case is on screen within about that, p95 under 1 s
TOKEN_TTL = 0.1  # seconds a process reuses the token it read (at most this much later on screen)
SEEN_EVERY = 60.0  # seconds between two writes of an officer's last_seen_at (per process)
_seen: dict[int, float] = {}
_seen_lock = threading.Lock()


class _Memo:
    """This app's (this process's) last token read, and the sessions checked in full against a token."""

    def __init__(self):
        self.lock = threading.Lock()
        self.value, self.at = "", float("-inf")
        self.checked: dict[str, str] = {}  # session id -> the token it was last checked in full against

    @staticmethod
    def of_app() -> "_Memo":
        return current_app.extensions.setdefault("cyber_sahayak_live", _Memo())


def _current_token() -> str:
    memo, ttl = _Memo.of_app(), current_app.config.get("CONSOLE_TOKEN_TTL", TOKEN_TTL)
    with memo.lock:
        if time.monotonic() - memo.at < ttl:
            return memo.value
    with ctx().engine.Session() as session:
        value = change_token(session)
    with memo.lock:
        memo.value, memo.at = value, time.monotonic()
    return value


def _session_id() -> str | None:
    from flask import session

    return session.get("_user_id")


def _newest_on_the_queue():
    """The newest message a resident wrote on an open case: the only messages a queue row shows (last written,
    unread). A bot's answer, and any message of a resident with no open case, leave the queue as it was."""
    return (select(func.max(Message.id)).join(Case, Case.contact_id == Message.contact_id)
            .where(Case.status.in_(OPEN), Message.direction == "in").scalar_subquery())


def change_token(session) -> str:
    """What changed last, as one string: the newest audit row and the newest message."""
    return tokens(session)[0]


def queue_token(session) -> str:
    """The queue's version: the newest audit row and the newest resident's message on an open case (one
    statement). Every change of a case (opened, claimed, assigned, closed, alerted, viewed) writes an audit
    row, so an unchanged token is an unchanged queue: queue.json answers 304 and an open queue tab fetches nothing."""
    return tokens(session)[1]


def tokens(session) -> tuple[str, str]:
    """(``change_token``, ``queue_token``) in one statement."""
    audit, message, on_queue = session.execute(select(
        select(func.max(AuditEvent.id)).scalar_subquery(), select(func.max(Message.id)).scalar_subquery(),
        _newest_on_the_queue())).one()
    return f"{audit or 0}.{message or 0}", f"{audit or 0}.{on_queue or 0}"


def parse_token(token: str | None) -> tuple[int, int] | None:
    audit, _, message = (token or "").strip('"W/').partition(".")
    return (int(audit), int(message)) if audit.isdigit() and message.isdigit() else None


def not_modified(token: str):
    """A 304 when the browser's ETag is ``token`` (else None)."""
    if request.if_none_match.contains(token):
        response = make_response("", 304)
        response.set_etag(token)
        return response
    return None


@blueprint.before_request
def _last_seen():
    """Record that this officer is on the console (read by the on-call escalation)."""
    officer_id = (_session_id() or "").partition(":")[0]
    if not officer_id.isdigit():
        return None
    now_mono = time.monotonic()
    with _seen_lock:
        if now_mono - _seen.get(int(officer_id), float("-inf")) < SEEN_EVERY:
            return None
        if not current_user.is_authenticated:  # checked in full before the write, once a minute
            return None
        _seen[current_user.id] = now_mono
    with ctx().engine.Session.begin() as session:
        session.execute(update(Officer).where(Officer.id == current_user.id).values(last_seen_at=ctx().now())
                        .execution_options(synchronize_session=False))
    return None


GIVEN = ("transferred", "reassigned", "assigned")  # another officer put the case in this one's hands


def given_to(session, officer_id: int) -> list[str]:
    """The cases another officer transferred, reassigned or assigned to this one and that they still hold, as
    "id@when" (given again later: sounds again): the page sounds, shows a banner and counts them in its title as it
    does for a new urgent case (officers' trial, session 16: a transfer arrived silently on the open queue)."""
    me = f"officer:{officer_id}"
    rows = session.execute(select(Case.id, Case.claimed_at).join(AuditEvent, AuditEvent.case_id == Case.id).where(
        Case.status == "claimed", Case.claimed_by == me, AuditEvent.at == Case.claimed_at,
        AuditEvent.action.in_(GIVEN), AuditEvent.actor != me).order_by(Case.id)).all()
    return list(dict.fromkeys(f"{case_id}@{at.timestamp():.0f}" for case_id, at in rows))


def handed_back_by(row, actor: str) -> bool:
    """The urgent case this officer handed back himself (``returned``: its ``claimed_by`` stays as history; a resident
    who needs an officer again puts it back to ``waiting`` with nobody named): his flash tells him, the banner and tone
    are for the other officers (officers' trial, session 17: his own page alerted him of the case he just returned)."""
    return row.status == "returned" and row.claimed_by == actor


@blueprint.get("/live.json")
def live_json():
    """The change counter; with it, the waiting urgent cases (id and episode: a reopened case sounds again)."""
    session_id = _session_id()
    token = _current_token()
    if session_id and _Memo.of_app().checked.get(session_id) == token:  # this session was valid at this token
        unchanged = not_modified(token)
        if unchanged is not None:
            return unchanged
    return _live_in_full(session_id)


@login_required
def _live_in_full(session_id: str | None):
    with ctx().engine.Session() as session:
        token, queue = tokens(session)
        memo = _Memo.of_app()
        with memo.lock:
            if len(memo.checked) > 10_000:
                memo.checked.clear()
            memo.checked[session_id or ""] = token
        unchanged = not_modified(token)
        if unchanged is not None:
            return unchanged
        urgent = session.execute(select(Case.id, Case.episode, Case.status, Case.claimed_by).where(  # handed back to
            Case.status.in_(UNCLAIMED), Case.priority == "urgent").order_by(Case.id)).all()  # the bot: its new episode sounds
        given = given_to(session, current_user.id)
    response = jsonify(token=token, queue=queue, poll_ms=POLL_MS,
                       urgent=[f"{row.id}#{row.episode or 0}" for row in urgent], given=given,
                       quiet=[f"{row.id}#{row.episode or 0}" for row in urgent if handed_back_by(row, current_user.actor)])
    response.set_etag(token)
    return response
