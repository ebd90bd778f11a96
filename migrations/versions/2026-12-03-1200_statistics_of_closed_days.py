"""statistics of closed days

Revision ID: b3d7e9f1a2c4
Revises: 9e1b5f3a7c20
Create Date: 2026-12-03 12:00:44
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.db.types

revision: str = "b3d7e9f1a2c4"
down_revision: str | None = "9e1b5f3a7c20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "statistics_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("grouping", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("targets", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("computed_at", app.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("groups", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("day", "grouping"),
    )
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_service_day", ["service_day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_service_day")

    op.drop_table("statistics_day")
