"""The files the API gives for spreadsheets: CSV (UTF-8 with a BOM, so a spreadsheet opens
Kazakh and Russian text right) and XLSX, named for what they hold."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from fastapi.responses import Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out).writerows(rows)
    return out.getvalue()


def attachment(content: str | bytes, media_type: str, file_name: str) -> Response:
    """`content` to be saved as `file_name` (ASCII: periods and codes only)."""
    disposition = f'attachment; filename="{file_name}"'
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})
