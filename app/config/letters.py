"""The `[letters]` table of the centre file: who the letters to applicants come from.

A Citizens' Reception Centre is no legal entity: its letters (the reply with the date and time,
000 p.29; not considered, p.5; the extension, p.30; the draft refusal for a hearing, p.32–33)
go out on the letterhead of the akim's apparatus it belongs to, with that body's outgoing
number, signed by its official, with the executor who prepared them and their telephone."""

from __future__ import annotations

import re
from typing import Annotated, Self

from pydantic import AfterValidator, Field, model_validator

from app.config.base import Names, Strict
from app.domain.text import hidden_characters

_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,28}[0-9]$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The index of the case file the letters are kept in (номенклатура, e.g. «04-12»).
_INDEX = r"^[^\W_][\w.\-/]{0,19}$"
# Kazakh genitive endings: the regulation is named as it reads before «29-тармағына».
_KK_GENITIVE = re.compile(r"(ның|нің|дың|дің|тың|тің)$")


def _phone(value: str) -> str:
    if not _PHONE.match(value) or sum(c.isdigit() for c in value) < 6:
        raise ValueError(f"{value!r} is not a telephone number (digits, spaces, +, -, brackets)")
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an e-mail address")
    return value


Phone = Annotated[str, AfterValidator(_phone)]


class Signatory(Strict):
    """Who signs: the position in full and the name as signed («Д. Сапаров»)."""

    position: Names
    name: Names


class Executor(Strict):
    """Who prepared the letter (the responsible employee, 000 p.25) and their telephone."""

    name: Names
    phone: Phone


class LetterSettings(Strict):
    issuer: Names  # the legal entity: «Аудан әкімінің аппараты»
    unit: Names | None = None  # the centre inside it; default: the centre's name
    address: Names
    phone: Phone
    email: Annotated[str, AfterValidator(_email)] | None = None
    outgoing_index: Annotated[str, Field(pattern=_INDEX)]
    # The regulation the letters cite, as it reads after «пунктом 29» and before «29-тармағына»:
    # in the genitive («…жеке қабылдау регламентінің», «Регламента личного приёма …»).
    regulation: Names
    signatory: Signatory
    executor: Executor

    @model_validator(mode="after")
    def _one_line_texts(self) -> Self:
        for field, names in self._texts():
            for language in ("kk", "ru", "en"):
                if hidden_characters(names.in_(language), lines=False):
                    raise ValueError(f"{field}.{language}: one line of visible characters, please")
        if not _KK_GENITIVE.search(self.regulation.kk.rstrip()):
            raise ValueError(
                "regulation.kk: name it in the genitive, as before «29-тармағына» (…регламентінің)"
            )
        return self

    def _texts(self) -> list[tuple[str, Names]]:
        found = [
            ("issuer", self.issuer),
            ("address", self.address),
            ("regulation", self.regulation),
            ("signatory.position", self.signatory.position),
            ("signatory.name", self.signatory.name),
            ("executor.name", self.executor.name),
        ]
        return found + ([("unit", self.unit)] if self.unit else [])
