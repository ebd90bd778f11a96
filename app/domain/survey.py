"""The selective telephone survey (000 p.38): a random, reproducible sample of those who
received a consultation and left a phone number with their consent, and of booking requests
that were refused or not considered; the caller records what each call gave."""

from __future__ import annotations

from enum import StrEnum


class SurveyKind(StrEnum):
    CONSULTATION = "consultation"  # visitors served in the consultation zone
    REFUSED_REQUEST = "refused_request"  # booking requests refused or not considered


class CallResult(StrEnum):
    REACHED = "reached"
    NOT_REACHED = "not_reached"
    DECLINED = "declined"
