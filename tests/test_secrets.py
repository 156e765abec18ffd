"""Weak secrets are refused: a SECRET_KEY anyone can read (the old .env.example's) must not sign a console session."""
from __future__ import annotations

import secrets

import pytest
from flask.sessions import SecureCookieSessionInterface

from bot.secret_strength import weakness
from fakes import STRONG_TOKEN
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)

PLACEHOLDER = "change-me-to-a-long-random-value-000000000000000000000"  # what .env.example once shipped


@pytest.mark.parametrize("value", [PLACEHOLDER, "changeme" * 6, "x" * 20, "our-helpline-password-is-very-long-2026",
                                   pytest.param("EXAMPLE" + secrets.token_urlsafe(40), id="EXAMPLE-random"),
                                   "a" * 64, ""])
def test_weak_values_are_refused(value):
    assert weakness(value)


def test_a_generated_value_is_accepted():
    for _ in range(20):
        assert weakness(secrets.token_urlsafe(48)) is None


def forged_cookie(app, key):
    """What an attacker who read the README would send: a session naming officer 1."""
    app.secret_key = key
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    app.secret_key = None
    return serializer.dumps({"_user_id": "1:1", "_fresh": True})


def test_a_placeholder_secret_key_keeps_the_console_off(make_app, engine):
    config = engine.config.model_copy(update={"web_chat": True})
    app = make_app(config=config, SECRET_KEY=PLACEHOLDER)
    assert not app.secret_key
    client = app.test_client()
    client.set_cookie("cs_session", forged_cookie(app, PLACEHOLDER), path="/console")
    page = client.get("/console/")
    assert page.status_code == 503 and page.headers["Retry-After"]  # every 503 says when to try again
    assert b"placeholder" in page.data and b"token_urlsafe(48)" in page.data  # it says why and how to fix
    assert client.get("/console/audit").status_code == 503
    assert client.get("/").status_code == 404  # the web chat needs signed sessions too
    assert app.test_client().get("/healthz").json["channels"]["web"] is False


def test_a_short_secret_key_is_refused_even_on_the_embedded_default(make_app):
    app = make_app(SECRET_KEY="short-but-random-Q9x")
    assert not app.secret_key and app.test_client().get("/console/login").status_code == 503


def test_a_strong_secret_key_turns_the_console_on(make_app):
    key = secrets.token_urlsafe(48)
    app = make_app(SECRET_KEY=key)
    assert app.secret_key == key and app.test_client().get("/console/login").status_code == 200


@pytest.mark.parametrize("token", ["change-me-to-a-third-long-random-value-0000000000000", "metrics-123"])
def test_a_weak_metrics_token_keeps_metrics_off(make_app, token):
    client = make_app(METRICS_TOKEN=token).test_client()
    assert client.get("/metrics", headers={"Authorization": f"Bearer {token}"}).status_code == 404
    strong = make_app(METRICS_TOKEN=STRONG_TOKEN).test_client()
    assert strong.get("/metrics", headers={"Authorization": f"Bearer {STRONG_TOKEN}"}).status_code == 200
