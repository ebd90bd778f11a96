"""Visitors' ratings of a visit (000 p.38): one per finished ticket, 1–5 stars and an optional
short comment. Tied to the ticket and the workplace that served it, never to a name.

Who may rate: whoever holds the ticket's status page (its unguessable token is the key), for
`rating_days` after the visit; or the feedback tablet at the workplace that finished it, the
same day. The rules here are pure: the service reads the ticket and passes what they need."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from enum import StrEnum

from app.domain.access.errors import AuthError
from app.domain.errors import Refusal
from app.domain.lifecycle import TicketState
from app.domain.text import N_

SCORES = range(1, 6)  # 1–5 stars
COMMENT_MAX = 500  # characters: a short remark, not a statement
# After a reload or a dropped link the tablet shows the last visit finished at its workplace
# this recently and not yet rated: the visitor is still at the desk, the next one not yet.
TABLET_RECENT = timedelta(minutes=5)

# What each score says, under its star (the same words on the phone and on the tablet).
SCORE_WORDS = {
    1: N_("Very poor"),
    2: N_("Poor"),
    3: N_("Fair"),
    4: N_("Good"),
    5: N_("Excellent"),
}


class RatingSource(StrEnum):
    STATUS_PAGE = "status_page"  # the visitor's phone, through the ticket's QR code
    TABLET = "tablet"  # the feedback tablet at the workplace


class Prompt(StrEnum):
    """What the status page says of a rating now."""

    ASK = "ask"  # finished, in time, not rated: the form
    RATED = "rated"  # thank you (and never ask again)
    CLOSED = "closed"  # finished too long ago
    NONE = "none"  # not finished (still in the queue, a no-show, cancelled)


class AlreadyRated(Refusal):
    code = "already_rated"
    template = N_("Ticket {display} has already been rated: one rating per visit. Thank you!")


class NotFinished(Refusal):
    code = "not_finished"
    template = N_("Ticket {display} can be rated once its visit is over.")


class RatingClosed(Refusal):
    code = "rating_closed"
    template = N_(
        "Ticket {display} was served more than {days} days ago: it can no longer be rated."
    )


class BadScore(Refusal):
    status_code = 422
    code = "bad_score"
    template = N_("Choose a score from 1 to 5 stars.")


class CommentTooLong(Refusal):
    status_code = 422
    code = "comment_too_long"
    template = N_("The comment may have at most {limit} characters; it has {length}.")


class TokenRequired(Refusal):
    status_code = 422
    code = "token_required"
    template = N_(
        "Send the ticket's status token (the code at the end of its status page's address)."
    )


class NotThisWorkplace(AuthError):
    """A feedback tablet rates only the visits finished at its own workplace, today."""

    code = "not_this_workplace"
    template = N_(
        "This tablet takes ratings only of the visits just finished at workplace {workplace}."
    )


def score_of(value: int | str | None) -> int:
    """The score chosen: a whole number of SCORES, else BadScore (no star chosen at all too)."""
    if isinstance(value, str):
        # Only the ASCII digits 1–5: str.isdigit() also takes "²", which int() refuses.
        value = int(value) if re.fullmatch(r"[1-5]", value.strip()) else None
    if value is None or value not in SCORES:
        raise BadScore()
    return value


def comment_of(text: str | None) -> str | None:
    """The comment as kept: trimmed, None when empty, at most COMMENT_MAX characters."""
    comment = (text or "").strip()
    if len(comment) > COMMENT_MAX:
        raise CommentTooLong(limit=COMMENT_MAX, length=len(comment))
    return comment or None


def refusal_of(
    *,
    display: str,
    state: TicketState,
    finished_at: datetime | None,
    rated: bool,
    now: datetime,
    rating_days: int,
) -> Refusal | None:
    """Why the ticket cannot be rated now, or None when it can: rated already (even if its
    finish was undone since), not finished, or finished more than `rating_days` ago."""
    if rated:
        return AlreadyRated(display=display)
    if state is not TicketState.DONE or finished_at is None:
        return NotFinished(display=display)
    if now - finished_at > timedelta(days=rating_days):
        return RatingClosed(display=display, days=rating_days)
    return None


def prompt_of(refusal: Refusal | None) -> Prompt:
    """What the status page shows, from why a rating would be refused (or not)."""
    if refusal is None:
        return Prompt.ASK
    if isinstance(refusal, AlreadyRated):
        return Prompt.RATED
    if isinstance(refusal, RatingClosed):
        return Prompt.CLOSED
    return Prompt.NONE


def ensure_at_tablet(
    *,
    ticket_workplace: str | None,
    ticket_day: date,
    tablet_workplace: str | None,
    today: date,
    finished_at: datetime | None,
    now: datetime,
) -> None:
    """A tablet rates the visit just finished at its own workplace (within TABLET_RECENT): a
    visitor elsewhere in the hall, or one who left a while ago, is not the one standing
    before it."""
    if tablet_workplace is None or ticket_workplace != tablet_workplace or ticket_day != today:
        raise NotThisWorkplace(workplace=tablet_workplace or "—")
    if finished_at is not None and now - finished_at > TABLET_RECENT:
        raise NotThisWorkplace(workplace=tablet_workplace)
