"""Reading the report back as a person or a spreadsheet would: the workbook's sheets with
openpyxl, the page's tables with the standard library's HTML parser."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import Any

from openpyxl import load_workbook

Rows = list[tuple[Any, ...]]


def sheets(content: bytes) -> dict[str, Rows]:
    """Each sheet's rows below its title (row 1) and header (row 2), without empty cells at
    their ends (a "no data" row is one cell)."""
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {
        sheet.title: [_trimmed(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
        for sheet in book.worksheets
    }


def _trimmed(row: tuple[Any, ...]) -> tuple[Any, ...]:
    cells = list(row)
    while cells and cells[-1] is None:
        cells.pop()
    return tuple(cells)


def headers(content: bytes) -> dict[str, tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {
        sheet.title: next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
        for sheet in book.worksheets
    }


class _Tables(HTMLParser):
    """{table's data-table: {row's data-key: [cell texts]}}; a cell in both languages reads
    «kk / ru», as in the workbook."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, list[str]]] = {}
        self.table: str | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and found.get("data-table"):
            self.table = found["data-table"]
            self.tables[self.table or ""] = {}
        elif tag == "tr" and self.table and found.get("data-key") is not None:
            self.row = self.tables[self.table][found["data-key"] or ""] = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "span" and self.cell is not None and found.get("lang"):
            self.span = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.table = None
        elif tag == "tr":
            self.row = None
        elif tag == "span" and self.span is not None and self.cell is not None:
            self.cell.append("\x00" + "".join(self.span).strip())
            self.span = None
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            parts = [p for p in self.cell if p.strip()]
            spans = [p[1:] for p in parts if p.startswith("\x00")]
            self.row.append(" / ".join(spans) if spans else "".join(parts).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.span is not None:
            self.span.append(data)
        elif self.cell is not None:
            self.cell.append(data)


def page_tables(html: str) -> dict[str, dict[str, list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables
