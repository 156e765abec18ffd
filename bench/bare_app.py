"""The baseline of bench/webhook.py: a bare Flask app answering every POST with one constant TwiML message.

Served by the same gunicorn settings as the helpline (``gunicorn bench.bare_app:app``), so the ratio measures
what the helpline does per message, not the server."""
from flask import Flask

TWIML = ('<?xml version="1.0" encoding="UTF-8"?><Response><Message>Namaste. This is a constant reply.'
         "</Message></Response>")

app = Flask(__name__)


@app.post("/webhooks/whatsapp")
def whatsapp():
    return TWIML, 200, {"Content-Type": "text/xml; charset=utf-8"}


@app.get("/healthz")
def healthz():
    return {"ok": True}
