"""The selective telephone survey (000 p.38): draw a sample, record each call.

Who may be drawn (app.repositories.survey): for a consultation, the visitors whose ticket was
finished in the consultation zone on a day of the period and who left a phone number with
their consent at the desk; for refused requests, the booking requests refused (on their
refusal day) or not considered (on their registration day) in the period, called on their
contact. Nobody already in an earlier sample of the same kind is drawn again. The seed is
random unless given, and kept: `reproduce` draws a sample again from its seed over the same
data (those in samples drawn before it still left out) and gives the same list."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.access.identity import Staff
from app.domain.survey import (
    CONSULTATION_ZONE,
    SEEDS,
    CallNotFound,
    CallResult,
    SampleNotFound,
    SurveyKind,
    call_outcome,
    draw,
    ensure_draw,
)
from app.repositories.unit import Unit
from app.services.site import Site
from app.tables.feedback import SurveyCall, SurveySample
from app.tables.queue import Ticket
from app.tables.reception import Official, ReceptionRequest

SAMPLES_LISTED = 100


@dataclass(frozen=True)
class SampleProgress:
    sample: SurveySample
    calls: int
    called: int  # calls with a result


@dataclass(frozen=True)
class SheetRow:
    """One person to call: what the caller needs, and what was recorded."""

    call: SurveyCall
    phone: str | None  # None: deleted after the retention period (001 p.2)
    ticket: Ticket | None = None  # a consultation's
    request: ReceptionRequest | None = None  # a refused request's
    official: Official | None = None  # whom the request asked to be received by


@dataclass(frozen=True)
class Sheet:
    sample: SurveySample
    rows: list[SheetRow]

    @property
    def called(self) -> int:
        return sum(1 for row in self.rows if row.call.result is not None)


class Survey:
    def __init__(self, unit: Unit, site: Site) -> None:
        self._unit = unit
        self.site = site

    def eligible(
        self, kind: SurveyKind, first: date, last: date, *, before: int | None = None
    ) -> list[int]:
        """The ticket ids (consultation) or request ids (refused requests) that may be drawn;
        `before`: as they were for sample `before`, leaving out only the samples before it."""
        repo = self._unit.survey
        if kind is SurveyKind.CONSULTATION:
            return repo.consulted(CONSULTATION_ZONE, first, last, before=before)
        return repo.refused_requests(first, last, before=before)

    def draw(
        self,
        staff: Staff,
        kind: SurveyKind,
        first: date,
        last: date,
        size: int,
        *,
        seed: int | None,
        now: datetime,
    ) -> SurveySample:
        """A new sample of `size` over the centre-local days `first`–`last`, one call per
        person drawn. It may hold fewer (or none) when fewer are eligible."""
        ensure_draw(first, last, size, seed)
        self._unit.survey.lock_draws(kind)
        chosen_seed = seed if seed is not None else secrets.randbelow(SEEDS.stop)
        chosen = draw(self.eligible(kind, first, last), size, chosen_seed)
        sample = SurveySample(
            kind=kind.value,
            period_from=first,
            period_to=last,
            size=size,
            seed=chosen_seed,
            drawn_by=staff.username,
            drawn_at=now,
        )
        of_tickets = kind is SurveyKind.CONSULTATION
        return self._unit.survey.add_sample(sample, chosen, of_tickets=of_tickets)

    def reproduce(self, sample_id: int) -> list[int]:
        """The draw of a sample made again from its seed over today's data."""
        sample = self._sample(sample_id)
        kind = SurveyKind(sample.kind)
        eligible = self.eligible(kind, sample.period_from, sample.period_to, before=sample_id)
        return draw(eligible, sample.size, sample.seed)

    def drawn(self, sample_id: int) -> list[int]:
        """The ids a sample holds, in the order drawn."""
        self._sample(sample_id)
        return self._unit.survey.drawn_ids(sample_id)

    def samples(self) -> list[SampleProgress]:
        return [
            SampleProgress(sample, calls, called)
            for sample, calls, called in self._unit.survey.samples(SAMPLES_LISTED)
        ]

    def sheet(self, sample_id: int) -> Sheet:
        """The sample's list for the caller, in the order drawn."""
        sample = self._sample(sample_id)
        repo = self._unit.survey
        if sample.kind == SurveyKind.CONSULTATION:
            rows = [
                SheetRow(call, detail.phone if detail else None, ticket=ticket)
                for call, ticket, detail in repo.consultation_rows(sample_id)
            ]
        else:
            rows = [
                SheetRow(call, request.contact.strip() or None, request=request, official=o)
                for call, request, o in repo.request_rows(sample_id)
            ]
        return Sheet(sample, rows)

    def record(
        self,
        staff: Staff,
        sample_id: int,
        call_id: int,
        result: CallResult,
        *,
        satisfied: int | None,
        remarks: str | None,
        now: datetime,
    ) -> SurveyCall:
        """What a call of sample `sample_id` gave, by whom and when. Recording again
        corrects it."""
        call = self._unit.survey.call(call_id)
        if call is None or call.sample_id != sample_id:
            raise CallNotFound(key=call_id)
        score, text = call_outcome(result, satisfied, remarks)
        call.result = result.value
        call.satisfied = score
        call.remarks = text
        call.called_by = staff.username
        call.called_at = now
        self._unit.survey.save_call(call)
        return call

    def _sample(self, sample_id: int) -> SurveySample:
        sample = self._unit.survey.sample(sample_id)
        if sample is None:
            raise SampleNotFound(key=sample_id)
        return sample
