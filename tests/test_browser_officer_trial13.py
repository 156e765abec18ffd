"""Session 13's officers' stranger trial, in Debian's Chromium: a displaced officer's half-typed reply is kept
(read-only, marked not sent); new urgent cases arriving while a queue page is open are all counted and named in
the banner, with a link to the newest and to every waiting urgent case (in a burst the fresh ones land past row 50,
where only the title count said they existed)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from test_browser import Resident, browser, live, log_in, pytestmark  # noqa: F401
from test_browser_console_live import claimed_by_ravi, urgent_case_and_asha
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401


def test_a_displaced_officers_half_typed_reply_is_kept_marked_not_sent(live, browser, clock, engine):
    base, app = live
    case_id, ravi = claimed_by_ravi(live, browser, clock, engine, urgent_case_and_asha(live, clock, engine))
    ravi.fill("#reply-text", "Madam, please send the screenshot of the debit SMS")
    meena = log_in(browser, base, "meena")
    meena.goto(f"{base}/console/cases/{case_id}")
    meena.click("#takeover")
    ravi.wait_for_selector("#holder-notice:not([hidden])", timeout=5_000)
    assert ravi.query_selector("#reply-text") is None  # no way to send it any more
    kept = ravi.wait_for_selector("#unsent-draft textarea", timeout=2_000)
    assert kept.input_value() == "Madam, please send the screenshot of the debit SMS"
    assert "was not sent" in ravi.inner_text("#unsent-draft")


def test_new_urgent_cases_are_all_counted_and_named_in_the_banner_of_an_open_queue(live, browser, clock, engine):
    base, app = live
    urgent_case_and_asha(live, clock, engine)  # one case known when the page opens
    asha = log_in(browser, base, "asha")
    expect(asha).to_have_title(re.compile(r"^\(1 urgent\)"))  # polled from here: the console's CSP allows no eval
    for i in range(3):
        resident = Resident(app.test_client(), clock, base)
        resident.number = f"+91980000011{i}"
        resident.send(f"{20000 + i * 1000} rupees were cut from my bank account by upi a few minutes ago")
    banner = asha.wait_for_selector("#urgent-banner:not([hidden]) >> text=3 new urgent cases", timeout=8_000)
    assert asha.title().startswith("(4 urgent)")
    text = banner.inner_text()
    assert "#4" in text and "#3" in text and "#2" in text and "open the newest" in text
    asha.click("#urgent-banner-all")
    asha.wait_for_selector("#search-results")
    listed = asha.inner_text("#search-results")
    assert "#4" in listed and "#2" in listed and "#1" in listed  # every waiting urgent case, newest first
