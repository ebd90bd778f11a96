"""The quarterly report (000 p.40) and the half-year draft (003 App.2 p.7(6)) for a chosen
period: the repository counts, app.domain.reports lays the counts out in the centre file's
order of zones, topics and districts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from app.domain.monitoring import Count, What
from app.domain.reception.terms import Channel
from app.domain.report_periods import Period, ReportKind, last_finished, period
from app.domain.reports import (
    Report,
    ZoneRatings,
    extension_counts,
    issue_table,
    outcomes_by_channel,
    refusal_counts,
    tally_deadlines,
    visits_by_month,
)
from app.domain.statistics import satisfaction
from app.repositories.unit import Unit
from app.services.site import Site


class Reports:
    def __init__(self, unit: Unit, site: Site) -> None:
        self._unit = unit
        self._site = site

    def choose(
        self, kind: ReportKind, year: int | None, number: int | None, now: datetime
    ) -> Period:
        """The period asked for, or a refusal saying what is wrong with it; what is not given
        is that of the last whole period before today (the report one makes now)."""
        default = last_finished(kind, self._site.today(now))
        return period(
            kind,
            default.year if year is None else year,
            default.number if number is None else number,
        )

    def report(
        self, kind: ReportKind, year: int | None, number: int | None, now: datetime
    ) -> Report:
        """The report of a quarter, or the half-year draft with its analysis of problem issues
        by topic and district (003 App.2 p.7(1)–(2), (6)). A period still to come is empty."""
        chosen = self.choose(kind, year, number, now)
        today = self._site.today(now)
        repo = self._unit.reports
        centre = self._site.centre
        first, last = chosen.first, chosen.last
        since, until = self._instants(first, last)
        half = kind is ReportKind.HALF_YEAR
        topics = [t.code for t in centre.topics]
        districts = [d.code for d in centre.districts]

        def counted(what: What) -> list[Count]:
            # The same counting as the monitoring's (003 App.2 p.7).
            return self._unit.monitoring.counts(first, last, what)

        return Report(
            period=chosen,
            as_of=today,
            visits=visits_by_month(
                repo.visits(first, last), chosen, [z.code for z in centre.zones]
            ),
            receptions=repo.receptions(first, last, today),
            requests=outcomes_by_channel(repo.requests(first, last), [c.value for c in Channel]),
            deadlines=tally_deadlines(repo.deadlines(first, last), today),
            extensions=extension_counts(repo.extensions(first, last)),
            refusals=refusal_counts(repo.refusals(first, last)),
            ratings=self._ratings(first, last),
            # The survey's samples drawn in the period, as the statistics count them.
            survey=self._unit.statistics.survey(since, until),
            request_issues=(
                issue_table(counted(What.REQUESTS), topics, districts) if half else None
            ),
            appeal_issues=(issue_table(counted(What.APPEALS), topics, districts) if half else None),
            appeals=repo.appeals(first, last) if half else None,
        )

    def _ratings(self, first: date, last: date) -> list[ZoneRatings]:
        """Per zone in the centre file's order, then all zones; nothing when none was given."""
        by_zone = self._unit.reports.ratings(first, last)
        if not by_zone:
            return []
        listed = [z.code for z in self._site.centre.zones]
        order = [z for z in listed if z in by_zone] + sorted(z for z in by_zone if z not in listed)
        every = [sum(column) for column in zip(*by_zone.values(), strict=True)]
        return [
            *(ZoneRatings(zone, satisfaction(by_zone[zone])) for zone in order),
            ZoneRatings(None, satisfaction(every)),
        ]

    def _instants(self, first: date, last: date) -> tuple[datetime, datetime]:
        """The period's first local midnight and the one after its last day."""
        tz = self._site.calendar.tz
        return datetime.combine(first, time(0), tz), datetime.combine(
            last + timedelta(days=1), time(0), tz
        )
