"""Every message the code marks for translation (`N_("…")` in Python, `_("…")` in Python and
templates, `pgettext("context", "…")` where one English word has two senses) has a real
translation in every catalog (kk, ru, en), with the same {placeholders}.

001 p.8 and 000 p.21: visitors are served in Kazakh or Russian, as they choose."""

from __future__ import annotations

import string
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from app.domain.errors import Refusal
from app.domain.lifecycle import Action, TicketState
from app.i18n import LANGUAGES, LOCALES_DIR, catalog_path, gettext_for, negotiate, pgettext_for

ROOT = Path(__file__).resolve().parents[1]
# The packages that ship (pyproject's setuptools include list), where they exist yet.
SOURCE_DIRS = [ROOT / d for d in ("app", "kiosk", "board", "printer", "voices")]
# kk("…") and ru("…") mark strings that bilingual screens (the board) show in both languages.
KEYWORDS: dict[str, Any] = {"N_": None, "_": None, "kk": None, "ru": None}
# The same English word in two senses: a msgctxt (a ticket «cancelled», a reception day
# «cancelled»); kk_pgettext / ru_pgettext on the bilingual screens.
KEYWORDS |= dict.fromkeys(("pgettext", "kk_pgettext", "ru_pgettext"), ((1, "c"), 2))
CATALOG_LANGUAGES = ("kk", "ru", "en")

Placeholder = tuple[str, str | None, str]
Message = tuple[str, str | None]  # msgid and its msgctxt


def method_map() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    """The project's babel.cfg (Python and Jinja2 templates), always including Python."""
    methods: list[tuple[str, str]] = []
    options: dict[str, dict[str, str]] = {}
    config = ROOT / "babel.cfg"
    if config.exists():
        with config.open(encoding="utf-8") as f:
            methods, options = parse_mapping_cfg(f, filename=str(config))  # type: ignore[no-untyped-call]
    if ("**.py", "python") not in methods:
        methods.append(("**.py", "python"))
    return methods, options


@cache
def extracted() -> dict[Message, list[str]]:
    """(msgid, msgctxt) → where it is used."""
    methods, options = method_map()
    found: dict[Message, list[str]] = {}
    for directory in SOURCE_DIRS:
        if not directory.is_dir():
            continue
        for filename, lineno, message, _comments, context in extract_from_dir(
            directory, methods, options, keywords=KEYWORDS
        ):
            # A plural message is catalogued under its singular msgid.
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                where = f"{directory.name}/{filename}:{lineno}"
                found.setdefault((msgid, context), []).append(where)
    return found


@cache
def catalog(language: str) -> Catalog:
    with catalog_path(language).open("rb") as f:
        return read_po(f, locale=language)


def placeholders(text: str) -> Counter[Placeholder]:
    """The str.format fields of `text`: (name, conversion, format spec), with multiplicity."""
    return Counter(
        (name, conversion, spec or "")
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


def problems(language: str, cat: Catalog, msgids: dict[Message, list[str]]) -> list[str]:
    found: list[str] = []
    for (msgid, context), used_at in sorted(msgids.items(), key=lambda m: (m[0][0], m[0][1] or "")):
        where = used_at[0]
        entry = cat.get(msgid, context)
        if entry is None:
            sense = f" in the sense {context!r}" if context else ""
            found.append(f"{language}: missing {msgid!r}{sense} (used at {where})")
            continue
        if entry.fuzzy:
            found.append(f"{language}: fuzzy {msgid!r}")
        string = entry.string
        translations: list[str | None] = (
            list(string) if isinstance(string, list | tuple) else [string]
        )
        for translation in translations:
            if not translation or not translation.strip():
                found.append(f"{language}: empty translation of {msgid!r} (used at {where})")
                continue
            try:
                got = placeholders(translation)
            except ValueError as exc:
                found.append(f"{language}: {translation!r} is not a valid format string: {exc}")
                continue
            if got != placeholders(msgid):
                found.append(
                    f"{language}: placeholders of {translation!r} differ from those of {msgid!r}"
                )
    return found


# the extractor finds what the code marks -----------------------------------------------------


def all_subclasses(cls: type[Refusal]) -> set[type[Refusal]]:
    direct = set(cls.__subclasses__())
    return direct.union(*(all_subclasses(c) for c in direct))


def test_extraction_finds_the_marked_messages() -> None:
    msgids = extracted()
    expected = {Refusal.template}
    expected |= {error.template for error in all_subclasses(Refusal)}
    expected |= {state.word for state in TicketState} | {action.verb for action in Action}
    missing = expected - {msgid for msgid, _context in msgids}
    assert not missing, f"the extractor missed {sorted(missing)}"
    assert all(msgids[m, None] for m in expected)


def test_the_extractor_keeps_the_sense_of_a_word_used_in_two() -> None:
    """A ticket is «күші жойылды» (its force is annulled); a reception day on the schedule
    «қабылдау өтпейді» (no reception is held): one English word, two catalog entries."""
    msgids = extracted()
    assert ("cancelled", None) in msgids
    assert ("cancelled", "reception day") in msgids
    ticket, day = catalog("kk").get("cancelled"), catalog("kk").get("cancelled", "reception day")
    assert ticket is not None
    assert ticket.string == "күші жойылды"
    assert day is not None
    assert day.string == "қабылдау өтпейді"
    assert pgettext_for("ru", "reception day", "cancelled") == "приём отменён"
    assert gettext_for("ru", "cancelled") == "отменён"


def test_there_is_a_catalog_for_every_language() -> None:
    assert set(LANGUAGES) == set(CATALOG_LANGUAGES)
    for language in CATALOG_LANGUAGES:
        assert catalog_path(language).is_file()
        assert catalog_path(language).is_relative_to(LOCALES_DIR)


# every message is translated ----------------------------------------------------------------


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    found = problems(language, catalog(language), extracted())
    assert not found, "\n".join(found)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_kazakh_and_russian_are_not_english_copies(language: str) -> None:
    cat = catalog(language)
    copies = [
        msgid
        for msgid, context in extracted()
        if (entry := cat.get(msgid, context)) is not None and entry.string == msgid
    ]
    assert not copies, f"{language}: left in English: {copies}"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_running_app_uses_the_catalog(language: str) -> None:
    msgid = Refusal.template
    assert gettext_for(language, msgid) == catalog(language)[msgid].string
    assert gettext_for(language, msgid) != msgid


# the check itself can fail ------------------------------------------------------------------


def test_placeholders_are_compared_with_conversion_and_count() -> None:
    assert placeholders("Zone {zone}: {value!r} {n:>3}") == Counter(
        {("zone", None, ""): 1, ("value", "r", ""): 1, ("n", None, ">3"): 1}
    )
    assert placeholders("{a} {a}") != placeholders("{a}")
    assert placeholders("{{not}} a field") == Counter()


def test_the_check_reports_a_blank_a_fuzzy_a_missing_and_a_broken_translation() -> None:
    cat = Catalog(locale="ru")
    cat.add("Ticket {key} was not found.", "")
    cat.add("Zone {zone} is full.", "Зона {zone} заполнена.", flags=["fuzzy"])
    cat.add("Hello {name}.", "Привет, {имя}.")
    cat.add("Bad {x}.", "Плохо {x.")
    cat.add("Absent.", "Есть, но в другом смысле.", context="elsewhere")
    msgids: dict[Message, list[str]] = {
        (m, None): ["here:1"]
        for m in (
            "Ticket {key} was not found.",
            "Zone {zone} is full.",
            "Hello {name}.",
            "Bad {x}.",
            "Absent.",
        )
    }
    msgids["Hello {name}.", "greeting"] = ["here:2"]
    found = problems("ru", cat, msgids)
    assert len(found) == 6, found
    assert any("empty" in p and "{key}" in p for p in found)
    assert any("fuzzy" in p for p in found)
    assert any("placeholders" in p and "{имя}" in p for p in found)
    assert any("not a valid format string" in p for p in found)
    assert any("missing 'Absent.'" in p for p in found)
    assert any("missing 'Hello {name}.' in the sense 'greeting'" in p for p in found)


def test_negotiate_is_case_insensitive() -> None:
    assert negotiate(None, "KK-KZ") == "kk"
    assert negotiate(None, "ru-RU") == "ru"


def test_negotiate_follows_q_values() -> None:
    assert negotiate(None, "ru;q=0.5, kk;q=0.9") == "kk"
    assert negotiate(None, "en;q=0.1, ru") == "ru"
    assert negotiate(None, "kk;q=0, ru;q=0.3") == "ru"  # q=0: not wanted at all
    assert negotiate(None, "de, ru;q=0.2, en;q=0.8") == "en"
    assert negotiate(None, "ru;q=bad, kk") == "kk"
