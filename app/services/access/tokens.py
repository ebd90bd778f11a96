"""Random bearer secrets and how they are kept.

The prefix tells a reader (and a secret scanner) what a leaked token opens; only the SHA-256
of the whole string is stored."""

from __future__ import annotations

import hashlib
import secrets

STAFF_PREFIX = "qbs_"
DEVICE_PREFIX = "qbd_"


def new_token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def same_secret(given: str | None, expected: str) -> bool:
    """Constant-time comparison, so the answer time does not leak how much matched."""
    return given is not None and secrets.compare_digest(given.encode(), expected.encode())
