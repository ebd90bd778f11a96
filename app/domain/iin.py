"""Kazakhstan's individual identification number (ЖСН / ИИН): 12 digits, the first six the
birth date YYMMDD, the seventh the century and sex, the twelfth a control digit."""

from __future__ import annotations

from datetime import date

from app.domain.errors import Refusal
from app.domain.text import N_

_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


def control_digit(first_eleven: str) -> int | None:
    """The check digit of the first 11 digits, or None when no valid one exists."""
    digits = [int(c) for c in first_eleven]
    for weights in (_FIRST_WEIGHTS, _SECOND_WEIGHTS):
        check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if check != 10:
            return check
    return None


class InvalidIin(Refusal):
    status_code = 422
    code = "invalid_iin"


class IinLength(InvalidIin):
    template = N_("An IIN has exactly 12 digits.")


class IinCentury(InvalidIin):
    template = N_("The 7th digit of an IIN must be 1 to 6.")


class IinBirthDate(InvalidIin):
    template = N_("The first six digits of an IIN must be a date of birth (YYMMDD).")


class IinControlDigit(InvalidIin):
    template = N_("The IIN's control digit does not match; check the number.")


def iin_problem(value: str) -> InvalidIin | None:
    """What is wrong with an IIN, or None when it is valid."""
    if len(value) != 12 or not value.isdigit():
        return IinLength()
    century = _CENTURY.get(int(value[6]))
    if century is None:
        return IinCentury()
    try:
        date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        return IinBirthDate()
    if control_digit(value[:11]) != int(value[11]):
        return IinControlDigit()
    return None


def mask_iin(value: str) -> str:
    """Shown on staff screens: only the last four digits."""
    return "•" * (len(value) - 4) + value[-4:]
