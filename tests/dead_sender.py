"""A sender process for tests/test_dead_sender.py to SIGKILL:
``python tests/dead_sender.py claim|drain DB ROW [TWILIO]``.

``claim``: claims the outbox row as a drain does, says ``claimed`` and waits (killed before the provider call).
``drain``: drains the outbox with the real Twilio client against a local fake (killed while Twilio holds its answer).
Its clock is the tests' fixed NOW, so the parent's FakeClock decides when the claim's lease has passed."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from conftest import NOW  # noqa: E402
from fakes import FakeClock, env  # noqa: E402


def main(mode: str, url: str, row_id: int, twilio: str | None = None) -> None:
    from bot.store import outbox
    from bot.store.db import make_engine, make_sessionmaker

    clock = FakeClock(NOW)
    if mode == "claim":
        assert outbox.claim(make_sessionmaker(make_engine(url)), row_id, clock.now()) is not None
        print("claimed", flush=True)
        sys.stdin.read()  # until killed
        return
    from bot.channels.whatsapp import BaseUrlHttpClient
    from bot.conversation.engine import Engine
    from webhook import create_app

    engine = Engine.from_config(database_url=url, migrate=False)
    environ = env(TWILIO_MEDIA_BASE_URL=twilio, TELEGRAM_BOT_TOKEN=None, TELEGRAM_WEBHOOK_SECRET=None)  # WhatsApp only
    app = create_app(engine, environ=environ, clock=clock,
                     twilio_http_client=BaseUrlHttpClient(twilio, timeout=60))
    print("draining", flush=True)
    rt = app.extensions["cyber_sahayak"]
    rt.drain("whatsapp")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), *sys.argv[4:])
