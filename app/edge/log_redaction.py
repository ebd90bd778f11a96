"""Secrets kept out of the server's log. Uvicorn logs every request's path and query: a
kiosk's pairing link (/pair/…), a feed's ?token=…, a ticket's status page (/t/…) and any
bearer token pasted into an address would be readable by whoever reads the log, and each
is a key (to a device, a feed, a visitor's ticket)."""

from __future__ import annotations

import logging
import re

SECRET = re.compile(
    r"(?P<keep>/pair/|/t/|[?&](?:token|csrf_token|next_token)=)(?P<secret>[^/?&#\s\"]+)"
    r"|(?P<bare>qb[sd]_[A-Za-z0-9_-]+)"
)
REDACTED = "…"

# uvicorn.access: one line per request; uvicorn.error: the websocket hand-shakes.
REDACTED_LOGGERS = ("uvicorn.access", "uvicorn.error")


def redact(text: str) -> str:
    return SECRET.sub(lambda m: m.group("keep") + REDACTED if m.group("keep") else REDACTED, text)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install_log_redaction() -> None:
    """On the loggers that print addresses; idempotent (each app built adds it once)."""
    for name in REDACTED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
