"""The centre file: the demo loads; a broken file gives ConfigError naming the field."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from app.config.centre import CentreConfig, ConfigError, load_centre
from app.config.settings import DEMO_CENTRE

VALID = """
[centre]
name = { kk = "Орталық", ru = "Центр", en = "Centre" }
timezone = "Asia/Almaty"

[hours]
opens = "09:00:00"
closes = "18:30:00"
lunch = ["13:00:00", "14:30:00"]

[holidays]
extra_days_off = ["2026-11-24"]
extra_working_days = ["2026-11-28"]

[[zones]]
code = "consultation"
name = { kk = "Консультация", ru = "Консультация", en = "Consultation" }
range = [100, 199]

[[zones]]
code = "reception"
name = { kk = "Жеке қабылдау", ru = "Личный приём", en = "Personal reception" }
range = [200, 299]

[[workplaces]]
code = "window-1"
kind = "window"
number = 1
name = { kk = "1-терезе", ru = "Окно 1", en = "Window 1" }
zones = ["consultation"]

[[categories]]
code = "pregnant"
name = { kk = "Жүкті әйел", ru = "Беременная", en = "Pregnant woman" }
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "centre.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str) -> CentreConfig:
    return load_centre(write(tmp_path, text))


def refused(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_centre(path)
    message = str(caught.value)
    assert str(path) in message, "the message names the file"
    return message


# the demo file ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo() -> CentreConfig:
    return load_centre(DEMO_CENTRE)


def test_demo_centre_has_the_five_zones_of_001(demo: CentreConfig) -> None:
    """001 p.4: Reception, Waiting, Consultation, Personal Reception and Self-Service zones."""
    assert len(demo.zones) == 5
    assert demo.centre.timezone == "Asia/Almaty"
    for zone in demo.zones:
        assert zone.name.kk
        assert zone.name.ru
        assert zone.name.en


def test_demo_issuing_zones_have_disjoint_ranges(demo: CentreConfig) -> None:
    """001 p.9: a separate number range for each service zone."""
    issuing = [z for z in demo.zones if z.issues_tickets]
    assert {"consultation", "personal_reception"} <= {z.code for z in issuing}
    numbers = [set(range(z.numbers.first, z.numbers.last + 1)) for z in issuing]
    for i, a in enumerate(numbers):
        for b in numbers[i + 1 :]:
            assert not a & b


def test_demo_hours_are_those_of_001(demo: CentreConfig) -> None:
    """001 p.4: Monday–Friday 09:00–18:30, lunch 13:00–14:30."""
    assert demo.hours.days == ["mon", "tue", "wed", "thu", "fri"]
    assert (demo.hours.opens, demo.hours.closes) == (time(9, 0), time(18, 30))
    assert demo.hours.lunch == (time(13, 0), time(14, 30))


def test_demo_consultation_zone_has_three_windows(demo: CentreConfig) -> None:
    """001 p.12: the Consultation zone has 3 workplaces."""
    windows = [w for w in demo.workplaces if "consultation" in w.zones]
    assert len(windows) == 3
    zone_codes = {z.code for z in demo.zones}
    assert all(set(w.zones) <= zone_codes for w in demo.workplaces)


def test_demo_has_the_seven_out_of_turn_categories(demo: CentreConfig) -> None:
    """000 p.12 lists seven out-of-turn categories."""
    assert len(demo.categories) == 7
    assert all(c.rank >= 1 for c in demo.categories)
    assert len({c.code for c in demo.categories}) == 7


def test_a_valid_file_loads_with_its_overrides(tmp_path: Path) -> None:
    centre = load_text(tmp_path, VALID)
    cal = centre.calendar()
    assert not cal.is_working_day(date(2026, 11, 24))  # extra day off (a Tuesday)
    assert cal.is_working_day(date(2026, 11, 28))  # extra working Saturday
    assert not cal.is_working_day(date(2026, 12, 16))  # Independence Day from `holidays`
    assert centre.zone("consultation") is not None
    assert centre.zone("nowhere") is None
    assert centre.workplace("window-1") is not None
    category = centre.category("pregnant")
    assert category is not None
    assert category.rank == 1
    assert centre.queue.policy.max_consecutive_priority is None


def test_saturday_in_days_makes_it_a_working_day(tmp_path: Path) -> None:
    text = VALID.replace(
        'opens = "09:00:00"',
        'days = ["mon", "tue", "wed", "thu", "fri", "sat"]\nopens = "09:00:00"',
    )
    assert load_text(tmp_path, text).calendar().is_working_day(date(2026, 12, 5))


def test_ranges_may_overlap_when_prefixes_differ(tmp_path: Path) -> None:
    text = VALID.replace("range = [200, 299]", 'range = [150, 250]\nprefix = "Ж"')
    centre = load_text(tmp_path, text)
    zone = centre.zone("reception")
    assert zone is not None
    assert zone.numbers.display(150) == "Ж-150"


def test_adjacent_ranges_do_not_overlap(tmp_path: Path) -> None:
    load_text(
        tmp_path,
        VALID.replace("range = [200, 299]", "range = [199, 299]").replace(
            "range = [100, 199]", "range = [100, 198]"
        ),
    )


# broken files -----------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_centre(tmp_path / "absent.toml")


def test_invalid_toml(tmp_path: Path) -> None:
    message = refused(tmp_path, VALID.replace('code = "window-1"', 'code = "window-1'))
    assert "not valid TOML" in message
    assert "line" in message


def test_unknown_zone_in_a_workplace(tmp_path: Path) -> None:
    message = refused(tmp_path, VALID.replace('zones = ["consultation"]', 'zones = ["consulting"]'))
    assert "workplaces.0.zones" in message
    assert "'consulting'" in message


def test_workplace_without_zones(tmp_path: Path) -> None:
    message = refused(tmp_path, VALID.replace('zones = ["consultation"]', "zones = []"))
    assert "workplaces.0.zones" in message


def test_overlapping_ranges_with_the_same_prefix(tmp_path: Path) -> None:
    message = refused(tmp_path, VALID.replace("range = [200, 299]", "range = [199, 299]"))
    assert "consultation" in message
    assert "reception" in message
    assert "overlap" in message


def test_lunch_outside_hours(tmp_path: Path) -> None:
    message = refused(tmp_path, VALID.replace('"14:30:00"]', '"19:00:00"]'))
    assert "hours" in message
    assert "lunch" in message


def test_lunch_ending_before_it_starts(tmp_path: Path) -> None:
    message = refused(
        tmp_path,
        VALID.replace('lunch = ["13:00:00", "14:30:00"]', 'lunch = ["14:30:00", "13:00:00"]'),
    )
    assert "lunch" in message


@pytest.mark.parametrize("no_lunch", ["lunch = []", "lunch = false"])
def test_a_centre_without_lunch(tmp_path: Path, no_lunch: str) -> None:
    """001 p.4 gives the demo's lunch; a centre open through the day says so in its file."""
    centre = load_text(tmp_path, VALID.replace('lunch = ["13:00:00", "14:30:00"]', no_lunch))
    assert centre.hours.lunch is None
    calendar = centre.calendar()
    # 13:30 on a working Wednesday, Almaty time (UTC+5): open, where the demo is at lunch.
    assert calendar.is_open(datetime(2026, 11, 25, 8, 30, tzinfo=UTC))
    assert (
        not load_centre(DEMO_CENTRE).calendar().is_open(datetime(2026, 11, 25, 8, 30, tzinfo=UTC))
    )


def test_closing_before_opening(tmp_path: Path) -> None:
    message = refused(tmp_path, VALID.replace('closes = "18:30:00"', 'closes = "08:00:00"'))
    assert "hours" in message
    assert "opens must be before closes" in message


def test_bad_timezone(tmp_path: Path) -> None:
    message = refused(tmp_path, VALID.replace('"Asia/Almaty"', '"Asia/Astana_City"'))
    assert "centre.timezone" in message
    assert "Asia/Astana_City" in message


def test_missing_kazakh_name(tmp_path: Path) -> None:
    text = VALID.replace(
        'name = { kk = "Консультация", ru = "Консультация", en = "Consultation" }',
        'name = { ru = "Консультация", en = "Consultation" }',
    )
    message = refused(tmp_path, text)
    assert "zones.0.name.kk" in message


def test_empty_kazakh_name(tmp_path: Path) -> None:
    message = refused(tmp_path, VALID.replace('kk = "Орталық"', 'kk = ""'))
    assert "centre.name.kk" in message


def test_duplicate_zone_codes(tmp_path: Path) -> None:
    message = refused(tmp_path, VALID.replace('code = "reception"', 'code = "consultation"'))
    assert "zones: code 'consultation' appears twice" in message


def test_duplicate_category_codes(tmp_path: Path) -> None:
    extra = '\n[[categories]]\ncode = "pregnant"\nname = { kk = "а", ru = "б", en = "c" }\n'
    message = refused(tmp_path, VALID + extra)
    assert "categories: code 'pregnant' appears twice" in message


def test_duplicate_workplace_codes(tmp_path: Path) -> None:
    extra = (
        '\n[[workplaces]]\ncode = "window-1"\nkind = "window"\nnumber = 2\n'
        'name = { kk = "а", ru = "б", en = "c" }\nzones = ["consultation"]\n'
    )
    message = refused(tmp_path, VALID + extra)
    assert "workplaces: code 'window-1' appears twice" in message


def test_reversed_range(tmp_path: Path) -> None:
    message = refused(tmp_path, VALID.replace("range = [100, 199]", "range = [199, 100]"))
    assert "zones.0.range" in message


def test_invalid_code(tmp_path: Path) -> None:
    message = refused(tmp_path, VALID.replace('code = "window-1"', 'code = "Window 1"'))
    assert "workplaces.0.code" in message


def test_unknown_weekday(tmp_path: Path) -> None:
    message = refused(
        tmp_path, VALID.replace('opens = "09:00:00"', 'days = ["monday"]\nopens = "09:00:00"')
    )
    assert "hours.days.0" in message


def test_unknown_key_is_refused(tmp_path: Path) -> None:
    message = refused(
        tmp_path,
        VALID.replace('timezone = "Asia/Almaty"', 'timezone = "Asia/Almaty"\ntimzone = "x"'),
    )
    assert "centre.timzone" in message


def test_missing_centre_section(tmp_path: Path) -> None:
    message = refused(tmp_path, "[hours]" + VALID.split("[hours]", 1)[1])
    assert "centre: Field required" in message


def test_no_zones(tmp_path: Path) -> None:
    head = VALID.split("[[zones]]", 1)[0]
    message = refused(tmp_path, head)
    assert "zones" in message


def test_zero_max_consecutive_priority(tmp_path: Path) -> None:
    message = refused(tmp_path, VALID + "\n[queue]\nmax_consecutive_priority = 0\n")
    assert "queue.max_consecutive_priority" in message


def test_unknown_holiday_country(tmp_path: Path) -> None:
    message = refused(tmp_path, VALID.replace("[holidays]", '[holidays]\ncountry = "XX"'))
    assert "holidays.country" in message
    assert "'XX'" in message
