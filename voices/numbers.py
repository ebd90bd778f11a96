"""Numbers and letters as words a voice can say, in Kazakh, Russian and English.

espeak reads digits and lone letters badly (stack notes: «Қ-015» comes out as «қ нөл онбес»),
so every number and prefix letter is spelt out here before it reaches the synthesizer. The
same words name the pieces of a voice pack, so a recorded clip says exactly what is written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from num2words import num2words  # type: ignore[import-untyped]

Case = Literal["nominative", "genitive", "dative", "accusative", "instrumental", "prepositional"]
Gender = Literal["m", "f", "n"]

# Kazakh vowels by harmony class. «у» and «и» are left out: in Kazakh they are often a glide
# after another vowel (елу, ми), so they tell nothing about the word's harmony or its ending.
_KK_BACK = set("аоұыяё")
_KK_FRONT = set("әеөүіэю")
_KK_VOWELS = _KK_BACK | _KK_FRONT
# After these a suffix starting with г/ғ turns voiceless (кабинет-ке, зал-ға). Final б, в, г, д
# of loanwords are said voiceless in Kazakh, so they take the voiceless suffix too.
_KK_VOICELESS = set("кқпстфхцчшщбвгд")

# Ordinals whose stem changes: the «ы» of қырық drops (қырқыншы); жиырма keeps an old
# -сыншы form that is the written standard (жиырмасыншы, not жиырманшы).
_KK_ORDINAL_STEMS = {"қырық": "қырқыншы", "жиырма": "жиырмасыншы"}


def _kk_is_back(word: str) -> bool:
    """True when the last harmony-bearing vowel is a back vowel (default for none: back)."""
    for char in reversed(word.lower()):
        if char in _KK_BACK:
            return True
        if char in _KK_FRONT:
            return False
    return True


def cardinal(number: int, language: str) -> str:
    """The number as words: kk «жүз он бес», ru «сто пятнадцать», en «one hundred and fifteen»."""
    if number < 0:
        raise ValueError(f"cannot say a negative number: {number}")
    if language == "kk":
        words = _clean(num2words(number, lang="kz"))
        # Some num2words releases say «бір жүз» / «бір мың» for 100 / 1000; Kazakh says «жүз»,
        # «мың» at the head of a number and after a bigger unit (1100: «мың жүз»).
        words = re.sub(r"(^|мың |миллион |миллиард )бір жүз\b", r"\1жүз", words)
        words = re.sub(r"^бір мың\b", "мың", words)
    elif language == "ru":
        words = _clean(num2words(number, lang="ru"))
        words = re.sub(r"^одна тысяча\b", "тысяча", words)
    elif language == "en":
        # num2words puts a comma after thousands; a comma would make the voice pause mid-number.
        words = _clean(str(num2words(number, lang="en")).replace(",", ""))
    else:
        raise ValueError(f"no number words for language {language!r}")
    return words


def _clean(words: object) -> str:
    """Single spaces only: double or trailing spaces, which some num2words releases produced,
    would become pauses in the middle of a number."""
    return " ".join(str(words).split())


def kk_ordinal_word(word: str) -> str:
    """One Kazakh cardinal word made ordinal by vowel harmony: бір → бірінші, алты → алтыншы."""
    word = word.lower()
    if word in _KK_ORDINAL_STEMS:
        return _KK_ORDINAL_STEMS[word]
    back = _kk_is_back(word)
    if word[-1] in _KK_VOWELS:
        return word + ("ншы" if back else "нші")
    return word + ("ыншы" if back else "інші")


def ordinal(
    number: int,
    language: str,
    *,
    case: Case = "nominative",
    gender: Gender = "m",
) -> str:
    """The ordinal as words: kk «үшінші», ru «третий» (or in `case`/`gender`), en «third».

    Kazakh ordinals do not decline before a noun, so `case` and `gender` apply to Russian only.
    """
    if language == "kk":
        *head, last = cardinal(number, "kk").split()
        return " ".join([*head, kk_ordinal_word(last)])
    if language == "ru":
        words = str(
            num2words(number, lang="ru", ordinal=True, case=case, gender=gender, animate=False)
        )
        return " ".join(words.split())
    if language == "en":
        return " ".join(str(num2words(number, lang="en", to="ordinal")).replace(",", "").split())
    raise ValueError(f"no ordinals for language {language!r}")


def kk_dative(noun: str) -> str:
    """A Kazakh noun in the dative (where to go): терезе → терезеге, кабинет → кабинетке,
    үстел → үстелге, зал → залға. The suffix follows the last vowel (ге/ке front, ға/қа back)
    and the final sound (voiceless → к/қ, vowel or voiced → г/ғ). A noun with the 3rd-person
    possessive (-ы/-і, -сы/-сі: «аймағының үстелі») takes -на/-не: үстелі → үстеліне,
    бөлмесі → бөлмесіне, орталығы → орталығына."""
    stripped = noun.rstrip()
    if not stripped:
        raise ValueError("an empty noun has no dative")
    back = _kk_is_back(stripped)
    if stripped[-1].lower() in "ыі":
        # A Kazakh word ends in ы/і only in a possessive (or another suffix that takes -на).
        return stripped + ("на" if back else "не")
    voiceless = stripped[-1].lower() in _KK_VOICELESS
    if back:
        return stripped + ("қа" if voiceless else "ға")
    return stripped + ("ке" if voiceless else "ге")


# ---- prefix letters -------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterName:
    """How a prefix letter is said: the words and the voice that says them. A Russian
    announcement of «Қ» borrows the Kazakh voice: the Russian voice has no қ and spells
    the character's English description instead."""

    text: str
    voice: str


_KK_CYRILLIC = {
    "А": "а", "Ә": "ә", "Б": "бе", "В": "ве", "Г": "ге", "Ғ": "ғе", "Д": "де", "Е": "е",
    "Ё": "ё", "Ж": "же", "З": "зе", "И": "и", "Й": "қысқа и", "К": "ка", "Қ": "қа", "Л": "эл",
    "М": "эм", "Н": "эн", "Ң": "эң", "О": "о", "Ө": "ө", "П": "пе", "Р": "эр", "С": "эс",
    "Т": "те", "У": "у", "Ұ": "ұ", "Ү": "ү", "Ф": "эф", "Х": "ха", "Һ": "һа", "Ц": "це",
    "Ч": "че", "Ш": "ша", "Щ": "ща", "Ъ": "айыру белгісі", "Ы": "ы", "І": "і",
    "Ь": "жіңішкелік белгісі", "Э": "э", "Ю": "ю", "Я": "я",
}  # fmt: skip
_RU_CYRILLIC = {
    "А": "а", "Б": "бэ", "В": "вэ", "Г": "гэ", "Д": "дэ", "Е": "е", "Ё": "ё", "Ж": "жэ",
    "З": "зэ", "И": "и", "Й": "и краткое", "К": "ка", "Л": "эль", "М": "эм", "Н": "эн",
    "О": "о", "П": "пэ", "Р": "эр", "С": "эс", "Т": "тэ", "У": "у", "Ф": "эф", "Х": "ха",
    "Ц": "цэ", "Ч": "чэ", "Ш": "ша", "Щ": "ща", "Ъ": "твёрдый знак", "Ы": "ы",
    "Ь": "мягкий знак", "Э": "э", "Ю": "ю", "Я": "я",
}  # fmt: skip
# Latin letters as a Russian or Kazakh speaker names them at school.
_RU_LATIN = {
    "A": "а", "B": "бэ", "C": "цэ", "D": "дэ", "E": "е", "F": "эф", "G": "гэ", "H": "аш",
    "I": "и", "J": "йот", "K": "ка", "L": "эль", "M": "эм", "N": "эн", "O": "о", "P": "пэ",
    "Q": "ку", "R": "эр", "S": "эс", "T": "тэ", "U": "у", "V": "вэ", "W": "дубль вэ",
    "X": "икс", "Y": "игрек", "Z": "зэт",
}  # fmt: skip
_EN_LATIN = {
    "A": "ay", "B": "bee", "C": "see", "D": "dee", "E": "ee", "F": "eff", "G": "gee",
    "H": "aitch", "I": "eye", "J": "jay", "K": "kay", "L": "el", "M": "em", "N": "en",
    "O": "oh", "P": "pee", "Q": "cue", "R": "ar", "S": "ess", "T": "tee", "U": "you",
    "V": "vee", "W": "double you", "X": "ex", "Y": "why", "Z": "zed",
}  # fmt: skip


def letter_name(letter: str, language: str) -> LetterName:
    """How `letter` (Cyrillic, Kazakh or Latin; any case) is said in an announcement in
    `language`: «К» → kk «ка», ru «ка»; «Қ» in a Russian announcement → «қа» in the Kazakh
    voice; Cyrillic letters in an English one → their Russian names in the Russian voice."""
    upper = letter.upper()
    if len(upper) != 1:
        raise ValueError(f"not a single letter: {letter!r}")
    if language == "kk":
        if upper in _KK_CYRILLIC:
            return LetterName(_KK_CYRILLIC[upper], "kk")
        if upper in _RU_LATIN:
            return LetterName(_RU_LATIN[upper], "kk")
    elif language in ("ru", "en"):
        if language == "en" and upper in _EN_LATIN:
            return LetterName(_EN_LATIN[upper], "en")
        if upper in _RU_CYRILLIC:
            return LetterName(_RU_CYRILLIC[upper], "ru")
        if upper in _KK_CYRILLIC:
            return LetterName(_KK_CYRILLIC[upper], "kk")
        if upper in _RU_LATIN:
            return LetterName(_RU_LATIN[upper], "ru")
    else:
        raise ValueError(f"no letter names for language {language!r}")
    raise ValueError(f"no name for letter {letter!r}")


def letter_slug(letter: str) -> str:
    """An ASCII file-name part naming the letter itself, so Latin K and Cyrillic К (which
    look alike) get different clips: «К» → "cyrillic-ka", «Қ» → "cyrillic-ka-with-descender"."""
    name = unicodedata.name(letter.upper(), "")
    if not name:
        raise ValueError(f"unknown character {letter!r}")
    name = name.replace(" CAPITAL LETTER ", " ").replace(" LETTER ", " ")
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
