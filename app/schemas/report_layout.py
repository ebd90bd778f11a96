"""How the report's tables are laid out, as they are printed and exported: each a title, a
header and rows, every word in Kazakh and Russian side by side (the state language and
Russian, as the centre's documents go out) and every figure once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.config.centre import CentreConfig
from app.domain.report_periods import ReportKind
from app.domain.text import N_
from app.i18n import gettext_for

LANGUAGES = ("kk", "ru")  # the document's: the state language, then Russian


@dataclass(frozen=True)
class Both:
    """A text in Kazakh and in Russian."""

    kk: str
    ru: str

    def joined(self) -> str:
        """In one cell: «Барлығы / Итого», or once when both read the same."""
        return self.kk if self.kk == self.ru else f"{self.kk} / {self.ru}"


def both(message: str, **params: Any) -> Both:
    """An English msgid in Kazakh and in Russian."""
    kk, ru = (gettext_for(language, message) for language in LANGUAGES)
    return Both(kk.format(**params), ru.format(**params)) if params else Both(kk, ru)


def point(*numbers: int) -> Both:
    """Points of the regulation as each language writes them: «29-тармақ», «п. 29»."""
    if len(numbers) == 1:
        return both(N_("point {number}"), number=numbers[0])
    return both(N_("points {numbers}"), numbers=", ".join(str(n) for n in numbers))


Cell = Both | str | int | float | None


@dataclass(frozen=True)
class Row:
    key: str  # what the row counts, for scripts and tests: "consultation|2026-10", "deputy"
    cells: tuple[Cell, ...]
    total: bool = False


@dataclass(frozen=True)
class Table:
    code: str  # its sheet in the workbook; data-table on the page
    title: Both
    columns: tuple[Both, ...]
    rows: tuple[Row, ...]  # none: "no data"
    note: Both | None = None
    # The first column names a group of rows (a zone and its months): on the page it is
    # written once for the group; in the workbook on every row, so that it can be filtered.
    grouped: bool = False

    def spans(self) -> list[int]:
        """For each row, how many rows its first cell spans on the page: 0 for a row whose
        first cell an earlier row's spans."""
        spans = [1] * len(self.rows)
        if not self.grouped:
            return spans
        start = 0
        for i in range(1, len(self.rows)):
            if self.rows[i].cells[0] == self.rows[start].cells[0]:
                spans[start] += 1
                spans[i] = 0
            else:
                start = i
        return spans


@dataclass(frozen=True)
class Part:
    """A section of the document: a page of its own when printed."""

    code: str
    title: Both
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Document:
    kind: ReportKind
    key: str  # 2026-Q4
    centre: Both
    title: Both
    period: Both  # «2026 жылғы IV тоқсан» / «IV квартал 2026 года»
    dates: str  # 01.10.2026 – 31.12.2026
    made_on: Both
    basis: Both
    parts: tuple[Part, ...]

    @property
    def file_name(self) -> str:
        return f"report-{self.key}"


NO_DATA = N_("No data")
TOTAL = N_("Total")


def zone_name(code: str | None, centre: CentreConfig) -> Both:
    if code is None:
        return both(N_("All zones"))
    zone = centre.zone(code)
    return Both(zone.name.kk, zone.name.ru) if zone else Both(code, code)
