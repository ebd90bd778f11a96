"""Staff accounts: creating them, checking a password with lockout, and the session and API
tokens a successful sign-in gives."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.access.identity import Staff, TokenKind
from app.domain.access.roles import Role
from app.domain.access.throttle import LOCKOUT, NAME_FAILURES
from app.domain.text import hidden_characters
from app.repositories.access import AccessRepository
from app.repositories.unit import Unit
from app.services.access.passwords import MIN_PASSWORD_LENGTH, hash_password
from app.services.access.tokens import STAFF_PREFIX, new_csrf_token, new_token, token_hash
from app.tables.staff import AuthToken, StaffUser

# Wrong passwords in a row that lock the account for a quarter of an hour, from any number of
# addresses: one address is turned away long before (app.domain.access.throttle), so nobody
# locks a colleague out from one computer; the lock persists across restarts and workers.
MAX_FAILED_LOGINS = NAME_FAILURES
# A working day; the person signs in again the next morning.
SESSION_LIFETIME = timedelta(hours=12)
API_TOKEN_LIFETIME = timedelta(hours=12)

# Latin letters, digits and . _ @ - only: a Cyrillic "а" or a fullwidth letter would make a
# second account that looks like the first.
USERNAME_PATTERN = re.compile(r"^[a-z0-9._@-]{1,80}$")


class AccountError(ValueError):
    """A staff account cannot be created as asked; the message says why."""


def normalize_username(username: str) -> str:
    return username.strip().lower()


@dataclass(frozen=True)
class Credentials:
    user_id: int
    password_hash: str


@dataclass(frozen=True)
class SignInRefused:
    locked_until: datetime | None = None  # set when the account is (now) locked


class Accounts:
    def __init__(self, unit: Unit) -> None:
        self.repo = unit.staff

    def add_user(
        self,
        *,
        username: str,
        role: Role,
        password: str,
        now: datetime,
        full_name: str = "",
        demo: bool = False,
    ) -> StaffUser:
        """A new account; `demo`: its password is the demo's, known to all (see serve)."""
        name = normalize_username(username)
        if not USERNAME_PATTERN.match(name):
            raise AccountError(
                f"username {username!r}: use 1-80 Latin letters, digits and . _ @ - (no spaces)"
            )
        if self.repo.user_named(name) is not None:
            raise AccountError(f"username {name!r} is taken")
        if hidden_characters(full_name, lines=False):
            raise AccountError("the full name has control or direction characters")
        _check_password(password)
        user = StaffUser(
            username=name,
            full_name=full_name.strip(),
            role=role,
            password_hash=hash_password(password),
            created_at=now,
            demo_password=demo,
        )
        self.repo.add(user)
        return user

    def users(self) -> Sequence[StaffUser]:
        return self.repo.users()

    def set_password(self, username: str, password: str) -> StaffUser:
        """A new password, no longer the demo's; every session and token of the account ends
        (whoever knew the old one is signed out) and a lock-out is lifted."""
        user = self.repo.user_named(normalize_username(username), for_update=True)
        if user is None or user.id is None:
            raise AccountError(f"no account named {username!r}")
        _check_password(password)
        user.password_hash = hash_password(password)
        user.demo_password = False
        user.failed_logins = 0
        user.locked_until = None
        self.repo.save(user)
        self.repo.revoke_tokens(user.id)
        return user

    def with_demo_password(self) -> list[str]:
        """The active accounts that still have the demo's password."""
        return [u.username for u in self.repo.users() if u.active and u.demo_password]

    def unlock(self, username: str) -> StaffUser | None:
        """Lift a lockout after too many wrong passwords; None: no such account."""
        user = self.repo.user_named(normalize_username(username))
        if user is not None:
            user.locked_until = None
            user.failed_logins = 0
            self.repo.save(user)
        return user

    def credentials(self, username: str) -> Credentials | None:
        """What checking a password needs, read before any write transaction: argon2 takes
        ~0.2 s and must not hold the write lock meanwhile."""
        user = self.repo.user_named(normalize_username(username))
        if user is None or user.id is None or not user.active:
            return None
        return Credentials(user.id, user.password_hash)

    def settle_sign_in(
        self, credentials: Credentials, *, matches: bool, new_hash: str | None, now: datetime
    ) -> StaffUser | SignInRefused:
        """Count the outcome of a password check on the account, read afresh and locked
        (PostgreSQL: concurrent wrong passwords must all be counted). The caller commits
        even when this refuses."""
        user = self.repo.user(credentials.user_id, for_update=True)
        if user is None or not user.active or user.password_hash != credentials.password_hash:
            return SignInRefused()  # removed, disabled or given a new password meanwhile
        if _locked(user, now):
            return SignInRefused(locked_until=user.locked_until)  # even the right password
        if not matches:
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.failed_logins = 0
                user.locked_until = now + LOCKOUT
            self.repo.save(user)
            return SignInRefused(locked_until=user.locked_until if _locked(user, now) else None)
        user.failed_logins = 0
        user.locked_until = None
        if new_hash is not None:  # stored with older argon2 parameters: upgrade it
            user.password_hash = new_hash
        self.repo.save(user)
        return user

    def issue_token(
        self, user: StaffUser, kind: TokenKind, *, workplace: str | None, now: datetime
    ) -> tuple[str, AuthToken]:
        """A new token for a signed-in person (never reused: no session fixation)."""
        assert user.id is not None
        self.repo.purge_dead_tokens(user.id, now)
        token = new_token(STAFF_PREFIX)
        lifetime = SESSION_LIFETIME if kind is TokenKind.SESSION else API_TOKEN_LIFETIME
        row = AuthToken(
            token_hash=token_hash(token),
            kind=kind,
            user_id=user.id,
            workplace=workplace,
            csrf_token=new_csrf_token(),
            created_at=now,
            expires_at=now + lifetime,
        )
        self.repo.add(row)
        return token, row

    def revoke_token(self, token: str) -> None:
        """Revoke by the token itself (e.g. a browser's previous session at a new sign-in)."""
        found = self.repo.token_with_user(token_hash(token))
        if found is not None:
            found[0].revoked = True
            self.repo.save(found[0])

    def revoke(self, token_id: int) -> None:
        row = self.repo.token(token_id)
        if row is not None:
            row.revoked = True
            self.repo.save(row)


def staff_for(access: AccessRepository, token: str, now: datetime) -> Staff | None:
    """The person a token belongs to, if it is live and the account active."""
    if not token.startswith(STAFF_PREFIX):
        return None
    row = access.staff_token(token_hash(token))
    if row is None:
        return None
    if row.revoked or row.expires_at <= now or not row.active:
        return None
    return Staff(
        user_id=row.user_id,
        username=row.username,
        full_name=row.full_name,
        role=row.role,
        workplace=row.workplace,
        csrf_token=row.csrf_token,
        token_id=row.token_id,
        token_kind=row.kind,
    )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")


def _locked(user: StaffUser, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now
