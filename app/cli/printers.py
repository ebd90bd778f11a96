"""`qabyldau printers ...`: what printers the centre has, how they last were, a test print —
for whoever installs a kiosk or a desk printer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from sqlmodel import Session, select

from app.config.centre import ConfigError, load_centre
from app.config.settings import Settings
from app.db.engine import make_engine
from app.db.migrate import upgrade
from app.services.printing.printers import PrinterEntry, PrinterRegistry
from app.tables.printing import PrinterState
from printer import PrinterError, TicketLabels, TicketPrint, render_ticket

printers = typer.Typer(help="Ticket printers.", no_args_is_help=True)


def _registry(settings: Settings) -> PrinterRegistry:
    try:
        centre = load_centre(settings.config)
    except ConfigError as exc:
        typer.secho(f"Configuration error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from exc
    return PrinterRegistry.from_config(centre, settings)


def _entry(registry: PrinterRegistry, code: str) -> PrinterEntry:
    entry = registry.get(code)
    if entry is None:
        known = ", ".join(e.code for e in registry) or "none configured"
        typer.secho(f"No printer {code!r} ({known}).", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    return entry


@printers.command("list")
def list_printers() -> None:
    """The printers, who prints on each, and what the server last heard from them."""
    settings = Settings()
    registry = _registry(settings)
    url = settings.resolved_database_url
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            known = {row.printer: row for row in session.exec(select(PrinterState)).all()}
    finally:
        engine.dispose()
    if not len(registry):
        typer.echo("No printers: set QABYLDAU_PRINTER_URL or [[printers]] in the centre file.")
    for entry in registry:
        row = known.get(entry.code)
        if row is None or row.ok is None:
            health = "not heard from yet"
        elif row.ok:
            health = f"ok, paper {row.paper}"
        else:
            health = f"FAULT ({row.error_kind}): {row.detail}"
        who = ", ".join(
            [
                *(f"kiosk {k!r}" for k in entry.kiosks),
                *(f"workplace {w}" for w in entry.workplaces),
                *(f"user {u}" for u in entry.users),
            ]
        ) or ("everyone else" if entry.code == "default" else "nobody")
        typer.echo(f"{entry.code}: {entry.shown_url}, {entry.paper_mm} mm, for {who}; {health}")


@printers.command("test")
def test_print(
    code: Annotated[str, typer.Argument(help="The printer's code (`default`: the URL's)")],
) -> None:
    """Ask the printer how it is, then print a sample ticket on it now (not through the
    spooler: nothing is queued or retried)."""
    settings = Settings()
    entry = _entry(_registry(settings), code)
    status = entry.device.status()
    typer.echo(f"{entry.code} ({entry.shown_url}): {status}")
    sample = TicketPrint(
        centre_name="Qabyldau — сынақ / тест / test",
        zone_name="Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі",
        display="000",
        issued_at=datetime.now(UTC),
        ahead=0,
        estimated_wait_minutes=None,
        priority_label=None,
        status_url=settings.public_url or "http://localhost:8000",
        labels=TicketLabels(people_ahead="People ahead", estimated_wait="Wait", minutes="min"),
    )
    try:
        entry.device.print_ticket(render_ticket(sample, entry.width_dots))
    except PrinterError as exc:
        typer.secho(f"Not printed ({exc.kind}): {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from exc
    typer.echo("Printed: the Kazakh letters on it must all be letters, not '?'.")
