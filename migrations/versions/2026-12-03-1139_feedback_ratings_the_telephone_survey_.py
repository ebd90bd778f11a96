"""feedback ratings the telephone survey and self-service assistance

Revision ID: 7c4e2a9d1f03
Revises: 5a1d3c0e9b7f
Create Date: 2026-12-03 11:39:16
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.db.types

revision: str = "7c4e2a9d1f03"
down_revision: str | None = "5a1d3c0e9b7f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "survey_sample",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("drawn_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("drawn_at", app.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "assistance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", app.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("workplace", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["ticket.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assistance", schema=None) as batch_op:
        batch_op.create_index("ix_assistance_day", ["service_day", "kind"], unique=False)

    op.create_table(
        "rating",
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("zone", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("workplace", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("at", app.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["device.id"],
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["ticket.id"],
        ),
        sa.PrimaryKeyConstraint("ticket_id"),
    )
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.create_index("ix_rating_at", ["at"], unique=False)

    op.create_table(
        "survey_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sample_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("satisfied", sa.Integer(), nullable=True),
        sa.Column("remarks", sa.Text(), nullable=True),
        sa.Column("called_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("called_at", app.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["reception_request.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sample_id"],
            ["survey_sample.id"],
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["ticket.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("survey_call", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_call_sample_id"), ["sample_id"], unique=False)

    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("workplace", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )

    with op.batch_alter_table("visitor_detail", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True)
        )
        batch_op.add_column(
            sa.Column("survey_consent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # The default fills the visitors there are (none consented); the application always sets
    # the column, so the default goes again, as in the model.
    with op.batch_alter_table("visitor_detail", schema=None) as batch_op:
        batch_op.alter_column("survey_consent", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("visitor_detail", schema=None) as batch_op:
        batch_op.drop_column("survey_consent")
        batch_op.drop_column("phone")

    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_column("workplace")

    with op.batch_alter_table("survey_call", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_call_sample_id"))

    op.drop_table("survey_call")
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.drop_index("ix_rating_at")

    op.drop_table("rating")
    with op.batch_alter_table("assistance", schema=None) as batch_op:
        batch_op.drop_index("ix_assistance_day")

    op.drop_table("assistance")
    op.drop_table("survey_sample")
