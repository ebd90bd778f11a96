"""The problem-issue monitoring as the API answers it (GET /api/monitoring): codes and numbers
only, and the same table as rows for the CSV and XLSX exports."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app.domain.monitoring import Cell, Monitoring, What

# In the exports a topic or district not stated is a word no code can be (codes have no space).
NOT_STATED = "not stated"


class CellOut(BaseModel):
    count: int = Field(description="in the period")
    previous: int = Field(description="in the period of the same length just before it")
    change: int = Field(description="count − previous")

    @classmethod
    def of(cls, cell: Cell) -> CellOut:
        return cls(count=cell.count, previous=cell.previous, change=cell.change)


class DistrictCellOut(CellOut):
    district: str | None = Field(description="a district code of the centre file; null: not stated")


class RowOut(BaseModel):
    topic: str | None = Field(description="a topic code of the centre file; null: not stated")
    cells: list[DistrictCellOut] = Field(description="one a district, in the order of `districts`")
    total: CellOut


class MonitoringOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    first: date = Field(alias="from")
    last: date = Field(alias="to")
    previous_first: date = Field(alias="previous_from")
    previous_last: date = Field(alias="previous_to")
    what: What
    topics: list[str | None] = Field(
        description="the rows: the centre file's topics in its order, then codes it no longer "
        "lists, then null (not stated) when there is any"
    )
    districts: list[str | None] = Field(description="the columns, in the same manner")
    rows: list[RowOut]
    district_totals: list[DistrictCellOut]
    total: CellOut

    @classmethod
    def of(cls, table: Monitoring) -> MonitoringOut:
        def cells(items: list[Cell]) -> list[DistrictCellOut]:
            return [
                DistrictCellOut(district=d, count=c.count, previous=c.previous, change=c.change)
                for d, c in zip(table.districts, items, strict=True)
            ]

        return cls(
            first=table.first,
            last=table.last,
            previous_first=table.previous_first,
            previous_last=table.previous_last,
            what=table.what,
            topics=table.topics,
            districts=table.districts,
            rows=[
                RowOut(topic=r.topic, cells=cells(r.cells), total=CellOut.of(r.total))
                for r in table.rows
            ],
            district_totals=cells(table.district_totals),
            total=CellOut.of(table.total),
        )


def key(code: str | None) -> str:
    return NOT_STATED if code is None else code


def table_rows(out: MonitoringOut) -> list[list[object]]:
    """The table for a spreadsheet: a header of the districts, a row a topic with its total,
    the previous period's total and the change; then the districts' totals, their previous
    totals and their changes."""
    header: list[object] = [
        "topic",
        *(key(d) for d in out.districts),
        "total",
        "previous",
        "change",
    ]
    rows: list[list[object]] = [header]
    for row in out.rows:
        t = row.total
        rows.append([key(row.topic), *(c.count for c in row.cells), t.count, t.previous, t.change])
    total = out.total
    totals = out.district_totals
    rows.append(["total", *(c.count for c in totals), total.count, total.previous, total.change])
    rows.append(["previous", *(c.previous for c in totals), total.previous, None, None])
    rows.append(["change", *(c.change for c in totals), total.change, None, None])
    return rows


def previous_rows(out: MonitoringOut) -> list[list[object]]:
    """The previous period's cells, laid out as the period's."""
    header: list[object] = ["topic", *(key(d) for d in out.districts), "total"]
    rows: list[list[object]] = [header]
    for row in out.rows:
        rows.append([key(row.topic), *(c.previous for c in row.cells), row.total.previous])
    totals = out.district_totals
    rows.append(["total", *(c.previous for c in totals), out.total.previous])
    return rows
