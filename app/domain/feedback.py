"""Visitors' ratings of a visit (000 p.38): one per finished ticket, 1–5 stars and an optional
short comment. Tied to the ticket and the workplace that served it, never to a name."""

from __future__ import annotations

from enum import StrEnum

SCORES = range(1, 6)  # 1–5 stars
COMMENT_MAX = 500  # characters: a short remark, not a statement


class RatingSource(StrEnum):
    STATUS_PAGE = "status_page"  # the visitor's phone, through the ticket's QR code
    TABLET = "tablet"  # the feedback tablet at the workplace
