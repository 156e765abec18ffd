"""The bank freeze request as a nodal officer reads it, over the console (Flask test client, SQLite and
PostgreSQL): a UPI id's bank is found from its handle and addressed (officer stranger, session 11: money to
scammer@okaxis went to the victim's bank only), and the case's police station signs it, not always the unit."""
from __future__ import annotations

import dataclasses
from datetime import timezone

from flask import Flask
from sqlalchemy import update

from bot import console
from bot.cases import officers
from bot.config import Station
from bot.conversation.engine import Engine
from bot.store.models.cases import Case
from conftest import NOW
from test_casefile import PASSWORD, logged_in, money_report

ANSWERS = ["2 lakh was debited from my account just now", "sbi", "4471", "412345678901", "{upi}", "1",
           "Sunita Devi", "South", "same", "1", "31015230012345", "skip"]


def letter(engine, upi: str, station: str | None = None, officer_stations: tuple[str, ...] = ()) -> str:
    _, case_id, _ = money_report(engine, answers=[a.format(upi=upi) for a in ANSWERS])
    if station:
        with engine.Session.begin() as s:
            s.execute(update(Case).where(Case.id == case_id).values(station=station))
    app = Flask(__name__)
    app.secret_key = "test-secret-key-" + "x" * 16
    console.init_app(app, engine, clock=lambda: NOW.astimezone(timezone.utc))
    with engine.Session.begin() as s:
        meena = officers.add(s, "meena", "SI Meena", PASSWORD, "supervisor", NOW)
        if officer_stations:
            from bot.cases import stations
            stations.set_stations(s, meena, officer_stations, engine.config, NOW)
    return logged_in(app).get(f"/console/cases/{case_id}/freeze?download=1").get_data(as_text=True)


def test_money_sent_to_a_upi_id_addresses_the_bank_behind_its_handle(engine):
    text = letter(engine, "paisa scammer@okaxis pe gaya")
    assert "To the Nodal Officer (cyber fraud), Axis Bank / State Bank of India," in text  # payee's, victim's
    assert "1. UPI id: scammer@okaxis (Axis Bank)" in text
    assert "SI Meena, District Cyber Cell" in text  # no station: the unit signs


def test_phonepe_handle_is_yes_bank_and_a_station_case_is_signed_by_the_station(engine, tmp_path):
    park = Station.model_validate({"id": "park_street", "name": {"en": "Park Street Police Station"}},
                                  context={"languages": ["en"]})
    (tmp_path / "jurisdictions.yaml").write_text('park_street:\n  pins: ["700016"]\n', encoding="utf-8")
    config = engine.config.model_copy(update={"stations": [park],
                                              "jurisdictions_file": str(tmp_path / "jurisdictions.yaml")})
    text = letter(Engine(dataclasses.replace(engine.res, config=config), engine.Session),
                  "upi fraudster@ybl", station="park_street", officer_stations=("park_street",))
    # signed by the station its signer is at (session 19: a unit supervisor of no station signs as the unit,
    # tests/test_stations_s19.py; before, any signer signed as the case's station)
    assert "1. UPI id: fraudster@ybl (Yes Bank)" in text and "Yes Bank / State Bank of India," in text
    assert "SI Meena, Park Street Police Station" in text and "SI Meena, District Cyber Cell" not in text
