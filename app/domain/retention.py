"""How long the personal data of feedback is kept (001 p.2): comments, survey remarks and the
phone numbers visitors left for the survey go after `days`; scores and counts stay."""

from __future__ import annotations

from datetime import datetime, timedelta

DEFAULT_DAYS = 90


def cutoff(now: datetime, days: int) -> datetime:
    """Records made before this instant lose their personal data."""
    return now - timedelta(days=days)
