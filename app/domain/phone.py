"""The telephone number a visitor may leave at the desk for the selective telephone survey
(000 p.38), and the consent it needs: kept only when the visitor agrees to be called.

Numbers of Kazakhstan are +7 and ten digits. The desk types them as people say them, so
spaces, dashes and brackets are dropped and the trunk prefix 8 (8 701 …) or a bare 7 stands for
+7; the number is stored as +7XXXXXXXXXX."""

from __future__ import annotations

import re

from app.domain.errors import Refusal
from app.domain.text import N_

_SEPARATORS = re.compile(r"[\s\-()]")
_NUMBER = re.compile(r"(?:\+7|8|7)([0-9]{10})")  # ASCII digits only: the number is dialled
MAX_TYPED = 30  # characters as typed, separators included


class InvalidPhone(Refusal):
    status_code = 422
    code = "invalid_phone"
    template = N_(
        "A telephone number is +7 and 10 digits, for example +7 701 123 45 67 "
        "(8 701 123 45 67 is accepted too)."
    )


class PhoneWithoutConsent(Refusal):
    """A number is personal data (001 p.2): kept only for the survey the visitor agreed to."""

    status_code = 422
    code = "phone_without_consent"
    template = N_(
        "The telephone number is kept only if the visitor agrees to the telephone survey: "
        "tick the consent, or clear the number."
    )


class ConsentWithoutPhone(Refusal):
    status_code = 422
    code = "consent_without_phone"
    template = N_(
        "The visitor agreed to a telephone survey but left no number: enter the number, or "
        "clear the consent."
    )


def normalise_phone(typed: str) -> str:
    """`typed` as +7XXXXXXXXXX; InvalidPhone when it is no number of Kazakhstan."""
    bare = _SEPARATORS.sub("", typed)
    match = _NUMBER.fullmatch(bare) if len(typed) <= MAX_TYPED else None
    if match is None:
        raise InvalidPhone()
    return "+7" + match.group(1)


def survey_contact(typed: str | None, consent: bool) -> str | None:
    """The number to keep for the survey, or None when the visitor left none. A number
    without consent is refused rather than dropped: the desk would believe it kept."""
    text = (typed or "").strip()
    if not text:
        if consent:
            raise ConsentWithoutPhone()
        return None
    phone = normalise_phone(text)
    if not consent:
        raise PhoneWithoutConsent()
    return phone


def spaced(phone: str) -> str:
    """+77011234567 as it is read out: +7 701 123 45 67; any other text as it is."""
    try:
        digits = normalise_phone(phone)[2:]
    except InvalidPhone:
        return phone
    return f"+7 {digits[:3]} {digits[3:6]} {digits[6:8]} {digits[8:]}"


def dialled(contact: str) -> str | None:
    """The number a `tel:` link dials for `contact`, or None when it is no number of ours."""
    try:
        return normalise_phone(contact)
    except InvalidPhone:
        return None
