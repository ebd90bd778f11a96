"""`qabyldau users ...` and `qabyldau devices ...`: accounts and devices from the server's
shell, e.g. the first administrator. Each command brings the database schema up to date
first."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated

import typer
from sqlmodel import Session

from app.auth.accounts import AccountError, Accounts, normalize_username
from app.auth.devices import Devices, pairing_path
from app.auth.errors import DeviceNotFound
from app.auth.models import DeviceKind
from app.auth.roles import Role
from app.auth.store import transaction
from app.config.settings import Settings
from app.db.engine import make_engine
from app.db.migrate import upgrade

users = typer.Typer(help="Staff accounts.", no_args_is_help=True)
devices = typer.Typer(help="Kiosks and boards.", no_args_is_help=True)


@contextmanager
def _database() -> Iterator[Session]:
    url = Settings().resolved_database_url
    upgrade(url)
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            yield session
    finally:
        engine.dispose()


def _fail(message: str) -> typer.Exit:
    typer.secho(message, fg=typer.colors.RED, err=True)
    return typer.Exit(2)


def _now() -> datetime:
    return datetime.now(UTC)


@users.command("add")
def add_user(
    username: Annotated[str, typer.Argument(help="Sign-in name (stored in lower case)")],
    role: Annotated[Role, typer.Option(help="What the person may do")],
    password: Annotated[
        str | None, typer.Option(help="Omit it to be asked (hidden, typed twice)")
    ] = None,
    full_name: Annotated[str, typer.Option(help="Shown on the staff screens")] = "",
) -> None:
    """Create a staff account."""
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with _database() as session:
            user = Accounts(session).add_user(
                username=username, role=role, password=password, full_name=full_name, now=_now()
            )
    except AccountError as exc:
        raise _fail(f"Cannot add the account: {exc}") from exc
    typer.echo(f"Added {user.username} ({user.role.value}).")


@users.command("list")
def list_users() -> None:
    """Every staff account, its role and whether it is locked."""
    now = _now()
    with _database() as session:
        rows = Accounts(session).users()
        for user in rows:
            locked = user.locked_until and user.locked_until > now
            notes = [] if user.active else ["inactive"]
            if locked and user.locked_until:
                notes.append(f"locked until {user.locked_until:%Y-%m-%d %H:%M} UTC")
            suffix = f"  [{', '.join(notes)}]" if notes else ""
            typer.echo(f"{user.username:<24} {user.role.value:<13} {user.full_name}{suffix}")
        if not rows:
            typer.echo("No staff accounts yet: add one with `qabyldau users add`.")


@users.command("unlock")
def unlock_user(username: Annotated[str, typer.Argument()]) -> None:
    """Lift a lockout after too many wrong passwords."""
    with _database() as session:
        user = Accounts(session).repo.user_named(normalize_username(username))
        if user is None:
            raise _fail(f"No account named {username!r}.")
        user.locked_until = None
        user.failed_logins = 0
        session.add(user)
    typer.echo(f"Unlocked {user.username}.")


@devices.command("add")
def add_device(
    kind: Annotated[DeviceKind, typer.Option(help="kiosk or board")],
    name: Annotated[str, typer.Option(help='e.g. "Hall board"')],
) -> None:
    """Register a device and print its pairing link (shown only now)."""
    if not name.strip():
        raise _fail("The device needs a name.")
    with _database() as session:
        token, row = Devices(session).register(kind, name, now=_now())
    typer.echo(f"Registered {row.kind.value} #{row.id} {row.name!r}.")
    typer.echo(
        f"Pairing link: {pairing_path(token)}  (open it on the device, after the server's address)"
    )
    typer.echo(f"Token: {token}")


@devices.command("list")
def list_devices() -> None:
    with _database() as session:
        for row in Devices(session).all():
            state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M} UTC" if row.revoked_at else "active"
            typer.echo(f"#{row.id:<4} {row.kind.value:<6} {row.name:<30} {state}")


@devices.command("revoke")
def revoke_device(device_id: Annotated[int, typer.Argument()]) -> None:
    """Shut the device out from its next request on."""
    try:
        with _database() as session:
            row = Devices(session).revoke(device_id, now=_now())
    except DeviceNotFound as exc:
        raise _fail(f"No device #{device_id}.") from exc
    typer.echo(f"Revoked {row.kind.value} #{row.id} {row.name!r}.")
