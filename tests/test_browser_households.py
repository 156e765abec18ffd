"""The visit in headless Chromium (Debian's), on a phone-sized screen: an officer registers a household,
the welcome reaches the fake Twilio as the approved template, and the household page shows the resident's
reply without a reload. Then a senior's request is reserved for the beat officer in the queue, and a
campaign's progress updates live. Screenshots go where tests/test_browser.py keeps its own (household_visit.png, campaign.png).
"""
from __future__ import annotations

from playwright.sync_api import expect

import re

import pytest

from bot.outreach import proactive
from test_browser import PASSWORD, SHOTS, Resident, browser, live, log_in  # noqa: F401 (fixtures)
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401 (fixtures)
from test_households import RESIDENT, WELCOME_SID, with_welcome_template
from test_stations import app, bots, unit  # noqa: F401 (fixtures: the two-station unit)

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the database matrix runs elsewhere
PHONE = {"width": 390, "height": 844}


def register_in_browser(page, base, phone=False):
    page.goto(base + "/console/households/new")
    if phone:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    fill_visit(page, "12, Gali Number 3, Paharganj", "110055", "Paharganj", "meena", family=True)


def fill_visit(page, address: str, pin: str, station: str, beat_officer: str, family: bool) -> None:
    """Kamala Devi's visit, registered: the station typed, or chosen where the unit has a list of stations."""
    page.fill("#resident_name", "Kamala Devi")
    page.check("input[name=channel][value=whatsapp]")
    page.fill("#number", "98123 45678")
    page.check("input[name=language][value=hi]")
    page.fill("#birth_year", "1946")
    page.fill("#address", address)
    page.fill("#pin", pin)
    if page.evaluate("document.getElementById('station').tagName") == "SELECT":
        page.select_option("#station", station)
    else:
        page.fill("#station", station)
    page.select_option("#beat_officer", beat_officer)
    if family:
        page.fill("#family_name", "Ravi Kumar")
        page.fill("#family_relation", "son")
        page.fill("#family_number", "98111 11111")
        page.check("#family_consent")
    page.check("#reminders_consent")
    page.click("#register")
    page.wait_for_url(re.compile(r".*/console/households/\d+$"))


def test_a_visit_registered_on_a_phone_gets_the_welcome_and_shows_the_reply_live(live, browser, clock, twilio_fake,
                                                                                  engine):
    base, app = live
    with_welcome_template(engine)
    runtime = app.extensions["cyber_sahayak"]
    meena = log_in(browser, base, "meena", PHONE)
    register_in_browser(meena, base, phone=True)
    assert "Waiting for the resident" in meena.inner_text("#reply-state")

    runtime.drain()  # the page already asked for it after its response; a second drain sends nothing twice
    meena.wait_for_selector("#welcome-state >> text=sent", timeout=10_000)  # live, without a reload
    assert len(twilio_fake.created) == 1
    welcome = twilio_fake.created[0]
    assert welcome["To"] == f"whatsapp:{RESIDENT}" and welcome["ContentSid"] == WELCOME_SID
    assert "SI Meena" in welcome["ContentVariables"] and "Kamala Devi" in welcome["ContentVariables"]

    resident = Resident(app.test_client(), clock, base)
    resident.number = RESIDENT
    replies = resident.send("1")
    assert "SI Meena" in replies[0]
    meena.wait_for_selector("#reply-state.replied", timeout=10_000)  # live, without a reload
    assert "1" in meena.inner_text("#replies")
    meena.screenshot(path=str(SHOTS / "household_visit.png"), full_page=True)

    meena.goto(base + "/console/households")
    assert "Kamala Devi" in meena.inner_text("#households") and "yes" in meena.inner_text("#households")

    # The senior asks for a person: the case waits for their beat officer first.
    resident.send("0")
    ravi = log_in(browser, base, "ravi")
    row = ravi.wait_for_selector("tr.high", timeout=10_000)
    assert "for beat officer SI Meena" in row.inner_text()
    ravi.goto(base + row.query_selector("a").get_attribute("href"))
    ravi.click("#claim")
    # the flash message (div.flash), waited for: the case page also holds a hidden p.flash#holder-notice (live)
    expect(ravi.locator("div.flash")).to_contain_text("beat officer, SI Meena, first", timeout=15_000)


def test_a_campaign_is_previewed_then_its_progress_updates_live(live, browser, clock, twilio_fake, engine):
    base, app = live
    runtime = app.extensions["cyber_sahayak"]
    meena = log_in(browser, base, "meena")  # a supervisor
    register_in_browser(meena, base)
    runtime.drain()
    meena.goto(base + "/console/campaigns/new")
    meena.fill("#title", "Pension calls")
    meena.select_option("#audience", "seniors")
    meena.fill("#text_en", "Nobody from the pension office asks for your OTP. Cut such calls.")
    meena.fill("#text_hi", "पेंशन दफ़्तर से कोई आपका OTP नहीं माँगता। ऐसी कॉल काट दें।")
    meena.click("#preview")
    assert meena.inner_text("#recipient-count") == "1" and "पेंशन दफ़्तर" in meena.inner_text("#campaign-preview")
    meena.click("#send")
    meena.wait_for_selector("#campaign-progress")
    clock.advance(60)
    proactive.tick(engine.Session, engine.config, engine.res.texts, engine.res.knowledge, clock.now())
    runtime.drain()
    assert any("पेंशन दफ़्तर" in m.get("Body", "") for m in twilio_fake.created)
    meena.wait_for_selector("[data-count=sent] >> text=1", timeout=10_000)  # live
    assert meena.inner_text("#campaign-status") == "done"
    meena.screenshot(path=str(SHOTS / "campaign.png"), full_page=True)
    meena.goto(base + "/console/figures/elderly")
    assert meena.query_selector("svg.elderly-chart") is not None


SMALL_PHONE = {"width": 360, "height": 640}


def boxes(page):
    """{the input's name (and value): (width, height)} of every checkbox and radio on the page."""
    return {f"{box['name']}={box['value']}": (box["w"], box["h"]) for box in page.evaluate(
        """() => [...document.querySelectorAll('input[type=checkbox], input[type=radio]')].map(i => {
             const r = i.getBoundingClientRect();
             return {name: i.name, value: i.value, w: r.width, h: r.height}; })""")}


def test_every_checkbox_and_radio_is_a_tap_target_on_a_small_phone(live, browser):
    """At 360x640 the visit form's consent boxes were 13x22 px (squeezed beside their long labels): every checkbox
    and radio of the console's forms is at least 24x24 px, and a tap on its label's words ticks it."""
    base, _app = live
    meena = log_in(browser, base, "meena", SMALL_PHONE)
    meena.goto(base + "/console/households/new")
    found = boxes(meena)
    assert {"family_consent=1", "reminders_consent=1", "senior=1", "channel=whatsapp", "language=hi"} <= set(found)
    small = {name: size for name, size in found.items() if size[0] < 24 or size[1] < 24}
    assert small == {}
    assert meena.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]

    # the label's words tick the box (a tap on the far end of the long consent text, not on the box)
    for box_id in ("family_consent", "reminders_consent"):
        meena.locator(f"label[for={box_id}]").scroll_into_view_if_needed()
        label = meena.locator(f"label[for={box_id}]").bounding_box()
        box = meena.locator(f"#{box_id}").bounding_box()
        assert not meena.is_checked(f"#{box_id}")
        meena.mouse.click(label["x"] + label["width"] - 20, label["y"] + label["height"] / 2)
        assert meena.is_checked(f"#{box_id}")
        assert box["x"] + box["width"] < label["x"] + label["width"] - 20  # the tap was not on the box
    hindi = meena.locator("label.pick", has=meena.locator("input[name=language][value=hi]"))
    hindi.click(position={"x": hindi.bounding_box()["width"] - 8, "y": 12})  # on the language's name
    assert meena.is_checked("input[name=language][value=hi]")
    meena.screenshot(path=str(SHOTS / "household_visit_checkboxes_360.png"), full_page=True)

    meena.goto(base + "/console/search")  # the officer's own filter, on the same phone
    assert all(w >= 24 and h >= 24 for w, h in boxes(meena).values()) and "mine=1" in boxes(meena)
    meena.locator("label", has_text="mine").last.click()
    assert meena.is_checked("input[name=mine]")


# -- officer report s11 defect 7: the visit form where the unit has police stations, on a 360x640 phone --------
@pytest.fixture
def station_desk(app, unit):
    """The two-station unit of tests/test_stations.py served for the browser, with a Park Street officer (who
    registers), a second Park Street officer, Lalbazar's supervisor and a unit supervisor of no station."""
    from werkzeug.serving import make_server
    import threading

    from test_stations import officer

    officer(unit, "psofficer", "officer", ["park_street"])
    officer(unit, "psbeat", "officer", ["park_street"])
    officer(unit, "lbsup", "supervisor", ["lalbazar"])
    officer(unit, "kavita", "supervisor", [])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def offered(page) -> list[str]:
    return page.eval_on_selector_all("#beat_officer option:not([disabled])", "options => options.map(o => o.value)")


def test_a_station_officer_registers_a_household_at_a_station_chosen_from_a_list_on_a_small_phone(
        station_desk, browser, unit, twilio_fake):
    base = station_desk
    page = log_in(browser, base, "psofficer", SMALL_PHONE)
    page.goto(base + "/console/households/new")
    assert page.evaluate("document.getElementById('station').tagName") == "SELECT"  # not a free-text box
    assert page.input_value("#station") == "park_street"  # the officer's own station, chosen
    assert page.eval_on_selector_all("#station option", "os => os.map(o => o.textContent)") == \
        ["Choose…", "Park Street Police Station", "Lalbazar Police Station"]
    assert sorted(offered(page)) == ["psbeat", "psofficer"]  # not Lalbazar's supervisor, not the unit's
    assert page.input_value("#beat_officer") == "psofficer"
    page.select_option("#station", "lalbazar")
    assert offered(page) == ["lbsup"] and page.input_value("#beat_officer") == "lbsup"
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]

    page.select_option("#station", "")  # nothing chosen anywhere: the missing fields are named, nothing else
    page.click("#register")
    problems = page.inner_text(".problems")
    assert "resident name" in problems and "address" in problems and "station: choose the police station" in problems
    assert "does not belong" not in problems
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]

    fill_visit(page, "12 Camac Street", "700016", "park_street", "psbeat", family=False)
    details = page.inner_text("main")
    assert "Park Street Police Station" in details and "park_street" not in details  # its name, not its id
    page.screenshot(path=str(SHOTS / "household_visit_stations_360.png"), full_page=True)
