"""Is a secret strong enough to protect victims' data? Refuses short values and the placeholders of .env.example.

A SECRET_KEY anyone can read in a README signs a supervisor's console cookie for them, so a weak one is treated
as no key at all: the console and web chat stay off (webhook.py), /metrics stays off, and doctor says FAIL."""
from __future__ import annotations

MIN_LENGTH = 32
PLACEHOLDER_WORDS = ("change-me", "changeme", "change_me", "example", "secret", "password", "passwd",
                     "placeholder", "replace", "default", "your-", "your_", "xxxx", "todo", "test")
GENERATE = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"


def weakness(value: str | None) -> str | None:
    """Why ``value`` must not be used as a secret, or None when it is fine (an empty value is 'not set')."""
    value = (value or "").strip()
    if not value:
        return "not set"
    lowered = value.lower()
    word = next((w for w in PLACEHOLDER_WORDS if w in lowered), None)
    if word:
        return f"contains the placeholder word {word!r}"
    if len(value) < MIN_LENGTH:
        return f"shorter than {MIN_LENGTH} characters"
    if len(set(value)) < 8:
        return "too few different characters to be random"
    return None
