"""/metrics after a short conversation shows the right counts; logs are JSON lines with ids and no number or text.

The conversation is a real signed WhatsApp exchange through the app (the ``make_app`` fixture, SQLite and
PostgreSQL); the figures are read back with prometheus-client's own parser.
"""
from __future__ import annotations

import io
import json
import logging
import threading
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.store import heartbeats
from bot import logs
from fakes import STRONG_TOKEN
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)
from test_whatsapp import GOLDEN_HOUR_ANSWERS, WhatsAppResident

TOKEN = STRONG_TOKEN


def scrape(client, token=TOKEN) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.data
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_after_a_short_conversation(make_app, engine, clock):
    client = make_app(METRICS_TOKEN=TOKEN).test_client()
    before = scrape(client)
    resident = WhatsAppResident(client, clock, number="+919811112222")
    replies_seen = 0
    sent = 0
    for text in ["mere account se abhi 15000 kat gaye", *GOLDEN_HOUR_ANSWERS]:
        replies_seen += len(resident.send(text))
        sent += 1
        if value(scrape(client), "cyber_sahayak_queue_depth", priority="urgent") == 1:
            break
    clock.advance(5 * 60)  # past the urgent SLA (2 minutes), still unclaimed
    heartbeats.beat(engine.Session, heartbeats.SCHEDULER, clock.now())
    after = scrape(client)

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("cyber_sahayak_messages_total", channel="whatsapp", direction="in") == sent
    from sqlalchemy import func, select

    from bot.store.models.residents import Message
    with engine.Session() as s:  # the bot's replies (WhatsApp joins one answer's replies into one message)
        replies = s.scalar(select(func.count()).select_from(Message).where(Message.direction == "out",
                                                                           Message.author == "bot"))
    assert replies >= replies_seen
    assert delta("cyber_sahayak_messages_total", channel="whatsapp", direction="out") == replies
    assert delta("cyber_sahayak_webhook_seconds_count", channel="whatsapp") >= sent
    assert value(after, "cyber_sahayak_queue_depth", priority="urgent") == 1
    assert value(after, "cyber_sahayak_queue_depth", priority="normal") == 0
    assert value(after, "cyber_sahayak_cases_past_sla", priority="urgent") == 1
    assert 5 * 60 <= value(after, "cyber_sahayak_oldest_unclaimed_urgent_seconds") < 60 * 60
    assert value(after, "cyber_sahayak_scheduler_last_tick_timestamp_seconds") == clock.now().timestamp()
    assert value(after, "cyber_sahayak_database_up") == 1
    assert ("cyber_sahayak_outbox_messages", (("state", "failed"),)) in after


def test_provider_errors_and_outbox_figures(make_app, engine, clock, telegram_fake):
    """A Telegram reply refused with 400 counts as a provider error with its code, and as a failed outbox row."""
    from fakes import Updates, WEBHOOK_SECRET

    app = make_app(METRICS_TOKEN=TOKEN)
    client = app.test_client()
    before = scrape(client)
    telegram_fake.plan = [400, 400, 400]
    response = client.post("/webhooks/telegram", json=Updates().text("/start"),
                           headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
    assert response.status_code == 200
    response.close()
    assert app.extensions["cyber_sahayak"].sends.wait_idle(30)  # the worker's sender thread has tried the send
    after = scrape(client)
    errors = value(after, "cyber_sahayak_provider_errors_total", channel="telegram", code="refused") - value(
        before, "cyber_sahayak_provider_errors_total", channel="telegram", code="refused")
    assert errors == 1  # the welcome's texts joined into one message (issue 16), refused once (a 400 is not retried)
    assert value(after, "cyber_sahayak_outbox_messages", state="failed") == 1


@pytest.mark.parametrize("headers,status", [({}, 401), ({"Authorization": "Bearer wrong"}, 401),
                                            ({"Authorization": TOKEN}, 401)])
def test_metrics_refuse_without_the_token(make_app, headers, status):
    client = make_app(METRICS_TOKEN=TOKEN).test_client()
    response = client.get("/metrics", headers=headers)
    assert response.status_code == status
    assert b"cyber_sahayak" not in response.data


def test_metrics_are_off_without_a_token_configured(make_app):
    client = make_app().test_client()
    response = client.get("/metrics", headers={"Authorization": "Bearer "})
    assert response.status_code == 404


def test_logs_are_json_with_ids_and_never_a_number_or_text(make_app, engine, clock):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter(logs.Scrubber({"TWILIO_AUTH_TOKEN": "test-auth-token-0123456789abcdef"})))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        client = make_app().test_client()
        resident = WhatsAppResident(client, clock, number="+919876501234", name="Kavita Sharma")
        secret_story = "my neighbour Ramesh took 4200 rupees via upi id kavita.s@okaxis call me on 9876501234"
        resident.send("hi")
        resident.send(secret_story)
        response = client.post("/webhooks/whatsapp", data=resident.form("forged"),
                               headers={"X-Twilio-Signature": "bad", "X-Request-Id": "proxy-req-12345678"})
        assert response.status_code == 403
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines, "nothing was logged"
    text = stream.getvalue()
    for needle in ("9876501234", "98765", "Kavita", "Ramesh", "4200", "okaxis", "neighbour", "test-auth-token"):
        assert needle not in text, needle
    handled = [line for line in lines if line["event"] == "message handled"]
    requests = [line for line in lines if line["event"] == "request"]
    assert len(handled) == 2 and all(line["conversation_id"] and line["message_id"] for line in handled)
    assert len(requests) == 3
    # The engine's line carries the id of the webhook request that brought the message.
    assert {line["request_id"] for line in handled} <= {line["request_id"] for line in requests}
    assert requests[-1]["request_id"] == "proxy-req-12345678" and requests[-1]["status"] == 403


def test_the_scrubber_masks_what_slips_through():
    scrub = logs.Scrubber({"TELEGRAM_BOT_TOKEN": "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef12"})
    line = scrub("POST https://api.telegram.org/bot123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef12/sendMessage to +919812345678 "
                 "db postgresql://app:hunter2pass@db/helpline 987654:ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ")
    assert "ABCDEFGH" not in line and "9812345678" not in line and "hunter2pass" not in line and "ZZZZ" not in line
    assert "5678" in line  # the last four digits stay, so a log line can still be matched to a case


def test_the_mail_password_and_a_stations_webhook_secret_never_reach_a_log():
    scrub = logs.Scrubber({"SMTP_PASSWORD": "mail-pass-0xC0FFEE", "TELEGRAM_WEBHOOK_SECRET__SALTLAKE": "salt-lake-s3cret",
                           "HOME": "/root"})
    line = scrub("smtp login failed with mail-pass-0xC0FFEE; telegram secret salt-lake-s3cret mismatch; home /root")
    assert "mail-pass" not in line and "salt-lake-s3cret" not in line and "/root" in line


def test_engine_logs_one_line_per_message_with_the_case(engine, clock):
    """Without Flask: the engine alone binds conversation and case ids."""
    from conftest import Resident

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    logger = logging.getLogger("bot.conversation.engine")
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.INFO)
    try:
        logs.clear()
        resident = Resident(engine, sender="+919800099999", phone="+919800099999")
        resident.send("mere account se abhi 15000 kat gaye")
        for answer in ("sbi", "4471", "412345678901", "fraud@ybl"):
            resident.send(answer, minutes=timedelta(seconds=30).total_seconds() / 60)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
        logs.clear()
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if '"message handled"' in line]
    assert len(lines) == 5
    assert lines[-1]["case_id"] == resident.last.case["id"]
    assert "99999" not in stream.getvalue() and "15000" not in stream.getvalue()


def test_gunicorn_workers_add_up_in_multiprocess_mode(tmp_path):
    """Real gunicorn, three workers, PROMETHEUS_MULTIPROC_DIR: whichever worker answers a scrape, the counts are
    the sum over all workers; the logs are JSON lines."""
    import os
    import re
    import subprocess
    import sys

    import requests

    from dbfaults import free_port
    from test_web import ROOT, _read_until

    config = tmp_path / "config.yaml"
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    config.write_text(re.sub(r'(?m)^data_dir: .*$', f'data_dir: "{tmp_path / "data"}"', text), encoding="utf-8")
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "TELEGRAM_", "DATABASE_URL",
                                                                         "SECRET_KEY", "PUBLIC_BASE_URL", "LOG_"))}
    environ.update(CYBER_SAHAYAK_CONFIG=str(config), PYTHONPATH=str(ROOT), METRICS_TOKEN=TOKEN,
                   PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"), WEB_CONCURRENCY="3", WEB_THREADS="1",
                   BIND=f"127.0.0.1:{port}")
    (tmp_path / "data").mkdir()
    subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], cwd=ROOT, env=environ, check=True,
                   capture_output=True, timeout=120)  # as the unit's ExecStartPre does: workers never race to migrate
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "webhook:app"], cwd=ROOT, env=environ,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    lines: list[str] = []
    try:
        lines.append(_read_until(process, "Booting worker"))
        reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)  # never a full pipe
        reader.start()
        sent = 0
        for n in range(6):  # six residents, each a new connection: spread over the workers
            with requests.Session() as browser:
                page = browser.get(f"{base}/", timeout=120)  # a worker builds the app on its first request
                csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
                for text in ("hi", "1"):
                    response = browser.post(f"{base}/chat/send", json={"text": text, "id": f"metrics-{n}-{text}"},
                                            headers={"X-CSRF-Token": csrf}, timeout=120)
                    assert response.status_code == 200, response.text
                    sent += 1
        counts = set()
        for _ in range(6):
            body = requests.get(f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}",
                                                              "Connection": "close"}, timeout=120).text
            samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
                       for f in text_string_to_metric_families(body) for s in f.samples}
            counts.add(value(samples, "cyber_sahayak_messages_total", channel="web", direction="in"))
        assert counts == {sent}
        files = list((tmp_path / "metrics").glob("counter_*.db"))
        assert files, "each process writes its own file"
    finally:
        process.terminate()
        process.wait(timeout=30)
        reader.join(timeout=30)
    output = "".join(lines).splitlines()
    hint = [i for i, line in enumerate(output) if line.startswith("No officer accounts yet")]
    assert len(hint) == 1, "the first-supervisor hint is printed once, not by each of the three workers"
    plain = [line for i, line in enumerate(output) if line.strip() and not line.startswith("{")
             and i not in (hint[0], hint[0] + 1)]
    assert not plain, plain  # gunicorn's own lines ("Booting worker", "Listening at") are JSON too
    app_lines = [line for line in output if line.startswith("{")]
    assert app_lines and all(json.loads(line)["level"] for line in app_lines)
    assert any(json.loads(line)["logger"] == "gunicorn.error" for line in app_lines)
    assert not any("\x1b[" in line for line in output)
    assert any(json.loads(line)["event"] == "message handled" for line in app_lines)


def test_terminal_colours_never_reach_a_log_line():
    """werkzeug colours its request lines for a terminal; in a JSON log they would be escape codes."""
    import io
    stream = io.StringIO()
    handler = logs.setup(level="INFO", fmt="json", stream=stream)
    try:
        logging.getLogger("werkzeug").info('127.0.0.1 - - "\x1b[32mGET /healthz HTTP/1.1\x1b[0m" 200 -')
    finally:
        logging.getLogger().removeHandler(handler)
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["event"] == '127.0.0.1 - - "GET /healthz HTTP/1.1" 200 -' and "\x1b" not in stream.getvalue()


def test_one_messages_case_never_sticks_to_the_next_messages_lines():
    logs.clear()
    logs.bind(conversation_id=1, case_id=7)
    logs.bind(conversation_id=2, case_id=None)
    assert logs.context() == {"conversation_id": 2}
    logs.clear()
