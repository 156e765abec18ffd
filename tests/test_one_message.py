"""One answer, one message: the replies of an answer arrive together (the action first), and a reply never
waits for the scheduler: the web worker that took a message sends what is due for that chat."""
from __future__ import annotations

import threading
import xml.etree.ElementTree as ET

from bot.channels.joining import join
from bot.channels.whatsapp import twiml
from bot.messages import Outcome, Reply
from fakes import Updates
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)
from test_telegram import post


def test_an_answer_is_one_message_with_the_action_first():
    replies = [Reply("Call 1930 now.", kind="urgent"), Reply("Namaste.", kind="welcome"),
               Reply("Which bank?\n1. SBI\n2. Other", choices=["1. SBI", "2. Other"]), Reply("(Reply MENU.)")]
    joined = join(replies, "telegram")
    assert [r.text for r in joined] == ["Call 1930 now.\n\nNamaste.\n\nWhich bank?\n1. SBI\n2. Other\n\n(Reply MENU.)"]
    assert joined[0].choices == ["1. SBI", "2. Other"]  # the keyboard comes with the question
    xml = twiml(Outcome(replies=replies))
    assert [m.text for m in ET.fromstring(xml).findall("Message")] == [joined[0].text]


def test_joining_respects_each_channels_limit():
    long = Reply("A sentence that is long enough. " * 60)  # about 1,900 characters
    assert [len(r.text) <= 1600 for r in join([Reply("short"), long], "whatsapp")] == [True, True]
    assert join([Reply("short"), long], "whatsapp")[0].text.startswith("short\n\nA sentence")
    assert len(join([Reply("short"), long], "telegram")) == 1  # 4,096 UTF-16 units fit both


def test_a_reply_queued_while_the_last_answer_was_sending_goes_out_without_the_scheduler(
        make_app, engine, clock, telegram_fake):
    app = make_app()
    updates = Updates()
    arrived, release = threading.Event(), threading.Event()
    telegram_fake.plan = [("gate", arrived, release)]  # the first answer is still being sent ...
    post(app.test_client(), updates.text("15000 was debited from my account just now"), wait=False)
    assert arrived.wait(10)
    clock.advance(5)
    post(app.test_client(), updates.text("sbi"), wait=False)  # ... when the resident answers the question
    assert len(telegram_fake.calls("sendMessage")) == 1  # it waits for the chat's sender: the order is kept
    release.set()
    assert app.extensions["cyber_sahayak"].sends.wait_idle(20)
    sent = telegram_fake.sent_texts()
    assert len(sent) == 2 and "1930" in sent[0]
    assert "digits" in sent[1].lower()  # the next question, sent by the chat's sender thread once it was free
