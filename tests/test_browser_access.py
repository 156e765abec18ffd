"""Issue 15 (items 10, 11, 24) in headless Chromium: an officer enrols in two-factor log-in and logs in with a
code pyotp makes; a sextortion case is hidden from an officer who does not hold it; the supervisors' figures and
the audit log. Screenshots of the figures page and the audit log go to artifacts/screenshots/ (copies for the README
in docs/screenshots/)."""
from __future__ import annotations

from pathlib import Path

import pyotp
from sqlalchemy import select

from bot.store.models.cases import AuditEvent, Case
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401 (fixtures)
from test_browser import PASSWORD, SHOTS, Resident, browser, live, log_in, report_golden_hour  # noqa: F401


def watch_csp(page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return violations


def shot(page, name):
    """Kept in artifacts/screenshots/ on every run; the README's copy in docs/screenshots/ is refreshed by hand."""
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_an_officer_enrols_and_logs_in_with_a_totp_code(live, browser, clock, engine):
    base, _ = live
    ravi = log_in(browser, base, "ravi")
    violations = watch_csp(ravi)
    ravi.click("text=Two-factor")
    secret = ravi.get_attribute("#totp-key", "data-secret")
    assert ravi.query_selector("#enrol .qr svg") is not None
    ravi.screenshot(path=str(SHOTS / "two-factor-enrol.png"), full_page=True)
    ravi.fill("input[name=code]", pyotp.TOTP(secret).at(clock.now()))
    ravi.click("#enrol button[type=submit]")
    codes = ravi.query_selector_all("#recovery-codes code")
    assert len(codes) == 10
    ravi.click("button:has-text('Log out')")
    ravi.wait_for_url(base + "/console/login")

    clock.advance(30)  # the code used to enrol is spent; the app shows the next one
    ravi.fill("input[name=username]", "ravi")
    ravi.fill("input[name=password]", PASSWORD)
    ravi.click("button[type=submit]")
    ravi.wait_for_url(base + "/console/login/code")
    ravi.fill("input[name=code]", "123456" if pyotp.TOTP(secret).at(clock.now()) != "123456" else "654321")
    ravi.click("button[type=submit]")
    assert "not right" in ravi.inner_text(".flash")
    ravi.fill("input[name=code]", pyotp.TOTP(secret).at(clock.now()))
    ravi.click("button[type=submit]")
    ravi.wait_for_url(base + "/console/")
    ravi.wait_for_selector("#queue")
    with engine.Session() as s:
        done = list(s.scalars(select(AuditEvent.action).where(AuditEvent.action.like("login_code%"))))
    assert done == ["login_code_failed", "login_code_ok"]
    assert violations == []  # the QR code is inline SVG with no style: the console's CSP holds


def test_a_sextortion_case_is_hidden_from_an_officer_who_does_not_hold_it(live, browser, clock, engine):
    base, app = live
    resident = Resident(app.test_client(), clock, base)
    for text in ("someone is blackmailing me with my private video, asking for money", "skip", "skip", "skip",
                 "skip", "OFFICER"):
        resident.send(text)
    with engine.Session() as s:
        case_id = s.scalar(select(Case.id))
    meena, ravi = log_in(browser, base, "meena"), log_in(browser, base, "ravi")
    meena.wait_for_selector(f"#queue a[href='/console/cases/{case_id}']", timeout=10_000)
    ravi.wait_for_selector("#queue >> text=No open cases.", timeout=10_000)
    ravi.goto(f"{base}/console/cases/{case_id}")
    assert "kept to a few officers" in ravi.inner_text("#refused")
    assert "blackmail" not in ravi.content()
    with engine.Session() as s:
        refused = s.scalars(select(AuditEvent).where(AuditEvent.action == "need_to_know_refused")).all()
    assert [r.case_id for r in refused] == [case_id]


def test_the_figures_page_and_the_audit_log(live, browser, clock, engine):
    base, app = live
    report_golden_hour(Resident(app.test_client(), clock, base))
    other = Resident(app.test_client(), clock, base)
    other.number = "+919800000042"
    other.send("I want to talk to an officer")
    meena = log_in(browser, base, "meena")
    violations = watch_csp(meena)
    meena.wait_for_selector("#queue tr.urgent", timeout=10_000)
    meena.click("#queue tr.urgent a")
    meena.click("#claim")
    meena.wait_for_selector("#reply-text")
    clock.advance(60)
    meena.fill("#reply-text", "SI Meena here. I am asking SBI to hold the money now.")
    meena.click("#send")
    meena.wait_for_selector("#thread >> text=asking SBI to hold")

    meena.click("header a[href='/console/figures']")
    meena.wait_for_selector("#fig-per-day svg.chart")
    assert meena.inner_text("#total-cases") == "2"
    assert len(meena.query_selector_all("svg.chart")) >= 8
    rows = meena.query_selector_all("#fig-per-category tbody tr")
    assert sum(int(r.query_selector_all("td")[1].inner_text()) for r in rows) == 2
    assert "IST" in meena.inner_text("h1")
    urgent = meena.query_selector_all("#response-table tr[data-priority=urgent] td")
    claimed_in_time = urgent[4].inner_text()  # claimed 2.5 minutes after the first message: past the 2-minute SLA
    assert claimed_in_time == "0.0% (0 of 1)" and urgent[6].inner_text() == "100.0% (1 of 1)"
    with meena.expect_download() as download:
        meena.click("#figures-csv")
    assert "cases per category" in Path(download.value.path()).read_text(encoding="utf-8")
    shot(meena, "figures.png")

    meena.click("header >> text=Audit log")
    meena.select_option("select[name=action]", "claimed")
    meena.click("#audit-filters button[type=submit]")
    meena.wait_for_url("**/console/audit?**action=claimed**")
    rows = meena.query_selector_all("#audit-rows tbody tr")
    assert len(rows) == 1 and "SI Meena" in rows[0].inner_text()
    meena.goto(base + "/console/audit")
    assert "{'" not in meena.inner_text("#audit-rows")
    shot(meena, "audit-log.png")
    assert violations == []  # charts drawn with SVG attributes only: no inline style under the CSP
    ravi = log_in(browser, base, "ravi")
    assert ravi.query_selector("header a[href='/console/figures']") is None
    assert ravi.goto(base + "/console/figures").status == 403
