"""The `qabyldau` command."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from app.cli import printers as printing_cli
from app.cli import reception as reception_cli
from app.cli import simulate as simulate_cli
from app.cli import staff as auth_cli
from app.cli.context import use_cases
from app.cli.voices import voices
from app.config.centre import ConfigError, load_centre
from app.config.private_files import keep_private
from app.config.settings import Settings
from app.db.migrate import upgrade
from app.services.site import utc_now

cli = typer.Typer(
    help="Qabyldau: e-queue and kiosk system of a Citizens' Reception Centre.", no_args_is_help=True
)
cli.add_typer(auth_cli.users, name="users")
cli.add_typer(auth_cli.devices, name="devices")
cli.add_typer(printing_cli.printers, name="printers")
cli.add_typer(reception_cli.officials, name="officials")
cli.add_typer(reception_cli.schedule, name="schedule")
reception_cli.demo.command("simulate")(simulate_cli.simulate)
cli.add_typer(reception_cli.demo, name="demo")
cli.add_typer(voices, name="voices")


def _settings() -> Settings:
    return Settings()


def _check_centre(path: Path) -> None:
    try:
        centre = load_centre(path)
    except ConfigError as exc:
        typer.secho(f"Configuration error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from exc
    typer.echo(
        f"{centre.centre.name.en}: {len(centre.zones)} zones, "
        f"{len(centre.workplaces)} workplaces, {len(centre.categories)} out-of-turn categories"
    )


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes")] = 1,
) -> None:
    """Check the centre file, apply migrations and run the server."""
    settings = _settings()
    _check_centre(settings.config)
    upgrade(settings.resolved_database_url)
    _refuse_demo_passwords_beyond_loopback(host)
    typer.echo(f"Database: {settings.resolved_database_url}")
    typer.echo(f"Open http://{host}:{port}/docs")
    if workers > 1:
        typer.secho(
            "Note: live screens and /ws/events hear the calls made through their own worker "
            "process only; with several workers, screens still resync on reconnect but may "
            "miss live updates. Use one worker for a centre with live screens.",
            fg=typer.colors.YELLOW,
            err=True,
        )
    uvicorn.run(
        "app.main:app_factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        # Messages are small and sent to many screens at once: compressing each copy costs
        # more CPU than the LAN bandwidth it saves.
        ws_per_message_deflate=False,
    )


def is_loopback(host: str) -> bool:
    """Whether listening on `host` serves this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: whatever it resolves to may be the LAN


def _refuse_demo_passwords_beyond_loopback(host: str) -> None:
    """The demo's password is printed in the README and in demo-access.txt: with it, anyone
    on the LAN could sign in as the administrator. Serve this machine only until changed."""
    if is_loopback(host):
        return
    with use_cases() as tx:
        names = tx.read_now(lambda s: s.accounts.with_demo_password())
    if names:
        typer.secho(
            f"Refusing to listen on {host}: these accounts still have the demo password: "
            f"{', '.join(names)}. Give each its own with `qabyldau users password NAME` "
            "(or serve on 127.0.0.1 only).",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(2)


@cli.command()
def migrate() -> None:
    """Bring the database schema up to date."""
    settings = _settings()
    upgrade(settings.resolved_database_url)
    typer.echo(f"Database is up to date: {settings.resolved_database_url}")


@cli.command()
def retention() -> None:
    """Delete feedback's personal data past the centre file's [feedback] retention_days:
    comments, survey remarks and survey phone numbers (001 p.2). The server also does this
    at start and every six hours."""
    with use_cases(_settings()) as transactions:
        done = transactions.write_now(lambda s: s.retention.forget(utc_now()))
    typer.echo(
        f"Deleted {done.comments} comments, {done.phones} phone numbers and {done.remarks}"
        f" survey remarks recorded before {done.before:%Y-%m-%d %H:%M} UTC."
    )


@cli.command("check-config")
def check_config(
    path: Annotated[
        Path | None, typer.Argument(help="Centre file; default QABYLDAU_CONFIG")
    ] = None,
) -> None:
    """Validate a centre configuration file and say what is wrong."""
    _check_centre(path or _settings().config)


def main() -> None:
    settings = _settings()
    keep_private(settings.data_dir, settings.resolved_database_url)
    cli()
