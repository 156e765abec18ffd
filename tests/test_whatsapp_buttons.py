"""WhatsApp: tap instead of type. Menus and choice questions go out as quick-reply buttons or list pickers
made with Twilio's Content API (the real twilio SDK against the local fake), in the resident's language;
the tapped reply (ButtonPayload / ListId in a signed webhook) continues the conversation like the digit."""
from __future__ import annotations

import json
from dataclasses import replace

from bot.channels import interactive
from fakes import PUBLIC, clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)
from test_whatsapp import WhatsAppResident, bodies, signed_post


def sync(app, clock, found=None):
    rt = app.extensions["cyber_sahayak"]
    with rt.engine.Session.begin() as session:
        return interactive.sync(session, rt.twilio_client(), found or interactive.current_plan(rt), clock.now())


def tap(resident, text="", **tapped):
    """The resident taps (or types): the signed webhook, its response closed so the outbox is sent (WSGI)."""
    resident.clock.advance(30)
    response = signed_post(resident.client, resident.form(text, **tapped))
    assert response.status_code == 200, response.data
    response.close()
    return bodies(response)


def last_content(twilio_fake):
    sent = twilio_fake.created[-1]
    kind, definition = twilio_fake.content_of(sent["ContentSid"])
    return kind, definition, json.loads(sent["ContentVariables"])["1"], sent


def test_sync_creates_each_question_once_per_language_and_refreshes_changed_texts(make_app, clock, twilio_fake):
    app = make_app()
    report = sync(app, clock)
    found = interactive.current_plan(app.extensions["cyber_sahayak"])
    assert len(report.created) == len(found.specs) == len(twilio_fake.contents) >= 20
    for sid in twilio_fake.contents:
        kind, definition = twilio_fake.content_of(sid)
        if kind == "twilio/quick-reply":
            assert len(definition["actions"]) <= 3 and all(len(a["title"]) <= 20 for a in definition["actions"])
        else:
            assert kind == "twilio/list-picker"
            assert len(definition["items"]) <= 10 and all(len(i["item"]) <= 24 for i in definition["items"])
    again = sync(app, clock)
    assert again.created == [] and again.refreshed == [] and again.unchanged == len(found.specs)
    old = found.specs[("yesno", "en")]
    changed = replace(found, specs={**found.specs, ("yesno", "en"): replace(old, labels=("Yes, please", "No"))})
    before = set(twilio_fake.contents)
    report = sync(app, clock, changed)
    assert report.refreshed == ["yesno (en)"] and len(twilio_fake.deleted_contents) == 1
    assert twilio_fake.deleted_contents[0] in before and len(twilio_fake.contents) == len(before)


def test_the_hindi_menu_is_a_list_picker_and_a_tap_continues_the_report(make_app, engine, clock, twilio_fake):
    app = make_app()
    sync(app, clock)
    resident = WhatsAppResident(app.test_client(), clock)
    assert tap(resident, "नमस्ते") == []  # nothing in TwiML: the answer travels with its list, through the outbox
    kind, definition, body, sent = last_content(twilio_fake)
    assert kind == "twilio/list-picker" and definition["button"] == "चुनें"
    assert [item["item"] for item in definition["items"]] == [
        "पैसों की धोखाधड़ी", "दूसरा साइबर अपराध", "नंबर या लिंक जाँचें", "सुरक्षा सलाह", "शिकायत की स्थिति",
        "अधिकारी से बात करें"]
    assert [item["id"] for item in definition["items"]] == ["1", "2", "3", "4", "5", "6"]
    assert body.startswith("नमस्ते") and "1. पैसों की धोखाधड़ी की शिकायत" in body  # one message: welcome and menu
    assert sent["To"] == "whatsapp:+919812345678" and "Body" not in sent
    replies = tap(resident, "पैसों की धोखाधड़ी", ListId="1", ListTitle="पैसों की धोखाधड़ी")
    assert any("पैसे आपके खाते से कब कटे" in reply for reply in replies)  # read exactly as the digit 1


def test_the_language_question_is_a_list_of_four_and_the_tap_switches_to_hindi(make_app, clock, twilio_fake):
    app = make_app()
    sync(app, clock)
    resident = WhatsAppResident(app.test_client(), clock, number="+919811111111")
    tap(resident, "hi")
    kind, definition, body, _ = last_content(twilio_fake)
    # four languages offered (session 14): more than WhatsApp's three quick-reply buttons, so a list to pick from
    assert kind == "twilio/list-picker"
    assert [(i["item"], i["id"]) for i in definition["items"]] == [("English", "1"), ("हिंदी", "2"), ("বাংলা", "3"),
                                                                  ("اردو", "4")]
    assert "Please choose your language" in body
    tap(resident, "हिंदी", ButtonPayload="2", ButtonText="हिंदी")
    kind, definition, body, _ = last_content(twilio_fake)
    assert kind == "twilio/list-picker" and definition["items"][0]["item"] == "पैसों की धोखाधड़ी"
    assert "भाषा हिंदी चुनी गई" in body


def test_the_action_comes_first_in_an_answer_with_a_list(make_app, clock, twilio_fake):
    app = make_app()
    sync(app, clock)
    resident = WhatsAppResident(app.test_client(), clock, number="+919822222222")
    tap(resident, "a man is threatening to kill me")
    texts = [m.get("Body") or json.loads(m["ContentVariables"])["1"] for m in twilio_fake.created]
    assert "112" in texts[0].split("\n")[0]  # the danger line opens the first message
    kind, definition, _body, _ = last_content(twilio_fake)
    # a threat to life is the report's kind ("threats", s8-danger): "What is happening?" is not asked; the list is the
    # next question's, where it is happening
    assert kind == "twilio/list-picker" and definition["items"][0]["item"] == "WhatsApp"
    assert len(definition["items"][0]["description"]) <= 72
    sent_before = len(twilio_fake.created)
    replies = tap(resident, "WhatsApp", ListId="1", ListTitle="WhatsApp")
    following = replies + [json.loads(m["ContentVariables"])["1"] if "ContentVariables" in m else m["Body"]
                           for m in twilio_fake.created[sent_before:]]
    assert following and not any("What is happening?" in text for text in following)  # the report goes on


def test_typing_the_digit_still_works_and_unsynced_or_switched_off_means_numbered_text(make_app, engine, clock,
                                                                                       twilio_fake, resources):
    app = make_app()  # no sync-content yet: numbered text in TwiML, as before
    resident = WhatsAppResident(app.test_client(), clock, number="+919833333334")
    replies = tap(resident, "नमस्ते")
    assert len(replies) == 1 and "1. पैसों की धोखाधड़ी की शिकायत" in replies[0] and not twilio_fake.created
    off = resources.config.model_copy(update={"whatsapp": resources.config.whatsapp.model_copy(
        update={"interactive": False})})
    app = make_app(config=off)
    sync(app, clock)
    resident = WhatsAppResident(app.test_client(), clock, number="+919833333335")
    replies = tap(resident, "नमस्ते")
    assert "1. पैसों की धोखाधड़ी की शिकायत" in replies[0] and not twilio_fake.messages
    replies = tap(resident, "1")  # typed
    assert any("पैसे आपके खाते से कब कटे" in reply for reply in replies)


def test_a_tap_is_read_as_its_digit_not_as_its_label(make_app):
    from bot.channels.whatsapp import parse_form

    rt = make_app().extensions["cyber_sahayak"]
    base = {"From": "whatsapp:+919812345678", "MessageSid": "SM" + "1" * 32}
    assert parse_form(rt, {**base, "Body": "शिकायत की स्थिति", "ListId": "5", "ListTitle": "शिकायत की स्थिति"}).text == "5"
    assert parse_form(rt, {**base, "Body": "No", "ButtonPayload": "2", "ButtonText": "No"}).text == "2"
    assert parse_form(rt, {**base, "Body": "2"}).text == "2"  # typed


def test_a_message_answered_later_gets_its_buttons_too(make_app, clock, twilio_fake):
    """A message whose worker died after storing it is answered by the orphan sweep (issue 12): one message,
    with its list picker, and a redelivery of it is not answered again."""
    from bot.channels import recovery
    from bot.conversation.engine import ORPHAN_AFTER
    from bot.messages import Inbound

    app = make_app()
    sync(app, clock)
    rt = app.extensions["cyber_sahayak"]
    resident = WhatsAppResident(app.test_client(), clock, number="+919822222222")
    form = resident.form("नमस्ते")
    rt.engine._store_inbound(Inbound(channel="whatsapp", sender=resident.number, text="नमस्ते", phone=resident.number,
                                     provider_id=resident.key(form), received_at=clock.now()))
    clock.advance(ORPHAN_AFTER.total_seconds() + 1)
    assert recovery.sweep_orphans(rt.engine, clock.now()) == 1
    rt.drain()
    to_resident = [m for m in twilio_fake.created if m["To"] == f"whatsapp:{resident.number}"]
    assert len(to_resident) == 1 and "Body" not in to_resident[0]  # one message: the answer and its list
    kind, definition, body, _ = last_content(twilio_fake)
    assert kind == "twilio/list-picker" and definition["button"] == "चुनें"
    assert body.startswith("नमस्ते") and "1. पैसों की धोखाधड़ी की शिकायत" in body
    assert bodies(signed_post(resident.client, form)) == []  # Twilio redelivers it: answered already
