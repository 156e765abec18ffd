"""Two-factor login for officers (README.md, "Access to the console"): TOTP codes (RFC 6238, pyotp) from any
authenticator app, and ten one-time recovery codes kept as SHA-256 hashes.

- ``console.two_factor``: ``off``; ``optional`` (an officer who has enrolled must give a code); ``required`` (an
  officer who has not enrolled is sent to enrolment and sees no other console page until done).
- Log-in: the password (bot/cases/logins.py, throttled) and then, for an enrolled officer, a code at /console/login/code
  within five minutes; after five wrong codes (counted in the audit log, per account) the account's code step
  waits out ``login_window_minutes``. A code is good once (the last
  time-step used is stored), a recovery code once (its hash is removed).
- Enrolment from the console (/console/account/two-factor): a QR code and the key to type, confirmed by a code
  before it counts; the recovery codes are shown once. ``python -m bot officers reset-2fa NAME`` clears it (the
  officer enrols again at the next log-in) and ends their sessions.
- Every step is an audit row: ``login_code_ok`` (totp or recovery), ``login_code_failed``, ``totp_enrolled``,
  ``totp_recovery_renewed``, ``totp_reset``.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

import pyotp
from flask import abort, flash, redirect, render_template, request, session as cookie, url_for
from flask_login import current_user, login_required, login_user
from markupsafe import Markup
from sqlalchemy import func, select

from ..cases.cases import record
from ..store.models.cases import AuditEvent
from ..store.models.officers import Officer
from ..cases.officers import end_sessions
from . import OfficerUser, blueprint, ctx

PENDING_MINUTES = 5
MAX_TRIES = 5
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper
ISSUER = "Cyber Sahayak"


def mode() -> str:
    return ctx().engine.config.console.two_factor


# -- the codes --------------------------------------------------------------------------------
def _hash(code: str) -> str:
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def _normal(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def new_recovery_codes() -> tuple[list[str], dict]:
    codes = ["".join(secrets.choice(_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    shown = [f"{c[:5]}-{c[5:]}" for c in codes]
    return shown, {"hashes": [_hash(c) for c in codes]}


def totp_step(secret: str, code: str, now: datetime, after_step: int | None) -> int | None:
    """The time-step ``code`` belongs to (this one or either neighbour), if it is right and newer than
    ``after_step``; else None."""
    code = _normal(code)
    if len(code) != 6 or not code.isdigit():
        return None
    otp = pyotp.TOTP(secret)
    current = otp.timecode(now)
    for step in (current - 1, current, current + 1):
        if after_step is not None and step <= after_step:
            continue
        if hmac.compare_digest(otp.generate_otp(step), code):
            return step
    return None


def check(officer: Officer, code: str, now: datetime) -> str | None:
    """"totp" or "recovery" when ``code`` is right for ``officer`` (and spends it), else None."""
    step = totp_step(officer.totp_secret, code, now, officer.totp_last_step) if officer.totp_secret else None
    if step is not None:
        officer.totp_last_step = step
        return "totp"
    hashes = list((officer.totp_recovery or {}).get("hashes", []))
    wanted = _hash(code)
    for stored in hashes:
        if len(_normal(code)) == 10 and hmac.compare_digest(stored, wanted):
            hashes.remove(stored)
            officer.totp_recovery = {"hashes": hashes}
            return "recovery"
    return None


def reset(session, officer: Officer, now: datetime, actor: str) -> None:
    """Clear an officer's second factor (the CLI): they enrol again; their sessions end."""
    officer.totp_secret, officer.totp_last_step, officer.totp_recovery = None, None, None
    end_sessions(officer)
    record(session, None, actor, "totp_reset", now, officer=officer.username)


# -- log-in: the second step ------------------------------------------------------------------
def after_password(officer: Officer, next_page: str | None = None):
    """Called once the password is right: the response that logs the officer in, or asks for a code; then on to
    ``next_page`` (a console path, already checked) or the queue."""
    if mode() != "off" and officer.totp_secret:
        cookie["pending_2fa"] = {"id": officer.id, "v": officer.session_version, "next": next_page,
                                 "until": (ctx().now() + timedelta(minutes=PENDING_MINUTES)).timestamp()}
        return redirect(url_for("console.login_code"))
    login_user(OfficerUser(officer))
    if mode() == "required" and not officer.totp_secret:
        return redirect(url_for("console.two_factor"))
    return redirect(next_page or url_for("console.queue_page"))


@blueprint.route("/login/code", methods=["GET", "POST"])
def login_code():
    pending = cookie.get("pending_2fa")
    now = ctx().now()
    if not pending or pending.get("until", 0) < now.timestamp():
        cookie.pop("pending_2fa", None)
        flash("Please log in again.")
        return redirect(url_for("console.login"))
    if request.method == "GET":
        return render_template("console/login_code.html")
    with ctx().engine.Session.begin() as session:
        officer = session.get(Officer, pending["id"])
        if officer is None or not officer.active or officer.session_version != pending["v"]:
            cookie.pop("pending_2fa", None)
            return redirect(url_for("console.login"))
        actor = f"officer:{officer.id}"
        window = timedelta(minutes=ctx().engine.config.console.login_window_minutes)
        failed = _recent_failures(session, actor, now - window)
        if failed >= MAX_TRIES:  # counted on the server: a replayed cookie does not reset it
            cookie.pop("pending_2fa", None)
            flash(f"Too many wrong codes for this account. Please wait {window.seconds // 60} minutes and log in "
                  "again, or ask a supervisor.")
            return redirect(url_for("console.login"))
        kind = check(officer, request.form.get("code", ""), now)
        if kind is None:
            record(session, None, actor, "login_code_failed", now, tries=failed + 1,
                   address=(request.remote_addr or "unknown")[:64])
            flash("That code is not right. Use the 6-digit code your app shows now, or a recovery code.")
            return render_template("console/login_code.html"), 401
        left = len((officer.totp_recovery or {}).get("hashes", []))
        record(session, None, actor, "login_code_ok", now, kind=kind, **({"recovery_left": left}
                                                                         if kind == "recovery" else {}))
        user = OfficerUser(officer)
    cookie.pop("pending_2fa", None)
    login_user(user)
    if kind == "recovery":
        flash(f"You used a recovery code; {left} left. Make new ones on the two-factor page if few are left.")
    return redirect(pending.get("next") or url_for("console.queue_page"))


def _recent_failures(session, actor: str, since: datetime) -> int:
    """Wrong codes for this account since ``since`` and since its last good code."""
    last_ok = session.scalar(select(func.max(AuditEvent.id)).where(
        AuditEvent.actor == actor, AuditEvent.action == "login_code_ok"))
    query = select(func.count()).select_from(AuditEvent).where(
        AuditEvent.actor == actor, AuditEvent.action == "login_code_failed", AuditEvent.at >= since)
    if last_ok is not None:
        query = query.where(AuditEvent.id > last_ok)
    return session.scalar(query) or 0


@blueprint.before_app_request
def _required():
    """With ``two_factor: required``, an officer not yet enrolled sees only the enrolment page (and can log out)."""
    from flask import request as req

    if req.blueprint not in ("console", "elderly") or not current_user.is_authenticated:
        return None
    if req.endpoint in ("console.two_factor", "console.logout", "console.static", "console.login",
                        "console.login_code") or getattr(current_user, "two_factor", True) or mode() != "required":
        return None
    return redirect(url_for("console.two_factor"))


# -- enrolment --------------------------------------------------------------------------------
@blueprint.app_context_processor
def _two_factor_values() -> dict:
    return {"two_factor_on": mode() != "off"}


def _qr(uri: str) -> Markup:
    import segno  # only for an officer's enrolment: a web worker that never shows a QR code never loads it (2.8 MB)

    return Markup(segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff"))


@blueprint.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor():
    if mode() == "off":
        abort(404)
    engine, now = ctx().engine, ctx().now()
    with engine.Session.begin() as session:
        officer = session.get(Officer, current_user.id)
        enrolled = bool(officer.totp_secret)
        left = len((officer.totp_recovery or {}).get("hashes", []))
        if request.method == "POST" and request.form.get("action") == "renew" and enrolled:
            if check(officer, request.form.get("code", ""), now) != "totp":
                flash("That code is not right. Use the 6-digit code your app shows now.")
                return redirect(url_for("console.two_factor"))
            codes, stored = new_recovery_codes()
            officer.totp_recovery = stored
            record(session, None, current_user.actor, "totp_recovery_renewed", now)
            return render_template("console/two_factor.html", me=current_user, enrolled=True, codes=codes)
        if request.method == "POST" and not enrolled:
            secret = cookie.get("totp_enrol")
            if not secret or totp_step(secret, request.form.get("code", ""), now, None) is None:
                flash("That code is not right. Check the phone's time is set automatically and try the new code.")
                return redirect(url_for("console.two_factor"))
            officer.totp_secret = secret
            officer.totp_last_step = totp_step(secret, request.form.get("code", ""), now, None)
            codes, stored = new_recovery_codes()
            officer.totp_recovery = stored
            record(session, None, current_user.actor, "totp_enrolled", now)
            cookie.pop("totp_enrol", None)
            return render_template("console/two_factor.html", me=current_user, enrolled=True, codes=codes)
        if enrolled:
            return render_template("console/two_factor.html", me=current_user, enrolled=True, codes=None, left=left)
        secret = cookie.get("totp_enrol") or pyotp.random_base32()
        cookie["totp_enrol"] = secret
        uri = pyotp.TOTP(secret).provisioning_uri(name=officer.username, issuer_name=ISSUER)
    return render_template("console/two_factor.html", me=current_user, enrolled=False, secret=secret,
                           spaced=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)), qr=_qr(uri),
                           required=mode() == "required")
