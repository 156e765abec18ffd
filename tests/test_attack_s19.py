"""Session 19, an attacker's trial (/work/lead/found-attacker.md): faults made for real.

- F1: a gunicorn worker SIGKILLed after the WhatsApp turn committed but before its TwiML response left: the answer
  was marked "replied" and never sent. Now it waits as IN_RESPONSE and the sweep sends it through the outbox, once.
"""
from __future__ import annotations

import time
import uuid

import pytest
import requests
from sqlalchemy import func, select

from bot.store.db import make_engine
from bot.store.models.operations import Outbox
from bot.store.models.residents import Evidence, Message
from fakes import ACCOUNT_SID, WHATSAPP_FROM, twilio_signature
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)
from served import ROOT, Served
from test_console import app, login, report_with_screenshot  # noqa: F401 (fixture)

pytestmark = pytest.mark.xdist_group("served_under_load")

# imported by gunicorn instead of webhook:app: the worker kills itself (SIGKILL, as the trial's `kill -9`) at the one
# instant the trial hit by chance, once the flag file exists: the turn committed, the TwiML not yet written
KILLING_APP = '''
import os, signal
from pathlib import Path
from bot.channels import whatsapp
from webhook import app  # noqa: F401

FLAG = Path(os.environ["KILL_FLAG"])
_twiml = whatsapp.twiml


def twiml(outcome):
    if outcome.replies and FLAG.exists():
        FLAG.unlink()
        os.kill(os.getpid(), signal.SIGKILL)
    return _twiml(outcome)


whatsapp.twiml = twiml
'''


def _post(served: Served, number: str, body: str):
    path = "/webhooks/whatsapp"
    sid = f"SM{uuid.uuid4().hex}"
    form = {"MessageSid": sid, "SmsMessageSid": sid, "AccountSid": ACCOUNT_SID, "From": f"whatsapp:{number}",
            "To": WHATSAPP_FROM, "Body": body, "NumMedia": "0", "ProfileName": "Kill"}
    return requests.post(served.url + path, data=form, timeout=30,
                         headers={"X-Twilio-Signature": twilio_signature(served.url + path, form)})


def test_an_answer_whose_worker_died_before_the_response_is_sent_once_through_the_outbox(tmp_path, twilio_fake):
    (tmp_path / "killing_app.py").write_text(KILLING_APP)
    flag = tmp_path / "kill-next"
    served = Served(tmp_path, None, workers=1, scheduler=True, app="killing_app:app", poll_seconds=1,
                    orphan_after_seconds=3,
                    env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "KILL_FLAG": str(flag),
                         "TWILIO_API_BASE_URL": twilio_fake.url, "TWILIO_MEDIA_BASE_URL": twilio_fake.url})
    db = make_engine(f"sqlite:///{tmp_path / 'data' / 'helpline.sqlite3'}")
    try:
        served.wait_for(lambda: "channel whatsapp: on" in served.log(), 120, "the worker to start")
        served.wait_for(lambda: "scheduler: draining the outbox" in served.log("scheduler"), 120, "the scheduler")
        answered = _post(served, "+919811100001", "hello")  # the usual way: in the response, and only there
        assert answered.status_code == 200 and "<Message>" in answered.text
        worker = served.workers()
        flag.write_text("now")
        with pytest.raises(requests.RequestException):  # the worker died with the answer in hand
            _post(served, "+919811100002", "mere account se abhi 15000 kat gaye")
        assert not flag.exists()
        served.wait_for(lambda: served.workers() and served.workers() != worker, 60, "gunicorn to start a new worker")

        def sent_to(number):
            return [m for m in twilio_fake.created if m.get("To") == f"whatsapp:{number}"]

        served.wait_for(lambda: sent_to("+919811100002"), 60, "the lost answer sent through the outbox", poll=0.5)
        time.sleep(6)  # two more sweeps: nothing sent again, and nothing for the answer that left in its response
        lost = sent_to("+919811100002")
        assert len(lost) == 1 and "1930" in lost[0]["Body"]
        assert sent_to("+919811100001") == []
        with db.connect() as conn:
            statuses = set(conn.scalars(select(Message.status).where(Message.direction == "out",
                                                                     Message.author == "bot")))
            rows = conn.scalar(select(Outbox.id).where(Outbox.recipient == "whatsapp:+919811100001").limit(1))
        assert statuses == {"replied"} and rows is None
    finally:
        served.stop()
        db.dispose()


# -- F13: a password typed into the user-name field was kept in clear in login_counters ------------------------------
def test_a_password_typed_as_the_user_name_is_never_stored(app, engine):
    from bot.store.models.officers import LoginCounter

    client = app.test_client()
    typed = "Sunita1962@Home"
    answer = login(client, username=typed, password="x")
    assert answer.status_code in (200, 401)
    with engine.Session() as s:
        keys = list(s.scalars(select(LoginCounter.key)))
    assert keys and not any(typed.lower() in key or typed in key for key in keys)
    for _ in range(6):  # still counted per name: the sixth wrong try for one name is refused
        answer = login(client, username=typed, password="x")
    assert answer.status_code == 429


# -- F7: evidence (screenshots, sextortion images) is served no-store -------------------------------------------------
def test_evidence_is_never_kept_in_the_browsers_cache(app, engine):
    report_with_screenshot(engine)
    client = app.test_client()
    login(client)
    with engine.Session() as s:
        evidence_id = s.scalars(select(Evidence.id)).first()
    image = client.get(f"/console/evidence/{evidence_id}")
    assert image.status_code == 200 and "no-store" in image.headers["Cache-Control"]


# -- F3: one web client opened 100 urgent cases in 4 s, each new cookie a new resident --------------------------------
def test_one_address_opens_only_so_many_new_web_chats_then_is_told_1930_and_112(make_app, engine):
    from bot.store.models.cases import Case
    from test_web import Browser

    app = make_app(DATABASE_URL=None)
    limit = app.extensions["cyber_sahayak"].config.web_chat_new_per_address
    answers = [Browser(app.test_client()).send("mere account se abhi 5000 kat gaye") for _ in range(limit + 5)]
    assert [a.status_code for a in answers].count(200) == limit
    refused = answers[-1]
    assert refused.status_code == 429 and "1930" in refused.json["replies"][0]["text"]
    assert "112" in refused.json["replies"][0]["text"]
    with engine.Session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) <= limit
    first = Browser(app.test_client())
    assert first.client.post("/chat/send", json={"text": "hello", "id": "other-000001"},
                             headers={"X-CSRF-Token": first.csrf},
                             environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200  # another address
    kept = answers[0]  # a browser that started before the limit goes on writing
    assert kept.status_code == 200


# -- F4: an empty MessageSid turned the duplicate check off; an over-long one was cut in the stored key -------------
@pytest.mark.parametrize("sid", ["", "SM" + "a" * 5000, "SM<x>"])
def test_a_whatsapp_message_without_a_proper_sid_is_refused_and_nothing_stored(make_app, engine, sid):
    from test_whatsapp import signed_post

    client = make_app().test_client()
    form = {"MessageSid": sid, "AccountSid": ACCOUNT_SID, "From": "whatsapp:+919811100007", "To": WHATSAPP_FROM,
            "Body": "mere account se abhi 5000 kat gaye", "NumMedia": "0"}
    assert signed_post(client, form).status_code == 400
    with engine.Session() as s:
        assert s.scalar(select(func.count()).select_from(Message)) == 0


# -- F5: a form-encoded body on /chat/send was stored as an empty message -------------------------------------------
def test_a_form_encoded_or_plain_body_on_the_chat_is_refused_not_taken_as_an_empty_message(make_app, engine):
    from test_web import Browser

    browser = Browser(make_app(DATABASE_URL=None).test_client())
    form = browser.client.post("/chat/send", data={f"f{n}": "x" for n in range(1000)},
                               headers={"X-CSRF-Token": browser.csrf})
    plain = browser.client.post("/chat/send", data="hello", content_type="text/plain",
                                headers={"X-CSRF-Token": browser.csrf})
    assert (form.status_code, plain.status_code) == (415, 415)
    with engine.Session() as s:
        assert s.scalar(select(func.count()).select_from(Message)) == 0
    assert browser.send("hello").status_code == 200  # the page's own JSON still goes


# -- F14: the web chat kept the whole story on a shared device for 7 days, with no way to end it ----------------------
def test_the_web_chat_can_be_ended_on_this_device(make_app, engine):
    from test_web import Browser

    browser = Browser(make_app(DATABASE_URL=None).test_client())
    assert "End this chat on this device" in browser.page and 'action="/chat/end"' in browser.page
    assert browser.send("someone took 5000 from my account").status_code == 200
    assert browser.client.post("/chat/end", data={"csrf_token": "wrong"}).status_code == 403
    ended = browser.client.post("/chat/end", data={"csrf_token": browser.csrf})
    assert ended.status_code == 303 and "cs_chat=;" in ended.headers["Set-Cookie"]
    assert browser.client.get("/chat/history", headers={"X-CSRF-Token": browser.csrf}).status_code == 403
    with engine.Session() as s:  # the helpline keeps the conversation
        assert s.scalar(select(func.count()).select_from(Message).where(Message.direction == "in")) == 1
