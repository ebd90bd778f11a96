"""Signing in, shared by the sign-in page (session cookie) and POST /api/auth/token.

The failure count or lockout and the new token are committed together, also when the answer
is a refusal."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import anyio.to_thread

from app.config.centre import CentreConfig
from app.domain.access.identity import TokenKind
from app.domain.access.roles import WORKPLACE_ROLES, Role, may_work_at
from app.domain.access.throttle import SignInThrottle
from app.domain.text import N_
from app.i18n import gettext_for
from app.services.access.accounts import SignInRefused, normalize_username
from app.services.access.passwords import verify_password, waste_equal_time
from app.services.catalog import Services
from app.services.transactions import UseCases

T = TypeVar("T")


class Reason(StrEnum):
    CREDENTIALS = "invalid_credentials"
    LOCKED = "locked"
    THROTTLED = "too_many_attempts"
    WORKPLACE = "workplace_required"
    NOT_YOUR_WORKPLACE = "workplace_not_yours"


MESSAGES = {
    Reason.CREDENTIALS: N_("Wrong username or password."),
    Reason.LOCKED: N_(
        "Too many failed sign-ins: the account is locked until {until}. "
        "Try again then, or ask the administrator."
    ),
    Reason.THROTTLED: N_(
        "Too many failed sign-ins from this computer. Try again at {until}, "
        "or ask the administrator."
    ),
    Reason.WORKPLACE: N_("Choose the workplace or cabinet where you are working."),
    Reason.NOT_YOUR_WORKPLACE: N_("Your role does not work at this workplace; choose yours."),
}
# The password checks of one process at a time: argon2 takes 64 MiB and ~0.2 s of a core
# each, and a flood of them must leave the queue a core.
CHECKS_AT_ONCE = threading.BoundedSemaphore(1)


@dataclass(frozen=True)
class SignedIn:
    token: str
    expires_at: datetime
    role: Role


@dataclass(frozen=True)
class Refused:
    reason: Reason
    locked_until: datetime | None = None

    def message(self, language: str, centre: CentreConfig) -> str:
        text = gettext_for(language, MESSAGES[self.reason])
        if self.locked_until is None:
            return text
        local = self.locked_until.astimezone(ZoneInfo(centre.centre.timezone))
        return text.format(until=local.strftime("%H:%M"))


async def sign_in(
    transactions: UseCases,
    username: str,
    password: str,
    *,
    kind: TokenKind,
    workplace: str | None,
    now: datetime,
    address: str,
    throttle: SignInThrottle,
    replacing: str | None = None,
) -> SignedIn | Refused:
    """`workplace`: a code of the centre's workplaces, or None. The sign-in page (a session)
    insists on one for the roles that serve at a workplace. `replacing`: the browser's
    previous session, which ends with this sign-in (a browser holds one session). `address`:
    where the attempt comes from, for `throttle` (app.domain.access.throttle).

    The password is checked between two transactions, in a worker thread: argon2 takes ~0.2 s
    and must hold neither the event loop nor the database's write lock (held, it stalled every
    ticket of the centre behind anonymous sign-in attempts). The outcome is counted in a write
    transaction that reads the account afresh."""
    name = normalize_username(username)
    verdict = throttle.verdict(address, name, now)
    if verdict is not None:  # before any password is checked
        reason = Reason.THROTTLED if verdict.address else Reason.LOCKED
        return Refused(reason, verdict.until)
    found = await transactions.read(lambda s: s.accounts.credentials(username))
    if found is None:
        await anyio.to_thread.run_sync(_checked, waste_equal_time, password)
        return _failed(throttle, address, name, now, None)
    matches, new_hash = await anyio.to_thread.run_sync(
        _checked, verify_password, password, found.password_hash
    )
    centre = transactions.site.centre

    def settle(s: Services) -> SignedIn | Refused:
        accounts = s.accounts
        user = accounts.settle_sign_in(found, matches=matches, new_hash=new_hash, now=now)
        if isinstance(user, SignInRefused):
            return _failed(throttle, address, name, now, user.locked_until)
        throttle.succeeded(name)
        place = centre.workplace(workplace) if workplace is not None else None
        if workplace is not None and place is None:
            return Refused(Reason.WORKPLACE)
        if place is None and user.role in WORKPLACE_ROLES:
            return Refused(Reason.WORKPLACE)
        if place is not None and not may_work_at(user.role, place.zones):
            return Refused(Reason.NOT_YOUR_WORKPLACE)
        if replacing:
            accounts.revoke_token(replacing)
        token, row = accounts.issue_token(user, kind, workplace=workplace, now=now)
        return SignedIn(token, row.expires_at, user.role)

    return await transactions.write(settle)


def _checked(check: Callable[..., T], *args: Any) -> T:
    """A password check in a worker thread, CHECKS_AT_ONCE at most."""
    with CHECKS_AT_ONCE:
        return check(*args)


def _failed(
    throttle: SignInThrottle, address: str, name: str, now: datetime, locked: datetime | None
) -> Refused:
    """A wrong password (or an unknown username): the same answer either way, the same count
    towards the lock of the address and of the name."""
    until = throttle.failed(address, name, now) or locked
    return Refused(Reason.LOCKED, until) if until else Refused(Reason.CREDENTIALS)
