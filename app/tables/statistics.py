"""The statistics of each closed day, counted once (issue 13, speed): a year of a busy centre
is some 300,000 tickets, too many to count again for every page. Today is always counted live;
a day before it is counted here once it is over (app.services.statistics.close_days), and
counted again if one of its tickets changes after all (app.services.queue) or the zones'
target waits change."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from app.db.types import instant_column as _instant


class StatisticsDay(SQLModel, table=True):
    __tablename__ = "statistics_day"

    day: date = Field(primary_key=True)  # the centre-local day
    grouping: str = Field(primary_key=True, max_length=16)  # app.domain.statistics.Grouping
    # The zones' target waits it was counted with: counted again when they change.
    targets: str = Field(max_length=64)
    computed_at: datetime = Field(sa_column=_instant(nullable=False))
    # JSON of app.domain.statistics.Group per key: counts and measured minutes, no names.
    groups: str = Field(sa_column=Column(Text(), nullable=False))
