"""The pure rules of a rating (app.domain.feedback; 000 p.38, issue 14.1): when a ticket may be
rated, what a score and a comment may be, and what a tablet may rate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.domain.errors import Refusal
from app.domain.feedback import (
    COMMENT_MAX,
    AlreadyRated,
    BadScore,
    CommentTooLong,
    NotFinished,
    NotThisWorkplace,
    Prompt,
    RatingClosed,
    comment_of,
    ensure_at_tablet,
    prompt_of,
    refusal_of,
    score_of,
)
from app.domain.lifecycle import TicketState

FINISHED = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
DAYS = 7


def why(
    state: TicketState = TicketState.DONE,
    *,
    after: timedelta = timedelta(minutes=1),
    rated: bool = False,
    finished_at: datetime | None = FINISHED,
) -> Refusal | None:
    return refusal_of(
        display="105",
        state=state,
        finished_at=finished_at,
        rated=rated,
        now=FINISHED + after,
        rating_days=DAYS,
    )


def test_a_finished_visit_may_be_rated_within_the_days() -> None:
    assert why() is None
    assert why(after=timedelta(days=DAYS)) is None  # the last moment still counts
    assert isinstance(why(after=timedelta(days=DAYS, seconds=1)), RatingClosed)


@pytest.mark.parametrize("state", [s for s in TicketState if s is not TicketState.DONE])
def test_only_a_done_ticket_may_be_rated(state: TicketState) -> None:
    assert isinstance(why(state, finished_at=None), NotFinished)
    # A no-show or a cancelled ticket has a finish time too, but no visit to rate.
    assert isinstance(why(state), NotFinished)


def test_one_rating_per_ticket_whatever_else_holds() -> None:
    assert isinstance(why(rated=True), AlreadyRated)
    # Its finish undone since (served again): still rated once.
    assert isinstance(why(TicketState.SERVING, rated=True), AlreadyRated)
    assert isinstance(why(rated=True, after=timedelta(days=30)), AlreadyRated)


def test_the_refusals_map_to_http_and_say_why() -> None:
    closed = why(after=timedelta(days=DAYS + 1))
    assert closed is not None
    assert closed.status_code == 409
    assert str(closed) == "Ticket 105 was served more than 7 days ago: it can no longer be rated."
    rated = why(rated=True)
    assert rated is not None
    assert (rated.status_code, rated.code) == (409, "already_rated")
    assert BadScore.status_code == CommentTooLong.status_code == 422
    assert NotThisWorkplace.status_code == 403


def test_what_the_status_page_shows() -> None:
    assert prompt_of(why()) is Prompt.ASK
    assert prompt_of(why(rated=True)) is Prompt.RATED
    assert prompt_of(why(after=timedelta(days=DAYS + 1))) is Prompt.CLOSED
    assert prompt_of(why(TicketState.WAITING, finished_at=None)) is Prompt.NONE


@pytest.mark.parametrize(("given", "score"), [(1, 1), (5, 5), ("3", 3), (" 4 ", 4)])
def test_scores_of_one_to_five(given: int | str, score: int) -> None:
    assert score_of(given) == score


@pytest.mark.parametrize("given", [0, 6, -1, None, "", "  ", "five", "3.5", "10"])
def test_other_scores_are_refused(given: int | str | None) -> None:
    with pytest.raises(BadScore):
        score_of(given)


def test_a_comment_is_trimmed_and_bounded_in_characters() -> None:
    assert comment_of(None) is None
    assert comment_of("  \n\t ") is None
    assert comment_of("  Рақмет!  ") == "Рақмет!"
    longest = "ә" * COMMENT_MAX  # characters, not bytes
    assert comment_of(f"  {longest}\n") == longest
    with pytest.raises(CommentTooLong) as refused:
        comment_of("ә" * (COMMENT_MAX + 1))
    assert refused.value.params == {"limit": COMMENT_MAX, "length": COMMENT_MAX + 1}


TODAY = date(2026, 11, 24)


def test_a_tablet_rates_the_visit_just_finished_at_its_own_workplace() -> None:
    now = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    just = now - timedelta(minutes=1)
    ensure_at_tablet(
        ticket_workplace="window-1",
        ticket_day=TODAY,
        tablet_workplace="window-1",
        today=TODAY,
        finished_at=just,
        now=now,
    )
    for workplace, day, tablet, finished in [
        ("window-2", TODAY, "window-1", just),  # served at the next window
        ("window-1", TODAY - timedelta(days=1), "window-1", just),  # yesterday's visitor
        (None, TODAY, "window-1", just),  # never served anywhere
        ("window-1", TODAY, None, just),  # a tablet with no workplace asks nobody
        ("window-1", TODAY, "window-1", now - timedelta(minutes=6)),  # left a while ago
    ]:
        with pytest.raises(NotThisWorkplace):
            ensure_at_tablet(
                ticket_workplace=workplace,
                ticket_day=day,
                tablet_workplace=tablet,
                today=TODAY,
                finished_at=finished,
                now=now,
            )
