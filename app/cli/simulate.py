"""`qabyldau demo simulate --days N --seed S`: a simulated history for the demo and for
testing (app.services.simulation), so that the statistics have past days to show.

It refuses (exit code 2) a database holding tickets no simulation made, unless --force: then
it still plays only days that hold no ticket, never mixing simulated visitors into a real
day. Days already holding tickets (an earlier simulation's) are skipped, so running it again
adds nothing twice. It prints counts only: a simulation makes up no names, IIN or phones."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated

import typer

from app.cli.context import use_cases
from app.config.settings import Settings
from app.domain.errors import Refusal
from app.domain.simulation import past_working_days
from app.services.simulation import play_day
from app.services.transactions import Transactions


def simulate(
    days: Annotated[int, typer.Option(min=1, max=250, help="Working days before today")] = 20,
    seed: Annotated[int, typer.Option(help="The same seed plays the same days")] = 1,
    force: Annotated[bool, typer.Option(help="Also on a database that holds real tickets")] = False,
) -> None:
    """Play past working days through the real queue with a virtual clock: arrivals by hour,
    service times by zone, no-shows, recalls, transfers, out-of-turn visitors and pauses."""
    # The centre's own hours, lunch and holidays, even for a demo that is always open: the
    # days are played as they would have been, and estimated knowing the lunch break.
    with use_cases(Settings(always_open=False)) as tx:
        try:
            done = run(tx, days=days, seed=seed, force=force, today=None)
        except Refusal as exc:
            typer.secho(f"Refused: {exc}", fg=typer.colors.RED, err=True)
            raise typer.Exit(2) from exc
        except Unsafe as exc:
            typer.secho(str(exc), fg=typer.colors.RED, err=True)
            raise typer.Exit(2) from exc
    typer.echo(done.summary())


class Unsafe(Exception):
    """The database holds what a simulation must not touch."""


@dataclass(frozen=True)
class Played:
    played: list[date]
    skipped: list[date]  # held tickets already
    tickets: int
    seconds: float

    def summary(self) -> str:
        span = f" ({self.played[0]} – {self.played[-1]})" if self.played else ""
        text = (
            f"Simulated {_days(len(self.played))}{span}: {self.tickets} tickets"
            f" in {self.seconds:.1f} s."
        )
        if self.skipped:
            text += f" Skipped {_days(len(self.skipped))} that already held tickets."
        return text


def _days(count: int) -> str:
    return f"{count} working day" + ("" if count == 1 else "s")


def run(tx: Transactions, *, days: int, seed: int, force: bool, today: date | None) -> Played:
    """Play the `days` working days before `today` (the centre's today by default) on the
    centre's calendar: its working days, hours and lunch."""
    began = time.perf_counter()
    calendar = tx.site.centre.calendar(always_open=False)
    today = today or calendar.service_day(datetime.now(UTC))
    wanted = past_working_days(calendar, today, days)
    ready = tx.read_now(lambda s: s.simulation.readiness(wanted))
    if ready.real_tickets and not force:
        raise Unsafe(
            f"Refused: the database holds {ready.real_tickets} ticket"
            f"{'' if ready.real_tickets == 1 else 's'} not made by a simulation. Simulate on"
            " a fresh database, or add --force to play past days"
            " that hold no ticket beside them."
        )
    if ready.paused:
        raise Unsafe(
            f"Refused: paused now: {', '.join(ready.paused)}. The simulation pauses and"
            " resumes workplaces, which would end that pause: resume them first."
        )
    played = [day for day in wanted if day not in ready.taken]
    tickets = sum(play_day(tx, calendar, day, seed) for day in played)
    skipped = sorted(ready.taken)
    return Played(played, skipped, tickets, time.perf_counter() - began)
