"""The statistics as the API answers them (GET /api/statistics): numbers only."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app.domain.statistics import (
    COUNTS,
    AssistanceTally,
    Grouping,
    Statistics,
    Summary,
    SurveyTally,
)
from app.domain.workplace_time import WorkplaceTime


class SpreadOut(BaseModel):
    median: float | None = Field(description="minutes; null when nothing was measured")
    p90: float | None
    max: float | None


class SatisfactionOut(BaseModel):
    count: int = Field(description="ratings given")
    mean: float | None = Field(description="mean score 1–5; null without a rating")
    distribution: dict[str, int] = Field(description='ratings of each score, "1" to "5"')


class SummaryOut(BaseModel):
    key: str = Field(description='the group (a zone code, "09" for an hour, a day, …)')
    issued: int
    called: int
    served: int
    no_show: int
    cancelled: int
    transferred: int
    recalls: int
    wait_minutes: SpreadOut = Field(description="from the issue to the first call")
    walk_minutes: SpreadOut = Field(description="from the call to the start of service")
    service_minutes: SpreadOut = Field(description="from the start to the finish")
    within_target: float | None = Field(
        description="share (0–1) of the called visitors called within their zone's target wait"
    )
    satisfaction: SatisfactionOut = Field(description="visitors' ratings of their visit")
    estimate_error_minutes: SpreadOut = Field(
        description="how far the wait estimated at issue was from the real wait, in minutes"
    )
    estimate_within_5: float | None = Field(
        description="share (0–1) of the estimates within 5 minutes of the real wait"
    )

    @classmethod
    def of(cls, summary: Summary) -> SummaryOut:
        return cls.model_validate(asdict(summary))


class SurveyOut(BaseModel):
    """The telephone survey (000 p.38): the calls of the samples drawn in the period."""

    kind: str = Field(description="consultation | refused_request")
    drawn: int
    called: int = Field(description="calls with a result recorded")
    reached: int
    not_reached: int
    declined: int
    satisfaction: SatisfactionOut = Field(description="as those reached answered")

    @classmethod
    def of(cls, tally: SurveyTally) -> SurveyOut:
        return cls.model_validate(asdict(tally))


class AssistanceOut(BaseModel):
    """The self-service zone's help of one kind (001 p.11)."""

    kind: str = Field(description="a code of the centre file's assistance kinds")
    count: int
    completed: int

    @classmethod
    def of(cls, tally: AssistanceTally) -> AssistanceOut:
        return cls.model_validate(asdict(tally))


class WorkplaceTimeOut(BaseModel):
    """How a workplace spent the opening hours of the days it worked (issue 13.1)."""

    workplace: str
    days: int = Field(description="days it served or paused on")
    serving: float = Field(description="minutes serving (start to finish of its visits)")
    paused: float = Field(description="minutes paused, within the opening hours")
    idle: float = Field(description="the rest of those days' opening hours, in minutes")

    @classmethod
    def of(cls, time: WorkplaceTime) -> WorkplaceTimeOut:
        return cls.model_validate(asdict(time))


class StatisticsOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    first: date = Field(alias="from", serialization_alias="from")
    last: date = Field(alias="to", serialization_alias="to")
    by: Grouping
    rows: list[SummaryOut]
    total: SummaryOut
    survey: list[SurveyOut] = Field(description="per kind; the samples drawn in the period")
    assistance: list[AssistanceOut] = Field(description="per kind of help, in the period")
    workplaces: list[WorkplaceTimeOut] = Field(description="each workplace's time, in minutes")

    @classmethod
    def of(cls, stats: Statistics) -> StatisticsOut:
        return cls(
            first=stats.first,
            last=stats.last,
            by=stats.by,
            rows=[SummaryOut.of(r) for r in stats.rows],
            total=SummaryOut.of(stats.total),
            survey=[SurveyOut.of(t) for t in stats.survey],
            assistance=[AssistanceOut.of(t) for t in stats.assistance],
            workplaces=[WorkplaceTimeOut.of(t) for t in stats.workplaces],
        )


# The columns of a table of statistics, in order, as the CSV and the page show them.
COLUMNS = (
    "key",
    *(name for name in COUNTS if name != "within_target"),  # the share, last, not the count
    *("wait_median", "wait_p90", "wait_max", "walk_median"),
    *("service_median", "service_p90", "service_max", "within_target"),
    *("rated", "satisfaction_mean", "estimate_error_median", "estimate_within_5"),
)
SURVEY_COLUMNS = (
    *("kind", "drawn", "called", "reached", "not_reached", "declined"),
    *("rated", "satisfaction_mean"),
)
ASSISTANCE_COLUMNS = ("kind", "count", "completed")
WORKPLACE_COLUMNS = ("workplace", "days", "serving", "paused", "idle")


def flat(summary: SummaryOut) -> list[object]:
    """One row of COLUMNS."""
    w, k, s = summary.wait_minutes, summary.walk_minutes, summary.service_minutes
    return [
        summary.key,
        summary.issued,
        summary.called,
        summary.served,
        summary.no_show,
        summary.cancelled,
        summary.transferred,
        summary.recalls,
        w.median,
        w.p90,
        w.max,
        k.median,
        s.median,
        s.p90,
        s.max,
        summary.within_target,
        summary.satisfaction.count,
        summary.satisfaction.mean,
        summary.estimate_error_minutes.median,
        summary.estimate_within_5,
    ]


def flat_survey(row: SurveyOut) -> list[object]:
    """One row of SURVEY_COLUMNS."""
    counts = [row.drawn, row.called, row.reached, row.not_reached, row.declined]
    return [row.kind, *counts, row.satisfaction.count, row.satisfaction.mean]


def flat_workplace(row: WorkplaceTimeOut) -> list[object]:
    """One row of WORKPLACE_COLUMNS."""
    return [row.workplace, row.days, row.serving, row.paused, row.idle]


def flat_assistance(row: AssistanceOut) -> list[object]:
    """One row of ASSISTANCE_COLUMNS."""
    return [row.kind, row.count, row.completed]
