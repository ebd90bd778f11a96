"""What the statistics read, counted by the database: a year of a busy centre is some 300,000
tickets, too many to load as objects.

Two queries over the period's tickets, grouped by the chosen key: the counts (GROUP BY), and
the measured minutes (wait, walk, service) as plain floats for the medians. A ticket's wait
runs to its first call (a transferred ticket is called again elsewhere); the first call and
who finished it come from the ticket events by the ticket's index."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, String, case, cast, func, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from app.domain.feedback import SCORES
from app.domain.lifecycle import TicketState
from app.domain.statistics import AssistanceTally, Group, Grouping, SurveyTally, satisfaction
from app.domain.survey import CallResult
from app.tables.feedback import Assistance, Rating, SurveyCall, SurveySample
from app.tables.queue import Ticket, TicketEvent


class StatisticsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name

    def groups(
        self,
        first: date,
        last: date,
        by: Grouping,
        *,
        tz: ZoneInfo,
        targets: Mapping[str, int],
        default_target: int,
    ) -> list[Group]:
        """Each group's counts and minutes for the centre-local days `first`–`last`; a zone's
        target wait from `targets`, else `default_target`."""
        event = TicketEvent.__table__.alias("e")  # type: ignore[attr-defined]

        def from_events(action: str, aggregate: Any) -> Any:
            """`aggregate` (over the events' columns) of the ticket's `action` events."""
            return (
                select(aggregate)
                .where(event.c.ticket_id == col(Ticket.id), event.c.action == action)
                .scalar_subquery()
            )

        first_call = from_events("call", func.min(event.c.at))
        score = (
            select(col(Rating.score)).where(col(Rating.ticket_id) == col(Ticket.id))
        ).scalar_subquery()
        finished_by = from_events("finish", func.max(event.c.actor))
        target = case(
            *((col(Ticket.zone) == zone, minutes) for zone, minutes in targets.items()),
            else_=default_target,
        )
        # Each ticket's facts once (the subqueries run once a ticket), then counted twice.
        facts = (
            select(
                self._key(by, tz, first, finished_by).label("key"),
                col(Ticket.state).label("state"),
                col(Ticket.recall_count).label("recalls"),
                col(Ticket.transfer_count).label("transfers"),
                col(Ticket.started_at).label("started_at"),
                col(Ticket.finished_at).label("finished_at"),
                col(Ticket.issued_at).label("issued_at"),
                first_call.label("first_call"),
                target.label("target"),
                score.label("score"),
            )
            .where(col(Ticket.service_day) >= first, col(Ticket.service_day) <= last)
            .cte("facts")
            .prefix_with("MATERIALIZED")
        )
        f = facts.c
        wait = self._minutes(f.first_call, f.issued_at)

        def count_of(condition: ColumnElement[bool]) -> Any:
            return func.sum(case((condition, 1), else_=0))

        counts = self.session.execute(
            select(
                f.key,
                func.count(),
                count_of(f.first_call.is_not(None)),
                count_of(f.state == TicketState.DONE),
                count_of(f.state == TicketState.NO_SHOW),
                count_of(f.state == TicketState.CANCELLED),
                count_of(f.transfers > 0),
                func.sum(f.recalls),
                count_of(wait <= f.target),
                *(count_of(f.score == n) for n in SCORES),
            ).group_by(f.key)
        ).all()
        groups = {}
        for key, *numbers in counts:
            issued, called, done, missed, cancelled, moved, recalls, within, *rated = (
                int(n or 0) for n in numbers
            )
            groups[str(key)] = Group(
                str(key), issued, called, done, missed, cancelled, moved, recalls, within, rated
            )
        served = self._minutes(f.finished_at, f.started_at)
        measured = self.session.execute(
            select(
                f.key,
                wait,
                self._minutes(f.started_at, f.first_call),
                case((f.state == TicketState.DONE, served), else_=None),
            ).where(f.first_call.is_not(None))
        ).all()
        for group_key, waited, walked, service in measured:
            group = groups[str(group_key)]
            group.waits.append(max(0.0, float(waited)))
            if walked is not None:
                group.walks.append(max(0.0, float(walked)))
            if service is not None:
                group.services.append(max(0.0, float(service)))
        return list(groups.values())

    def survey(self, since: datetime, until: datetime) -> list[SurveyTally]:
        """Per kind, the calls of the samples drawn from `since` to before `until`."""
        result = col(SurveyCall.result)

        def count_of(condition: ColumnElement[bool]) -> Any:
            return func.sum(case((condition, 1), else_=0))

        rows = self.session.execute(
            select(
                col(SurveySample.kind),
                func.count(),
                count_of(result.is_not(None)),
                *(count_of(result == r.value) for r in CallResult),
                *(count_of(col(SurveyCall.satisfied) == n) for n in SCORES),
            )
            .join(SurveySample, col(SurveySample.id) == col(SurveyCall.sample_id))
            .where(col(SurveySample.drawn_at) >= since, col(SurveySample.drawn_at) < until)
            .group_by(col(SurveySample.kind))
            .order_by(col(SurveySample.kind))
        ).all()
        tallies = []
        for kind, *numbers in rows:
            drawn, called, *rest = (int(n or 0) for n in numbers)
            by_result = dict(zip(CallResult, rest[: len(CallResult)], strict=True))
            tallies.append(
                SurveyTally(
                    kind=str(kind),
                    drawn=drawn,
                    called=called,
                    reached=by_result[CallResult.REACHED],
                    not_reached=by_result[CallResult.NOT_REACHED],
                    declined=by_result[CallResult.DECLINED],
                    satisfaction=satisfaction(rest[len(CallResult) :]),
                )
            )
        return tallies

    def assistance(self, first: date, last: date) -> list[AssistanceTally]:
        """Per kind, the self-service zone's help on the days `first`–`last`."""
        completed = func.sum(case((col(Assistance.completed), 1), else_=0))
        rows = self.session.execute(
            select(col(Assistance.kind), func.count(), completed)
            .where(col(Assistance.service_day) >= first, col(Assistance.service_day) <= last)
            .group_by(col(Assistance.kind))
            .order_by(col(Assistance.kind))
        ).all()
        return [AssistanceTally(str(k), int(n), int(done or 0)) for k, n, done in rows]

    def _minutes(self, later: Any, earlier: Any) -> Any:
        """Minutes between two instants, in the database."""
        if self.dialect == "postgresql":
            return func.extract("epoch", later - earlier) / 60.0
        return (func.julianday(later) - func.julianday(earlier)) * 1440.0

    def _key(self, by: Grouping, tz: ZoneInfo, first: date, finished_by: Any) -> Any:
        if by is Grouping.ZONE:
            return col(Ticket.zone)
        if by is Grouping.WORKPLACE:
            return func.coalesce(col(Ticket.workplace), "")
        if by is Grouping.STAFF:
            return func.coalesce(finished_by, col(Ticket.called_by), "")
        if by is Grouping.LANGUAGE:
            return col(Ticket.language)
        if by is Grouping.CATEGORY:
            return func.coalesce(col(Ticket.priority), "")
        if by is Grouping.DAY:
            return col(Ticket.service_day)  # read back as a date: its key is "2026-11-24"
        return self._local_hour(tz, first)

    def _local_hour(self, tz: ZoneInfo, first: date) -> Any:
        """The centre-local hour of issue as "09". PostgreSQL converts by the zone's name;
        SQLite knows no time zones, so it adds the zone's offset on the period's first day
        (Kazakhstan keeps no daylight saving time)."""
        if self.dialect == "postgresql":
            hour = func.extract("hour", func.timezone(tz.key, col(Ticket.issued_at)))
            return func.lpad(cast(cast(hour, Integer), String), 2, "0")
        offset = datetime.combine(first, time(12), tz).utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset else 0
        return func.strftime("%H", col(Ticket.issued_at), f"{minutes:+d} minutes")
