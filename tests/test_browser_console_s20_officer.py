"""Session 20's officers' trial, in Debian's Chromium: a claim is confirmed; a reply the provider refuses puts a
banner with the resident's number in the case's header (on the open page, without a reload) and a flag on the queue
row; a close with an NCRP number that is no number is refused on the form, keeping what was typed."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bot.cases import sla

from test_browser import Resident, browser, live, log_in, pytestmark, report_golden_hour  # noqa: F401
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401
from test_households import configure


def test_a_refused_reply_is_loud_on_the_case_page_and_the_queue_and_a_bad_ncrp_number_is_refused(
        live, browser, clock, twilio_fake):
    base, app = live
    runtime = app.extensions["cyber_sahayak"]
    resident = Resident(app.test_client(), clock, base)
    report_golden_hour(resident)
    runtime.drain()
    ravi = log_in(browser, base, "ravi")
    ravi.click("tr.urgent a")
    ravi.click("#claim")
    expect(ravi.locator("div.flash")).to_contain_text("You now hold case #1.")  # finding 5
    assert ravi.locator("#reply-failed").is_hidden()

    twilio_fake.plan = [(400, 21211)] * 5  # WhatsApp refuses for good from now on
    ravi.fill("#reply-text", "Namaste, main HC Ravi. Kripya UTR number bataiye.")
    ravi.click("#send")
    ravi.wait_for_selector("#thread >> text=Kripya UTR number")
    runtime.drain()
    banner = ravi.locator("#reply-failed")  # the open page's tick poll turns it on, no reload
    expect(banner).to_be_visible(timeout=15_000)
    expect(banner).to_contain_text("Your reply did not reach the resident")
    assert "9812345678" in banner.locator("a.tel").get_attribute("href")  # the resident's number, to call

    sla.check(runtime.engine.Session, runtime.config, runtime.engine.res.texts, clock.now())  # the scheduler's pass
    ravi.goto(base + "/console/")
    expect(ravi.locator("tr.urgent")).to_contain_text("reply failed", timeout=15_000)

    ravi.goto(base + "/console/cases/1")
    expect(ravi.locator("h1 .pill.flag")).to_contain_text("reply failed")
    expect(ravi.locator("#reply-failed")).to_be_visible()
    ravi.select_option("#outcome", "ncrp_filed")  # finding 2
    ravi.fill("input[name=number]", "abc")
    ravi.fill("input[name=note]", "filed on the portal with the resident")
    ravi.click("#close")
    expect(ravi.locator("#close-refused")).to_contain_text("digits only, usually 14")
    expect(ravi.locator("input[name=number]")).to_have_value("abc")
    expect(ravi.locator("input[name=note]")).to_have_value("filed on the portal with the resident")
    expect(ravi.locator("#outcome")).to_have_value("ncrp_filed")
    ravi.fill("input[name=number]", "3151 2260 0123 45")
    ravi.click("#close")
    expect(ravi.locator("div.flash")).to_contain_text("Case closed.")
    expect(ravi.locator("#reply-failed")).to_have_count(0)  # a closed case has no banner


@pytest.fixture
def dwarka(engine, tmp_path):
    """A unit whose jurisdiction file maps PIN 110075 to its district Dwarka, Hindi its first language."""
    (tmp_path / "jurisdictions.yaml").write_text('Dwarka:\n  pins: ["110075"]\n', encoding="utf-8")
    configure(engine, jurisdictions_file=str(tmp_path / "jurisdictions.yaml"),
              languages=["hi", *[code for code in engine.config.languages if code != "hi"]])


def test_the_household_form_fills_the_district_from_a_mapped_pin_and_asks_for_another(dwarka, live, browser):
    base, _app = live
    page = log_in(browser, base, "meena", {"width": 360, "height": 640})
    page.goto(base + "/console/households/new")
    expect(page.locator("input[name=language]:checked")).to_have_value("hi")  # the unit's first language
    page.fill("#pin", "110075")
    expect(page.locator("#district")).to_have_value("Dwarka")
    expect(page.locator("#pin-district")).to_contain_text("from PIN 110075")
    page.fill("#pin", "110055")  # not in the unit's map: the district the script chose goes, the form asks
    expect(page.locator("#district")).to_have_value("")
    expect(page.locator("#pin-district")).to_contain_text("choose the district")
    page.select_option("#district", "South")
    page.fill("#pin", "110075")  # the officer's own choice is never overwritten
    expect(page.locator("#district")).to_have_value("South")


def test_printing_the_freeze_request_prints_the_letter_alone_and_whole(live, browser, clock):
    base, app = live
    report_golden_hour(Resident(app.test_client(), clock, base))
    page = log_in(browser, base, "meena")
    page.goto(base + "/console/cases/1/freeze")
    expect(page.locator("#freeze-print")).to_be_hidden()  # on screen: the text box and the forms
    page.emulate_media(media="print")
    letter = page.locator("#freeze-print")
    expect(letter).to_be_visible()
    expect(letter).to_contain_text("Please acknowledge")  # whole, not cut off in a scrolling box
    expect(letter).to_contain_text("412345678901")
    for hidden in ("header", "#freeze-text", "form", "#freeze-pdf"):
        expect(page.locator(hidden).first).to_be_hidden()
