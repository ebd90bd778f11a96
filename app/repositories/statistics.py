"""What the statistics read, counted by the database: a year of a busy centre is some 300,000
tickets, too many to load as objects.

Two queries over the period's tickets, grouped by the chosen key: the counts (GROUP BY), and
the measured minutes (wait, walk, service) as plain floats for the medians. A ticket's wait
runs to its first call (a transferred ticket is called again elsewhere), its walk from its
latest call to its start (both of the visit that was served); the first call and who
finished it come from the ticket events by the ticket's index. A closed day is counted once
(app.services.statistics) and read back from app.tables.statistics."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, String, case, cast, delete, func, or_, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from app.domain.feedback import SCORES
from app.domain.lifecycle import TicketState
from app.domain.statistics import AssistanceTally, Group, Grouping, SurveyTally, satisfaction
from app.domain.survey import CallResult
from app.domain.workplace_time import Pause
from app.repositories.ticket_statements import lock_key
from app.tables.feedback import Assistance, Rating, SurveyCall, SurveySample
from app.tables.queue import Ticket, TicketEvent, WorkplacePause
from app.tables.statistics import StatisticsDay

_EVENT = TicketEvent.__table__.alias("e")  # type: ignore[attr-defined]
SERVING = "serving"  # a closed day's stored serving minutes per workplace


def count_of(condition: ColumnElement[bool]) -> Any:
    """How many rows meet `condition`: an aggregate for GROUP BY queries."""
    return func.sum(case((condition, 1), else_=0))


def _only(days: Collection[date] | None) -> list[ColumnElement[bool]]:
    """The condition "the ticket's day is one of `days`", when given."""
    return [] if days is None else [col(Ticket.service_day).in_(list(days))]


def _from_events(action: str, aggregate: Any) -> Any:
    """`aggregate` (over the events' columns) of the ticket's `action` events."""
    return (
        select(aggregate)
        .where(_EVENT.c.ticket_id == col(Ticket.id), _EVENT.c.action == action)
        .scalar_subquery()
    )


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
        days: Collection[date] | None = None,
    ) -> list[Group]:
        """Each group's counts and minutes for the centre-local days `first`–`last` (only
        those of `days`, if given: the others are counted already); a zone's target wait from
        `targets`, else `default_target`. Without the ratings (`ratings`)."""
        first_call = _from_events("call", func.min(_EVENT.c.at))
        finished_by = _from_events("finish", func.max(_EVENT.c.actor))
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
                col(Ticket.called_at).label("called_at"),
                col(Ticket.finished_at).label("finished_at"),
                col(Ticket.issued_at).label("issued_at"),
                first_call.label("first_call"),
                target.label("target"),
                col(Ticket.estimate_minutes).label("estimate"),
            )
            .where(
                col(Ticket.service_day) >= first,
                col(Ticket.service_day) <= last,
                *_only(days),
            )
            .cte("facts")
            .prefix_with("MATERIALIZED")
        )
        f = facts.c
        wait = self._minutes(f.first_call, f.issued_at)

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
            ).group_by(f.key)
        ).all()
        groups = {}
        for key, *numbers in counts:
            issued, called, done, missed, cancelled, moved, recalls, within = (
                int(n or 0) for n in numbers
            )
            groups[str(key)] = Group(
                str(key), issued, called, done, missed, cancelled, moved, recalls, within
            )
        served = self._minutes(f.finished_at, f.started_at)
        measured = self.session.execute(
            select(
                f.key,
                wait,
                self._minutes(f.started_at, f.called_at),
                case((f.state == TicketState.DONE, served), else_=None),
                f.estimate,
            ).where(f.first_call.is_not(None))
        ).all()
        for group_key, waited, walked, service, estimate in measured:
            group = groups[str(group_key)]
            wait = max(0.0, float(waited))
            group.measure("waits", wait)
            if estimate is not None:
                group.measure("estimate_errors", abs(float(estimate) - wait))
            if walked is not None:
                group.measure("walks", float(walked))
            if service is not None:
                group.measure("services", float(service))
        return list(groups.values())

    def ratings(self, first: date, last: date, by: Grouping, tz: ZoneInfo) -> dict[str, list[int]]:
        """Per group, the ratings of the period's tickets: how many of each score. Counted
        live, closed day or not: a rating comes in after the visit."""

        finished_by = _from_events("finish", func.max(_EVENT.c.actor))
        key = self._key(by, tz, first, finished_by)
        rows = self.session.execute(
            select(key, *(count_of(col(Rating.score) == n) for n in SCORES))
            .join(Ticket, col(Ticket.id) == col(Rating.ticket_id))
            .where(col(Ticket.service_day) >= first, col(Ticket.service_day) <= last)
            .group_by(key)
        ).all()
        return {str(k): [int(n or 0) for n in counts] for k, *counts in rows}

    # closed days -----------------------------------------------------------------------------

    def closed(self, first: date, last: date, grouping: str, targets: str) -> dict[date, str]:
        """The days of `first`–`last` counted already with these targets: the JSON stored
        for `grouping` (a Grouping's value, or SERVING)."""
        rows = self.session.execute(
            select(col(StatisticsDay.day), col(StatisticsDay.groups)).where(
                col(StatisticsDay.day) >= first,
                col(StatisticsDay.day) <= last,
                col(StatisticsDay.grouping) == grouping,
                col(StatisticsDay.targets) == targets,
            )
        ).all()
        return {day: str(text) for day, text in rows}

    def open_days(self, before: date, targets: str, limit: int) -> list[date]:
        """Days before `before` with tickets, not counted yet with these targets, oldest
        first."""
        counted = select(col(StatisticsDay.day)).where(
            col(StatisticsDay.grouping) == Grouping.ZONE.value,
            col(StatisticsDay.targets) == targets,
        )
        rows = self.session.execute(
            select(col(Ticket.service_day))
            .where(col(Ticket.service_day) < before, col(Ticket.service_day).not_in(counted))
            .distinct()
            .order_by(col(Ticket.service_day))
            .limit(limit)
        ).scalars()
        return list(rows)

    def save_day(self, day: date, grouping: str, targets: str, text: str, now: datetime) -> None:
        """Store (or replace) the day's counts: an upsert, so two server processes counting
        the same day at once do not clash on its key."""
        values = {
            "day": day,
            "grouping": grouping,
            "targets": targets,
            "computed_at": now,
            "groups": text,
        }
        insert = postgresql_insert if self.dialect == "postgresql" else sqlite_insert
        statement = insert(StatisticsDay).values(values)
        changed = {k: statement.excluded[k] for k in ("targets", "computed_at", "groups")}
        self.session.execute(
            statement.on_conflict_do_update(index_elements=["day", "grouping"], set_=changed)
        )

    def lock_day(self, day: date) -> None:
        """Serialise counting `day` with a change to one of its tickets until this transaction
        ends. On SQLite every write transaction holds the database's write lock already; on
        PostgreSQL a change committed while the day was being counted would otherwise find no
        stored row to delete, and the stale count would stay."""
        if self.dialect == "postgresql":
            key = lock_key("statistics-day", day.isoformat())
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    def forget_day(self, day: date) -> None:
        """A ticket of `day` changed after the day: count it again."""
        self.lock_day(day)
        self.session.execute(delete(StatisticsDay).where(col(StatisticsDay.day) == day))

    def survey(self, since: datetime, until: datetime) -> list[SurveyTally]:
        """Per kind, the calls of the samples drawn from `since` to before `until`."""
        result = col(SurveyCall.result)

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

    def serving_by_day(
        self, first: date, last: date, days: Collection[date] | None = None
    ) -> dict[tuple[str, date], float]:
        """Minutes each workplace spent serving the visits it finished, by day (of `days`
        only, if given)."""
        served = self._minutes(col(Ticket.finished_at), col(Ticket.started_at))
        rows = self.session.execute(
            select(col(Ticket.workplace), col(Ticket.service_day), func.sum(served))
            .where(
                col(Ticket.service_day) >= first,
                col(Ticket.service_day) <= last,
                col(Ticket.state) == TicketState.DONE,
                col(Ticket.workplace).is_not(None),
                col(Ticket.started_at).is_not(None),
                *_only(days),
            )
            .group_by(col(Ticket.workplace), col(Ticket.service_day))
        ).all()
        return {(str(w), d): max(0.0, float(m or 0)) for w, d, m in rows}

    def pauses(self, since: datetime, until: datetime) -> list[Pause]:
        """The workplaces' pauses that overlap `since`–`until`."""
        rows = self.session.execute(
            select(WorkplacePause).where(
                col(WorkplacePause.started_at) < until,
                or_(
                    col(WorkplacePause.ended_at).is_(None),
                    col(WorkplacePause.ended_at) > since,
                ),
            )
        ).scalars()
        return [Pause(p.workplace, p.started_at, p.ended_at) for p in rows]

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
