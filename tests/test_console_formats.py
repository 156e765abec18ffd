"""The officers' console reads like India: ₹1,50,000 (1.5 lakh), times in IST, 1930 / 112 as tel: links."""
from __future__ import annotations

from conftest import Resident
from test_console import app, login  # noqa: F401 (fixture)


def test_case_page_shows_indian_amount_ist_time_and_tel_links(app, engine):
    resident = Resident(engine)
    resident.send("1.5 lakh was debited from my account just now")
    for answer in ("sbi", "skip", "skip", "skip"):
        out = resident.send(answer)
    client = app.test_client()
    login(client)
    page = client.get(f"/console/cases/{out.case['id']}").get_data(as_text=True)
    assert "₹1,50,000 (1.5 lakh)" in page
    assert " IST" in page  # when the money left, in the unit's time zone, labelled
    assert '<a class="tel" href="tel:1930">1930</a>' in page  # the bot's 1930 line in the conversation
    queue = client.get("/console/queue.json").get_json()
    assert queue["cases"][0]["amount_text"] == "₹1,50,000 (1.5 lakh)"
