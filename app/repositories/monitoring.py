"""What the problem-issue monitoring reads (003 App.2 p.7): booking requests registered and
appeals filed in a period, counted by the database by topic and district (GROUP BY), the
same SQL on SQLite and PostgreSQL. Only codes and counts leave it: no name, no issue."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from app.domain.monitoring import Count, What
from app.tables.reception import Appeal, ReceptionRequest


class MonitoringRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def counts(self, first: date, last: date, what: What) -> list[Count]:
        """Counts by (topic, district) of the days `first`–`last`, both included; requests
        by the day they were registered (000 p.25), appeals by the day they were filed. With
        `What.ALL` a pair may come twice, once of each: the domain adds them up."""
        tables: list[Any] = []
        if what in (What.REQUESTS, What.ALL):
            tables.append(ReceptionRequest)
        if what in (What.APPEALS, What.ALL):
            tables.append(Appeal)
        found: list[Count] = []
        for table in tables:
            topic, district = col(table.topic), col(table.district)
            day = col(table.registered_on)
            query = (
                select(topic, district, func.count())
                .where(day >= first, day <= last)
                .group_by(topic, district)
            )
            found += [Count(t, d, n) for t, d, n in self.session.execute(query).all()]
        return found
