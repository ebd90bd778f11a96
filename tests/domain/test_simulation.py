"""The pure part of the simulated history (app.domain.simulation): the days it plays, who
comes when, and the draws, all from the random.Random it is given."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from datetime import date, time

import pytest

from app.config.centre import load_centre
from app.config.settings import DEMO_CENTRE
from app.domain import simulation as sim
from app.domain.calendar import WorkingCalendar

CALENDAR = load_centre(DEMO_CENTRE).calendar()
TUESDAY = date(2026, 11, 24)
CATEGORIES = ["labour_veteran", "disability", "pregnant", "state_award"]


def day_of(calendar: WorkingCalendar, day: date, seed: int) -> list[sim.Arrival]:
    return sim.arrivals(
        random.Random(seed), calendar.working_spans(day), dict(sim.TRAFFIC), CATEGORIES
    )


def test_past_working_days_skip_weekends_and_holidays() -> None:
    """001 p.4: Monday to Friday, not on public holidays — 16 December 2026 (Independence
    Day, a Wednesday) and 26 October 2026 (Republic Day observed, a Monday) are skipped."""
    assert sim.past_working_days(CALENDAR, date(2026, 12, 18), 3) == [
        date(2026, 12, 14),
        date(2026, 12, 15),
        date(2026, 12, 17),
    ]
    assert sim.past_working_days(CALENDAR, date(2026, 10, 27), 2) == [
        date(2026, 10, 22),
        date(2026, 10, 23),
    ]


def test_open_periods_leave_out_lunch_and_days_off() -> None:
    [morning, afternoon] = CALENDAR.working_spans(TUESDAY)
    assert (morning[0].time(), morning[1].time()) == (time(9), time(13))
    assert (afternoon[0].time(), afternoon[1].time()) == (time(14, 30), time(18, 30))
    assert morning[0].utcoffset() is not None  # the centre's local instants
    assert CALENDAR.working_spans(date(2026, 12, 16)) == []  # Independence Day
    assert CALENDAR.working_spans(date(2026, 11, 28)) == []  # a Saturday


def test_arrivals_come_in_working_hours_only_and_in_order() -> None:
    visitors = day_of(CALENDAR, TUESDAY, 1)
    periods = CALENDAR.working_spans(TUESDAY)
    assert visitors == sorted(visitors, key=lambda a: (a.at, a.zone))
    assert all(any(start <= a.at < end for start, end in periods) for a in visitors)
    assert {a.zone for a in visitors} == set(sim.TRAFFIC)


def test_the_same_seed_gives_the_same_day_another_seed_another() -> None:
    assert day_of(CALENDAR, TUESDAY, 7) == day_of(CALENDAR, TUESDAY, 7)
    assert day_of(CALENDAR, TUESDAY, 7) != day_of(CALENDAR, TUESDAY, 8)


def test_a_day_brings_a_few_hundred_visitors_peaking_late_morning_and_afternoon() -> None:
    days = [day_of(CALENDAR, TUESDAY, seed) for seed in range(20)]
    per_day = statistics.mean(len(d) for d in days)
    expected = sum(t.per_day for t in sim.TRAFFIC.values())  # a Tuesday's factor is 1
    assert expected * 0.9 < per_day < expected * 1.1
    hours = Counter(a.at.hour for d in days for a in d)
    assert hours[13] == 0  # lunch (13:00–14:30): the centre is closed
    assert hours[11] > hours[9] * 1.8  # the morning peak
    assert hours[15] > hours[17] * 1.3  # the afternoon peak, then it thins out
    assert hours[18] < hours[17]
    mondays = statistics.mean(len(day_of(CALENDAR, date(2026, 11, 23), s)) for s in range(20))
    assert mondays > per_day  # the weekend's questions


def test_languages_and_out_of_turn_visitors_are_mixed_as_in_a_centre() -> None:
    visitors = [a for seed in range(10) for a in day_of(CALENDAR, TUESDAY, seed)]
    languages = Counter(a.language for a in visitors)
    share = {code: count / len(visitors) for code, count in languages.items()}
    assert share["kk"] == pytest.approx(0.55, abs=0.03)
    assert share["ru"] == pytest.approx(0.40, abs=0.03)
    assert share["en"] == pytest.approx(0.05, abs=0.02)
    priority = [a.priority for a in visitors if a.priority is not None]
    assert len(priority) / len(visitors) == pytest.approx(sim.PRIORITY_SHARE, abs=0.015)
    assert set(priority) <= set(CATEGORIES)
    assert Counter(priority)["disability"] > Counter(priority)["state_award"]
    purposes = {a.zone: set() for a in visitors}  # type: dict[str, set[str | None]]
    for a in visitors:
        purposes[a.zone].add(a.purpose)
    assert purposes["self_service"] == {"appeal_no_text"}
    assert purposes["personal_reception"] == {"booked_reception"}
    assert purposes["consultation"] == {"consultation", "appeal_on_paper", "booking_or_complaint"}


def test_visits_last_about_the_zones_median() -> None:
    rng = random.Random(3)
    for zone, traffic in sim.TRAFFIC.items():
        drawn = [sim.visit_minutes(rng, traffic) for _ in range(3000)]
        assert statistics.median(drawn) == pytest.approx(traffic.median_minutes, rel=0.06), zone
        assert min(drawn) >= 0.5
        assert max(drawn) <= 6 * traffic.median_minutes
    walks = [sim.walk_minutes(rng) for _ in range(1000)]
    assert min(walks) >= 0.2
    assert max(walks) <= 4.0


def test_fates_come_in_their_shares_and_nobody_is_sent_on_twice() -> None:
    rng = random.Random(5)
    fates = Counter(sim.fate(rng, transferable=True) for _ in range(20000))
    assert fates[sim.Fate.NO_SHOW] / 20000 == pytest.approx(sim.NO_SHOW_SHARE, abs=0.006)
    assert fates[sim.Fate.TRANSFER] / 20000 == pytest.approx(sim.TRANSFER_SHARE, abs=0.005)
    again = Counter(sim.fate(rng, transferable=False) for _ in range(5000))
    assert again[sim.Fate.TRANSFER] == 0


def test_transfers_go_to_another_zone() -> None:
    rng = random.Random(2)
    zones = list(sim.TRAFFIC)
    targets = Counter(sim.transfer_target(rng, "consultation", zones) for _ in range(500))
    assert set(targets) == {"self_service", "personal_reception"}
    assert sim.transfer_target(rng, "self_service", zones) == "consultation"
    assert sim.transfer_target(rng, "consultation", ["consultation"]) is None
    assert sim.transfer_target(rng, "other", ["other", "consultation"]) == "consultation"


def test_pauses_fall_in_open_hours() -> None:
    periods = CALENDAR.working_spans(TUESDAY)
    planned = [p for seed in range(50) for p in sim.pauses(random.Random(seed), periods)]
    assert {p.reason for p in planned} == {"break", "paperwork"}
    assert all(any(start <= p.at < end for start, end in periods) for p in planned)
    assert all(5 <= p.minutes <= 15 for p in planned)


def test_outcomes_are_among_those_offered() -> None:
    rng = random.Random(4)
    assert {sim.outcome(rng, ["received", "other"]) for _ in range(200)} == {"received", "other"}
    assert sim.outcome(rng, ["consulted"]) == "consulted"
