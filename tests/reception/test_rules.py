"""Pure rules of personal reception: allocation in order of turn (000 p.28), slots, and the
not-the-same-employee rule (000 p.37)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from app.domain.reception.allocation import Candidate, ReceptionHours, allocate
from app.domain.reception.handlers import handled_before
from app.domain.reception.terms import Channel, RefusalGround

THU = date(2026, 11, 26)
NEXT_THU = date(2026, 12, 3)


def hours(day_id: int, official: int, day: date, slots: int = 2) -> ReceptionHours:
    return ReceptionHours(day_id, official, day, time(15, 0), time(15, 20 * slots), 20)


def candidate(request: int, official: int, registered: date, hour: int = 10) -> Candidate:
    return Candidate(request, official, registered, datetime(2026, 11, 2, hour, tzinfo=UTC))


def test_slots_cover_whole_periods_only() -> None:
    assert ReceptionHours(1, 1, THU, time(15, 0), time(16, 10), 20).slots() == [
        time(15, 0),
        time(15, 20),
        time(15, 40),
    ]


def test_000_p28_allocated_in_order_of_registration_not_of_arrival_in_the_list() -> None:
    late = candidate(1, official=7, registered=date(2026, 11, 10))
    early = candidate(2, official=7, registered=date(2026, 11, 3))
    same_day_later = candidate(3, official=7, registered=date(2026, 11, 3), hour=16)
    done, left = allocate(
        [late, same_day_later, early], [hours(1, 7, THU), hours(2, 7, NEXT_THU)], [], THU
    )
    assert [(a.request_id, a.day, a.at) for a in done] == [
        (2, THU, time(15, 0)),
        (3, THU, time(15, 20)),
        (1, NEXT_THU, time(15, 0)),
    ]
    assert left == []


def test_000_p28_each_request_goes_to_its_own_officials_days_and_free_times() -> None:
    done, left = allocate(
        [candidate(1, 7, THU), candidate(2, 8, THU), candidate(3, 8, THU)],
        [hours(1, 7, NEXT_THU), hours(2, 8, NEXT_THU, slots=1)],
        [(1, time(15, 0))],  # already booked
        THU,
    )
    assert [(a.request_id, a.day_id, a.at) for a in done] == [
        (1, 1, time(15, 20)),
        (2, 2, time(15, 0)),
    ]
    assert [c.request_id for c in left] == [3]


def test_000_p28_never_before_the_earliest_day_nor_before_registration() -> None:
    done, _ = allocate(
        [candidate(1, 7, NEXT_THU)], [hours(1, 7, THU), hours(2, 7, NEXT_THU)], [], THU
    )
    assert [a.day for a in done] == [NEXT_THU]
    done, _ = allocate(
        [candidate(1, 7, THU)], [hours(1, 7, THU), hours(2, 7, NEXT_THU)], [], NEXT_THU
    )
    assert [a.day for a in done] == [NEXT_THU]


def test_000_p37_an_earlier_handler_is_recognised_whatever_the_spelling() -> None:
    assert handled_before("A.  Serikov", ["a. serikov", "B. Omarova"])
    assert not handled_before("D. Nurlanov", ["a. serikov", "B. Omarova"])
    assert not handled_before("A. Serikov", [])


def test_000_p15_exactly_five_refusal_grounds_and_000_p4_five_channels() -> None:
    assert len(RefusalGround) == 5
    assert {c.value for c in Channel} == {"egov", "eotinish", "paper", "oral", "call_centre"}
    assert {c for c in Channel if c.oral} == {Channel.ORAL, Channel.CALL_CENTRE}  # 000 p.25
