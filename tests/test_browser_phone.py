"""The resident's web chat on a small phone, in Debian's Chromium (Playwright), in English and Hindi.

At 360×640 and 390×844: the question with ten choices (the money report's methods) stays in sight above its choices (a compact list
that scrolls on its own), nothing scrolls sideways, every fixed text of the page is in the conversation's
language, and 1930 / 112 are tel: links. Screenshots go to artifacts/screenshots/ (README shows copies
kept in docs/screenshots/)."""
from __future__ import annotations

import pytest

from bot.channels.webchat import UI_KEYS, page_texts
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401 (fixtures)
from test_browser import SHOTS, browser, live  # noqa: F401 (fixtures; skips without chromium)

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

CONVERSATIONS = {
    "en": (["hello", "1", "1", "3 days ago"], "How was the money taken?"),
    "hi": (["नमस्ते", "1", "3 दिन पहले"], "पैसे किस तरह लिए गए?"),
}


def say(page, text):
    before = page.locator("#log .bot").count()
    page.fill("#text", text)
    page.click("#form button[type=submit]")
    page.wait_for_function("n => document.querySelectorAll('#log .bot').length > n", arg=before)


@pytest.mark.parametrize("width, height", [(360, 640), (390, 844)])
@pytest.mark.parametrize("language", ["en", "hi"])
def test_the_question_with_ten_choices_on_a_small_phone(live, browser, engine, language, width, height):
    base, _app = live
    page = browser.new_context(viewport={"width": width, "height": height}, locale="en-IN").new_page()
    page.goto(base + "/")
    messages, question = CONVERSATIONS[language]
    for text in messages:
        say(page, text)
    page.wait_for_selector("#choices button")
    page.screenshot(path=str(SHOTS / f"web-chat-{language}-{width}x{height}.png"))

    # ten choices, as a compact list; the question above them is in sight, and only once
    assert page.locator("#choices button").count() == 10
    assert page.get_attribute("#choices", "class") == "many"
    bubble = page.locator("#log .bot").last
    assert question in bubble.inner_text() and "1. UPI" not in bubble.inner_text()
    box, log = bubble.bounding_box(), page.locator("#log").bounding_box()
    assert log["y"] - 1 <= box["y"] and box["y"] + box["height"] <= log["y"] + log["height"] + 1  # fully in sight
    assert box["y"] + box["height"] <= page.locator("#choices").bounding_box()["y"]  # above its choices
    assert log["height"] >= 0.3 * height  # the chat keeps room; the list scrolls instead

    # nothing scrolls sideways
    widths = page.evaluate("""() => [document.documentElement.scrollWidth, document.body.scrollWidth,
        document.getElementById('log').scrollWidth - document.getElementById('log').clientWidth]""")
    assert widths[0] <= width and widths[1] <= width and widths[2] <= 0

    # every fixed text in the conversation's language
    expected = page_texts(engine.res.texts, list(engine.config.languages))
    texts, other = expected[language], expected["hi" if language == "en" else "en"]
    assert page.get_attribute("html", "lang") == language and page.title() == texts["title"]
    assert page.inner_text("header h1") == texts["title"]
    assert page.inner_text("header .banner") == texts["banner"]
    assert page.get_attribute("#text", "placeholder") == texts["placeholder"]
    assert page.inner_text("#form button[type=submit]") == texts["send"]
    assert page.get_attribute("#choices", "aria-label") == texts["choices"]
    assert page.get_attribute("#file", "aria-label") == texts["attach"]
    assert page.locator("#log .bot small").first.inner_text() == texts["bot"]
    shown = page.inner_text("body")
    for key in UI_KEYS:
        if other[key] != texts[key] and key not in ("offline", "error", "file_sent", "officer"):
            assert other[key] not in shown, key

    # the helplines dial with one tap
    assert page.locator('header a[href="tel:1930"]').count() == 1
    assert page.locator('header a[href="tel:112"]').count() == 1
    if language == "hi":  # Devanagari in a Devanagari font
        family = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert family.startswith('"Noto Sans Devanagari"')


def test_an_answer_with_1930_has_a_tel_link_in_the_chat(live, browser):
    base, _app = live
    page = browser.new_context(viewport={"width": 360, "height": 640}).new_page()
    page.goto(base + "/")
    say(page, "15000 was debited from my account just now")
    assert page.locator('#log .bot a[href="tel:1930"]').count() >= 1


@pytest.mark.parametrize("width, height", [(360, 640), (390, 844)])
def test_the_urgent_1930_line_is_in_sight_after_the_first_urgent_message(live, browser, width, height):
    """A resident's pass: after the first urgent message the page scrolled to the bank question at the bottom, the
    "Act now ... 1930" bubble above the fold. The first reply of a batch is where the view starts."""
    base, _app = live
    page = browser.new_context(viewport={"width": width, "height": height}, locale="en-IN").new_page()
    page.goto(base + "/")
    say(page, "maine caller ko OTP bata diya aur 20000 kat gaye 10 min pehle")
    page.screenshot(path=str(SHOTS / f"web-chat-urgent-{width}x{height}.png"))
    urgent = page.locator("#log .bot", has_text="1930").first
    box, log = urgent.bounding_box(), page.locator("#log").bounding_box()
    assert log["y"] - 1 <= box["y"] < log["y"] + log["height"] - 40  # its first lines are in the chat's view
    assert box["y"] + 40 <= height  # and on the screen, not below the fold
    assert urgent.locator('a[href="tel:1930"]').count() >= 1
