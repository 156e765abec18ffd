"""Session 17, a stranger's officers' trial (/work/lead/found-officer.md F1-F4), held with the real engine and the
console routes (Flask's test client): where the money went told at another question is kept; a remark is never the
beneficiary; the case page shows the first debit under its own label and each debit with its UTRs; the officer who
hands back an urgent case is not alerted of it on his own page (the other officers are)."""
from __future__ import annotations

import html

import pytest

from conftest import Resident
from test_console import app, token  # noqa: F401  (fixture)
from test_console import login as console_login


# -- F3: where the money went, told at the last-4 question; a remark at "where did the money go?" -----------------
@pytest.mark.parametrize("first, told, upi", [
    ("Fraud just now! 10000 debited from my SBI account by UPI", "It went to a UPI id fraudkumar@ybl", "fraudkumar@ybl"),
    ("abhi 5 minute pehle mere account se 12000 UPI se kat gaye, SBI", "UPI diye thagbaba@okaxis pe", "thagbaba@okaxis"),
])
def test_a_upi_id_told_at_the_last_digits_question_is_kept(engine, first, told, upi):
    resident = Resident(engine, sender="+919811170001", phone="+919811170001")
    out = resident.send(first)
    assert "4" in out.texts[-1]  # the last-4 question
    out = resident.send(told)
    assert upi in str((out.incident or {}).get("target")), out.incident


@pytest.mark.parametrize("remark", ["I have not called 1930 yet", "abhi tak 1930 pe call nahi kiya",
                                    "আমি এখনও ১৯৩০ এ ফোন করিনি", "میں نے ابھی 1930 پر کال نہیں کی",
                                    "haan bank ko bata diya"])
def test_a_remark_at_where_did_the_money_go_is_no_beneficiary(engine, remark):
    resident = Resident(engine, sender="+919811170002", phone="+919811170002")
    for text in ("7000 was debited from my account by UPI 10 minutes ago", "SBI", "skip", "skip"):
        out = resident.send(text)
    assert "Where did the money go?" in out.texts[-1]
    out = resident.send(remark)
    assert "description" not in str((out.incident or {}).get("target")), out.incident
    assert "name@ybl" in out.texts[-1]  # "Where did the money go?" asked once again (in the language written)


def test_a_second_remark_is_never_kept_as_the_beneficiary(engine):
    resident = Resident(engine, sender="+919811170004", phone="+919811170004")
    for text in ("7000 was debited from my account by UPI 10 minutes ago", "SBI", "skip", "skip",
                 "I have not called 1930 yet", "I will call 1930 after this"):
        out = resident.send(text)
    assert not (out.incident or {}).get("target"), out.incident


def test_a_description_is_still_kept(engine):
    resident = Resident(engine, sender="+919811170003", phone="+919811170003")
    for text in ("7000 was debited from my account by UPI 10 minutes ago", "SBI", "skip", "skip"):
        out = resident.send(text)
    out = resident.send("a man called Ramesh Traders on PhonePe")
    assert (out.incident or {}).get("target") == {"description": "a man called Ramesh Traders on PhonePe"}


# -- F2, F1: the case page's first debit, each debit with its own UTRs, the unplaced ones apart ----------------
def test_the_case_page_shows_the_first_debit_and_each_debits_utrs(engine, app):  # noqa: F811
    from bot.store.models.residents import Incident

    resident = Resident(engine, sender="+919811170010", phone="+919811170010")
    case_id = resident.send("pehle 10000 fir 10000 fir 5000 kat gaye abhi abhi, UPI se, SBI").case["id"]
    with engine.Session.begin() as s:
        incident = s.get(Incident, resident.last.case["incident_id"]) if "incident_id" in resident.last.case else \
            s.query(Incident).order_by(Incident.id.desc()).first()
        incident.amount, incident.fields = 10000, {**incident.fields, "amount": 10000, "amount_debits": None,
                                                   "utr": "412345678901, 412345678902, 412345678903",
                                                   "later_losses": [{"amount": 10000, "at": incident.fields.get("money_left_at"),
                                                                     "utrs": ["412345678902"]},
                                                                    {"amount": 5000, "at": incident.fields.get("money_left_at"),
                                                                     "utrs": ["412345678903"]}],
                                                   "utrs_unplaced": ["412345678904"]}
    client = app.test_client()
    console_login(client, "meena")
    page = html.unescape(client.get(f"/console/cases/{case_id}").get_data(as_text=True))
    assert "<dt>Amount lost (first debit)</dt><dd>₹10,000</dd>" in page
    assert "<dt>Total lost</dt><dd>₹25,000 in 3 debits</dd>" in page
    assert "UTR 412345678901 (" in page and "UTR 412345678902 (" in page and "UTR 412345678903 (" in page
    assert "<dt>UTR reported without a debit</dt><dd>412345678904</dd>" in page
    freeze = client.get(f"/console/cases/{case_id}/freeze?download=1").get_data(as_text=True)
    assert "UTR 412345678902 (" in freeze and "reported without a debit" in freeze and "412345678904" in freeze


# -- F4: the officer who hands back an urgent case is not alerted of it; the others are ----------------------------
def test_the_officer_handing_back_is_not_alerted_of_his_own_case(engine, app):  # noqa: F811
    from bot.cases import officers
    from conftest import NOW
    from test_console import PASSWORD

    with engine.Session.begin() as s:
        officers.add(s, "asha", "SI Asha", PASSWORD, "officer", NOW)
    resident = Resident(engine, sender="+919811170020", phone="+919811170020")
    case_id = resident.send("my 16000 went by UPI 2 minutes ago").case["id"]
    meena, asha = app.test_client(), app.test_client()
    console_login(meena, "meena")
    console_login(asha, "asha")
    page = f"/console/cases/{case_id}"
    meena.post(page + "/claim", data={"csrf_token": token(meena, page)})
    meena.post(page + "/handback", data={"csrf_token": token(meena, page)})
    mine, others = meena.get("/console/live.json").get_json(), asha.get("/console/live.json").get_json()
    key = next(k for k in mine["urgent"] if k.startswith(f"{case_id}#"))
    assert key in mine["quiet"]  # live.js: no banner, no tone for his own hand back
    assert key in others["urgent"] and key not in others["quiet"]
