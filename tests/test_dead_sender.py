"""A sender process SIGKILLed in the middle of a send (s9-edge, item 1): nothing is lost, nothing sent twice where
the provider can tell. The sender is a real process (tests/dead_sender.py), really killed; the providers are the
local fakes the real SDKs talk to."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from bot.store import outbox
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)
from test_whatsapp import row

ROOT = Path(__file__).resolve().parent.parent


def killed_after(engine, mode: str, row_id: int, *extra: str, wait=None) -> None:
    """Run tests/dead_sender.py until it says ``mode``'s word (or ``wait`` is set), then SIGKILL it."""
    url = engine.Session.kw["bind"].url.render_as_string(hide_password=False)
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    process = subprocess.Popen([sys.executable, str(ROOT / "tests" / "dead_sender.py"), mode, url, str(row_id), *extra],
                               cwd=ROOT, env=environ, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        for line in process.stdout:  # blocks until the child has claimed or starts draining (no sleeping)
            if line.strip() in ("claimed", "draining"):
                break
        else:
            raise AssertionError(f"the sender stopped early ({process.wait(60)})")
        if wait is not None:
            assert wait.wait(120), "the send never reached the provider"
    finally:
        process.send_signal(signal.SIGKILL)
        assert process.wait(60) == -signal.SIGKILL
        process.stdout.close()
        process.stdin.close()


def queue(engine, clock, channel: str, recipient: str, text: str, kind: str = "reply") -> int:
    with engine.Session.begin() as s:
        return outbox.enqueue(s, channel=channel, recipient=recipient, text=text, key=f"dead:{kind}:{channel}",
                              now=clock.now(), kind=kind)[0].id


def test_a_reply_claimed_by_a_killed_sender_is_sent_once_after_the_lease(make_app, engine, clock, telegram_fake):
    rt = make_app().extensions["cyber_sahayak"]
    reply = "Call 1930 now and ask your bank to hold the money."
    row_id = queue(engine, clock, "telegram", "987654321", reply)
    killed_after(engine, "claim", row_id)  # claimed, then killed before calling Telegram
    assert row(engine, row_id).status == "sending"
    rt.drain()
    assert telegram_fake.sent_texts() == []  # within the lease: it may still be in flight
    clock.advance(rt.config.outbox.sending_lease_seconds + 1)
    first, second = rt.drain(), rt.drain()
    assert telegram_fake.sent_texts() == [reply]  # once, not lost and not twice
    assert (first.sent, second.sent) == (1, 0)
    done = row(engine, row_id)
    assert done.status == "sent" and done.provider_id
    assert "resend_after_dead_sender" in [e["what"] for e in done.history["events"]]


def test_a_campaign_claimed_by_a_killed_sender_is_not_sent_twice_but_listed(make_app, engine, clock, telegram_fake):
    rt = make_app().extensions["cyber_sahayak"]
    row_id = queue(engine, clock, "telegram", "987654321", "A new scam: fake electricity bills.", kind="campaign")
    killed_after(engine, "claim", row_id)
    clock.advance(rt.config.outbox.sending_lease_seconds + 1)
    rt.drain()
    clock.advance(rt.config.outbox.confirm_minutes * 60 + 1)
    rt.drain()
    assert telegram_fake.sent_texts() == []  # at most once: Telegram cannot say whether it went
    with engine.Session() as s:
        assert [r.id for r in outbox.problems(s)] == [row_id]  # an officer sees it


def test_a_whatsapp_message_twilio_took_before_the_kill_is_not_sent_again(make_app, engine, clock, twilio_fake):
    rt = make_app().extensions["cyber_sahayak"]
    arrived, release = threading.Event(), threading.Event()
    twilio_fake.plan = [("gate", arrived, release)]
    row_id = queue(engine, clock, "whatsapp", "+919812345678", "Your complaint is saved as CS-1.")
    try:
        killed_after(engine, "drain", row_id, twilio_fake.url, wait=arrived)  # Twilio has it; no answer reached us
    finally:
        release.set()
    assert row(engine, row_id).status == "sending"
    clock.advance(rt.config.outbox.sending_lease_seconds + 1)
    # a dead sender's row is looked up at Twilio as soon as its lease ends (session 20, F6: not confirm_minutes
    # later, which held the chat's next replies): it is there, so it is confirmed, not sent again
    report = rt.drain()
    assert report.confirmed == 1 and report.sent == 0
    assert [m["Body"] for m in twilio_fake.created] == ["Your complaint is saved as CS-1."]
    assert row(engine, row_id).status == "sent"
    clock.advance(rt.config.outbox.confirm_minutes * 60)
    assert rt.drain().sent == 0 and len(twilio_fake.created) == 1


def test_a_whatsapp_message_claimed_by_a_killed_sender_is_sent_once(make_app, engine, clock, twilio_fake):
    rt = make_app().extensions["cyber_sahayak"]
    row_id = queue(engine, clock, "whatsapp", "+919812345678", "An officer will call you today.")
    killed_after(engine, "claim", row_id)  # killed before calling Twilio
    clock.advance(rt.config.outbox.sending_lease_seconds + 1)
    rt.drain()
    clock.advance(rt.config.outbox.confirm_minutes * 60)
    report, again = rt.drain(), rt.drain()
    assert report.resent == 1 and report.sent == 1 and again.sent == 0
    assert [m["Body"] for m in twilio_fake.created] == ["An officer will call you today."]


def test_a_chat_behind_a_killed_senders_claim_waits_under_a_minute_not_five(make_app, engine, clock, telegram_fake):
    """Attacker trial, session 19 (F2): a worker killed mid-send held its chat's later replies, "call 112 now"
    among them, for the 5-minute lease. The claim covers one provider call (bounded by send_timeout_seconds), so
    the lease is now 45 s: a minute after the kill the chat's replies have gone, in order, each once."""
    rt = make_app().extensions["cyber_sahayak"]
    first = "Just a few more questions for your report."
    row_id = queue(engine, clock, "telegram", "987654321", first)
    urgent = "Please call 112 (police emergency) now."
    with engine.Session.begin() as s:
        outbox.enqueue(s, channel="telegram", recipient="987654321", text=urgent, key="dead:after", now=clock.now())
    killed_after(engine, "claim", row_id)  # a real process claimed the first row and was SIGKILLed
    rt.drain()
    assert telegram_fake.sent_texts() == []  # within the lease: the send may still be in flight
    assert rt.config.outbox.sending_lease_seconds < 60
    clock.advance(60)
    rt.drain()
    rt.drain()
    assert telegram_fake.sent_texts() == [first, urgent]
