"""Channels: one module per way residents reach the helpline.

Each turns a provider's request into an ``Inbound`` for ``Engine.handle`` and sends the ``Outcome``
back: WhatsApp (Twilio, replies inline as TwiML), Telegram (python-telegram-bot, replies through the
outbox), and the web chat page. The engine imports nothing from here. The registered channels (name,
blueprint, environment, sender, length limit, resident ids) are declared one layer down, in
bot/channel_registry.py, which config, the outbox, cases and outreach read without importing this package.

    settings.py   which channels are on, from the environment only
    runtime.py    what a running process shares: engine, settings, provider clients, the outbox drain
    whatsapp.py   /webhooks/whatsapp, /webhooks/whatsapp/status, the Twilio sender
    telegram.py   /webhooks/telegram, the Bot API sender, set-webhook and long polling
    webchat.py    the resident chat page at / and its JSON endpoints
"""
