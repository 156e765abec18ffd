"""Session 19's officers' trial, in Debian's Chromium: a queue opened by address (a bookmark, an alert's link) has
its alert tone blocked by the browser until the officer touches the page; a visible "Turn on sound" says so and
turns it on."""
from __future__ import annotations

from test_browser import browser, live, log_in, pytestmark  # noqa: F401
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401


def test_a_queue_opened_by_address_offers_to_turn_on_the_blocked_sound(live, browser):
    base, app = live
    page = log_in(browser, base, "ravi")
    page.goto(base + "/console/")  # opened by address: no click on this page yet
    button = page.wait_for_selector("#sound-on:not([hidden])", timeout=5_000)
    assert "Turn on sound" in button.inner_text()
    button.click()
    page.wait_for_selector("#sound-on[hidden]", state="attached", timeout=5_000)
