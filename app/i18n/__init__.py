"""Translations from Babel (gettext) catalogs: `app/i18n/locales/<lang>/LC_MESSAGES/messages.po`.

The .po files are the source; they are compiled in memory at first use, so no generated .mo
file has to be kept in step with them."""

from __future__ import annotations

import gettext
from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any, Protocol

from babel.core import Locale, negotiate_locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).with_name("locales")
LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "en"


def catalog_path(language: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    if language not in LANGUAGES:
        return gettext.NullTranslations()
    with catalog_path(language).open("rb") as po:
        catalog = read_po(po, locale=Locale.parse(language))
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(language: str, message: str) -> str:
    return translations(language).gettext(message)


def pgettext_for(language: str, context: str, message: str) -> str:
    """`message` in the sense `context` names (the catalog's msgctxt): the same English word
    can need two translations, e.g. a ticket «cancelled» and a reception day «cancelled»."""
    return translations(language).pgettext(context, message)


def negotiate(explicit: str | None, accept_language: str | None) -> str:
    """The reader's language: an explicit `lang`, else the best of Accept-Language by its
    q-values (a language with q=0 is one the reader does not want)."""
    if explicit in LANGUAGES:
        return explicit
    if accept_language:
        found = negotiate_locale(_by_preference(accept_language), list(LANGUAGES), sep="_")
        if found:
            return found.split("_")[0]
    return DEFAULT_LANGUAGE


def _by_preference(accept_language: str) -> list[str]:
    """`ru;q=0.5, kk` → ["kk", "ru"]: the languages in the order the reader prefers them."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, position, tag.replace("-", "_").lower()))
    return [tag for *_, tag in sorted(ranked)]


class Translatable(Protocol):
    """A refusal with an English template (a catalog msgid) and its parameters: the queue's
    business errors and the refusals of access alike."""

    params: dict[str, Any]

    @property
    def template(self) -> str: ...

    @property
    def translated_params(self) -> tuple[str, ...]: ...


def translate_error(error: Translatable, language: str) -> str:
    already = getattr(error, "translated", None)
    if isinstance(already, str):
        return already
    params = {key: _said(key, value, error, language) for key, value in error.params.items()}
    return gettext_for(language, error.template).format(**params)


# A day as the reader says it: «7 желтоқсан (дүйсенбі)», «7 декабря (понедельник)», "Monday
# 7 December" (Babel's CLDR month and weekday names; the genitive where Russian needs it).
DAY_FORMATS = {"kk": "d MMMM (EEEE)", "ru": "d MMMM (EEEE)", "en": "EEEE d MMMM"}
# A day of a period that may span years (the statistics): «1 қаңтар 2025 ж.», "1 January 2025".
YEAR_DAY_FORMAT = "d MMMM y"


def _said(key: str, value: object, error: Translatable, language: str) -> object:
    if key in error.translated_params:
        return gettext_for(language, str(value))
    if isinstance(value, date) and not isinstance(value, datetime):
        if getattr(error, "dates_with_year", False):
            return format_date(value, YEAR_DAY_FORMAT, locale=language)
        return format_date(value, DAY_FORMATS.get(language, DAY_FORMATS["en"]), locale=language)
    return value
