"""The officers' console in headless Chromium (Debian's), driven by Playwright's Python package.

A resident reports a golden-hour fraud on WhatsApp (signed webhook requests); an officer watching the
queue sees it arrive without reloading, claims it, replies (the reply reaches the fake Twilio), sees the
resident's next message live, hands back and closes. A second officer cannot claim it; a logged-out
browser gets neither the case nor the evidence; a form post without the CSRF token fails.
Screenshots of the queue and the case view are kept in artifacts/screenshots/ on every run (README links a
copy of one of each, in docs/screenshots/).
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server
from playwright.sync_api import expect

from bot.cases import officers
from conftest import NOW
from fakes import (clock, make_app, telegram_fake, twilio_fake)  # noqa: F401
from test_whatsapp import WhatsAppResident, bodies, signed_post

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
SHOTS.mkdir(parents=True, exist_ok=True)
PASSWORD = "Correct-Horse-9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("Debian's chromium is required on CI (.ci/run installs it)")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the database matrix runs elsewhere


@pytest.fixture
def live(make_app, engine):
    """The whole app (webhooks, web chat, console) served on 127.0.0.1 for the browser."""
    holder = {}
    server = make_server("127.0.0.1", 0, lambda environ, start: holder["app"](environ, start), threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    holder["app"] = make_app(PUBLIC_BASE_URL=base)
    with engine.Session.begin() as s:
        officers.add(s, "meena", "SI Meena", PASSWORD, "supervisor", NOW)
        officers.add(s, "ravi", "HC Ravi", PASSWORD, "officer", NOW)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, holder["app"]
    server.shutdown()


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


def log_in(browser, base, username, viewport=None):
    page = browser.new_context(viewport=viewport or {"width": 1280, "height": 860}).new_page()
    page.goto(base + "/console/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/console/")
    return page


class Resident(WhatsAppResident):
    def __init__(self, client, clock, base):
        super().__init__(client, clock)
        self.base = base

    def send(self, text: str = "", seconds: float = 30, **extra):
        self.clock.advance(seconds)
        response = signed_post(self.client, self.form(text, **extra), url=self.base + "/webhooks/whatsapp")
        assert response.status_code == 200, response.data
        return bodies(response)


def report_golden_hour(resident) -> str:
    """The golden-hour report up to its escalation; returns the first reply."""
    first = resident.send("15000 was debited from my account just now")[0]
    for answer in ("sbi", "4471", "412345678901", "paisa fraudster@ybl pe gaya"):
        resident.send(answer)
    return first


def test_officer_takes_over_a_golden_hour_case(live, browser, clock, twilio_fake):
    base, app = live
    runtime = app.extensions["cyber_sahayak"]
    meena = log_in(browser, base, "meena")
    meena.wait_for_selector("#queue >> text=No open cases.")

    resident = Resident(app.test_client(), clock, base)
    assert "1930" in report_golden_hour(resident)

    row = meena.wait_for_selector("tr.urgent", timeout=10_000)  # arrives without a reload
    assert "15,000" in row.inner_text() and "financial fraud" in row.inner_text()
    meena.wait_for_function("document.title.startsWith('(1 urgent)')")
    meena.screenshot(path=str(SHOTS / "queue.png"), full_page=True)

    ravi = log_in(browser, base, "ravi")
    case_url = base + row.query_selector("a").get_attribute("href")
    ravi.goto(case_url)
    meena.goto(case_url)
    meena.click("#claim")
    meena.wait_for_selector("#reply-text")
    ravi.click("#claim")
    expect(ravi.locator("div.flash")).to_contain_text("already taken by SI Meena", timeout=15_000)  # not the hidden p.flash#holder-notice

    meena.fill("#reply-text", "SI Meena here. I am asking SBI to hold the money now.")
    meena.click("#send")
    meena.wait_for_selector("#thread >> text=asking SBI to hold")
    runtime.drain()
    sent = [form["Body"] for form in twilio_fake.created]
    assert any("SI Meena" in body and "joined" in body for body in sent)
    assert "SI Meena here. I am asking SBI to hold the money now." in sent

    assert resident.send("thank you madam, I called 1930 also") == []  # the bot is silent; the officer has the chat
    meena.wait_for_selector("#thread >> text=I called 1930 also", timeout=10_000)  # live, without a reload
    # case.js links the helpline numbers of a message drawn live with the pattern the page serves (config's numbers)
    assert meena.locator('#thread li:last-child a.tel[href="tel:1930"]').count() == 1
    meena.screenshot(path=str(SHOTS / "case.png"), full_page=True)

    meena.click("#freeze")
    freeze = meena.input_value("#freeze-text")
    assert "412345678901" in freeze and "4471" in freeze and "fraudster@ybl" in freeze
    meena.go_back()

    meena.click("#handback")
    meena.wait_for_selector(".flash >> text=back with the bot")
    meena.select_option("#outcome", "bank_hold_requested")
    meena.fill("input[name=hold_bank]", "HDFC Bank")  # no request recorded yet: told with the close (session 19)
    meena.fill("input[name=hold_sent_to]", "nodal@hdfc.example")
    meena.click("#close")
    meena.wait_for_selector(".flash >> text=Case closed")
    said = resident.send("MENU")  # the bot has the chat again; its answer waits behind the closing message
    runtime.drain()
    sent = [form["Body"] for form in twilio_fake.created]
    assert any("1. Report money fraud" in body for body in said + sent)
    if not said:  # queued behind the closing message, so it arrives after it
        closed = next(i for i, body in enumerate(sent) if "closed" in body)
        assert closed < next(i for i, body in enumerate(sent) if "1. Report money fraud" in body)


def test_logged_out_browser_gets_no_case_and_no_evidence_and_csrf_is_required(live, browser, clock, engine):
    base, app = live
    resident = Resident(app.test_client(), clock, base)
    report_golden_hour(resident)
    from bot.messages import Inbound, Media
    from bot.store.models.cases import Case
    from bot.store.models.residents import Evidence
    from sqlalchemy import select

    engine.handle(Inbound(channel="whatsapp", sender="+919812345678", media=(Media("image/png", data=PNG),),
                          provider_id="SMshot", received_at=clock.now()))
    with engine.Session() as s:
        case_id = s.scalar(select(Case.id))
        evidence_id = s.scalar(select(Evidence.id))
    stranger = browser.new_context().new_page()
    for path in (f"/console/cases/{case_id}", f"/console/evidence/{evidence_id}"):
        response = stranger.goto(base + path)
        assert stranger.url.startswith(base + "/console/login")
        assert b"\x89PNG" not in response.body() and "15000" not in stranger.content()

    meena = log_in(browser, base, "meena")
    status = meena.evaluate(f"""async () => (await fetch('/console/cases/{case_id}/claim',
                                {{method: 'POST', redirect: 'manual'}})).status""")
    assert status == 400
    meena.goto(f"{base}/console/evidence/{evidence_id}")  # logged in: the file is served


def test_resident_web_chat_page_in_a_browser(live, browser):
    """The page at / as a resident on a phone: type, send, read the replies, tap a menu choice."""
    base, _app = live
    page = browser.new_context(viewport={"width": 390, "height": 800}).new_page()
    page.goto(base + "/")
    page.fill("#text", "hi")
    page.click("#form button[type=submit]")
    page.wait_for_selector("#log >> text=Cyber Sahayak")
    page.wait_for_selector("#log >> text=2 for हिंदी")
    page.fill("#text", "mere account se abhi 15000 kat gaye")
    page.click("#form button[type=submit]")
    page.wait_for_selector("#log >> text=call 1930")
    page.screenshot(path=str(SHOTS / "web-chat.png"), full_page=True)


def test_console_pages_run_under_their_csp_and_sessions_end_everywhere(live, browser, clock, engine):
    """Every console page works under the console's Content-Security-Policy (no violation reported); the
    resident chat page opened in the officer's browser does not log her out; logging out in one browser
    ends the session in another."""
    base, app = live
    report_golden_hour(Resident(app.test_client(), clock, base))
    from bot.store.models.cases import Case
    from bot.store.models.registry import Identifier
    from sqlalchemy import select

    with engine.Session() as s:
        case_id, identifier_id = s.scalar(select(Case.id)), s.scalar(select(Identifier.id))
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    meena = context.new_page()
    violations: list[str] = []
    meena.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    meena.on("pageerror", lambda e: violations.append(str(e)))
    meena.goto(base + "/console/login")
    meena.fill("input[name=username]", "meena")
    meena.fill("input[name=password]", PASSWORD)
    meena.click("button[type=submit]")
    meena.wait_for_url(base + "/console/")
    meena.wait_for_selector("tr.urgent", timeout=10_000)  # queue.js runs
    meena.goto(f"{base}/console/cases/{case_id}")
    meena.wait_for_selector("#thread >> text=15000", timeout=10_000)  # case.js draws the conversation
    meena.click("#freeze")
    meena.click("#copy-freeze")  # freeze.js, no inline handler
    meena.wait_for_selector("#copy-freeze >> text=Copied")
    for path in ("/console/registry", f"/console/registry/{identifier_id}", "/console/registry/figures",
                 "/console/registry/import", "/console/audit", "/console/households", "/console/households/new",
                 "/console/campaigns", "/console/campaigns/new", "/console/figures/elderly"):
        assert meena.goto(base + path).status == 200, path
        meena.wait_for_load_state("networkidle")
    assert violations == []

    chat = context.new_page()  # the resident chat page, in the same browser
    chat.goto(base + "/")
    chat.fill("#text", "hi")
    chat.click("#form button[type=submit]")
    chat.wait_for_selector("#log >> text=Cyber Sahayak")
    meena.goto(base + "/console/")
    assert meena.url == base + "/console/"  # still logged in
    meena.wait_for_selector("tr.urgent", timeout=10_000)

    elsewhere = log_in(browser, base, "meena")  # the same officer in another browser
    meena.click("header button.link")  # Log out
    meena.wait_for_url(base + "/console/login*")
    elsewhere.goto(base + "/console/")
    assert elsewhere.url.startswith(base + "/console/login")  # that session ended too
