"""wait estimates workplace pauses and the topics and districts of requests

Revision ID: 9e1b5f3a7c20
Revises: 7c4e2a9d1f03
Create Date: 2026-12-03 11:49:03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.db.types

revision: str = "9e1b5f3a7c20"
down_revision: str | None = "7c4e2a9d1f03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workplace_pause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workplace", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("started_at", app.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", app.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("workplace_pause", schema=None) as batch_op:
        batch_op.create_index(
            "ix_workplace_pause_started", ["workplace", "started_at"], unique=False
        )

    with op.batch_alter_table("reception_appeal", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )
        batch_op.add_column(
            sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )

    with op.batch_alter_table("reception_request", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )
        batch_op.add_column(
            sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )

    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.add_column(sa.Column("estimate_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_column("estimate_minutes")

    with op.batch_alter_table("reception_request", schema=None) as batch_op:
        batch_op.drop_column("district")
        batch_op.drop_column("topic")

    with op.batch_alter_table("reception_appeal", schema=None) as batch_op:
        batch_op.drop_column("district")
        batch_op.drop_column("topic")

    with op.batch_alter_table("workplace_pause", schema=None) as batch_op:
        batch_op.drop_index("ix_workplace_pause_started")

    op.drop_table("workplace_pause")
