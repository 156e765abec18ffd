"""Session 7's officer trial, in Debian's Chromium: an officer whose case a supervisor takes over is told on her
open page (who, when) and loses the reply box; the queue shows who holds a claimed case instead of a Claim
button; a supervisor's Amount column keeps an amount on one line at 1366 px."""
from __future__ import annotations

from sqlalchemy import select

from bot.store.models.cases import Case
from test_browser import Resident, browser, live, log_in, pytestmark, report_golden_hour  # noqa: F401
from test_browser_console_live import urgent_case_and_asha
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401


def test_an_officer_is_told_at_once_that_a_supervisor_took_over_her_case_and_the_reply_box_goes(
        live, browser, clock, engine):
    base, app = live
    case_id = urgent_case_and_asha(live, clock, engine)
    ravi = log_in(browser, base, "ravi")
    ravi.goto(f"{base}/console/cases/{case_id}")
    ravi.click("#claim")
    ravi.wait_for_selector("#reply-text")

    asha = log_in(browser, base, "asha")  # another officer's queue: who holds it, no Claim button
    asha.wait_for_selector(f"tr[data-case='{case_id}'] td.act >> text=held by HC Ravi")
    assert not asha.is_visible(f"tr[data-case='{case_id}'] button.claim")

    meena = log_in(browser, base, "meena")
    meena.goto(f"{base}/console/cases/{case_id}")
    meena.click("#takeover")
    meena.wait_for_selector(".flash")
    notice = ravi.wait_for_selector("#holder-notice:not([hidden])", timeout=5_000).inner_text()
    assert notice.startswith("SI Meena (supervisor) took over this case at ") and "IST" in notice
    assert ravi.query_selector("#reply-text") is None and ravi.query_selector("#handback") is None


def test_an_officer_given_a_case_by_transfer_is_told_on_her_open_page_and_can_reply(live, browser, clock, engine):
    """Session 9's officer trial: Asha had the case open when Ravi transferred it to her; the reply box came only
    after a reload nobody told her to make."""
    base, app = live
    case_id = urgent_case_and_asha(live, clock, engine)
    asha = log_in(browser, base, "asha")
    asha.goto(f"{base}/console/cases/{case_id}")
    assert asha.query_selector("#reply-text") is None
    ravi = log_in(browser, base, "ravi")
    ravi.goto(f"{base}/console/cases/{case_id}")
    ravi.click("#claim")
    ravi.wait_for_selector("#reply-text")
    ravi.select_option("select[name=to]", "asha")
    ravi.click("text=Transfer")
    ravi.wait_for_selector(".flash")
    notice = asha.wait_for_selector("#holder-notice:not([hidden])", timeout=5_000).inner_text()
    assert notice.startswith("This case is yours now.")
    asha.click("#open-mine")
    asha.wait_for_selector("#reply-text")


def test_a_supervisors_queue_at_1366_px_keeps_each_amount_on_one_line(live, browser, clock, engine):
    from decimal import Decimal

    from bot.store.models.residents import Incident

    base, app = live
    report_golden_hour(Resident(app.test_client(), clock, base))
    with engine.Session.begin() as s:
        case = s.scalars(select(Case)).first()
        incident = s.get(Incident, case.incident_id)
        incident.amount = Decimal("2000001")  # ₹20,00,001 (20 lakh): the widest kind
        incident.fields = {**incident.fields, "ack_1930": "31015230012345", "portal_complaint": "23611250001234"}
        case_id = case.id
    meena = log_in(browser, base, "meena", viewport={"width": 1366, "height": 768})
    cell = meena.wait_for_selector(f"tr[data-case='{case_id}'] td[data-col=amount] >> text=₹20,00,001")
    lines = cell.evaluate("td => { const r = document.createRange(); r.selectNodeContents(td);"
                          " return new Set(Array.from(r.getClientRects(), c => Math.round(c.top))).size; }")
    assert lines == 1
