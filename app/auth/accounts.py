"""Staff accounts: creating them, checking a password with lockout, and the session and API
tokens a successful sign-in gives."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from app.auth.identity import Staff
from app.auth.models import AuthToken, StaffUser, TokenKind
from app.auth.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password, waste_equal_time
from app.auth.repository import AccessRepository, AuthRepository
from app.auth.roles import Role
from app.auth.tokens import STAFF_PREFIX, new_csrf_token, new_token, token_hash

# Five wrong passwords in a row lock the account for a quarter of an hour: slow enough to stop
# guessing, short enough that a colleague who mistyped is not stuck for the day.
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
# A working day; the person signs in again the next morning.
SESSION_LIFETIME = timedelta(hours=12)
API_TOKEN_LIFETIME = timedelta(hours=12)

USERNAME_PATTERN = re.compile(r"^[\w.@-]{1,80}$")


class AccountError(ValueError):
    """A staff account cannot be created as asked; the message says why."""


def normalize_username(username: str) -> str:
    return username.strip().lower()


@dataclass(frozen=True)
class SignInRefused:
    locked_until: datetime | None = None  # set when the account is (now) locked


@dataclass
class Accounts:
    session: Session

    def __post_init__(self) -> None:
        self.repo = AuthRepository(self.session)

    def add_user(
        self, *, username: str, role: Role, password: str, now: datetime, full_name: str = ""
    ) -> StaffUser:
        name = normalize_username(username)
        if not USERNAME_PATTERN.match(name):
            raise AccountError(
                f"username {username!r}: use 1-80 letters, digits and . _ @ - (no spaces)"
            )
        if self.repo.user_named(name) is not None:
            raise AccountError(f"username {name!r} is taken")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
        user = StaffUser(
            username=name,
            full_name=full_name.strip(),
            role=role,
            password_hash=hash_password(password),
            created_at=now,
        )
        self.repo.add(user)
        return user

    def users(self) -> Sequence[StaffUser]:
        return self.repo.users()

    def sign_in(self, username: str, password: str, now: datetime) -> StaffUser | SignInRefused:
        """Check a password. Failures are counted on the account, so the caller must commit
        even when it refuses."""
        user = self.repo.user_named(normalize_username(username), for_update=True)
        if user is None or not user.active:
            waste_equal_time(password)
            return SignInRefused()
        if _locked(user, now):
            return SignInRefused(locked_until=user.locked_until)  # even the right password
        matches, new_hash = verify_password(password, user.password_hash)
        if not matches:
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.failed_logins = 0
                user.locked_until = now + LOCKOUT
            self.session.add(user)
            return SignInRefused(locked_until=user.locked_until if _locked(user, now) else None)
        user.failed_logins = 0
        user.locked_until = None
        if new_hash is not None:  # stored with older argon2 parameters: upgrade it
            user.password_hash = new_hash
        self.session.add(user)
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
            self.session.add(found[0])

    def revoke(self, token_id: int) -> None:
        row = self.repo.token(token_id)
        if row is not None:
            row.revoked = True
            self.session.add(row)


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


def _locked(user: StaffUser, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now
