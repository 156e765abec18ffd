"""officers' private notes and labels on a case, the banks' answers to freeze requests, officers' rank and
contact (for the freeze request)

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "case_notes",
        sa.Column("id", BIG, primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_case_notes_case_id", "case_notes", ["case_id"])
    op.create_table(
        "case_labels",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("label", sa.String(40), primary_key=True),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_case_labels_label", "case_labels", ["label"])
    op.create_table(
        "bank_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("bank", sa.String(120), nullable=False),
        sa.Column("sent_to", sa.String(200), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_how", sa.String(16), nullable=True),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("bank_reference", sa.String(80), nullable=True),
        sa.Column("amount_held", sa.Numeric(14, 2), nullable=True),
        sa.Column("amount_refunded", sa.Numeric(14, 2), nullable=True),
        sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("case_id", "bank", name="uq_bank_answers_case_bank"),
    )
    op.create_index("ix_bank_answers_case_id", "bank_answers", ["case_id"])
    op.create_table(
        "officer_details",
        sa.Column("officer_id", sa.Integer(), sa.ForeignKey("officers.id"), primary_key=True),
        sa.Column("rank", sa.String(60), nullable=True),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("email", sa.String(120), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("officer_details")
    op.drop_index("ix_bank_answers_case_id", table_name="bank_answers")
    op.drop_table("bank_answers")
    op.drop_index("ix_case_labels_label", table_name="case_labels")
    op.drop_table("case_labels")
    op.drop_index("ix_case_notes_case_id", table_name="case_notes")
    op.drop_table("case_notes")
