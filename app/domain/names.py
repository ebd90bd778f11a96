"""A person's name as a letter addresses them: in the dative («Жұмабаев Ерланға»,
«Жумабаеву Ерлану») and with a salutation that agrees with them («Уважаемый», «Уважаемая»).

Names are typed by staff as the applicant gave them, so only the patterns that are certain are
declined; a word that fits none is left as written (the nominative, as before) rather than
guessed at. Kazakh puts the case ending on the last word of the name only; Russian declines
every word, by the person's gender, which the endings of surnames and patronymics tell
(-ов/-ова, -ович/-овна, -ұлы/-қызы); when none tells it, the Russian name stays as written."""

from __future__ import annotations

import re
from typing import Literal

Gender = Literal["m", "f"]

_KK_BACK = set("аоұыяё")
_KK_FRONT = set("әеөүіэ")
# After these the dative is -қа/-ке (кабинетке); final в of a Russian-type surname is said [ф].
_KK_VOICELESS = set("кқпстфхцчшщбвгд")
# A Russian-type surname suffix carries no Kazakh harmony: Жұмабаев-қа, Серіков-ке follow
# the stem before it.
_RUSSIAN_SUFFIX = re.compile(r"(ов|ев|ёв)$")

_FEMININE = re.compile(r"(ова|ева|ёва|ина|ына|ская|цкая|овна|евна|ична|қызы|кызы)$")
_MASCULINE = re.compile(r"(ов|ев|ёв|ин|ын|ский|цкий|ович|евич|ич|ұлы|улы)$")
# A woman's word in -ина is a surname (Ильина → Ильиной) or a given name (Марина → Марине):
# the endings cannot tell which, so such a Russian name is left as written.
_AMBIGUOUS_FEMININE = re.compile(r"(ина|ына)$")
_WORD = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)*$")


def _is_back(word: str) -> bool:
    """By the last harmony-bearing vowel; «и» alone (Ильин, Әли's и) counts as front."""
    lower = word.lower()
    for char in reversed(lower):
        if char in _KK_BACK:
            return True
        if char in _KK_FRONT:
            return False
    return "и" not in lower


def kk_dative_word(word: str) -> str:
    """One Kazakh word of a name in the dative: Ерлан → Ерланға, Бибігүл → Бибігүлге,
    Жұмабаев → Жұмабаевқа, Серіков → Серіковке, Омарова → Омароваға, and a patronymic in
    -ұлы/-қызы (a possessive form) → Болатұлына, Қайратқызына."""
    lower = word.lower()
    if lower.endswith(("ы", "і")):  # -ұлы, -қызы and other possessive endings: -на/-не
        return word + ("на" if _is_back(word) else "не")
    stem = _RUSSIAN_SUFFIX.sub("", lower)
    back = _is_back(stem if any(c in _KK_BACK | _KK_FRONT for c in stem) else lower)
    voiceless = lower[-1] in _KK_VOICELESS
    if back:
        return word + ("қа" if voiceless else "ға")
    return word + ("ке" if voiceless else "ге")


def gender_of(name: str) -> Gender | None:
    """The gender a surname or patronymic tells, else None («Ким Алия»)."""
    words = [w.lower() for w in name.split()]
    if any(_FEMININE.search(w) for w in words):
        return "f"
    if any(_MASCULINE.search(w) for w in words):
        return "m"
    return None


# Men's names that lose a vowel when declined.
_RU_FLEETING = {"павел": "Павлу", "лев": "Льву", "пётр": "Петру", "петр": "Петру"}


def _ru_dative_word(word: str, gender: Gender) -> str:
    lower = word.lower()
    if gender == "m" and lower in _RU_FLEETING:
        return _RU_FLEETING[lower]
    if gender == "m":
        if lower.endswith(("ский", "цкий", "ой", "ый")):
            return word[:-2] + "ому"
        if lower.endswith(("ұлы", "улы")):
            return word
        if lower.endswith("ия"):
            return word[:-1] + "и"
        if lower.endswith(("а", "я")):
            return word[:-1] + "е"
        if lower.endswith(("й", "ь")):
            return word[:-1] + "ю"
        if lower[-1] in "бвгджзклмнпрстфхцчшщңқғһ":
            return word + "у"
        return word  # -о, -е, -и, -у, -ых: not declined
    if lower.endswith(("ская", "цкая")):
        return word[:-2] + "ой"
    if lower.endswith(("ова", "ева", "ёва", "ина", "ына")):
        return word[:-1] + "ой"
    if lower.endswith("ия"):
        return word[:-1] + "и"
    if lower.endswith(("а", "я")):
        return word[:-1] + "е"
    if lower.endswith("ь"):
        return word[:-1] + "и"
    return word  # a woman's name or surname ending in a consonant is not declined


def dative(name: str, language: str) -> str:
    """The addressee line of a letter: kk «Жұмабаев Ерланға», ru «Жумабаеву Ерлану»,
    «Омаровой Бибигуль»; en as written. A name with initials, digits or an unknown gender
    (in Russian) is left as written."""
    words = name.split()
    if not words or not all(_WORD.match(w) for w in words):
        return name.strip()
    if language == "kk":
        return " ".join([*words[:-1], kk_dative_word(words[-1])])
    if language == "ru":
        gender = gender_of(name)
        ambiguous = gender == "f" and any(_AMBIGUOUS_FEMININE.search(w.lower()) for w in words)
        if gender is None or ambiguous:
            return " ".join(words)
        return " ".join(_ru_dative_word(w, gender) for w in words)
    return " ".join(words)
