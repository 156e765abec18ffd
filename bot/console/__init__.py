"""The officers' console: a Flask blueprint served at /console.

Login (Flask-Login, scrypt hashes, throttled per address: bot/cases/logins.py), CSRF on every form (Flask-WTF), a live queue,
one-click claim, the case view with the conversation, the incident, evidence and the audit
trail, replies through the resident's channel, transfer, hand back, close, and the bank freeze
request. Every view of a case and every action writes an audit row.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from flask import Blueprint, Flask, abort, current_app, flash, jsonify, redirect, render_template, request, \
    send_file, url_for, Response, g, session as web_session
from flask_login import LoginManager, UserMixin, current_user, login_required, logout_user
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from ..cases import cases as queue_module
from .. import edge, formats
from ..cases import field_labels, logins, losses, officers
from ..cases import stations as unit_stations  # not "stations": the console's own module of that name is imported below
from ..conversation import tel_links
from ..cases.casework import (OUTCOMES, Casework, CaseworkError, conversation, may_override, named, new_form_id,
                              officer_of)
from ..cases.assign import holder_notice
from ..secret_strength import GENERATE
from ..store.models.cases import AuditEvent, Case
from ..store.models.residents import Contact, Evidence, Incident, Message
from ..store.models.officers import Officer

log = logging.getLogger(__name__)
blueprint = Blueprint("console", __name__, url_prefix="/console", template_folder="templates",
                      static_folder="static", static_url_path="/static")
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "console.login"
login_manager.login_message = "Please log in."


@dataclass
class ConsoleContext:
    engine: object  # bot.conversation.engine.Engine
    casework: Casework
    clock: Callable[[], datetime]

    def now(self) -> datetime:
        return self.clock()


def ctx() -> ConsoleContext:
    return current_app.extensions["cyber_sahayak_console"]


@blueprint.app_context_processor
def _languages() -> dict:
    """The offered languages whose pack no native speaker has reviewed yet (a badge in the header), each
    language's name in its own script (``language_name('hi')``: हिंदी) from its pack, and a resident's language as an
    officer reads it whatever script they read (``language_title('bn')``: Bangla (বাংলা)), never a bare code."""
    from ..content.packs import english_name

    context = current_app.extensions.get("cyber_sahayak_console")
    packs = getattr(context.engine.res.texts, "packs", None) if context else None
    offered = context.engine.config.languages if context else []
    infos = packs.infos if packs else {}

    def language_name(code: str) -> str:
        return infos[code].name if code in infos else code

    def language_title(code: str | None) -> str:
        if not code:
            return "not known"
        english, own = english_name(code), language_name(code)
        return english if own in (english, code) else f"{english} ({own})"

    return {"draft_languages": [infos[code] for code in offered if code in infos and infos[code].draft],
            "language_name": language_name, "language_title": language_title}


class OfficerUser(UserMixin):
    """The logged-in officer. The session holds "<id>:<session_version>": logging out, being disabled or a
    password reset raises the officer's version, and every session carrying the old one is refused at once."""

    def __init__(self, officer: Officer):
        self.id = officer.id
        self.session_version = officer.session_version
        self.username = officer.username
        self.display_name = officer.display_name
        self.role = officer.role
        self.actor = f"officer:{officer.id}"
        self.woman = bool(officer.woman)  # need-to-know (console/need_to_know.py)
        self.two_factor = bool(officer.totp_secret)  # enrolled (console/totp.py)

    @property
    def supervisor(self) -> bool:
        return self.role == "supervisor"

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


@login_manager.user_loader
def _load(session_id: str):
    officer_id, _, version = session_id.partition(":")
    if not (officer_id.isdigit() and version.isdigit()):
        return None  # a session from before session versions, or forged: log in again
    with ctx().engine.Session() as session:
        officer = session.get(Officer, int(officer_id))
        if officer is None or not officer.active or officer.session_version != int(version):
            return None
        return OfficerUser(officer)


def init_app(app: Flask, engine, clock: Callable[[], datetime] | None = None) -> None:
    """Attach the console to ``app``: CSRF only for the console (webhooks check signatures instead)."""
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config.get("SESSION_COOKIE_SECURE", False))
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=engine.config.console.session_hours)
    csrf.init_app(app)
    login_manager.init_app(app)
    tel_links.install(app, engine.config.numbers)  # 1930, 112: one tap on a phone
    app.extensions["cyber_sahayak_console"] = ConsoleContext(
        engine, Casework(engine.res.texts), clock or (lambda: datetime.now(timezone.utc)))
    app.register_blueprint(blueprint)
    from .households import blueprint as elderly_pages  # households, campaigns, figures (README.md, "Elderly residents")
    app.register_blueprint(elderly_pages)
    if not app.secret_key:
        log.warning("console: off until a strong SECRET_KEY is set (it signs officers' sessions): %s",
                    app.config.get("SECRET_KEY_PROBLEM") or "not set")
    if not os.environ.get("CYBER_SAHAYAK_HINT_ONCE"):  # under gunicorn the master prints it once
        try:
            with engine.Session() as session:
                session.connection(execution_options={"read_only": True})  # a look-up: no write lock (bot/store/db.py)
                if officers.count(session) == 0:
                    _print_hint()
        except SQLAlchemyError:  # a database busy or down at start: the hint waits for the next start, the app starts
            log.warning("console: could not count officer accounts at start (database unavailable)")


def _print_hint() -> None:
    cli = os.environ.get("CYBER_SAHAYAK_CLI") or "python -m bot"  # ./helpline sets "./helpline bot"
    print("No officer accounts yet. Create the first supervisor with:\n"
          f"    {cli} officers add NAME --role supervisor --display-name 'Your Name'", flush=True)


def print_first_officer_hint(environ=os.environ) -> None:
    """gunicorn's master, once: the same hint, read from the database DATABASE_URL (or the embedded file) names."""
    from ..config import load_config
    from ..store.db import make_engine

    try:
        config = load_config(environ.get("CYBER_SAHAYAK_CONFIG") or None)
        db = make_engine(config.database_url(environ))
        try:
            with db.connect() as conn:
                from sqlalchemy import inspect

                if inspect(conn).has_table("officers") and conn.execute(
                        select(func.count()).select_from(Officer)).scalar():
                    return
        finally:
            db.dispose()
    except Exception:  # the workers report an unreachable database or a bad config themselves
        log.exception("could not count officer accounts")
        return
    _print_hint()


@blueprint.before_request
def _protect():
    if not current_app.secret_key:  # sessions cannot be signed: no login, no forms
        problem = current_app.config.get("SECRET_KEY_PROBLEM") or "not set"
        return Response(f"The officers' console is off: SECRET_KEY {problem}. Set a long random one in the "
                        f"environment: {GENERATE}\n", status=503, mimetype="text/plain")
    if request.method == "POST":
        refuse_foreign_origin()
        csrf.protect()


def refuse_foreign_origin() -> None:
    """A console POST whose Origin (or Referer) is another site: 403 even with a valid CSRF token, as the web
    chat does (an attacker's trial, session 10); the page's own address and PUBLIC_BASE_URL are ours."""
    if edge.foreign_origin(request.headers.get("Origin"), request.headers.get("Referer"),
                           (request.host_url, current_app.config.get("PUBLIC_BASE_URL"))):
        abort(403)


# As strict as the web chat's: only our own scripts, styles and images, no inline code, no framing.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'")


@blueprint.after_request
def _headers(response: Response) -> Response:
    """Every console page (this blueprint's and the elderly pages', bot/console/households.py)."""
    response.headers.setdefault("Content-Security-Policy", CSP)  # evidence files set a stricter one
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _audit(session, case, action: str, **detail) -> None:
    queue_module.record(session, case, current_user.actor, action, ctx().now(), **detail)


def unavailable_page() -> Response:
    """What a browser gets from the console while the database is down (webhook.py's outage handler): a page, 503,
    not JSON (session 7: the login form answered JSON). The login form is shown again with a kind word, so the
    officer can simply try again; any other page says what is going on.

    The page is drawn for an anonymous visitor: loading a logged-in officer (``_load``) needs the database that is
    down, and doing it again inside this handler answered 500 to every officer with a session (attacker trial,
    session 19, F8)."""
    g._login_user = login_manager.anonymous_user()  # flask-login's per-request user: never loaded from the database
    if request.path.rstrip("/") == url_for("console.login").rstrip("/"):
        flash("The case database is not reachable just now, so you could not be logged in. Nothing is lost; "
              "please try again in a minute.")
        html = render_template("console/login.html")
    else:
        html = render_template("console/unavailable.html")
    return Response(html, status=503, mimetype="text/html")


# -- login ------------------------------------------------------------------------------------
@blueprint.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        username = request.form.get("username", "")
        device = _device(username)
        result = logins.log_in(ctx().engine.Session, username, request.form.get("password", ""),
                               request.remote_addr, ctx().now(), ctx().engine.config.console, device=device,
                               secret=current_app.secret_key)
        if result.retry_after:
            minutes = max(round(result.retry_after / 60), 1)
            flash(f"Too many wrong passwords from this computer. Please wait {minutes} minute(s) and try again, "
                  "or ask a supervisor to reset your password.")
            response = Response(render_template("console/login.html"), status=429, mimetype="text/html")
            response.headers["Retry-After"] = str(result.retry_after)
            return response
        if result.officer is not None:
            return _remember_device(_totp.after_password(result.officer, _next_page()), username, device)
        flash("Wrong name or password. Ask a supervisor if you have forgotten your password.")
        return render_template("console/login.html"), 401
    return render_template("console/login.html")


# -- device cookies: a browser an officer logged in from is not locked out with its shared address -----------------
DEVICE_COOKIE, DEVICE_DAYS, DEVICE_NAMES = "cs_device", 90, 8


def _device_serializer():
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(current_app.secret_key, salt="console-device")


def _device(username: str) -> str | None:
    """The id of this browser's device cookie when it names ``username`` (she logged in from here before), else
    None. Signed with SECRET_KEY, at most DEVICE_DAYS old; a forged or stale one counts as none."""
    raw = request.cookies.get(DEVICE_COOKIE)
    name = (username or "").strip().lower()[:64]
    if not raw or not name:
        return None
    try:
        found = _device_serializer().loads(raw, max_age=DEVICE_DAYS * 24 * 3600)
    except Exception:  # bad signature, expired, not ours
        return None
    if not isinstance(found, dict) or name not in (found.get("names") or []):
        return None
    device = found.get("id")
    return device if isinstance(device, str) and device else None


def _remember_device(response: Response, username: str, device: str | None) -> Response:
    """After a right password: this browser's device cookie, naming this account (with up to DEVICE_NAMES others
    who share the desk). HttpOnly, SameSite=Strict, only sent to the log-in page, Secure as the session cookie is."""
    import secrets

    name = (username or "").strip().lower()[:64]
    names: list[str] = []
    try:
        found = _device_serializer().loads(request.cookies.get(DEVICE_COOKIE, ""), max_age=DEVICE_DAYS * 24 * 3600)
        names = [n for n in found.get("names", []) if isinstance(n, str) and n != name] if isinstance(found, dict) else []
        device = device or (found.get("id") if isinstance(found, dict) else None)
    except Exception:
        pass
    value = _device_serializer().dumps({"id": device or secrets.token_urlsafe(16), "names": [name] + names[:DEVICE_NAMES - 1]})
    response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_DAYS * 24 * 3600, path=url_for("console.login"),
                        httponly=True, samesite="Strict", secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response


def _next_page() -> str | None:
    """Where the officer was going (a Telegram alert's case link): a console path on this site only."""
    target = request.args.get("next", "")
    if target.startswith("http://") or target.startswith("https://"):  # Flask-Login may give the full URL
        from urllib.parse import urlsplit

        parts = urlsplit(target)
        if parts.netloc != request.host:
            return None
        target = parts.path + (f"?{parts.query}" if parts.query else "")
    if not target.startswith("/console/") or target.startswith("//") or "\\" in target or "/console/login" in target \
            or ".." in target:
        return None
    return target


@blueprint.post("/logout")
@login_required
def logout():
    """Ends every session of this officer (other browsers too), not only this one."""
    with ctx().engine.Session.begin() as session:
        officers.end_sessions(session.get(Officer, current_user.id))
        _audit(session, None, "logout")
    logout_user()
    return redirect(url_for("console.login"))


# -- the queue --------------------------------------------------------------------------------
def _minutes(since: datetime | None, now: datetime) -> int | None:
    return None if since is None else max(int((now - since).total_seconds() // 60), 0)


@blueprint.get("/")
@login_required
def queue_page():
    return render_template("console/queue.html", me=current_user)


# -- one case ---------------------------------------------------------------------------------
def _case_or_404(session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        abort(404)
    return case


def _message_json(session, message: Message) -> dict:
    author = message.author
    if author.startswith("officer:"):
        officer = officer_of(session, author)
        author = f"officer {officer.display_name}" if officer else "officer"
    return {"id": message.id, "direction": message.direction, "author": author, "text": message.text,
            "at": message.created_at.isoformat(), "media": (message.media or {}).get("items", []),
            "local": formats.local_time(message.created_at, ctx().engine.config.tz, "%d-%m %H:%M")}


def _with_delivery(session, rows: list[dict]) -> list[dict]:
    """Officers' and the bot's messages with their delivery state (sent / delivered / read / failed)."""
    from ..cases.casefile import delivery

    ticks = delivery(session, [r["id"] for r in rows if r["direction"] == "out"])
    for row in rows:
        row["delivery"] = ticks.get(row["id"])
    return rows


@blueprint.get("/cases/<int:case_id>")
@login_required
def case_page(case_id: int):
    engine = ctx().engine
    now = ctx().now()
    with engine.Session.begin() as session:
        case = _case_or_404(session, case_id)
        _audit_log.record_visit(session, case, current_user.actor, "viewed", now)  # one row per visit
        _queue_feed.mark_viewed(session, case.id, current_user.actor, now)  # but every opening clears unread
        incident = session.get(Incident, case.incident_id) if case.incident_id else None
        contact = session.get(Contact, case.contact_id)
        messages = _with_delivery(session, [_message_json(session, m) for m in conversation(session, case)])
        evidence = list(session.scalars(select(Evidence).where(Evidence.contact_id == case.contact_id)
                                        .order_by(Evidence.received_at)))
        audit = list(session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.id)))
        audit_rows = [{"at": formats.local_time(e.at, engine.config.tz, "%d-%m %H:%M:%S"),
                       "who": _who(session, e.actor), "what": e.action, "detail": e.detail} for e in audit]
        others = list(session.scalars(select(Officer).where(Officer.active.is_(True), Officer.id != current_user.id)))
        row = _queue_feed.rows(session, [case.id], now, current_user.actor)[0]  # the case's queue row
        registry = _registry_matches(session, incident)
        kept = web_session.pop("close_form", None)
        extra = _casefile_pages.extras(session, case, incident, contact)
        return render_template(
            "console/case.html", me=current_user, case=case, row=row, waiting_minutes=_minutes(case.created_at, now),
            incident=incident, contact_language=contact.language,
            channel=contact.channel, messages=messages, evidence=evidence, audit=audit_rows, others=others,
            outcomes=OUTCOMES, canned=engine.config.console.canned_replies, registry=registry,
            mine=case.status == "claimed" and case.claimed_by == current_user.actor,
            reply_form_id=new_form_id(), canned_form_id=new_form_id(),  # one-time: a form posted again sends nothing
            can_override=may_override(session, session.get(Officer, current_user.id), case),
            fields=_fields_for_display(incident, engine.config.tz, engine.res.flows.get(incident.flow_id) if incident else None),
            extra=extra, close_kept=kept if kept and kept.get("case") == case.id else {},
            reply_failed=failed_reply(messages) if case.status != "closed" else None)


def failed_reply(messages: list[dict]) -> dict | None:
    """The latest officer's reply in the thread, when it did not reach the resident (the provider refused it, or it
    was not delivered): the case page's header says so and gives the resident's number to call (officers' trial,
    session 20). case.js shows the same banner when a tick turns failed on the open page."""
    latest = next((m for m in reversed(messages) if m["direction"] == "out" and m["author"].startswith("officer")),
                  None)
    if latest is None or not latest.get("delivery") or latest["delivery"]["state"] != "failed":
        return None
    return {"at": latest["local"], "error": latest["delivery"].get("error") or "refused by the provider"}


def _registry_matches(session, incident):
    """Identifiers this incident names, their counts, and the other cases that share them."""
    from .registry import matches_for_incident

    return matches_for_incident(session, incident) if incident is not None else []


def _fields_for_display(incident: Incident | None, tz=None, flow=None) -> list[tuple[str, str]]:
    if incident is None:
        return []
    choice_words = flow.choice_words() if flow else {}  # "upi" -> "UPI (GPay, PhonePe, ...)"
    found = losses.debits(incident)
    several = len(found) > 1
    shown = []
    for key, value in incident.fields.items():
        if key in ("initial_message",) or key.endswith(("_unknown", "_label")) or key.startswith("target_has"):
            continue
        if several and key in ("later_losses", "amount_debits", "amount_debit_utrs", "utrs_unplaced"):
            continue  # each debit on its own line below, with its own UTRs (officers' trial, session 17)
        if several and key == "amount":  # "Amount lost (first debit)" is the first debit's, never the total
            value = formats.amount(found[0].amount if found[0].first else value, missing='amount not told')
        if key == "later_losses" and isinstance(value, list):  # each loss told after the first: amount, time
            value = "; ".join(" ".join(filter(None, (
                formats.amount(item.get("amount"), missing="amount not told") if isinstance(item, dict) else "",
                (_local(item.get("at"), tz) if item.get("time_told", True) is not False else "time not known")
                if isinstance(item, dict) else ""))) for item in value)
        elif key == "amount_debits" and isinstance(value, list):  # several debits told in one message
            value = " + ".join(formats.amount(item, missing="?") for item in value)
        elif key == "amount_debit_utrs" and isinstance(value, list):  # each of those debits' own UTRs
            value = "; ".join(f"debit {number}: {', '.join(map(str, utrs)) if isinstance(utrs, list) and utrs else '—'}"
                              for number, utrs in enumerate(value, 1))
        elif isinstance(value, dict):
            value = ", ".join(str(v) for values in value.values() for v in (values if isinstance(values, list) else [values]))
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        elif value is None:
            value = "—"
        elif isinstance(value, str) and (key, value) in choice_words:
            value = choice_words[(key, value)]
        elif key in ("amount", "amount_demanded") and isinstance(value, (int, float)):
            value = formats.amount(value)
        elif key.endswith("_at") and isinstance(value, str) and tz is not None:
            try:
                value = formats.local_time(datetime.fromisoformat(value), tz)
            except ValueError:
                pass
        shown.append((field_labels.label(key), str(value)))  # "Time the money left", never money_left_at
    if several:  # a further debit told: the total and each debit with its own UTRs (resident trial, session 14;
        from ..cases.freeze import debit_line, unplaced_utrs  # officers' trial, session 17: the first debit's amount
        rows = [("Total lost", f"{formats.amount(losses.added_up(found), missing='amount not told')} in "
                               f"{len(found)} debits")]  # showed the total)
        rows += [(f"Debit {number}", debit_line(debit, tz)) for number, debit in enumerate(found, 1)]
        unplaced = unplaced_utrs(incident)
        rows += [("UTR reported without a debit", ", ".join(unplaced))] if unplaced else []
        shown[0:0] = rows
    return shown


def _local(value, tz) -> str:
    try:
        return formats.local_time(datetime.fromisoformat(value), tz) if value and tz is not None else str(value or "")
    except ValueError:
        return str(value)


def _who(session, actor: str) -> str:
    officer = officer_of(session, actor)
    return f"{officer.display_name} ({officer.username})" if officer else actor


@blueprint.get("/cases/<int:case_id>/messages.json")
@login_required
def case_messages(case_id: int):
    after_id = edge.db_int(request.args.get("after")) or 0
    with ctx().engine.Session() as session:
        case = _case_or_404(session, case_id)
        rows = session.scalars(select(Message).where(Message.contact_id == case.contact_id, Message.id > after_id)
                               .order_by(Message.id).limit(200))
        messages = _with_delivery(session, [_message_json(session, m) for m in rows])
        since = edge.db_int(request.args.get("ticks_since")) or 0  # delivery of messages already on the page
        shown = session.scalars(select(Message).where(Message.contact_id == case.contact_id, Message.direction == "out",
                                                      Message.id > since, Message.id <= after_id)
                               .order_by(Message.id.desc()).limit(200))
        ticks = _with_delivery(session, [{"id": m.id, "direction": "out"} for m in shown])
        mine = case.status == "claimed" and case.claimed_by == current_user.actor
        holder = officer_of(session, case.claimed_by) if case.status == "claimed" and case.claimed_by else None
        return jsonify(messages=messages, status=case.status, mine=mine,  # held_by: the header follows a takeover
                       held_by=holder.display_name if holder else None,
                       holder_notice=None if mine else holder_notice(session, case, ctx().engine.config.tz),
                       delivery={r["id"]: r["delivery"] for r in ticks if r["delivery"]})


def _act(case_id: int, action: Callable, success: str):
    with ctx().engine.Session.begin() as session:
        _case_or_404(session, case_id)
        me = session.get(Officer, current_user.id)
        try:
            result = action(session, me)
        except CaseworkError as exc:
            session.rollback()
            refused = str(exc)
        else:
            if success:
                flash(success)
            return redirect(url_for("console.case_page", case_id=case_id)), result
    with ctx().engine.Session.begin() as session:  # refused (another officer holds the case, a number missing): audited
        _audit(session, session.get(Case, case_id), "action_refused",
               wanted=(request.endpoint or "").rpartition(".")[2].replace("_", " "), reason=refused)
    flash(refused)
    return redirect(url_for("console.case_page", case_id=case_id)), None


ROLE_NAMES = {"supervisor": "supervisor", "station_supervisor": "station supervisor", "officer": "officer"}


@blueprint.errorhandler(403)
def forbidden(error):
    """A page this officer's role may not open: a console page saying which role it needs, not Flask's bare 403
    (``abort(403, description=...)`` names the role; the exception class's own description is the generic one)."""
    needed = error.description if error.description != type(error).description else \
        "This page is for supervisors."
    role = ROLE_NAMES.get(getattr(current_user, "role", ""), "") if current_user.is_authenticated else ""
    if current_user.is_authenticated:  # a page or action this role may not open: audited, as a refused claim is
        with ctx().engine.Session.begin() as session:
            _audit(session, None, "page_refused", page=request.path, method=request.method, role=role)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(ok=False, error=needed), 403
    return render_template("console/refused.html", me=current_user if current_user.is_authenticated else None,
                           reason="role", needed=needed, role=role), 403


@blueprint.post("/cases/<int:case_id>/claim")
@login_required
def claim(case_id: int):
    work, now = ctx().casework, ctx().now()
    with ctx().engine.Session.begin() as session:
        me = session.get(Officer, current_user.id)
        won = work.claim(session, case_id, me, now)
        if not won:
            case = _case_or_404(session, case_id)
            holder = officer_of(session, case.claimed_by)
            _audit(session, case, "claim_refused", held_by=named(holder, case.claimed_by))
    if not won:
        refusal = f"Case #{case_id} is already taken" + (f" by {holder.display_name}." if holder else ".")
        flash(refusal)
        if request.accept_mimetypes.best == "application/json":
            return jsonify(ok=False, error=refusal, held_by=holder.display_name if holder else None), 409
        return redirect(url_for("console.case_page", case_id=case_id))
    flash(f"You now hold case #{case_id}.")  # shown on the case page the claim opens (from the queue row too)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(ok=True)
    return redirect(url_for("console.case_page", case_id=case_id))


@blueprint.post("/cases/<int:case_id>/reply")
@login_required
def reply(case_id: int):
    text, form_id = request.form.get("text", ""), request.form.get("form_id")
    response, _ = _act(case_id, lambda s, me: ctx().casework.reply(s, case_id, me, text, ctx().now(), form_id), "")
    return response


@blueprint.post("/cases/<int:case_id>/canned")
@login_required
def canned(case_id: int):
    reply_id = request.form.get("reply_id", "")
    canned = ctx().engine.config.console.canned_replies
    response, _ = _act(case_id, lambda s, me: ctx().casework.canned(s, case_id, me, reply_id, ctx().now(), canned,
                                                                    request.form.get("form_id")), "")
    return response


@blueprint.post("/cases/<int:case_id>/transfer")
@login_required
def transfer(case_id: int):
    def go(session, me):
        to = officers.get(session, request.form.get("to", ""))
        if to is None:
            raise CaseworkError("choose an officer")
        return ctx().casework.transfer(session, case_id, me, to, ctx().now())
    response, _ = _act(case_id, go, "Case transferred.")
    return response


@blueprint.post("/cases/<int:case_id>/handback")
@login_required
def hand_back(case_id: int):
    def go(session, me):
        case = session.get(Case, case_id)
        sla = unit_stations.of(ctx().engine.config).sla_minutes(case.station if case is not None else None)
        case = ctx().casework.hand_back(session, case_id, me, ctx().now(), sla_minutes=sla)
        flash("The chat is back with the bot.")
        if case.priority == "urgent":  # the officer handing back learns the case is not parked (trial, session 16)
            golden = queue_module.golden_open_ids(session, [case.id], ctx().now(),
                                                  ctx().engine.config.golden_hour_minutes)
            flash(HANDED_BACK_URGENT.format(id=case.id, hour=HOUR_STILL_OPEN if case.id in golden else ""))
        return case
    response, _ = _act(case_id, go, "")
    return response


#: what an officer handing back an urgent case is told: it stays in the urgent queue, unheld, alerted again
HANDED_BACK_URGENT = ("Case #{id} is urgent{hour}: it stays in the urgent queue with nobody holding it, and the "
                      "officers' group is alerted again until someone claims it.")
HOUR_STILL_OPEN = " and its golden hour is still open (the bank can still hold the money)"


@blueprint.post("/cases/<int:case_id>/close")
@login_required
def close(case_id: int):
    form = request.form
    response, _ = _act(case_id, lambda s, me: ctx().casework.close(
        s, case_id, me, form.get("outcome", ""), ctx().now(), form.get("number", ""), form.get("note", ""),
        hold_bank=form.get("hold_bank", ""), hold_sent_to=form.get("hold_sent_to", "")),
        "Case closed.")
    if _ is None:  # refused: the form comes back with what the officer typed, the reason beside it
        web_session["close_form"] = {"case": case_id, **{k: form.get(k, "")[:500] for k in CLOSE_FIELDS},
                                     "reason": (web_session.get("_flashes") or [("", "")])[-1][1]}
    return response


CLOSE_FIELDS = ("outcome", "number", "note", "hold_bank", "hold_sent_to")


# -- evidence ---------------------------------------------------------------------------------
@blueprint.get("/evidence/<int:evidence_id>")
@login_required
def evidence_file(evidence_id: int):
    engine = ctx().engine
    with engine.Session.begin() as session:
        item = session.get(Evidence, evidence_id)
        if item is None or not item.stored_path:
            abort(404)
        case = queue_module.open_case(session, item.contact_id)
        _audit_log.record_visit(session, case, current_user.actor, "evidence_viewed", ctx().now(),
                                evidence=item.id, sha256=item.sha256)  # once per visit, not per thumbnail load
        root = engine.config.evidence_path.resolve()
        path = (root / item.stored_path).resolve()
        if root not in path.parents or not path.is_file():
            abort(404)
        content_type = item.content_type
    from ..store.evidence import RASTER_IMAGES

    inline = content_type in RASTER_IMAGES
    response = send_file(path, mimetype=content_type, max_age=0, conditional=False, as_attachment=not inline,
                         download_name=f"evidence-{evidence_id}")
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # never in the browser's disk cache of a shared station PC after logout (send_file's max_age=0 said "no-cache",
    # which stores the image: attacker trial, session 19, F7)
    response.headers["Cache-Control"] = "no-store, private"
    return response


from . import registry as _registry_pages  # noqa: E402,F401  (its routes live on this blueprint)
from . import stations as _station_pages  # noqa: E402  (police stations: queue view, transfer, figures)
from . import hold as _hold_pages  # noqa: E402,F401  (legal hold, on this blueprint)
from . import networks as _networks  # noqa: E402,F401  (the allow-list of networks: first of the access checks)
from . import totp as _totp  # noqa: E402  (two-factor log-in)
from . import need_to_know as _need_to_know  # noqa: E402  (the most sensitive cases)
from . import audit_log as _audit_log  # noqa: E402,F401  (the audit log page, its filters and CSV)
from . import figures as _figures  # noqa: E402,F401  (supervisors' figures)
from . import bank as _bank_pages  # noqa: E402,F401  (freeze request: text, PDF, e-mail; the banks' answers)
from . import casefile as _casefile_pages  # noqa: E402  (notes, labels, numbers, NCRP summary, court export)
from . import search as _search_pages  # noqa: E402,F401  (find any case; closed and all cases)
from . import live as _live  # noqa: E402,F401  (the change counter every page polls)
from . import queue_feed as _queue_feed  # noqa: E402,F401  (queue.json: constant queries, paged, changes only)
from . import assign as _assign_pages  # noqa: E402,F401  (take over, assign, reassign)
