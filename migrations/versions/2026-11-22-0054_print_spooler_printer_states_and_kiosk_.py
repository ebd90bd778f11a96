"""print spooler, printer states and kiosk issues (the kiosk issue)

Revision ID: 4396df574ac1
Revises: ce2497594c7b
Create Date: 2026-11-22 00:54:34.854027
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


import app.db.types

revision: str = '4396df574ac1'
down_revision: str | None = 'ce2497594c7b'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('printer_state',
    sa.Column('printer', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=True),
    sa.Column('paper', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('error_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('checked_at', app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_ok_at', app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('printer')
    )
    op.create_table('kiosk_issue',
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ),
    sa.PrimaryKeyConstraint('ticket_id')
    )
    with op.batch_alter_table('kiosk_issue', schema=None) as batch_op:
        batch_op.create_index('ix_kiosk_issue_device', ['device_id', 'issued_at'], unique=False)

    op.create_table('print_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('printer', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('reason', sa.Enum('issue', 'reprint', name='jobreason', native_enum=False, length=8), nullable=False),
    sa.Column('state', sa.Enum('queued', 'printing', 'done', 'failed', 'unsure', name='jobstate', native_enum=False, length=8), nullable=False),
    sa.Column('ahead', sa.Integer(), nullable=False),
    sa.Column('wait_minutes', sa.Integer(), nullable=True),
    sa.Column('status_url', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('requested_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('error_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('created_at', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('next_try_at', app.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('claimed_at', app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', app.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.create_index('ix_print_job_queue', ['printer', 'state', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_print_job_ticket_id'), ['ticket_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_print_job_ticket_id'))
        batch_op.drop_index('ix_print_job_queue')

    op.drop_table('print_job')
    with op.batch_alter_table('kiosk_issue', schema=None) as batch_op:
        batch_op.drop_index('ix_kiosk_issue_device')

    op.drop_table('kiosk_issue')
    op.drop_table('printer_state')
