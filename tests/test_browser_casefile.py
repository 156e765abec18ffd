"""Issue 15 in headless Chromium (Debian's): an officer finds a case by its reference (a resident calling back is
one step from the case) and by a phone number written any way, sees the number masked in the list and whole on
the case page, adds a private note and a label, and opens the freeze request and the NCRP summary. Screenshots of
the new pages go to artifacts/screenshots/ (README copies them to docs/screenshots/)."""
from __future__ import annotations

import pytest

from conftest import Resident
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401
from test_browser import SHOTS, browser, live, log_in  # noqa: F401  (Chromium, the served app, logging in)
from test_casefile import money_report

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the database matrix runs elsewhere


def test_an_officer_finds_a_case_by_reference_and_by_phone(live, browser, engine):
    base, _ = live
    _, case_id, reference = money_report(engine)
    _, other_id, _ = money_report(engine, "+919876500011", ["I want to talk to an officer"])
    page = log_in(browser, base, "ravi")

    # a resident calls back and reads out the reference, in lower case: one step to the case
    page.fill("#nav-search", reference.lower())
    page.press("#nav-search", "Enter")
    page.wait_for_url(f"{base}/console/cases/{case_id}")
    assert page.locator("#resident-phone").inner_text() == "Phone: +919812345678"
    page.fill("#note-text", "She will bring the bank statement tomorrow.")
    page.click("#add-note")
    page.wait_for_selector("#notes >> text=She will bring the bank statement tomorrow.")
    page.fill("#new-label", "mule account")
    page.press("#new-label", "Enter")
    page.wait_for_selector("#labels >> text=mule account")
    page.screenshot(path=str(SHOTS / "case-file.png"), full_page=True)

    # by phone, written the way a caller says it
    page.goto(base + "/console/search?status=all")
    page.fill("#search-q", "098123 45678")
    page.click("#search-go")
    page.wait_for_selector("#search-count >> text=1 case")
    rows = page.locator("#search-results tbody tr")
    assert rows.count() == 1
    row_text = rows.first.inner_text()
    assert reference in row_text and "+91******5678" in row_text and "+919812345678" not in page.content()
    assert f"#{other_id}" not in page.content()
    page.fill("#search-q", "")
    page.select_option("select[name=status]", "open")
    page.click("#search-go")
    page.wait_for_selector("#search-count >> text=2 cases")
    page.screenshot(path=str(SHOTS / "search.png"), full_page=True)
    page.click(f"#search-results >> text={reference}")
    page.wait_for_url(f"{base}/console/cases/{case_id}")

    page.click("#freeze")
    page.wait_for_selector("#freeze-text")
    letter = page.locator("#freeze-text").input_value()
    assert "₹2,00,000 (2 lakh)" in letter and "IFSC HDFC0001234 (HDFC Bank)" in letter
    page.screenshot(path=str(SHOTS / "freeze-request.png"), full_page=True)
    page.goto(f"{base}/console/cases/{case_id}/ncrp")
    assert page.locator("#ncrp-fields").inner_text().startswith("Category of complaint")
    page.screenshot(path=str(SHOTS / "ncrp-summary.png"), full_page=True)
