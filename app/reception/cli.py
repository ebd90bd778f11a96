"""`qabyldau officials ...`, `qabyldau schedule ...` and `qabyldau demo seed-officials`: who
receives and when, from the server's shell. Each command brings the schema up to date first."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

import typer

from app.auth.store import transaction
from app.config.centre import load_centre
from app.config.settings import Settings
from app.db.engine import make_engine
from app.db.migrate import upgrade
from app.domain.errors import DomainError
from app.reception import schedules
from app.reception.context import PERSONAL_RECEPTION_ZONE, Reception
from app.reception.domain.deadlines import add_months
from app.reception.schedules import NewDay, NewOfficial, month_of
from app.services.queue import QueueService

officials = typer.Typer(
    help="Officials who receive citizens (000 p.2, 001 p.15).", no_args_is_help=True
)
schedule = typer.Typer(help="Monthly reception schedules (000 p.7, 7-1).", no_args_is_help=True)
demo = typer.Typer(help="Demo data.", no_args_is_help=True)


@contextmanager
def _reception() -> Iterator[Reception]:
    settings = Settings()
    url = settings.resolved_database_url
    upgrade(url)
    centre = load_centre(settings.config)
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            calendar = centre.calendar(always_open=settings.always_open)
            yield Reception(QueueService(session, centre, calendar))
    finally:
        engine.dispose()


def _now() -> datetime:
    return datetime.now(UTC)


def _fail(exc: DomainError) -> typer.Exit:
    typer.secho(f"Refused: {exc}", fg=typer.colors.RED, err=True)
    return typer.Exit(2)


@officials.command("add")
def add_official(
    code: Annotated[str, typer.Argument(help="e.g. akim-deputy")],
    name_kk: Annotated[str, typer.Option(help="Surname, name, patronymic in Kazakh")],
    name_ru: Annotated[str, typer.Option(help="Surname, name, patronymic in Russian")],
    position_kk: Annotated[str, typer.Option()],
    position_ru: Annotated[str, typer.Option()],
    cabinet: Annotated[str, typer.Option(help="Workplace code of the cabinet")],
) -> None:
    """Add an official who receives in a cabinet of the personal reception zone."""
    try:
        with _reception() as rx:
            new = NewOfficial(code, name_kk, name_ru, position_kk, position_ru, cabinet)
            row = schedules.add_official(rx, new)
    except DomainError as exc:
        raise _fail(exc) from exc
    typer.echo(f"Added official {row.code} ({row.name_ru}), {row.cabinet}.")


@officials.command("list")
def list_officials() -> None:
    with _reception() as rx:
        for row in rx.repo.officials():
            typer.echo(f"{row.code:<16} {row.cabinet:<14} {row.name_ru} — {row.position_ru}")


@schedule.command("add-day")
def add_day(
    official: Annotated[str, typer.Option(help="The official's code")],
    day: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="YYYY-MM-DD")],
    starts: Annotated[str, typer.Option(help="HH:MM")] = "15:00",
    ends: Annotated[str, typer.Option(help="HH:MM")] = "18:00",
    slot_minutes: Annotated[int, typer.Option(min=5, max=240)] = 20,
    allow_day_off: Annotated[bool, typer.Option(help="e.g. an outreach reception")] = False,
) -> None:
    """Add a reception day to its month's schedule (before the schedule is approved)."""
    try:
        with _reception() as rx:
            row = schedules.add_day(
                rx,
                NewDay(
                    official,
                    day.date(),
                    time.fromisoformat(starts),
                    time.fromisoformat(ends),
                    slot_minutes,
                    allow_day_off,
                ),
            )
    except DomainError as exc:
        raise _fail(exc) from exc
    typer.echo(
        f"Reception day #{row.id}: {official} on {row.day} {row.starts:%H:%M}–{row.ends:%H:%M}."
    )


@schedule.command("approve")
def approve(
    month: Annotated[datetime, typer.Argument(formats=["%Y-%m"], help="YYYY-MM")],
    approved_by: Annotated[str, typer.Option(help="Who approved it, e.g. the district akim")],
) -> None:
    """Approve a month's schedule: it is then published on /schedule and booked."""
    try:
        with _reception() as rx:
            row = schedules.approve(rx, month.date(), approved_by=approved_by, now=_now())
    except DomainError as exc:
        raise _fail(exc) from exc
    typer.echo(f"Approved the schedule for {row.month:%Y-%m} ({row.approved_by}).")


DEMO_OFFICIALS = (
    # (code, name kk, name ru, position kk, position ru, weekday, starts, ends)
    (
        "akim-deputy",
        "Серіков Асқар Болатұлы",
        "Сериков Аскар Болатович",
        "Аудан әкімінің орынбасары",
        "Заместитель акима района",
        3,  # Thursdays
        time(15, 0),
        time(18, 0),
    ),
    (
        "head-land",
        "Омарова Бибігүл Қайратқызы",
        "Омарова Бибигуль Кайратовна",
        "Жер қатынастары бөлімінің басшысы",
        "Руководитель отдела земельных отношений",
        1,  # Tuesdays
        time(10, 0),
        time(12, 30),
    ),
)


@demo.command("seed-officials")
def seed_officials(
    approved_by: Annotated[str, typer.Option()] = "Аудан әкімі / Аким района",
) -> None:
    """Two demo officials in the centre's first two cabinets, receiving weekly this month and
    next, with both schedules approved. Running it again adds nothing twice."""
    with _reception() as rx:
        cabinets = [w.code for w in rx.centre.workplaces if PERSONAL_RECEPTION_ZONE in w.zones][
            : len(DEMO_OFFICIALS)
        ]
        if len(cabinets) < len(DEMO_OFFICIALS):
            typer.secho("The centre needs two cabinets of the personal reception zone.", err=True)
            raise typer.Exit(2)
        today = rx.today(_now())
        for (code, kk, ru, pos_kk, pos_ru, *_), cabinet in zip(
            DEMO_OFFICIALS, cabinets, strict=True
        ):
            if rx.repo.official_by_code(code) is None:
                schedules.add_official(rx, NewOfficial(code, kk, ru, pos_kk, pos_ru, cabinet))
        for month in (month_of(today), add_months(month_of(today), 1)):
            _seed_month(rx, month, approved_by)
    typer.echo("Demo officials and their schedules are ready: see /schedule.")


def _seed_month(rx: Reception, month: date, approved_by: str) -> None:
    existing = rx.repo.schedule(month)
    if existing is not None and existing.approved_on is not None:
        return
    day = month
    while day.month == month.month:
        for code, *_, weekday, starts, ends in DEMO_OFFICIALS:
            official = rx.repo.official_by_code(code)
            assert official is not None
            assert official.id is not None
            if (
                day.weekday() == weekday
                and rx.calendar.is_working_day(day)
                and rx.repo.day_of(official.id, day) is None
            ):
                schedules.add_day(rx, NewDay(code, day, starts, ends))
        day += timedelta(days=1)
    schedules.approve(rx, month, approved_by=approved_by, now=_now())
