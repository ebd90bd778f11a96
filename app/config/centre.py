"""The centre's configuration file (TOML): names, hours, holidays, zones, workplaces,
out-of-turn categories and the letterhead of its letters. Validated at start; an error names
the field and what is wrong."""

from __future__ import annotations

import tomllib
from datetime import date, time
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from app.config.base import STRICT
from app.config.base import Names as Names  # re-exported: the schemas name it from here
from app.config.letters import LetterSettings
from app.domain.calendar import WorkingCalendar
from app.domain.numbering import NumberRange
from app.domain.priority import PriorityPolicy

if TYPE_CHECKING:
    from voices.phrases import PhraseBook

Language = Literal["kk", "ru", "en"]
LANGUAGES: tuple[Language, ...] = ("kk", "ru", "en")
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Strict(BaseModel):
    # As app.config.base.Strict, subclassing BaseModel here so that the linter sees pydantic
    # (which copies list defaults) behind the tables below.
    model_config = STRICT


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
    # TOML has no null: `lunch = []` or `lunch = false` says the centre has no lunch break.
    lunch: tuple[time, time] | None = (time(13, 0), time(14, 30))

    @field_validator("lunch", mode="before")
    @classmethod
    def _no_lunch(cls, value: object) -> object:
        return None if value is False or value == [] else value

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
    # The wait the centre aims at: the statistics show the share called within it.
    target_wait_minutes: Annotated[int, Field(ge=1, le=480)] = 15

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


class KioskSettings(Strict):
    """The lobby kiosk (the kiosk issue)."""

    # A kiosk cannot be made to spray tickets: more than this many in a sliding minute from
    # one kiosk are refused with a friendly message. A visitor needs at least three taps and
    # the printing, some 6 s: the 09:00 rush of one visitor after another (and a family
    # taking several tickets) stays under 12, a child pressing for fun is stopped at it.
    # (5 refused the rush.)
    tickets_per_minute: Annotated[int, Field(ge=1, le=60)] = 12
    # Back to the language screen after this long without a touch.
    idle_seconds: Annotated[float, Field(ge=1, le=600)] = 30


class PrintingSettings(Strict):
    """The print spooler and what a printed ticket estimates."""

    # A ticket not printed within this long after it was asked for is given up (failed, for
    # staff to reprint): a ticket that comes out minutes later is picked up by the wrong
    # visitor.
    retry_for_seconds: Annotated[float, Field(ge=0, le=3600)] = 180
    # How often an idle printer is asked how it is (paper low, cover open); 0: only around jobs.
    status_every_seconds: Annotated[float, Field(ge=0, le=3600)] = 60
    # Minutes one visit takes, for the estimated wait until a zone has enough visits today.
    default_service_minutes: Annotated[int, Field(ge=1, le=240)] = 10


class PrinterConfig(Strict):
    """A ticket printer and who prints on it. `url`: tcp://host:9100, usb://VID:PID,
    serial:///dev/ttyUSB0, file:///path (see printer.urls)."""

    code: Code
    url: Annotated[str, Field(min_length=1, max_length=500)]
    paper: Literal[58, 80] = 80  # mm: 384 or 576 dots
    kiosks: list[str] = []  # kiosk device names, as registered (`qabyldau devices add --name`)
    workplaces: list[str] = []  # workplace codes: staff signed in there print here
    users: list[str] = []  # staff usernames (a reception desk not bound to a workplace)

    @property
    def width_dots(self) -> int:
        return 384 if self.paper == 58 else 576

    @field_validator("url")
    @classmethod
    def _printer_url(cls, value: str) -> str:
        from printer.errors import PrinterUrlError
        from printer.urls import open_printer  # Pillow etc. only when used

        try:
            open_printer(value, 576)  # parses the URL; opens nothing
        except PrinterUrlError as exc:
            raise ValueError(str(exc)) from exc
        return value


DEFAULT_PRINTER = "default"
"""The code of the printer from QABYLDAU_PRINTER_URL (reserved in the centre file)."""


class SpeechSettings(Strict):
    """Voice announcements of calls, played by the board (README: Voice announcements)."""

    repeat: Annotated[int, Field(ge=1, le=3)] = 1  # times each call is said, after one chime
    volume: Annotated[float, Field(ge=0, le=1)] = 1.0  # the board's playback volume
    chime: bool = True  # the chime before each call (also all one hears while speech is down)
    # Per language and workplace kind, overriding voices.DEFAULT_TEMPLATES, e.g.
    # [speech.templates.ru] window = "Номер {ticket}, окно {place}"
    templates: dict[str, dict[str, str]] = {}

    @model_validator(mode="after")
    def _templates_parse(self) -> Self:
        # A typo in a template must stop the start, not silence the first call; the
        # message names the template ("templates.kk.window: ...").
        if self.templates:
            self.phrasebook()
        return self

    def phrasebook(self) -> PhraseBook:
        # Imported here: num2words takes ~0.1 s to load, which every `qabyldau` command and
        # test reading a centre file would pay for otherwise.
        from voices.phrases import PhraseBook

        return PhraseBook(self.templates)


class Choice(Strict):
    """One entry of a list the centre keeps: a kind of help of the self-service zone
    (001 p.11, p.12), a topic of the problem-issue monitoring or a district it serves
    (003 App.2 p.7)."""

    code: Code
    name: Names


DEFAULT_ASSISTANCE_KINDS = [
    Choice(code="egov", name=Names(kk="eGov қызметі", ru="Услуга eGov", en="eGov service")),
    Choice(code="signature", name=Names(kk="ЭЦҚ алу", ru="Получение ЭЦП", en="Digital signature")),
    Choice(code="printing", name=Names(kk="Басып шығару", ru="Печать", en="Printing")),
    Choice(code="scanning", name=Names(kk="Сканерлеу", ru="Сканирование", en="Scanning")),
    Choice(
        code="appeal",
        name=Names(kk="Өтініш толтыру", ru="Заполнение обращения", en="Filling in an appeal"),
    ),
    Choice(code="other", name=Names(kk="Басқа", ru="Другое", en="Other")),
]


class FeedbackSettings(Strict):
    # Comments, survey remarks and survey phone numbers are deleted after this (001 p.2).
    retention_days: Annotated[int, Field(ge=1, le=3650)] = 90
    # How long after the visit the status page still takes a rating.
    rating_days: Annotated[int, Field(ge=1, le=90)] = 7
    # The feedback tablet returns to its welcome screen after this long untouched.
    tablet_reset_seconds: Annotated[float, Field(ge=5, le=600)] = 45


class CentreConfig(Strict):
    centre: CentreInfo
    hours: Hours = Hours()
    holidays: Holidays = Holidays()
    queue: Queue = Queue()
    speech: SpeechSettings = SpeechSettings()
    zones: Annotated[list[Zone], Field(min_length=1)]
    workplaces: list[Workplace] = []
    categories: list[Category] = []
    kiosk: KioskSettings = KioskSettings()
    printing: PrintingSettings = PrintingSettings()
    printers: list[PrinterConfig] = []
    feedback: FeedbackSettings = FeedbackSettings()
    assistance_kinds: Annotated[list[Choice], Field(min_length=1)] = DEFAULT_ASSISTANCE_KINDS
    # Problem-issue monitoring (003 App.2 p.7): the topics a request or appeal is filed under,
    # and the districts or cities the centre serves, where its applicants live.
    topics: list[Choice] = []
    districts: list[Choice] = []
    # Letters to applicants go out on the letterhead of the body the centre belongs to; None:
    # the centre file has no [letters] table, and letters print with blanks to fill in.
    letters: LetterSettings | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _unique("zones", [z.code for z in self.zones])
        _unique("workplaces", [w.code for w in self.workplaces])
        _unique("categories", [c.code for c in self.categories])
        _unique("assistance_kinds", [k.code for k in self.assistance_kinds])
        _unique("topics", [t.code for t in self.topics])
        _unique("districts", [d.code for d in self.districts])
        zone_codes = {z.code for z in self.zones}
        for i, workplace in enumerate(self.workplaces):
            for zone in workplace.zones:
                if zone not in zone_codes:
                    raise ValueError(f"workplaces.{i}.zones: unknown zone {zone!r}")
        _check_printers(self.printers, {w.code for w in self.workplaces})
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

    def cabinets_of(self, zone: str) -> list[Workplace]:
        """The officials' cabinets serving `zone`: a ticket goes to one of them by name."""
        return [w for w in self.workplaces if w.kind == "cabinet" and zone in w.zones]

    def assistance_kind(self, code: str) -> Choice | None:
        return next((k for k in self.assistance_kinds if k.code == code), None)

    def topic(self, code: str) -> Choice | None:
        return next((t for t in self.topics if t.code == code), None)

    def district(self, code: str) -> Choice | None:
        return next((d for d in self.districts if d.code == code), None)

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


def _check_printers(printers: list[PrinterConfig], workplaces: set[str]) -> None:
    _unique("printers", [p.code for p in printers])
    if any(p.code == DEFAULT_PRINTER for p in printers):
        raise ValueError(f"printers: code {DEFAULT_PRINTER!r} is QABYLDAU_PRINTER_URL's")
    for i, printer in enumerate(printers):
        for workplace in printer.workplaces:
            if workplace not in workplaces:
                raise ValueError(f"printers.{i}.workplaces: unknown workplace {workplace!r}")
    for field in ("kiosks", "workplaces", "users"):
        # One printer per kiosk or desk: two would leave which one prints to chance.
        _unique(f"printers.*.{field}", [n.casefold() for p in printers for n in getattr(p, field)])


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
