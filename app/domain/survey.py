"""The selective telephone survey (000 p.38): a random, reproducible sample of those who
received a consultation and left a phone number with their consent, and of booking requests
that were refused or not considered; the caller records what each call gave.

A draw is a pure function of the eligible ids and a seed, both kept: the same seed over the
same eligible ids gives the same list, in the same order."""

from __future__ import annotations

import random
from collections.abc import Collection
from datetime import date
from enum import StrEnum

from app.domain.errors import BadPeriod, Refusal
from app.domain.reception.terms import RequestState
from app.domain.routing import Purpose
from app.domain.text import N_

MAX_PERIOD_DAYS = 400
SAMPLE_SIZES = range(1, 201)  # a sample of 1–200: a day's calling for a volunteer or two
SEEDS = range(0, 2**31)  # fits the database's 32-bit integer column
SATISFACTION = range(1, 6)  # 1 (not at all) – 5 (fully satisfied)
REMARKS_MAX = 500  # characters: what the caller notes, not a transcript

# Those who "received a consultation": their ticket was finished in the consultation zone.
CONSULTATION_ZONE = Purpose.CONSULTATION.zone
# Those "refused a reception booking": refused on a ground of 000 p.15, or not considered
# (000 p.5).
REFUSED_STATES = (RequestState.REFUSED, RequestState.NOT_CONSIDERED)


class SurveyKind(StrEnum):
    CONSULTATION = "consultation"  # visitors served in the consultation zone
    REFUSED_REQUEST = "refused_request"  # booking requests refused or not considered

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


class CallResult(StrEnum):
    REACHED = "reached"
    NOT_REACHED = "not_reached"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return _RESULT_LABELS[self]


_KIND_LABELS = {
    SurveyKind.CONSULTATION: N_("Visitors who received a consultation"),
    SurveyKind.REFUSED_REQUEST: N_("Booking requests refused or not considered"),
}
_RESULT_LABELS = {
    CallResult.REACHED: N_("reached"),
    CallResult.NOT_REACHED: N_("not reached"),
    CallResult.DECLINED: N_("declined to answer"),
}


class BadSampleSize(Refusal):
    status_code = 422
    code = "bad_sample_size"
    template = N_("A sample has {first} to {last} people.")


class BadSeed(Refusal):
    status_code = 422
    code = "bad_seed"
    template = N_("The seed is a whole number from {first} to {last}.")


class SampleNotFound(Refusal):
    status_code = 404
    code = "sample_not_found"
    template = N_("Survey sample {key} was not found.")


class CallNotFound(Refusal):
    status_code = 404
    code = "survey_call_not_found"
    template = N_("Survey call {key} was not found.")


class SatisfactionRequired(Refusal):
    status_code = 422
    code = "satisfaction_required"
    template = N_("The person was reached: choose how satisfied they are, from 1 to 5.")


class BadSatisfaction(Refusal):
    status_code = 422
    code = "bad_satisfaction"
    template = N_("Satisfaction is a score from 1 to 5.")


class RemarksTooLong(Refusal):
    status_code = 422
    code = "remarks_too_long"
    template = N_("Remarks may have at most {limit} characters.")


def ensure_draw(first: date, last: date, size: int, seed: int | None) -> None:
    """A draw the survey makes: a period in order and at most MAX_PERIOD_DAYS centre-local
    days long, a size of SAMPLE_SIZES and, when given, a seed of SEEDS."""
    if first > last or (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise BadPeriod(first=first, last=last, days=MAX_PERIOD_DAYS)
    if size not in SAMPLE_SIZES:
        raise BadSampleSize(first=SAMPLE_SIZES[0], last=SAMPLE_SIZES[-1])
    if seed is not None and seed not in SEEDS:
        raise BadSeed(first=SEEDS[0], last=SEEDS[-1])


def draw(eligible: Collection[int], size: int, seed: int) -> list[int]:
    """`size` of the `eligible` ids (all of them when there are fewer), chosen at random by
    `seed`. The ids are sorted first, so the order the database gave them in does not count."""
    population = sorted(set(eligible))
    # A seeded generator on purpose: the draw must be made again from its seed (no secret).
    return random.Random(seed).sample(population, min(size, len(population)))  # noqa: S311


def call_outcome(
    result: CallResult, satisfied: int | None, remarks: str | None
) -> tuple[int | None, str | None]:
    """What is kept of a call: the score only when the person was reached (and then it is
    required: a score of someone not reached would be invented), remarks trimmed, or None."""
    text = (remarks or "").strip() or None
    if text is not None and len(text) > REMARKS_MAX:
        raise RemarksTooLong(limit=REMARKS_MAX)
    if result is not CallResult.REACHED:
        return None, text
    if satisfied is None:
        raise SatisfactionRequired()
    if satisfied not in SATISFACTION:
        raise BadSatisfaction()
    return satisfied, text
