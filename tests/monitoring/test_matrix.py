"""The pure core of the problem-issue monitoring (003 App.2 p.7(1)–(5), requirements F.39): the
table of topics by districts, its totals, the change against the previous period, the shading
and the codes a request is filed under. Milliseconds, no database."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.monitoring import (
    Cell,
    Count,
    DistrictRequired,
    TopicRequired,
    UnknownDistrict,
    UnknownTopic,
    What,
    classify,
    heat,
    monitoring,
    previous_period,
    previous_quarter,
    quarter_start,
)

TOPICS = ["housing", "land", "social"]
DISTRICTS = ["almaly", "medeu"]


def test_the_previous_period_has_the_same_length_and_ends_the_day_before() -> None:
    assert previous_period(date(2026, 11, 16), date(2026, 11, 24)) == (
        date(2026, 11, 7),
        date(2026, 11, 15),
    )
    assert previous_period(date(2026, 11, 24), date(2026, 11, 24)) == (
        date(2026, 11, 23),
        date(2026, 11, 23),
    )
    # The first quarter of 2027 (90 days) against the 90 days before it, over the year's end:
    # not the whole fourth quarter (92 days).
    assert previous_period(date(2027, 1, 1), date(2027, 3, 31)) == (
        date(2026, 10, 3),
        date(2026, 12, 31),
    )


def test_quarters() -> None:
    assert quarter_start(date(2026, 11, 24)) == date(2026, 10, 1)
    assert quarter_start(date(2026, 3, 31)) == date(2026, 1, 1)
    assert quarter_start(date(2026, 4, 1)) == date(2026, 4, 1)
    assert previous_quarter(date(2026, 11, 24)) == (date(2026, 7, 1), date(2026, 9, 30))
    assert previous_quarter(date(2026, 2, 10)) == (date(2025, 10, 1), date(2025, 12, 31))


def test_the_table_lays_out_each_topic_by_each_district_with_totals_and_changes() -> None:
    current = [
        Count("housing", "almaly", 3),
        Count("land", "medeu", 1),
        Count("housing", "almaly", 2),  # the appeals of the same pair: they add up
        Count("roads", "almaly", 1),  # a topic the centre file no longer lists
        Count(None, "nauryzbay", 1),  # no topic stated, a district no longer listed
        Count("social", None, 4),  # no district stated
    ]
    previous = [Count("housing", "almaly", 2), Count("land", "medeu", 3), Count("land", None, 1)]
    table = monitoring(
        current,
        previous,
        topics=TOPICS,
        districts=DISTRICTS,
        first=date(2026, 11, 16),
        last=date(2026, 11, 24),
        what=What.ALL,
    )
    # The listed codes in the centre file's order, then those it no longer lists, then
    # "not stated"; every listed topic and district has its row and column, counted or not.
    assert table.topics == ["housing", "land", "social", "roads", None]
    assert table.districts == ["almaly", "medeu", "nauryzbay", None]
    assert (table.previous_first, table.previous_last) == (date(2026, 11, 7), date(2026, 11, 15))

    def cell(topic: str | None, district: str | None) -> Cell:
        row = table.rows[table.topics.index(topic)]
        assert row.topic == topic
        return row.cells[table.districts.index(district)]

    assert cell("housing", "almaly") == Cell(5, 2)
    assert cell("housing", "almaly").change == 3
    assert cell("land", "medeu") == Cell(1, 3)
    assert cell("land", "medeu").change == -2
    assert cell("land", None) == Cell(0, 1)
    assert cell("social", None) == Cell(4, 0)
    assert cell("roads", "almaly") == Cell(1, 0)
    assert cell(None, "nauryzbay") == Cell(1, 0)
    assert cell("social", "medeu") == Cell(0, 0)
    totals = {row.topic: row.total for row in table.rows}
    assert totals == {
        "housing": Cell(5, 2),
        "land": Cell(1, 4),
        "social": Cell(4, 0),
        "roads": Cell(1, 0),
        None: Cell(1, 0),
    }
    assert dict(zip(table.districts, table.district_totals, strict=True)) == {
        "almaly": Cell(6, 2),
        "medeu": Cell(1, 3),
        "nauryzbay": Cell(1, 0),
        None: Cell(4, 1),
    }
    assert table.total == Cell(12, 6)
    assert table.total.change == 6
    assert table.peak == 5


def test_an_empty_period_still_shows_every_listed_topic_and_district() -> None:
    table = monitoring(
        [],
        [],
        topics=TOPICS,
        districts=DISTRICTS,
        first=date(2026, 11, 1),
        last=date(2026, 11, 30),
        what=What.REQUESTS,
    )
    assert table.topics == TOPICS
    assert table.districts == DISTRICTS  # no "not stated" column when nothing lacks one
    assert all(c == Cell(0, 0) for row in table.rows for c in row.cells)
    assert table.total == Cell(0, 0)
    assert table.peak == 0
    assert table.heat(table.total) == 0


@pytest.mark.parametrize(
    ("count", "peak", "shade"),
    [
        (0, 10, 0),
        (1, 10, 1),
        (2, 10, 1),
        (3, 10, 2),
        (5, 10, 3),
        (9, 10, 5),
        (10, 10, 5),
        (1, 1, 5),
    ],
)
def test_the_shade_grows_with_the_count_and_an_empty_cell_is_blank(
    count: int, peak: int, shade: int
) -> None:
    assert heat(count, peak) == shade


def test_003_app2_p7_codes_are_those_of_the_centre_file() -> None:
    lists = {"topics": TOPICS, "districts": DISTRICTS}
    assert classify("land", "medeu", required=True, **lists) == ("land", "medeu")
    # Integrations may leave them out.
    assert classify(None, None, required=False, **lists) == (None, None)
    with pytest.raises(UnknownTopic) as unknown:
        classify("roads", "medeu", required=False, **lists)
    assert "housing, land, social" in str(unknown.value)
    with pytest.raises(UnknownDistrict) as unknown_district:
        classify("land", "narnia", required=False, **lists)
    assert "almaly, medeu" in str(unknown_district.value)
    # The staff screens ask for both.
    with pytest.raises(TopicRequired):
        classify(None, "medeu", required=True, **lists)
    with pytest.raises(DistrictRequired):
        classify("land", None, required=True, **lists)
    # A centre file without the lists asks for nothing, and takes no code.
    assert classify(None, None, required=True, topics=[], districts=[]) == (None, None)
    with pytest.raises(UnknownTopic):
        classify("land", None, required=False, topics=[], districts=[])
