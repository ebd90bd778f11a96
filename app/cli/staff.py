"""`qabyldau users ...` and `qabyldau devices ...`: accounts and devices from the server's
shell, e.g. the first administrator. Each command brings the database schema up to date
first."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from app.cli.context import use_cases
from app.domain.access.errors import DeviceNotFound
from app.domain.access.identity import DeviceKind
from app.domain.access.roles import Role
from app.domain.errors import Refusal
from app.services.access.accounts import AccountError
from app.services.access.devices import pairing_path

users = typer.Typer(help="Staff accounts.", no_args_is_help=True)
devices = typer.Typer(help="Kiosks, boards and feedback tablets.", no_args_is_help=True)


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
    demo: Annotated[
        bool,
        typer.Option(
            help="A demo account: the server serves only this machine until its password is changed"
        ),
    ] = False,
) -> None:
    """Create a staff account."""
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with use_cases() as tx:
            user = tx.write_now(
                lambda s: s.accounts.add_user(
                    username=username,
                    role=role,
                    password=password,
                    full_name=full_name,
                    now=_now(),
                    demo=demo,
                )
            )
    except AccountError as exc:
        raise _fail(f"Cannot add the account: {exc}") from exc
    typer.echo(f"Added {user.username} ({user.role.value}).")


@users.command("list")
def list_users() -> None:
    """Every staff account, its role and whether it is locked."""
    now = _now()
    with use_cases() as tx:
        rows = tx.read_now(lambda s: s.accounts.users())
        for user in rows:
            locked = user.locked_until and user.locked_until > now
            notes = [] if user.active else ["inactive"]
            if locked and user.locked_until:
                notes.append(f"locked until {user.locked_until:%Y-%m-%d %H:%M} UTC")
            suffix = f"  [{', '.join(notes)}]" if notes else ""
            typer.echo(f"{user.username:<24} {user.role.value:<13} {user.full_name}{suffix}")
        if not rows:
            typer.echo("No staff accounts yet: add one with `qabyldau users add`.")


@users.command("password")
def change_password(
    username: Annotated[str, typer.Argument()],
    password: Annotated[
        str | None, typer.Option(help="Omit it to be asked (hidden, typed twice)")
    ] = None,
) -> None:
    """Give an account a new password (no longer a demo one); its sessions end."""
    if password is None:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    new = password
    try:
        with use_cases() as tx:
            user = tx.write_now(lambda s: s.accounts.set_password(username, new))
    except AccountError as exc:
        raise _fail(f"Cannot change the password: {exc}") from exc
    typer.echo(f"New password for {user.username}; its sessions and tokens have ended.")


@users.command("unlock")
def unlock_user(username: Annotated[str, typer.Argument()]) -> None:
    """Lift a lockout after too many wrong passwords."""
    with use_cases() as tx:
        user = tx.write_now(lambda s: s.accounts.unlock(username))
    if user is None:
        raise _fail(f"No account named {username!r}.")
    typer.echo(f"Unlocked {user.username}.")


@devices.command("add")
def add_device(
    kind: Annotated[DeviceKind, typer.Option(help="kiosk, board or feedback (a rating tablet)")],
    name: Annotated[str, typer.Option(help='e.g. "Hall board"')],
    workplace: Annotated[
        str | None,
        typer.Option(help="a feedback tablet's workplace code, e.g. window-1 (required for it)"),
    ] = None,
) -> None:
    """Register a device and print its pairing link (shown only now)."""
    if not name.strip():
        raise _fail("The device needs a name.")
    try:
        with use_cases() as tx:
            token, row = tx.write_now(
                lambda s: s.devices.register(kind, name, now=_now(), workplace=workplace)
            )
    except Refusal as exc:
        raise _fail(f"Cannot register the device: {exc}") from exc
    at = f" at {row.workplace}" if row.workplace else ""
    typer.echo(f"Registered {row.kind.value} #{row.id} {row.name!r}{at}.")
    typer.echo(
        f"Pairing link: {pairing_path(token)}  (open it on the device, after the server's address)"
    )
    typer.echo(f"Token: {token}")


@devices.command("list")
def list_devices() -> None:
    with use_cases() as tx:
        for row in tx.read_now(lambda s: s.devices.all()):
            state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M} UTC" if row.revoked_at else "active"
            at = row.workplace or ""
            typer.echo(f"#{row.id:<4} {row.kind.value:<8} {row.name:<30} {at:<14} {state}")


@devices.command("revoke")
def revoke_device(device_id: Annotated[int, typer.Argument()]) -> None:
    """Shut the device out from its next request on."""
    try:
        with use_cases() as tx:
            row = tx.write_now(lambda s: s.devices.revoke(device_id, now=_now()))
    except DeviceNotFound as exc:
        raise _fail(f"No device #{device_id}.") from exc
    typer.echo(f"Revoked {row.kind.value} #{row.id} {row.name!r}.")
