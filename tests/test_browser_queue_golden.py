"""In Chromium: with 60 urgent cases whose golden hour has passed waiting, a resident's fresh loss is the first row
of an open queue page, without a reload (officer stranger, session 11: it never showed on page 1)."""
from __future__ import annotations

from sqlalchemy import func, select

from bot.store.models.cases import Case
from test_browser import Resident, browser, live, log_in, pytestmark, report_golden_hour  # noqa: F401
from test_queue_golden_hour import backlog
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401


def test_a_fresh_loss_appears_first_on_an_open_queue_page(live, browser, clock, engine):
    base, app = live
    backlog(engine, 60)
    meena = log_in(browser, base, "meena")
    meena.wait_for_selector("#pager >> text=page 1 of 2 (65 open)")
    clock.advance(60)
    report_golden_hour(Resident(app.test_client(), clock, base))
    with engine.Session() as s:
        fresh = s.scalar(select(func.max(Case.id)))
    meena.wait_for_selector(f"#queue tbody tr:first-child[data-case='{fresh}']", timeout=5_000)
    assert meena.locator("#queue tbody tr[data-case]").count() == 50
    assert meena.inner_text(f"tr[data-case='{fresh}'] [data-col=priority]").startswith("urgent · golden hour")
    assert "golden hour" not in meena.inner_text("#queue tbody tr:nth-child(2) [data-col=priority]")  # hour passed
