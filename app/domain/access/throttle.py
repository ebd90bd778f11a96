"""How often a password may be guessed, kept per sending address and per username, so that
guessing is slow and lock-out is no weapon.

- An address that gave ADDRESS_FAILURES wrong sign-ins within WINDOW is turned away until the
  oldest of them is WINDOW old: before any password is checked, whatever username it tries.
- A username that was given NAME_FAILURES wrong passwords within WINDOW, from any addresses,
  is locked for LOCKOUT. This holds for usernames that exist and those that do not, so the
  answer never tells which accounts exist.

One address can therefore never lock an account: it is turned away after ADDRESS_FAILURES,
well before NAME_FAILURES. Pure: the moment of each attempt is passed in.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

ADDRESS_FAILURES = 5
NAME_FAILURES = 20
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
MAX_KEYS = 50_000  # what is remembered at most; the oldest is forgotten first


@dataclass(frozen=True)
class Verdict:
    """Why an attempt is turned away now, and until when."""

    until: datetime
    address: bool  # True: the address; False: the username


@dataclass
class SignInThrottle:
    _addresses: dict[str, deque[datetime]] = field(default_factory=dict)
    _names: dict[str, deque[datetime]] = field(default_factory=dict)
    _locked: dict[str, datetime] = field(default_factory=dict)

    def verdict(self, address: str, username: str, now: datetime) -> Verdict | None:
        """None: the attempt may go on to the password check."""
        failures = self._recent(self._addresses, address, now)
        if len(failures) >= ADDRESS_FAILURES:
            return Verdict(failures[0] + WINDOW, address=True)
        until = self._locked.get(username)
        if until is not None and until > now:
            return Verdict(until, address=False)
        return None

    def failed(self, address: str, username: str, now: datetime) -> datetime | None:
        """Count a wrong password; the moment the username is locked until, if it is now."""
        self._note(self._addresses, address, now)
        names = self._note(self._names, username, now)
        if len(names) >= NAME_FAILURES:
            names.clear()
            self._locked[username] = now + LOCKOUT
            return self._locked[username]
        return None

    def succeeded(self, username: str) -> None:
        """A right password clears the username's count (not the address's: a valid account
        must not buy an address more guesses)."""
        self._names.pop(username, None)
        self._locked.pop(username, None)

    def _note(self, book: dict[str, deque[datetime]], key: str, now: datetime) -> deque[datetime]:
        recent = self._recent(book, key, now)
        recent.append(now)
        book[key] = recent
        if len(book) > MAX_KEYS:  # a flood of made-up names must not grow without bound
            book.pop(next(iter(book)))
        return recent

    @staticmethod
    def _recent(book: dict[str, deque[datetime]], key: str, now: datetime) -> deque[datetime]:
        found = book.get(key, deque())
        while found and found[0] <= now - WINDOW:
            found.popleft()
        return found
