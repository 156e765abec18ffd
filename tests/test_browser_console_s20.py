"""Session 20's attacker's trial (F12), in Debian's Chromium: the officer's reply form posted again (a double click on
Send, the same request replayed with its CSRF token) sent the reply to the resident again. Each rendering of the
form now carries a one-time token stored as the outbox message's key: the same form sends once, and the officer is
told "Already sent" for the second post (audited as a refused action)."""
from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from bot.store.models.cases import AuditEvent
from test_browser import Resident, browser, live, log_in, pytestmark, report_golden_hour  # noqa: F401
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401

REPLAY = """async (form) => {
  const data = new FormData(form);  // the same fields, the same CSRF token, the same form token: a replay
  for (const n of [1, 2]) await fetch(form.action, {method: "POST", body: data, redirect: "manual"});
}"""


def _claimed_case(live, browser, clock):
    base, app = live
    resident = Resident(app.test_client(), clock, base)
    report_golden_hour(resident)
    meena = log_in(browser, base, "meena")
    meena.click("#queue tr.urgent a")
    meena.click("#claim")
    meena.wait_for_selector("#reply-text")
    return meena, app.extensions["cyber_sahayak"]


def _sent(twilio_fake, words: str) -> int:
    return sum(words in form["Body"] for form in twilio_fake.created)


def test_the_same_reply_form_posted_twice_reaches_the_resident_once(live, browser, clock, twilio_fake, engine):
    meena, runtime = _claimed_case(live, browser, clock)
    meena.fill("#reply-text", "SI Meena here: please do not share any OTP.")
    meena.locator("form.reply:has(#reply-text)").evaluate(REPLAY)
    meena.reload()
    expect(meena.locator("div.flash")).to_contain_text("Already sent", timeout=15_000)
    assert meena.locator("#thread li", has_text="please do not share any OTP").count() == 1
    runtime.drain()
    assert _sent(twilio_fake, "please do not share any OTP") == 1
    with engine.Session() as s:  # the second post is in the audit log, as every refused action is
        refused = [e.detail for e in s.scalars(select(AuditEvent).where(AuditEvent.action == "action_refused"))]
    assert any("Already sent" in str(detail) for detail in refused)

    meena.fill("#reply-text", "Which bank sent the SMS?")  # a double click on Send
    meena.dblclick("#send")
    meena.wait_for_selector("#thread >> text=Which bank sent the SMS?")
    meena.reload()
    assert meena.locator("#thread li", has_text="Which bank sent the SMS?").count() == 1
    runtime.drain()
    assert _sent(twilio_fake, "Which bank sent the SMS?") == 1

    meena.fill("#reply-text", "Which bank sent the SMS?")  # the same words again from a new form: a new message
    meena.click("#send")
    meena.wait_for_selector("div.flash >> text=Already sent", state="detached")
    runtime.drain()
    assert _sent(twilio_fake, "Which bank sent the SMS?") == 2


def test_a_ready_reply_posted_twice_is_sent_once(live, browser, clock, twilio_fake):
    meena, runtime = _claimed_case(live, browser, clock)
    meena.locator("form.inline:has(#ready-reply)").evaluate(REPLAY)
    meena.reload()
    expect(meena.locator("div.flash")).to_contain_text("Already sent", timeout=15_000)
    runtime.drain()
    officer_texts = [form["Body"] for form in twilio_fake.created if "joined" not in form["Body"]]
    first_ready = meena.locator("#ready-reply option").first.inner_text()[:30]
    assert sum(first_ready[:20] in body for body in officer_texts) == 1
