"""The survey's draw and the desk's phone number as pure functions (000 p.38): a sample is
reproducible from its seed, never larger than who is eligible and never anyone else."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.errors import BadPeriod
from app.domain.phone import (
    ConsentWithoutPhone,
    InvalidPhone,
    PhoneWithoutConsent,
    dialled,
    normalise_phone,
    spaced,
    survey_contact,
)
from app.domain.survey import (
    BadSampleSize,
    BadSatisfaction,
    BadSeed,
    CallResult,
    RemarksTooLong,
    SatisfactionRequired,
    call_outcome,
    draw,
    ensure_draw,
)

ELIGIBLE = list(range(100, 160))


def test_the_same_seed_draws_the_same_list_in_the_same_order() -> None:
    """000 p.38: the sample can be reproduced — its seed is kept."""
    assert draw(ELIGIBLE, 10, seed=2026) == draw(ELIGIBLE, 10, seed=2026)
    # Whatever order the database returned the eligible in.
    assert draw(list(reversed(ELIGIBLE)), 10, seed=2026) == draw(ELIGIBLE, 10, seed=2026)
    assert draw(set(ELIGIBLE), 10, seed=2026) == draw(ELIGIBLE, 10, seed=2026)


def test_different_seeds_draw_different_lists() -> None:
    lists = {tuple(draw(ELIGIBLE, 10, seed=seed)) for seed in range(20)}
    assert len(lists) == 20


def test_a_draw_takes_only_the_eligible_each_once() -> None:
    chosen = draw(ELIGIBLE, 25, seed=7)
    assert len(chosen) == 25
    assert len(set(chosen)) == 25
    assert set(chosen) <= set(ELIGIBLE)


def test_never_more_than_are_eligible() -> None:
    assert sorted(draw([5, 3, 9], 200, seed=1)) == [3, 5, 9]
    assert draw([], 10, seed=1) == []
    assert draw([4, 4, 4], 10, seed=1) == [4]  # an id twice is one person


def test_a_draw_is_random_not_the_first_ones() -> None:
    chosen = draw(ELIGIBLE, 10, seed=11)
    assert chosen != ELIGIBLE[:10]
    assert sorted(chosen) != ELIGIBLE[:10]


@pytest.mark.parametrize(
    ("first", "last", "size", "seed", "refusal"),
    [
        (date(2026, 11, 30), date(2026, 11, 1), 10, None, BadPeriod),  # ends before it starts
        (date(2025, 1, 1), date(2026, 2, 5), 10, None, BadPeriod),  # 401 days
        (date(2026, 11, 1), date(2026, 11, 30), 0, None, BadSampleSize),
        (date(2026, 11, 1), date(2026, 11, 30), 201, None, BadSampleSize),
        (date(2026, 11, 1), date(2026, 11, 30), 10, -1, BadSeed),
        (date(2026, 11, 1), date(2026, 11, 30), 10, 2**31, BadSeed),
    ],
)
def test_what_a_draw_refuses(
    first: date, last: date, size: int, seed: int | None, refusal: type[Exception]
) -> None:
    with pytest.raises(refusal) as raised:
        ensure_draw(first, last, size, seed)
    assert getattr(raised.value, "status_code", None) == 422


def test_what_a_draw_accepts() -> None:
    ensure_draw(date(2026, 11, 1), date(2026, 11, 1), 1, 0)  # one day, one person
    ensure_draw(date(2025, 11, 1), date(2026, 12, 5), 200, 2**31 - 1)  # 400 days


def test_a_score_only_when_reached_and_then_required() -> None:
    assert call_outcome(CallResult.REACHED, 4, "  Рахмет  ") == (4, "Рахмет")
    assert call_outcome(CallResult.NOT_REACHED, 4, "") == (None, None)
    assert call_outcome(CallResult.DECLINED, None, "Сөйлескісі келмеді") == (
        None,
        "Сөйлескісі келмеді",
    )
    with pytest.raises(SatisfactionRequired):
        call_outcome(CallResult.REACHED, None, "")
    with pytest.raises(BadSatisfaction):
        call_outcome(CallResult.REACHED, 6, "")
    with pytest.raises(RemarksTooLong):
        call_outcome(CallResult.NOT_REACHED, None, "а" * 501)


@pytest.mark.parametrize(
    "typed",
    [
        "+77011234567",
        "+7 701 123 45 67",
        "8 701 123-45-67",
        "8 (701) 123-45-67",
        "87011234567",
        "77011234567",
        " +7-701-123-45-67 ",
    ],
)
def test_kazakh_numbers_as_people_type_them(typed: str) -> None:
    assert normalise_phone(typed.strip()) == "+77011234567"


@pytest.mark.parametrize(
    "typed",
    [
        "7011234567",  # no +7 or 8: ten digits could be a number missing one
        "+7 701 123 45 6",
        "+7 701 123 45 678",
        "+8 701 123 45 67",
        "+49 30 1234567",
        "8-701-ABC-45-67",
        "+7 701 123 45 67 доб. 2",
        "",
    ],
)
def test_what_is_no_kazakh_number(typed: str) -> None:
    with pytest.raises(InvalidPhone):
        normalise_phone(typed)


def test_a_number_is_kept_only_with_consent() -> None:
    """000 p.38 with 001 p.2: personal data for the survey only when the visitor agrees."""
    assert survey_contact("8 701 123 45 67", True) == "+77011234567"
    assert survey_contact("", False) is None
    assert survey_contact("   ", False) is None
    with pytest.raises(PhoneWithoutConsent):
        survey_contact("8 701 123 45 67", False)
    with pytest.raises(ConsentWithoutPhone):
        survey_contact("", True)
    with pytest.raises(InvalidPhone):  # a wrong number is said first, consent or not
        survey_contact("12345", False)


def test_a_number_as_the_caller_reads_and_dials_it() -> None:
    assert spaced("+77011234567") == "+7 701 123 45 67"
    assert spaced("ernar@example.kz") == "ernar@example.kz"
    assert dialled("8 701 123 45 67") == "+77011234567"
    assert dialled("ernar@example.kz") is None
