"""`qabyldau officials ...`, `qabyldau schedule ...` and `qabyldau demo seed-officials`: who
receives and when, from the server's shell. Each command brings the schema up to date first."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from pydantic import ValidationError

from app.cli.context import use_cases
from app.domain.errors import Refusal
from app.schemas.reception import DayIn, OfficialIn
from app.services.reception import demo_officials, schedules

officials = typer.Typer(
    help="Officials who receive citizens (000 p.2, 001 p.15).", no_args_is_help=True
)
schedule = typer.Typer(help="Monthly reception schedules (000 p.7, 7-1).", no_args_is_help=True)
demo = typer.Typer(help="Demo data.", no_args_is_help=True)


def _now() -> datetime:
    return datetime.now(UTC)


def _fail(exc: Refusal | ValidationError) -> typer.Exit:
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
        new = OfficialIn(
            code=code,
            name_kk=name_kk,
            name_ru=name_ru,
            position_kk=position_kk,
            position_ru=position_ru,
            cabinet=cabinet,
        )
        with use_cases() as tx:
            row = tx.write_now(lambda s: schedules.add_official(s.reception, new))
    except (Refusal, ValidationError) as exc:
        raise _fail(exc) from exc
    typer.echo(f"Added official {row.code} ({row.name_ru}), {row.cabinet}.")


@officials.command("list")
def list_officials() -> None:
    with use_cases() as tx:
        for row in tx.read_now(lambda s: s.reception.repo.officials()):
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
        new = DayIn(
            official=official,
            day=day.date(),
            starts=starts,
            ends=ends,
            slot_minutes=slot_minutes,
            allow_day_off=allow_day_off,
        )
        with use_cases() as tx:
            row = tx.write_now(
                lambda s: schedules.add_day(s.reception, new, today=s.site.today(_now()))
            )
    except (Refusal, ValidationError) as exc:
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
        with use_cases() as tx:
            row = tx.write_now(
                lambda s: schedules.approve(
                    s.reception, month.date(), approved_by=approved_by, now=_now()
                )
            )
    except (Refusal, ValidationError) as exc:
        raise _fail(exc) from exc
    typer.echo(f"Approved the schedule for {row.month:%Y-%m} ({row.approved_by}).")


@demo.command("seed-officials")
def seed_officials(
    approved_by: Annotated[str, typer.Option()] = "Аудан әкімі / Аким района",
) -> None:
    """Two demo officials in the centre's first two cabinets, receiving weekly this month and
    next, with both schedules approved. Running it again adds nothing twice."""
    with use_cases() as tx:
        seeded = tx.write_now(lambda s: demo_officials.seed(s.reception, _now(), approved_by))
    if not seeded:
        typer.secho("The centre needs two cabinets of the personal reception zone.", err=True)
        raise typer.Exit(2)
    typer.echo("Demo officials and their schedules are ready: see /schedule.")
