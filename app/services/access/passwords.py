"""Password hashing with argon2id through pwdlib, with its recommended parameters
(64 MiB, 3 passes: about 0.2 s on the centre's 2-core server, fine for a sign-in)."""

from __future__ import annotations

from functools import cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

MIN_PASSWORD_LENGTH = 8

PRODUCTION_HASHER = PasswordHash((Argon2Hasher(),))
# A module attribute, so the test suite can swap in cheap argon2 parameters.
hasher = PRODUCTION_HASHER


def hash_password(password: str) -> str:
    return hasher.hash(password)


def verify_password(password: str, stored: str) -> tuple[bool, str | None]:
    """(matches, a new hash when the stored one used older parameters)."""
    return hasher.verify_and_update(password, stored)


@cache
def _dummy_hash(with_hasher: PasswordHash) -> str:
    return with_hasher.hash("not anybody's password")


def waste_equal_time(password: str) -> None:
    """Verify against a dummy hash, so an unknown username takes as long to refuse as a
    wrong password and the answer time does not reveal which accounts exist."""
    hasher.verify(password, _dummy_hash(hasher))
