"""Announcement texts and their pieces, per language and workplace kind."""

from __future__ import annotations

import pytest

from voices.phrases import Pause, PhraseBook, Piece, parse_display, phrase_slug, pieces_for

BOOK = PhraseBook()

TEXTS = [
    ("115", "window", 3, "kk", "Талон нөмірі жүз он бес, үшінші терезеге өтіңіз"),
    ("115", "window", 3, "ru", "Талон номер сто пятнадцать, пройдите к окну номер три"),
    ("115", "window", 3, "en", "Ticket number one hundred and fifteen, please go to window three"),
    ("415", "cabinet", 201, "kk", "Талон нөмірі төрт жүз он бес, екі жүз бірінші кабинетке өтіңіз"),
    ("415", "cabinet", 201, "ru",
     "Талон номер четыреста пятнадцать, пройдите в кабинет номер двести один"),
    ("415", "cabinet", 201, "en",
     "Ticket number four hundred and fifteen, please go to room two hundred and one"),
    # The desk with its zone, as the board names it (review A-8); «үстелі» takes -не (B-24).
    ("515", "desk", 4, "kk",
     "Талон нөмірі бес жүз он бес, өзіне-өзі қызмет көрсету аймағының төртінші үстеліне өтіңіз"),
    ("515", "desk", 4, "ru",
     "Талон номер пятьсот пятнадцать, пройдите к столу самообслуживания номер четыре"),
    ("515", "desk", 4, "en",
     "Ticket number five hundred and fifteen, please go to self-service desk four"),
    ("К-115", "window", 1, "kk", "Талон нөмірі ка жүз он бес, бірінші терезеге өтіңіз"),
    ("К-115", "window", 1, "ru", "Талон номер ка сто пятнадцать, пройдите к окну номер один"),
]  # fmt: skip


@pytest.mark.parametrize(("display", "kind", "number", "language", "text"), TEXTS)
def test_announcement_text(display: str, kind: str, number: int, language: str, text: str) -> None:
    assert BOOK.announcement(display, kind, number, language).text == text


def test_pieces_have_stable_names_and_a_comma_pause() -> None:
    spoken = BOOK.announcement("К-115", "window", 3, "kk")
    assert [p.name for p in spoken.pieces] == [
        "phrase-talon-nomiri",
        "letter-cyrillic-ka",
        "number-115",
        "ordinal-3",
        "phrase-terezege-otiniz",
    ]
    assert spoken.parts[-4] == Pause(long=True)  # the comma of the template
    assert spoken.parts[1] == Pause()
    assert spoken.pieces[1] == Piece("letter-cyrillic-ka", "ка", "kk")


def test_russian_and_english_name_the_place_by_cardinal() -> None:
    ru = BOOK.announcement("415", "cabinet", 201, "ru")
    assert [p.name for p in ru.pieces] == [
        "phrase-talon-nomer",
        "number-415",
        "phrase-projdite-v-kabinet-nomer",
        "number-201",
    ]


def test_kazakh_letter_in_a_russian_announcement_uses_the_kazakh_voice() -> None:
    spoken = BOOK.announcement("Қ-15", "window", 2, "ru")
    assert spoken.pieces[1] == Piece("letter-cyrillic-ka-with-descender", "қа", "kk")
    assert spoken.text == "Талон номер қа пятнадцать, пройдите к окну номер два"


@pytest.mark.parametrize(
    ("display", "prefix", "number"),
    [("115", "", 115), ("К-115", "К", 115), ("К115", "К", 115), ("AB-7", "AB", 7),
     (" Қ 015 ", "Қ", 15)],
)  # fmt: skip
def test_parse_display(display: str, prefix: str, number: int) -> None:
    assert parse_display(display) == (prefix, number)


@pytest.mark.parametrize("display", ["", "К-", "1-2", "К-1А"])
def test_unreadable_display_is_refused(display: str) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        parse_display(display)


def test_templates_are_configurable_with_russian_ordinal_cases() -> None:
    template = "Талон {ticket}, подойдите к {place:ordinal-dative-n} окну"
    book = PhraseBook({"ru": {"window": template}})
    assert book.announcement("7", "window", 3, "ru").text == "Талон семь, подойдите к третьему окну"
    # Languages and kinds not overridden keep their defaults.
    assert book.announcement("7", "cabinet", 3, "ru").text.startswith("Талон номер семь")


@pytest.mark.parametrize(
    ("templates", "message"),
    [
        ({"ru": {"window": "Окно {place}"}}, "must say the ticket"),
        ({"ru": {"window": "{ticket} {room}"}}, "unknown placeholder"),
        ({"ru": {"window": "{ticket} {place:roman}"}}, "unknown placeholder"),
        ({"ru": {"window": "{ticket} {place!r}"}}, "conversions"),
        ({"ru": {"window": "{ticket"}}, "templates.ru.window"),
        ({"de": {"window": "{ticket}"}}, "unknown language"),
        ({"ru": {"hall": "{ticket}"}}, "unknown workplace kind"),
    ],
)
def test_bad_templates_fail_when_loaded(templates: dict[str, dict[str, str]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PhraseBook(templates)


def test_unknown_kind_or_language_at_call_time() -> None:
    with pytest.raises(ValueError, match="kind"):
        BOOK.announcement("1", "hall", 1, "kk")
    with pytest.raises(ValueError, match="language"):
        BOOK.announcement("1", "window", 1, "de")


def test_phrase_slugs_are_ascii_and_short() -> None:
    assert phrase_slug("Талон нөмірі") == "talon-nomiri"
    assert phrase_slug("үшінші терезеге өтіңіз") == "ushinshi-terezege-otiniz"
    long = phrase_slug("пройдите пожалуйста к стойке самообслуживания номер " * 3)
    assert len(long) <= 57
    assert long.isascii()


def test_pieces_for_the_demo_centre() -> None:
    pieces = pieces_for(
        BOOK, "kk", range(100, 600),
        [("window", 1), ("window", 2), ("window", 3), ("cabinet", 201), ("desk", 4)], ["К"],
    )  # fmt: skip
    names = [p.name for p in pieces]
    assert len(names) == len(set(names))
    # 5 phrases (Талон нөмірі, «терезеге өтіңіз», «кабинетке өтіңіз», «өзіне-өзі қызмет
    # көрсету аймағының», «үстеліне өтіңіз»), 1 letter, 500 numbers, 5 ordinals.
    assert len(pieces) == 5 + 1 + 500 + 5
    assert "ordinal-201" in names
    assert "number-599" in names
    assert "letter-cyrillic-ka" in names
    ru = pieces_for(BOOK, "ru", [3], [("window", 3), ("cabinet", 201)])
    assert [p.name for p in ru][-2:] == ["number-3", "number-201"]
