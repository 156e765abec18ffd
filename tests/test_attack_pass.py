"""A seeded, bounded attack pass over every route (s9-edge): each URL rule the app serves, GET and POST, logged
out and logged in as a supervisor (with a valid CSRF token, so the handlers themselves are reached), with hostile
values in every query and form field and in every path part; Telegram updates and web-chat JSON with each field
swapped for a value of another type. Nothing may answer 500. Deterministic (one seed), in-process (no network)."""
from __future__ import annotations

import copy
import json
import random
import re
from datetime import timezone

from bot.cases import officers
from conftest import NOW
from fakes import WEBHOOK_SECRET, Updates
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)
from test_console import PASSWORD, token

HOSTILE = ["", "\x00", "a\x00b", "\ufffd", "-1", "0", "1", "2147483648", str(10**30), "1e308", "nan",
           "NaN", "-0", "0x10", "true", "null", "[]", "{}", "<script>alert(1)</script>", "\"'><img src=x onerror=1>",
           "'; DROP TABLE cases; --", "../../etc/passwd", "%00", "%ff", "x" * 5000, "١٢٣", "२०२६-११-३०",
           "2026-02-30", "9999-12-31", "0000-00-00", "2026-11-30T25:61", " ", "\n", "💥" * 100, "\u202e"]
TYPES = [None, True, 0, -1, 2**70, 1.5, "", "x" * 5000, [], {}, [1, [2, [3]]], {"a": {"b": {}}}, "\x00"]


def fill(rule: str, rng: random.Random) -> str:
    """A path for ``rule`` with each ``<...>`` part replaced by a hostile value."""
    def part(match) -> str:
        if match.group(1).startswith("int"):
            return rng.choice(["1", "0", "2", "2147483647", "99999"])
        return rng.choice(["1", "x", "%00", "a" * 300, "..", "%2e%2e", "CS-1", "💥"])
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: part(m) if m.group(1) else rng.choice(["1", "x", "%00", "a" * 300]),
                  rule).replace("<", "").replace(">", "")


def params(rng: random.Random, names: list[str]) -> dict[str, str]:
    return {name: rng.choice(HOSTILE) for name in names}


FIELDS = ["q", "page", "status", "priority", "district", "station", "category", "from", "to", "day", "days", "since",
          "until", "sort", "order", "kind", "value", "format", "text", "note", "outcome", "officer", "to_officer",
          "reference", "phone", "id", "language", "after", "before", "limit", "next", "code", "username", "password",
          "name", "role", "reason", "amount", "bank", "utr", "case", "cases", "topic", "hours", "minutes"]


def no_500(response, label: str) -> int:
    status = response.status_code
    response.close()
    assert status < 500 or status == 503, f"{label}: HTTP {status}"
    return status


def test_every_route_with_hostile_parameters_never_answers_500(make_app, engine):
    app = make_app()
    with engine.Session.begin() as s:
        officers.add(s, "meena", "SI Meena", PASSWORD, "supervisor", NOW.astimezone(timezone.utc))
    client = app.test_client()
    assert client.post("/console/login", data={"username": "meena", "password": PASSWORD,
                                               "csrf_token": token(client)}).status_code == 302
    csrf = token(client, "/console/")
    stranger = app.test_client()
    rng = random.Random(20261130)
    skip = ("/console/logout", "/webhooks/", "/static", "/chat/")
    rules = sorted((r for r in app.url_map.iter_rules() if not r.rule.startswith(skip)), key=lambda r: r.rule)
    sent = 0
    for rule in rules:
        for _ in range(3):
            path = fill(rule.rule, rng)
            fields = params(rng, rng.sample(FIELDS, 6))
            if "GET" in rule.methods:
                no_500(client.get(path, query_string=fields), f"GET {path[:60]} {fields}")
                no_500(stranger.get(path, query_string=fields), f"GET {path[:60]} logged out")
                sent += 2
            if "POST" in rule.methods:
                no_500(client.post(path, data={**fields, "csrf_token": csrf}), f"POST {path[:60]} {fields}")
                no_500(client.post(path, data=fields), f"POST {path[:60]} without CSRF")
                sent += 2
    assert sent > 150


def mutations(value, rng: random.Random, path=()):
    """Every leaf path of a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from mutations(item, rng, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from mutations(item, rng, path + (index,))
    yield path


def swapped(value, path, new):
    value = copy.deepcopy(value)
    if not path:
        return new
    target = value
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return value


def test_telegram_updates_with_each_field_of_another_type_never_answer_500(make_app, engine):
    client = make_app().test_client()
    rng = random.Random(7)
    updates = Updates()
    samples = [updates.text("paise kat gaye"), updates.photo(caption="proof"), updates.contact(),
               updates.callback("1"), updates.document(), updates.group_text("hi")]
    sent = 0
    for sample in samples:
        for path in mutations(sample, rng):
            for new in rng.sample(TYPES, 3):
                body = swapped(sample, path, new)
                if isinstance(body, dict) and "update_id" in body and path != ("update_id",):
                    body["update_id"] = rng.randrange(10**6, 10**9)
                response = client.post("/webhooks/telegram", data=json.dumps(body), content_type="application/json",
                                       headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
                no_500(response, f"telegram {path} -> {str(new)[:30]}")
                sent += 1
    assert sent > 100


def test_web_chat_json_of_every_shape_never_answers_500(make_app, engine):
    client = make_app().test_client()
    html = client.get("/").get_data(as_text=True)
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    rng = random.Random(11)
    for i in range(60):
        body = {"text": rng.choice(TYPES + HOSTILE), "id": rng.choice(TYPES + HOSTILE + [f"msg-{i:08d}"])}
        if rng.random() < 0.3:
            body[rng.choice(["lang", "language", "file", "choices"])] = rng.choice(TYPES)
        no_500(client.post("/chat/send", data=json.dumps(body), content_type="application/json",
                           headers={"X-CSRF-Token": csrf}), f"chat/send {str(body)[:80]}")
        no_500(client.post("/chat/send", data=json.dumps(body).encode()[: rng.randrange(1, 40)],
                           content_type="application/json", headers={"X-CSRF-Token": csrf}), "chat/send cut JSON")
    for raw in (b"\xff\xfe", b"\x00" * 10, "{\"text\": \"\\ud800\"}".encode(), b"[" * 5000 + b"]" * 5000):
        no_500(client.post("/chat/send", data=raw, content_type="application/json", headers={"X-CSRF-Token": csrf}),
               f"chat/send raw {raw[:10]!r}")
    for path in ("/chat/poll", "/chat/history"):
        no_500(client.get(path, query_string={"after": "\x00", "limit": str(10**30)}), path)


def test_markup_from_a_resident_is_shown_as_text_on_every_console_page_of_their_case(make_app, engine, clock):
    from sqlalchemy import select

    from bot.store.models.cases import Case
    from test_whatsapp import WhatsAppResident

    app = make_app()
    attack = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    resident = WhatsAppResident(app.test_client(), clock, name=f"Ravi{attack}")
    resident.send(f"abhi 5000 rupaye kat gaye UPI se {attack}")
    with engine.Session.begin() as s:
        officers.add(s, "meena", "SI Meena", PASSWORD, "supervisor", NOW.astimezone(timezone.utc))
        case_id = s.scalar(select(Case.id))
    assert case_id is not None
    client = app.test_client()
    assert client.post("/console/login", data={"username": "meena", "password": PASSWORD,
                                               "csrf_token": token(client)}).status_code == 302
    for path in ("/console/", f"/console/cases/{case_id}", f"/console/cases/{case_id}/freeze",
                 f"/console/cases/{case_id}/ncrp", "/console/search?q=Ravi"):
        response = client.get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert "<script>alert" not in page and "<img src=x" not in page, path  # escaped, never markup
    messages = client.get(f"/console/cases/{case_id}/messages.json")
    assert messages.status_code == 200 and messages.mimetype == "application/json"


def test_signatures_replayed_elsewhere_or_oversized_are_refused(make_app, engine, clock):
    from fakes import PUBLIC, twilio_signature
    from test_whatsapp import WhatsAppResident, count

    from bot.store.models.residents import Message

    client = make_app().test_client()
    form = WhatsAppResident(client, clock).form("paise kat gaye")
    for_status = twilio_signature(PUBLIC + "/webhooks/whatsapp/status", form)  # Twilio's, for another route
    assert client.post("/webhooks/whatsapp", data=form, headers={"X-Twilio-Signature": for_status}).status_code == 403
    signed = twilio_signature(PUBLIC + "/webhooks/whatsapp", form)
    assert client.post("/webhooks/whatsapp?outbox=1", data=form,  # a query added to a signed request
                       headers={"X-Twilio-Signature": signed}).status_code == 403
    for header in ("x" * 100_000, "\x00", "=" * 10, signed + "\x00"):
        assert no_500(client.post("/webhooks/whatsapp", data=form, headers={"X-Twilio-Signature": header}),
                      f"signature {header[:10]!r}") in (400, 403, 431)
    assert count(engine, Message) == 0
    assert client.post("/webhooks/whatsapp", data=form, headers={"X-Twilio-Signature": signed}).status_code == 200
    assert client.post("/webhooks/whatsapp", data=form, headers={"X-Twilio-Signature": signed}).status_code == 200
    assert count(engine, Message, Message.direction == "in") == 1  # the replay is the same message, handled once


def test_a_date_at_the_calendars_edge_is_no_time_and_no_500(engine, clock):
    """An attacker's trial (session 10): "9999-12-31" sent to the web chat answered 500 (the day after it does not
    exist). It is read as no time at all; the resident gets an answer, and a money loss told with it stays a report."""
    from bot.messages import Inbound

    for number, text in enumerate(["9999-12-31", "0001-01-01 10 am", "mere 5000 kat gaye 31/12/9999 ko"]):
        outcome = engine.handle(Inbound(channel="local", sender=f"edge-{number}", text=text,
                                        provider_id=f"edge-{number}", received_at=clock.now()))
        assert outcome.replies, text
    assert "1930" in outcome.replies[0].text
