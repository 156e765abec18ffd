"""Urdu reads right to left in headless Chromium (Debian's): a resident writes to the web chat in Urdu, the reply
bubble is right-to-left; the officer's case page shows the Urdu message right-to-left and an English one
left-to-right (each message's text has dir="auto", so the page itself stays as it is)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models.cases import Case
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401
from test_browser import SHOTS, browser, live, log_in  # noqa: F401  (Chromium, the served app, logging in)

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the database matrix runs elsewhere

URDU = "میرے اکاؤنٹ سے ابھی 20,000 روپے کٹ گئے"
DIRECTION = "element => getComputedStyle(element).direction"


def test_urdu_reads_right_to_left_in_the_web_chat_and_on_the_case_page(live, browser, engine):
    base, _ = live
    chat = browser.new_context(viewport={"width": 390, "height": 800}).new_page()
    chat.goto(base + "/")
    chat.fill("#text", URDU)
    chat.click("#form button[type=submit]")
    chat.wait_for_selector("#log >> text=ہیلپ لائن")
    reply = chat.locator("#log .msg div[dir=auto]", has_text="1930").first
    assert "قدم" in reply.inner_text()  # the action, in Urdu
    assert reply.evaluate(DIRECTION) == "rtl"
    # the page's own texts follow the conversation into Urdu (not offered in the menu, shipped as a pack)
    chat.wait_for_function("document.documentElement.lang === 'ur'")
    assert chat.locator("h1").inner_text() == engine.res.texts.get("web_title", "ur")
    chat.fill("#text", "SBI")
    chat.click("#form button[type=submit]")
    chat.wait_for_selector("#log .msg >> text=SBI")
    chat.screenshot(path=str(SHOTS / "web-chat-urdu.png"), full_page=True)

    with engine.Session() as s:
        case_id = s.scalars(select(Case)).one().id
    page = log_in(browser, base, "ravi")
    page.goto(f"{base}/console/cases/{case_id}")
    urdu = page.locator("#thread li.in .text", has_text="روپے کٹ گئے")
    assert urdu.count() == 1 and urdu.evaluate(DIRECTION) == "rtl"
    answer = page.locator("#thread li.in .text", has_text="SBI")
    assert answer.evaluate(DIRECTION) == "ltr"
    assert page.locator("#thread li.out .text", has_text="1930").first.evaluate(DIRECTION) == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"  # the console stays left to right
    page.screenshot(path=str(SHOTS / "case-urdu.png"), full_page=True)
