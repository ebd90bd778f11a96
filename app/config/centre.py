"""The centre's configuration file (TOML): names, hours, holidays, zones, workplaces and
out-of-turn categories. Validated at start; an error names the field and what is wrong."""

from __future__ import annotations

import tomllib
from datetime import date, time
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.domain.calendar import WorkingCalendar
from app.domain.numbering import NumberRange
from app.domain.priority import PriorityPolicy

Language = Literal["kk", "ru", "en"]
LANGUAGES: tuple[Language, ...] = ("kk", "ru", "en")
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(Strict):
    """A visitor-facing name in every language."""

    kk: Annotated[str, Field(min_length=1)]
    ru: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def in_(self, language: str) -> str:
        return str(getattr(self, language, self.en))


class CentreInfo(Strict):
    name: Names
    timezone: str = "Asia/Almaty"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value


class Hours(Strict):
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
    ]
    opens: time = time(9, 0)
    closes: time = time(18, 30)
    lunch: tuple[time, time] | None = (time(13, 0), time(14, 30))

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.opens >= self.closes:
            raise ValueError("opens must be before closes")
        if self.lunch is not None:
            start, end = self.lunch
            if not self.opens <= start < end <= self.closes:
                raise ValueError("lunch must be a period inside the opening hours")
        return self


class Holidays(Strict):
    country: str = "KZ"
    extra_days_off: list[date] = []
    extra_working_days: list[date] = []

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        if value not in _holiday_countries():
            raise ValueError(f"no public-holiday calendar for country {value!r}")
        return value


@cache
def _holiday_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


class Zone(Strict):
    code: Code
    name: Names
    range: tuple[int, int] | None = None  # None: the zone issues no tickets
    prefix: Annotated[str, Field(max_length=2)] = ""

    @field_validator("range")
    @classmethod
    def _valid_range(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and not 0 <= value[0] <= value[1]:
            raise ValueError("range must be [first, last] with 0 <= first <= last")
        return value

    @property
    def issues_tickets(self) -> bool:
        return self.range is not None

    @cached_property
    def numbers(self) -> NumberRange:
        if self.range is None:
            raise ValueError(f"zone {self.code} issues no tickets")
        return NumberRange(self.range[0], self.range[1], self.prefix)


class Workplace(Strict):
    code: Code
    kind: Literal["window", "cabinet", "desk"]
    number: Annotated[int, Field(ge=1)]  # what the board and the voice name: window 3, cabinet 204
    name: Names
    zones: Annotated[list[str], Field(min_length=1)]


class Category(Strict):
    """An out-of-turn category of 000 p.12."""

    code: Code
    name: Names
    rank: Annotated[int, Field(ge=1)] = 1


class Queue(Strict):
    max_consecutive_priority: Annotated[int, Field(ge=1)] | None = None

    @property
    def policy(self) -> PriorityPolicy:
        return PriorityPolicy(self.max_consecutive_priority)


class CentreConfig(Strict):
    centre: CentreInfo
    hours: Hours = Hours()
    holidays: Holidays = Holidays()
    queue: Queue = Queue()
    zones: Annotated[list[Zone], Field(min_length=1)]
    workplaces: list[Workplace] = []
    categories: list[Category] = []

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _unique("zones", [z.code for z in self.zones])
        _unique("workplaces", [w.code for w in self.workplaces])
        _unique("categories", [c.code for c in self.categories])
        zone_codes = {z.code for z in self.zones}
        for i, workplace in enumerate(self.workplaces):
            for zone in workplace.zones:
                if zone not in zone_codes:
                    raise ValueError(f"workplaces.{i}.zones: unknown zone {zone!r}")
        ranged = [(z, z.range) for z in self.zones if z.range is not None]
        for i, (a, (a_first, a_last)) in enumerate(ranged):
            for b, (b_first, b_last) in ranged[i + 1 :]:
                if a_first <= b_last and b_first <= a_last and a.prefix == b.prefix:
                    raise ValueError(
                        f"zones {a.code} and {b.code}: number ranges overlap with the same prefix,"
                        " so the board could show one number for two tickets"
                    )
        return self

    def zone(self, code: str) -> Zone | None:
        return next((z for z in self.zones if z.code == code), None)

    def workplace(self, code: str) -> Workplace | None:
        return next((w for w in self.workplaces if w.code == code), None)

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def calendar(self, *, always_open: bool = False) -> WorkingCalendar:
        public = holidays.country_holidays(self.holidays.country)
        return WorkingCalendar(
            tz=ZoneInfo(self.centre.timezone),
            opens=self.hours.opens,
            closes=self.hours.closes,
            lunch=self.hours.lunch,
            weekdays=frozenset(WEEKDAYS.index(d) for d in self.hours.days),
            public_holidays=public,
            extra_days_off=frozenset(self.holidays.extra_days_off),
            extra_working_days=frozenset(self.holidays.extra_working_days),
            always_open=always_open,
        )


def _unique(field: str, codes: list[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise ValueError(f"{field}: code {code!r} appears twice")
        seen.add(code)


class ConfigError(Exception):
    """The centre file cannot be used; the message names the file, the field and the fault."""


def load_centre(path: Path) -> CentreConfig:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return CentreConfig.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"{path}: {problems}") from exc
