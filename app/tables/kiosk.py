"""Which kiosk issued which ticket: the per-kiosk limit counts these, and reports can tell
the lobby kiosks' tickets from the desk's."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from app.db.types import UTCDateTime


class KioskIssue(SQLModel, table=True):
    __tablename__ = "kiosk_issue"
    __table_args__ = (Index("ix_kiosk_issue_device", "device_id", "issued_at"),)

    ticket_id: int = Field(foreign_key="ticket.id", primary_key=True)
    device_id: int = Field(foreign_key="device.id")
    issued_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
