"""The statistics as the API answers them (GET /api/statistics): numbers only."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app.domain.statistics import COUNTS, Grouping, Statistics, Summary


class SpreadOut(BaseModel):
    median: float | None = Field(description="minutes; null when nothing was measured")
    p90: float | None
    max: float | None


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

    @classmethod
    def of(cls, summary: Summary) -> SummaryOut:
        return cls.model_validate(asdict(summary))


class StatisticsOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    first: date = Field(alias="from", serialization_alias="from")
    last: date = Field(alias="to", serialization_alias="to")
    by: Grouping
    rows: list[SummaryOut]
    total: SummaryOut

    @classmethod
    def of(cls, stats: Statistics) -> StatisticsOut:
        return cls(
            first=stats.first,
            last=stats.last,
            by=stats.by,
            rows=[SummaryOut.of(r) for r in stats.rows],
            total=SummaryOut.of(stats.total),
        )


# The columns of a table of statistics, in order, as the CSV and the page show them.
COLUMNS = (
    "key",
    *(name for name in COUNTS if name != "within_target"),  # the share, last, not the count
    *("wait_median", "wait_p90", "wait_max", "walk_median"),
    *("service_median", "service_p90", "service_max", "within_target"),
)


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
    ]
