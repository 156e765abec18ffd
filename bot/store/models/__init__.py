"""SQLAlchemy models, one module a domain: base (the declarative base and UTC times), residents (contacts,
conversations, messages, incidents, evidence), cases (cases and their events, notes, labels, bank answers,
SLA alerts), officers (accounts, log-ins, stations), registry (scam identifiers), outreach (households,
reminders, campaigns, beat-officer offers) and operations (outbox, heartbeats, lease, the scheduler's jobs).

Import a model from its module (``from bot.store.models.cases import Case``). Importing any of them imports
them all, here, so that the metadata Alembic and the mappers read is always whole.
"""
from . import base, cases, officers, operations, outreach, registry, residents  # noqa: F401
