"""The report's periods and how its figures are laid out (app.domain.reports): a quarter for
000 p.40, a half-year for 003 App.2 p.7(6)."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.monitoring import Count
from app.domain.reception.terms import DeadlineKind, RefusalGround
from app.domain.report_periods import (
    NoSuchHalf,
    NoSuchQuarter,
    Period,
    ReportKind,
    YearOutOfReach,
    last_finished,
    period,
)
from app.domain.reports import (
    ChannelState,
    DayVisits,
    DeadlineCount,
    DeadlineOutcome,
    Visits,
    issue_table,
    outcome,
    outcomes_by_channel,
    refusal_counts,
    tally_deadlines,
    visits_by_month,
)

Q, H = ReportKind.QUARTER, ReportKind.HALF_YEAR


@pytest.mark.parametrize(
    ("kind", "year", "number", "first", "last", "key"),
    [
        (Q, 2026, 1, date(2026, 1, 1), date(2026, 3, 31), "2026-Q1"),
        (Q, 2026, 2, date(2026, 4, 1), date(2026, 6, 30), "2026-Q2"),
        (Q, 2026, 4, date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
        (H, 2028, 1, date(2028, 1, 1), date(2028, 6, 30), "2028-H1"),
        (H, 2026, 2, date(2026, 7, 1), date(2026, 12, 31), "2026-H2"),
    ],
)
def test_000_p40_a_period_is_whole_months(
    kind: ReportKind, year: int, number: int, first: date, last: date, key: str
) -> None:
    chosen = period(kind, year, number)
    assert (chosen.first, chosen.last, chosen.key) == (first, last, key)
    assert len(chosen.months) == kind.months
    assert chosen.months[0] == first
    assert chosen.months[-1] == last.replace(day=1)


def test_a_leap_year_february_is_in_its_quarter() -> None:
    assert period(Q, 2028, 1).months == (date(2028, 1, 1), date(2028, 2, 1), date(2028, 3, 1))


@pytest.mark.parametrize(
    ("kind", "year", "number", "refusal"),
    [
        (Q, 2026, 5, NoSuchQuarter),
        (Q, 2026, 0, NoSuchQuarter),
        (Q, 1800, 1, YearOutOfReach),
        (Q, 2100, 1, YearOutOfReach),
        (H, 2026, 3, NoSuchHalf),
        (H, 2026, -1, NoSuchHalf),
    ],
)
def test_a_period_that_does_not_exist_is_refused(
    kind: ReportKind, year: int, number: int, refusal: type[Exception]
) -> None:
    with pytest.raises(refusal) as raised:
        period(kind, year, number)
    assert getattr(raised.value, "status_code", None) == 422


def test_a_period_to_come_is_a_period() -> None:
    assert period(Q, 2099, 4).last == date(2099, 12, 31)


@pytest.mark.parametrize(
    ("kind", "today", "key"),
    [
        (Q, date(2027, 1, 11), "2026-Q4"),  # across the new year
        (Q, date(2026, 11, 24), "2026-Q3"),
        (Q, date(2026, 10, 1), "2026-Q3"),  # the first day of a quarter: the one before
        (H, date(2026, 7, 1), "2026-H1"),
        (H, date(2026, 6, 30), "2025-H2"),
        (Q, date(2000, 2, 1), "2000-Q1"),  # nothing before the first year: its own
    ],
)
def test_the_report_one_makes_today_is_of_the_last_whole_period(
    kind: ReportKind, today: date, key: str
) -> None:
    assert last_finished(kind, today).key == key


def test_periods_step_across_years_and_stop_at_the_ends() -> None:
    assert Period(Q, 2026, 4).shifted(1) == Period(Q, 2027, 1)
    assert Period(Q, 2026, 1).shifted(-1) == Period(Q, 2025, 4)
    assert Period(H, 2026, 1).shifted(-3) == Period(H, 2024, 2)
    assert Period(Q, 2000, 1).shifted(-1) is None
    assert Period(H, 2099, 2).shifted(1) is None


@pytest.mark.parametrize(
    ("done_on", "today", "expected"),
    [
        (date(2026, 11, 11), date(2027, 1, 11), DeadlineOutcome.MET),  # on its day
        (date(2026, 11, 24), date(2027, 1, 11), DeadlineOutcome.LATE),
        (None, date(2026, 11, 11), DeadlineOutcome.OPEN),  # its day is today
        (None, date(2026, 11, 12), DeadlineOutcome.OVERDUE),
    ],
)
def test_004_p12_6_a_deadline_met_late_missed_or_open(
    done_on: date | None, today: date, expected: DeadlineOutcome
) -> None:
    assert outcome(date(2026, 11, 11), done_on, today) is expected


def test_deadlines_are_tallied_per_kind_every_kind_shown() -> None:
    due = date(2026, 12, 14)
    tallies = tally_deadlines(
        [
            DeadlineCount(DeadlineKind.REPLY, due, date(2026, 12, 1), 2),
            DeadlineCount(DeadlineKind.REPLY, due, None, 1),
            DeadlineCount(DeadlineKind.INSTRUCTION, due, date(2026, 12, 20), 1),
        ],
        today=date(2027, 1, 11),
    )
    assert [(t.kind, t.met, t.late, t.overdue, t.open) for t in tallies] == [
        (DeadlineKind.REPLY, 2, 0, 1, 0),
        (DeadlineKind.EXTENSION_NOTICE, 0, 0, 0, 0),
        (DeadlineKind.OTHER_BODIES_NOTICE, 0, 0, 0, 0),
        (DeadlineKind.INSTRUCTION, 0, 1, 0, 0),
    ]


def test_visits_fold_into_months_in_the_centre_files_order() -> None:
    q4 = period(Q, 2026, 4)
    rows = visits_by_month(
        [
            DayVisits("self_service", date(2026, 11, 3), Visits(1, 1, 0)),
            DayVisits("consultation", date(2026, 10, 1), Visits(2, 1, 1)),
            DayVisits("consultation", date(2026, 10, 30), Visits(3, 3, 0)),
            DayVisits("archive", date(2026, 12, 1), Visits(1, 0, 0)),  # a zone since removed
        ],
        q4,
        ["consultation", "self_service"],
    )
    assert [r.zone for r in rows] == ["consultation", "self_service", "archive", None]
    assert rows[0].months == (Visits(5, 4, 1), Visits(), Visits())
    assert rows[-1].months == (Visits(5, 4, 1), Visits(1, 1, 0), Visits(1, 0, 0))
    assert rows[-1].total == Visits(7, 5, 1)


def test_every_channel_and_state_has_its_place() -> None:
    rows = outcomes_by_channel(
        [ChannelState("paper", "refused", 2), ChannelState("oral", "registered", 1)],
        ["egov", "paper", "oral"],
    )
    assert [r.channel for r in rows] == ["egov", "paper", "oral", None]
    assert rows[1].by_state["refused"] == 2
    assert rows[1].total == 2
    assert rows[-1].total == 3
    assert rows[-1].by_state["registered"] == 1


def test_000_p15_every_ground_in_its_order() -> None:
    counts = refusal_counts({"court_act": 2})
    assert [(c.point, c.ground, c.count) for c in counts][2] == (3, RefusalGround.COURT_ACT, 2)
    assert [c.point for c in counts] == [1, 2, 3, 4, 5]


def test_003_app2_p7_topics_by_district_listed_first_not_stated_last() -> None:
    table = issue_table(
        [
            Count("land", "almaly", 2),
            Count(None, "auezov", 1),
            Count("roads", None, 1),  # a topic the centre file no longer lists
            Count("housing", "auezov", 1),
        ],
        topics=["housing", "land"],
        districts=["alatau", "almaly", "auezov"],
    )
    assert table.topics == ("housing", "land", "roads", None)
    assert table.districts == ("almaly", "auezov", None)  # Alatau: nothing from there
    assert table.cell("land", "almaly") == 2
    assert table.topic_total(None) == 1
    assert table.district_total("auezov") == 2
    assert table.total == 5
