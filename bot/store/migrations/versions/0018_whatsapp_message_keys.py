"""WhatsApp messages stored before session 6 under Twilio's bare MessageSid get the key the channel uses now:
the sender's number with the sid (``bot/channels/whatsapp.py message_key``), so a redelivery of one after the
upgrade is found as the stored message (not handled a second time), at no cost to any later message. A row whose
new key is already taken (the same message stored again under it) is left as it is.

Revision ID: 0018
Revises: 0017
"""
from alembic import op
import sqlalchemy as sa

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

CHANNEL = "whatsapp"  # written out: a migration does not follow the code's later changes


def upgrade() -> None:
    op.get_bind().execute(sa.text(
        "UPDATE messages SET provider_id = "
        "(SELECT contacts.sender FROM contacts WHERE contacts.id = messages.contact_id) || ':' || provider_id "
        "WHERE channel = :channel AND direction = 'in' AND provider_id IS NOT NULL AND provider_id NOT LIKE '%:%' "
        "AND NOT EXISTS (SELECT 1 FROM messages AS taken WHERE taken.channel = :channel AND taken.provider_id = "
        "(SELECT contacts.sender FROM contacts WHERE contacts.id = messages.contact_id) || ':' || messages.provider_id)"),
        {"channel": CHANNEL})


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT messages.id, messages.provider_id, contacts.sender FROM messages "
        "JOIN contacts ON contacts.id = messages.contact_id WHERE messages.channel = :channel "
        "AND messages.direction = 'in' AND messages.provider_id IS NOT NULL"), {"channel": CHANNEL}).all()
    for row_id, key, sender in rows:
        if key.startswith(f"{sender}:"):
            bind.execute(sa.text("UPDATE messages SET provider_id = :bare WHERE id = :id"),
                         {"bare": key[len(sender) + 1:], "id": row_id})
