"""The words a letter puts together (review of the texts, B-17, B-24 and C-34): a position in
the middle of a sentence, and the applicant's name in the dative of the addressee line."""

from __future__ import annotations

import pytest

from app.domain.names import dative, gender_of, kk_dative_word
from app.services.reception.letters import _mid_sentence


@pytest.mark.parametrize(
    ("position", "in_a_sentence"),
    [
        # A common noun first: small inside «Сізді … қабылдайды», «Вас примет …».
        ("Аудан әкімінің орынбасары", "аудан әкімінің орынбасары"),
        ("Заместитель акима района", "заместитель акима района"),
        ("Руководитель отдела земельных отношений", "руководитель отдела земельных отношений"),
        ("Аким района", "аким района"),
        ("Жер қатынастары бөлімінің басшысы", "жер қатынастары бөлімінің басшысы"),
        # B-17: a place name or an abbreviation first keeps its capital.
        ("Бородулиха ауданы әкімінің орынбасары", "Бородулиха ауданы әкімінің орынбасары"),
        ("Бородулиха аудандық мәслихатының хатшысы", "Бородулиха аудандық мәслихатының хатшысы"),
        ("Астана қаласы әкімінің орынбасары", "Астана қаласы әкімінің орынбасары"),
        ("ГУ «Отдел образования», руководитель", "ГУ «Отдел образования», руководитель"),
        ("ЖШС директоры", "ЖШС директоры"),
        ("Бородулихинский районный отдел", "Бородулихинский районный отдел"),
        ("", ""),
    ],
)
def test_mid_sentence_lowers_only_a_common_noun(position: str, in_a_sentence: str) -> None:
    assert _mid_sentence(position) == in_a_sentence


@pytest.mark.parametrize(
    ("word", "dative_form"),
    [
        ("Ерлан", "Ерланға"),
        ("Асқар", "Асқарға"),
        ("Бибігүл", "Бибігүлге"),
        ("Айгерім", "Айгерімге"),
        ("Алия", "Алияға"),
        # A Russian-type suffix carries no harmony: the stem before it decides (C-34's example
        # «А.Б. Серіковке»).
        ("Жұмабаев", "Жұмабаевқа"),
        ("Серіков", "Серіковке"),
        ("Омарова", "Омароваға"),
        ("Ильин", "Ильинге"),
        # The patronymic in -ұлы/-қызы is a possessive form: -на/-не (as B-24's «үстеліне»).
        ("Болатұлы", "Болатұлына"),
        ("Қайратқызы", "Қайратқызына"),
    ],
)
def test_kazakh_dative_of_a_name_word(word: str, dative_form: str) -> None:
    assert kk_dative_word(word) == dative_form


@pytest.mark.parametrize(
    ("name", "language", "addressee"),
    [
        # Kazakh: the case ending on the last word of the name only.
        ("Жұмабаев Ерлан", "kk", "Жұмабаев Ерланға"),
        ("Серіков Асқар Болатұлы", "kk", "Серіков Асқар Болатұлына"),
        ("Омарова Бибігүл Қайратқызы", "kk", "Омарова Бибігүл Қайратқызына"),
        # Russian: every word, by the gender the surname or patronymic tells.
        ("Сериков Аскар Болатович", "ru", "Серикову Аскару Болатовичу"),
        ("Жумабаев Ерлан", "ru", "Жумабаеву Ерлану"),
        ("Серіков Асқар Болатұлы", "ru", "Серікову Асқару Болатұлы"),
        ("Омарова Бибигуль Кайратовна", "ru", "Омаровой Бибигули Кайратовне"),
        ("Нурланова Айгерим", "ru", "Нурлановой Айгерим"),
        ("Иванов Павел Петрович", "ru", "Иванову Павлу Петровичу"),
        ("Жуковский Андрей", "ru", "Жуковскому Андрею"),
        ("Иванова Мария", "ru", "Ивановой Марии"),
        # Not certain, so as written: the gender unknown, -ина a surname or a given name,
        # initials.
        ("Ким Алия", "ru", "Ким Алия"),
        ("Ильина Марина", "ru", "Ильина Марина"),
        ("Серіков А.Б.", "kk", "Серіков А.Б."),
        ("ТОО «Береке»", "ru", "ТОО «Береке»"),
    ],
)
def test_the_addressee_in_the_dative(name: str, language: str, addressee: str) -> None:
    assert dative(name, language) == addressee


def test_gender_from_the_endings_of_surname_and_patronymic() -> None:
    assert gender_of("Омарова Бибигуль") == "f"
    assert gender_of("Нұрлан Асқарқызы") == "f"
    assert gender_of("Серіков Асқар") == "m"
    assert gender_of("Асқар Болатұлы") == "m"
    assert gender_of("Ким Алия") is None
