"""Announcement text per language, as a sequence of pieces a voice pack can hold one file each.

A template such as «Талон нөмірі {ticket}, {place:ordinal} терезеге өтіңіз» is cut at its
placeholders and punctuation into pieces: fixed phrase fragments («Талон нөмірі»), letter names
(«ка»), numbers («жүз он бес») and ordinals («үшінші»). Every piece has a stable ASCII name
("phrase-talon-nomiri", "number-115", "ordinal-3", "letter-cyrillic-ka"), so the pack can
render each one ahead of time and a centre can drop in a recorded clip of the same name.
Punctuation becomes a longer pause rather than a piece: nobody records a comma.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, cast, get_args

from voices.numbers import Case, Gender, cardinal, kk_dative, letter_name, letter_slug, ordinal

WorkplaceKind = Literal["window", "cabinet", "desk"]
KINDS: tuple[WorkplaceKind, ...] = get_args(WorkplaceKind)
LANGUAGES = ("kk", "ru", "en")

# Kazakh puts the ordinal before the noun and the noun in the dative («үшінші терезеге»);
# the datives come from kk_dative so a centre renaming a place keeps the right suffix. The
# self-service desk is named with its zone, as in Russian and English: «өзіне-өзі қызмет
# көрсету аймағының төртінші үстеліне» (the possessive «үстелі» takes -не).
_KK_GO = "Талон нөмірі {ticket}, {place:ordinal} %s өтіңіз"
_KK_DESK = "Талон нөмірі {ticket}, өзіне-өзі қызмет көрсету аймағының {place:ordinal} %s өтіңіз"
# Russian says «к окну номер три» with the cardinal after «номер»: it needs no agreement with
# the noun (окно is neuter, кабинет masculine, стол masculine) and is what halls say.
DEFAULT_TEMPLATES: Mapping[str, Mapping[str, str]] = {
    "kk": {
        "window": _KK_GO % kk_dative("терезе"),
        "cabinet": _KK_GO % kk_dative("кабинет"),
        "desk": _KK_DESK % kk_dative("үстелі"),
    },
    "ru": {
        "window": "Талон номер {ticket}, пройдите к окну номер {place}",
        "cabinet": "Талон номер {ticket}, пройдите в кабинет номер {place}",
        "desk": "Талон номер {ticket}, пройдите к столу самообслуживания номер {place}",
    },
    "en": {
        "window": "Ticket number {ticket}, please go to window {place}",
        "cabinet": "Ticket number {ticket}, please go to room {place}",  # not «cabinet»
        "desk": "Ticket number {ticket}, please go to self-service desk {place}",
    },
}

_PUNCTUATION = ",.;:!?…—"
_DISPLAY = re.compile(r"^\s*(?P<prefix>[^\W\d_]*)[\s\-]*(?P<number>\d+)\s*$")
_ORDINAL_SPEC = re.compile(
    r"^ordinal(?:-(?P<case>nominative|genitive|dative|accusative|instrumental|prepositional))?"
    r"(?:-(?P<gender>[mfn]))?$"
)
# Kazakh letters lose their marks (ө → o, ң → n) so names read like the Kazakh Latin
# alphabet; a clash this causes is caught when the PhraseBook is made.
_TRANSLIT = str.maketrans({
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "й": "j", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
})  # fmt: skip
_MAX_SLUG = 48


@dataclass(frozen=True)
class Piece:
    """One clip of an announcement: `name` is its file name in the voice pack (without .wav),
    `text` what it says, `voice` the synthesizer voice that says it."""

    name: str
    text: str
    voice: str


@dataclass(frozen=True)
class Pause:
    """Silence between pieces; `long` where the template has punctuation."""

    long: bool = False


Part = Piece | Pause


@dataclass(frozen=True)
class Announcement:
    language: str
    parts: tuple[Part, ...]

    @property
    def pieces(self) -> tuple[Piece, ...]:
        return tuple(part for part in self.parts if isinstance(part, Piece))

    @property
    def text(self) -> str:
        """What the voice says, as one line (the board can show the same words)."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, Piece):
                out.append(part.text)
            elif part.long and out:
                out[-1] += ","
        return " ".join(out)


def phrase_slug(text: str) -> str:
    """ASCII file-name part for a phrase fragment: «Талон нөмірі» → "talon-nomiri". Long texts
    are cut and get a short hash so two long fragments with the same start stay apart."""
    latin = text.lower().translate(_TRANSLIT)
    slug = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")
    if len(slug) > _MAX_SLUG or not slug:
        digest = hashlib.sha256(text.encode()).hexdigest()[:8]
        slug = f"{slug[:_MAX_SLUG].rstrip('-')}-{digest}".lstrip("-")
    return slug


def parse_display(display: str) -> tuple[str, int]:
    """The board's ticket display split into prefix letters and number: "К-115" → ("К", 115)."""
    match = _DISPLAY.match(display)
    if match is None:
        raise ValueError(f"cannot read ticket display {display!r}: want letters then digits")
    return match["prefix"], int(match["number"])


def _fragments(literal: str, language: str) -> Iterator[Part]:
    """A template's fixed text as phrase pieces, with a long pause for each punctuation run."""
    for chunk in re.split(f"([{re.escape(_PUNCTUATION)}]+)", literal):
        if not chunk.strip():
            continue
        if chunk.strip()[0] in _PUNCTUATION:
            yield Pause(long=True)
        else:
            words = " ".join(chunk.split())
            yield Piece(f"phrase-{phrase_slug(words)}", words, language)


def number_piece(number: int, language: str) -> Piece:
    return Piece(f"number-{number}", cardinal(number, language), language)


def ordinal_piece(
    number: int, language: str, case: Case | None = None, gender: Gender | None = None
) -> Piece:
    suffix = "".join(f"-{x}" for x in (case, gender) if x)
    words = ordinal(number, language, case=case or "nominative", gender=gender or "m")
    return Piece(f"ordinal-{number}{suffix}", words, language)


def letter_piece(letter: str, language: str) -> Piece:
    name = letter_name(letter, language)
    return Piece(f"letter-{letter_slug(letter)}", name.text, name.voice)


class PhraseBook:
    """The announcement templates of every language and workplace kind.

    Placeholders: {ticket} (prefix letters then the number), {place} (workplace number,
    cardinal), {place:ordinal} (ordinal; Russian may add a case and gender, e.g.
    {place:ordinal-dative-n} → «третьему»). Templates are checked when the book is made,
    so a typo in the centre's file fails at start, not at the first call.
    """

    def __init__(self, templates: Mapping[str, Mapping[str, str]] = DEFAULT_TEMPLATES) -> None:
        self.templates: dict[str, dict[str, str]] = {}
        for language, kinds in DEFAULT_TEMPLATES.items():
            self.templates[language] = dict(kinds) | dict(templates.get(language, {}))
        for language, kinds in templates.items():
            if language not in DEFAULT_TEMPLATES:
                raise ValueError(f"templates: unknown language {language!r}")
            for kind in kinds:
                if kind not in KINDS:
                    raise ValueError(f"templates.{language}: unknown workplace kind {kind!r}")
        names: dict[str, str] = {}
        for language, kinds in self.templates.items():
            for kind, template in kinds.items():
                parts = self._parse(template, language, where=f"templates.{language}.{kind}")
                for piece in (p for p in parts if isinstance(p, Piece)):
                    other = names.setdefault(f"{language}/{piece.name}", piece.text)
                    if other != piece.text:
                        raise ValueError(
                            f"templates.{language}: fragments {other!r} and {piece.text!r} "
                            f"would share the clip name {piece.name!r}; reword one"
                        )

    @staticmethod
    def _parse(template: str, language: str, *, where: str) -> list[Part]:
        """The template as parts, with placeholders left as Piece(name='{field:spec}')."""
        parts: list[Part] = []
        has_ticket = False
        try:
            parsed = list(string.Formatter().parse(template))
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from exc
        for literal, field, spec, conversion in parsed:
            parts.extend(_fragments(literal, language))
            if field is None:
                continue
            if conversion:
                raise ValueError(f"{where}: conversions such as !{conversion} are not allowed")
            if field == "ticket" and not spec:
                has_ticket = True
            elif field != "place" or (spec and not _ORDINAL_SPEC.match(spec)):
                raise ValueError(
                    f"{where}: unknown placeholder {{{field}{':' + spec if spec else ''}}}; "
                    "use {ticket}, {place} or {place:ordinal}"
                )
            parts.append(Piece(f"{{{field}:{spec}}}", "", language))
        if not has_ticket:
            raise ValueError(f"{where}: the template must say the ticket: add {{ticket}}")
        return parts

    def announcement(self, display: str, kind: str, number: int, language: str) -> Announcement:
        """The announcement of ticket `display` called to workplace `kind` `number`."""
        if language not in self.templates:
            raise ValueError(f"no announcement templates for language {language!r}")
        if kind not in self.templates[language]:
            raise ValueError(f"unknown workplace kind {kind!r}")
        prefix, ticket = parse_display(display)
        template = self.templates[language][kind]
        parts: list[Part] = []
        for part in self._parse(template, language, where=f"{language}.{kind}"):
            if isinstance(part, Pause):
                parts.append(part)
                continue
            if part.name == "{ticket:}":
                filled = [letter_piece(c, language) for c in prefix]
                filled.append(number_piece(ticket, language))
            elif part.name.startswith("{place:"):
                filled = [_place_piece(part.name, number, language)]
            else:
                filled = [part]
            for piece in filled:
                if parts and isinstance(parts[-1], Piece):
                    parts.append(Pause())
                parts.append(piece)
        while parts and isinstance(parts[0], Pause):
            parts.pop(0)
        while parts and isinstance(parts[-1], Pause):
            parts.pop()
        return Announcement(language, tuple(parts))

    def phrase_pieces(self, language: str) -> list[Piece]:
        """Every fixed fragment of the language's templates, once each."""
        seen: dict[str, Piece] = {}
        for kind, template in self.templates[language].items():
            for part in self._parse(template, language, where=f"{language}.{kind}"):
                if isinstance(part, Piece) and not part.name.startswith("{"):
                    seen.setdefault(part.name, part)
        return list(seen.values())

    def place_pieces(self, language: str, kind: str, number: int) -> list[Piece]:
        """The pieces that say workplace `kind` `number` (cardinal or ordinal, per template)."""
        template = self.templates[language][kind]
        return [
            _place_piece(part.name, number, language)
            for part in self._parse(template, language, where=f"{language}.{kind}")
            if isinstance(part, Piece) and part.name.startswith("{place:")
        ]


def _place_piece(placeholder: str, number: int, language: str) -> Piece:
    """The piece for a parsed "{place:SPEC}" placeholder (SPEC checked in PhraseBook)."""
    spec = placeholder[len("{place:") : -1]
    if not spec:
        return number_piece(number, language)
    match = _ORDINAL_SPEC.match(spec)
    if match is None:
        raise ValueError(f"unknown place format {spec!r}")
    case = cast("Case | None", match["case"])
    gender = cast("Gender | None", match["gender"])
    return ordinal_piece(number, language, case, gender)


def pieces_for(
    book: PhraseBook,
    language: str,
    numbers: Iterable[int],
    workplaces: Iterable[tuple[str, int]] = (),
    prefixes: Iterable[str] = (),
) -> list[Piece]:
    """Every piece an announcement in `language` can need for these ticket numbers,
    workplaces and prefix letters, once each, in a stable order (phrases, letters, numbers,
    places)."""
    seen: dict[str, Piece] = {}
    ordered = [
        *book.phrase_pieces(language),
        *(letter_piece(c, language) for prefix in prefixes for c in prefix),
        *(number_piece(n, language) for n in numbers),
        *(p for kind, n in workplaces for p in book.place_pieces(language, kind, n)),
    ]
    for piece in ordered:
        seen.setdefault(piece.name, piece)
    return list(seen.values())
