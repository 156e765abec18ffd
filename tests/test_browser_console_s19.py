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


def test_the_first_click_on_a_page_opened_by_address_is_not_lost_to_the_sound_button(live, browser):
    """CI, session 20: the "Turn on sound" button sits above the page and goes when the sound comes on. Waking the
    sound on the mouse press moved "Find" up from under a mouse still held down, and the officer's first click on
    a page opened by address did nothing. The sound now wakes on the click: press, let the page poll once, release:
    the search runs, and the click turns the sound on."""
    base, app = live
    page = log_in(browser, base, "ravi")
    page.goto(base + "/console/search?status=all")
    page.wait_for_selector("#sound-on:not([hidden])", timeout=5_000)
    page.fill("#search-q", "no such case")
    box = page.locator("#search-go").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    with page.expect_response(lambda r: "/console/live.json" in r.url):
        page.mouse.down()  # held while the page polls once: time for a sound woken on the press to come on
    page.mouse.up()
    page.wait_for_url("**/console/search?q=no+such+case*")
    assert page.locator("#search-count").inner_text().startswith("0 cases")
