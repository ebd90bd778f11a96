"""Signing in, shared by the sign-in page (session cookie) and POST /api/auth/token.

One transaction: the password check, the failure count or lockout, and the new token are
committed together, also when the answer is a refusal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from app.auth.accounts import Accounts, SignInRefused
from app.auth.models import TokenKind
from app.auth.roles import WORKPLACE_ROLES, Role
from app.auth.store import transaction
from app.domain.text import N_
from app.i18n import gettext_for
from app.state import AppState


class Reason(StrEnum):
    CREDENTIALS = "invalid_credentials"
    LOCKED = "locked"
    WORKPLACE = "workplace_required"


MESSAGES = {
    Reason.CREDENTIALS: N_("Wrong username or password."),
    Reason.LOCKED: N_(
        "Too many failed sign-ins: the account is locked until {until}. "
        "Try again then, or ask the administrator."
    ),
    Reason.WORKPLACE: N_("Choose the workplace or cabinet where you are working."),
}


@dataclass(frozen=True)
class SignedIn:
    token: str
    expires_at: datetime
    role: Role


@dataclass(frozen=True)
class Refused:
    reason: Reason
    locked_until: datetime | None = None

    def message(self, language: str, state: AppState) -> str:
        text = gettext_for(language, MESSAGES[self.reason])
        if self.locked_until is None:
            return text
        local = self.locked_until.astimezone(ZoneInfo(state.centre.centre.timezone))
        return text.format(until=local.strftime("%H:%M"))


def sign_in(
    state: AppState,
    username: str,
    password: str,
    *,
    kind: TokenKind,
    workplace: str | None,
) -> SignedIn | Refused:
    """Blocking (argon2, database). `workplace`: a code of the centre's workplaces, or None.
    The sign-in page (a session) insists on one for the roles that serve at a workplace."""
    now = state.clock()
    with transaction(state.engine) as session:
        accounts = Accounts(session)
        user = accounts.sign_in(username, password, now)
        if isinstance(user, SignInRefused):
            locked = user.locked_until
            return Refused(Reason.LOCKED if locked else Reason.CREDENTIALS, locked)
        if workplace is not None and state.centre.workplace(workplace) is None:
            return Refused(Reason.WORKPLACE)
        if workplace is None and kind is TokenKind.SESSION and user.role in WORKPLACE_ROLES:
            return Refused(Reason.WORKPLACE)
        token, row = accounts.issue_token(user, kind, workplace=workplace, now=now)
        return SignedIn(token, row.expires_at, user.role)
