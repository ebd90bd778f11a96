"""What is wrong with an invalid request, in the reader's language: each of pydantic's error
types as a catalog message, so that a 422 reads as the refusals of the queue do."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from app.domain.text import N_
from app.i18n import gettext_for

# error type → what is wrong with the field ({...}: pydantic's context of the error)
PROBLEMS: Mapping[str, str] = {
    "missing": N_("is required"),
    "extra_forbidden": N_("is not a field of this request"),
    "string_type": N_("must be text"),
    "string_too_short": N_("needs at least {min_length} characters"),
    "string_too_long": N_("may have at most {max_length} characters"),
    "string_pattern_mismatch": N_("is not in the expected form"),
    "too_short": N_("needs at least {min_length} items"),
    "too_long": N_("may have at most {max_length} items"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_parsing_size": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_type": N_("must be a number"),
    "float_parsing": N_("must be a number"),
    "greater_than": N_("must be more than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "enum": N_("must be one of: {expected}"),
    "literal_error": N_("must be one of: {expected}"),
    "date_type": N_("must be a date (YYYY-MM-DD)"),
    "date_parsing": N_("must be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": N_("must be a date (YYYY-MM-DD)"),
    "date_from_datetime_inexact": N_("must be a date (YYYY-MM-DD)"),
    "datetime_type": N_("must be a date and time (YYYY-MM-DDTHH:MM+05:00)"),
    "datetime_parsing": N_("must be a date and time (YYYY-MM-DDTHH:MM+05:00)"),
    "datetime_from_date_parsing": N_("must be a date and time (YYYY-MM-DDTHH:MM+05:00)"),
    "timezone_aware": N_("needs its UTC offset (e.g. +05:00)"),
    "time_type": N_("must be a time of day (HH:MM)"),
    "time_parsing": N_("must be a time of day (HH:MM)"),
    "list_type": N_("must be a list"),
    "dict_type": N_("must be an object"),
    "model_type": N_("must be an object"),
    "model_attributes_type": N_("must be an object"),
    "json_invalid": N_("the body is not valid JSON (error at character {position})"),
    "json_type": N_("must be JSON"),
}
INVALID = N_("is not valid")
BODY = N_("the request")
SOURCES = ("body", "query", "path", "header", "cookie")  # where FastAPI found the field


def describe(error: Mapping[str, Any], language: str) -> str:
    """One of pydantic's errors as `field: what is wrong`, in `language`."""
    kind = error.get("type", "")
    context = dict(error.get("ctx") or {})
    if kind == "json_invalid":
        position = error.get("loc", ("", 0))[-1]
        return gettext_for(language, PROBLEMS[kind]).format(position=position)
    if kind == "value_error":  # our own validators: their message is itself a msgid
        problem = gettext_for(language, str(context.get("error", "")) or INVALID)
    else:
        template = gettext_for(language, PROBLEMS.get(kind, INVALID))
        try:
            shown = {k: _shown(v) for k, v in context.items()}
            if "expected" in shown:  # pydantic's English "'a', 'b' or 'c'": no "or" in kk/ru
                shown["expected"] = shown["expected"].replace(" or ", ", ")
            problem = template.format(**shown)
        except (KeyError, IndexError):
            problem = gettext_for(language, INVALID)
    return f"{_field(error, language)}: {problem}"


def _field(error: Mapping[str, Any], language: str) -> str:
    loc = [str(part) for part in error.get("loc", ())]
    if loc and loc[0] in SOURCES:
        loc = loc[1:]
    return ".".join(loc) or gettext_for(language, BODY)


def _shown(value: Any) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)
