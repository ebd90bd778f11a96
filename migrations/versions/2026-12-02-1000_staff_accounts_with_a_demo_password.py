"""staff accounts with a demo password

Revision ID: 5a1d3c0e9b7f
Revises: 301df36de898
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5a1d3c0e9b7f"
down_revision: str | None = "301df36de898"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The default fills the accounts there are (none has a demo password on record); the
    # application always sets the column, so the default goes again, as in the model.
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("demo_password", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.alter_column("demo_password", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_column("demo_password")
