"""The estimated wait (app.domain.estimate), computed by hand: the queue played forward over
the workplaces serving the zone."""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.estimate import Desk, Queue, average_visit, serving, shown, wait_minutes

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
FREE = Desk()


def test_nobody_ahead_and_a_free_workplace_is_called_at_once() -> None:
    assert wait_minutes(Queue(NOW, 0, 10.0, [FREE])) == 0
    assert wait_minutes(Queue(NOW, 2, 10.0, [FREE, FREE, FREE])) == 0


def test_free_workplaces_take_the_queue_in_rounds_of_a_visit() -> None:
    """Six ahead of three free windows, 10 minutes a visit: three are called now, three at 10,
    the visitor at 20 (the old estimate's 6 × 10 / 3 agreed here)."""
    assert wait_minutes(Queue(NOW, 6, 10.0, [FREE, FREE, FREE])) == 20
    assert wait_minutes(Queue(NOW, 5, 10.0, [FREE, FREE, FREE])) == 10


def test_a_busy_workplace_is_free_when_its_visit_is_likely_over() -> None:
    """10-minute visits. A window called 4 minutes ago is free in 6; one called 9 minutes ago
    in max(1, a quarter of a visit) = 2.5. The one ahead goes at 2.5, the visitor at 6."""
    desks = [Desk(busy_minutes=4), Desk(busy_minutes=9)]
    assert wait_minutes(Queue(NOW, 0, 10.0, desks)) == 3  # 2.5, rounded half up
    assert wait_minutes(Queue(NOW, 1, 10.0, desks)) == 6
    # A visit far longer than usual may still go on: a quarter of a visit, not 0.
    assert wait_minutes(Queue(NOW, 0, 10.0, [Desk(busy_minutes=40)])) == 3  # 2.5 → 3


def test_a_paused_workplace_is_back_after_its_usual_pause() -> None:
    """A break is 15 minutes: one begun 5 minutes ago ends in 10; paperwork (10) begun 4
    minutes ago in 6."""
    on_break = Desk(paused_minutes=5, pause_reason="break")
    assert wait_minutes(Queue(NOW, 0, 8.0, [on_break])) == 10
    papers = Desk(paused_minutes=4, pause_reason="paperwork")
    assert wait_minutes(Queue(NOW, 1, 8.0, [on_break, papers])) == 10  # 6, then 10
    # Overdue: back any moment.
    assert wait_minutes(Queue(NOW, 0, 8.0, [Desk(paused_minutes=20, pause_reason="break")])) == 0


def test_a_workplace_paused_far_longer_than_usual_does_not_count() -> None:
    """Three usual breaks long (45 minutes): gone, not coming back soon."""
    gone = Desk(paused_minutes=45, pause_reason="break")
    assert serving([gone, FREE]) == [FREE]
    assert wait_minutes(Queue(NOW, 2, 10.0, [gone, FREE])) == 20
    # With nobody serving at all: the people ahead × a visit, as if one workplace came.
    assert wait_minutes(Queue(NOW, 3, 10.0, [gone])) == 30


def test_nobody_is_called_during_lunch() -> None:
    """12:50, one window free, 15-minute visits, one ahead: that one is called now and keeps
    the window until 13:05, in the lunch break 13:00–14:30; the visitor is called at 14:30,
    100 minutes from now."""
    now = datetime(2026, 11, 24, 12, 50, tzinfo=UTC)
    lunch = (now.replace(hour=13, minute=0), now.replace(hour=14, minute=30))
    assert wait_minutes(Queue(now, 1, 15.0, [FREE], lunch)) == 100
    # A visit that ends before lunch: no lunch to wait through.
    assert wait_minutes(Queue(now, 1, 5.0, [FREE], lunch)) == 5


def test_out_of_turn_visitors_coming_meanwhile_stretch_a_regular_wait() -> None:
    """Two free windows, 10-minute visits, four ahead: called at 20. Out-of-turn visitors
    come at 0.05 a minute, 0.05 × 10 / 2 = a quarter of the windows' time: 20 / 0.75 = 26.7.
    At most half the time: 0.5 a minute gives 20 / 0.5 = 40, not more."""
    assert wait_minutes(Queue(NOW, 4, 10.0, [FREE, FREE], priority_rate=0.05)) == 27
    assert wait_minutes(Queue(NOW, 4, 10.0, [FREE, FREE], priority_rate=0.5)) == 40


def test_the_visit_is_the_mean_once_there_are_three() -> None:
    assert average_visit([4.0, 5.0], 10.0) == 10.0
    assert average_visit([4.0, 5.0, 6.0], 10.0) == 5.0


def test_what_the_visitor_is_shown() -> None:
    """Nothing for 0 (called at once) and for no estimate; else the minutes."""
    assert shown(0) is None
    assert shown(None) is None
    assert shown(7) == 7


def test_the_estimate_is_the_moment_the_queue_reaches_the_visitor() -> None:
    """Mixed: visits of 12 minutes; window A free, B busy for 6 of them (free in 6), C on a
    break begun 10 minutes ago (back in 5). Three ahead: called at 0 (A), 5 (C), 6 (B);
    the visitor when A is free again, at 12."""
    desks = [FREE, Desk(busy_minutes=6), Desk(paused_minutes=10, pause_reason="break")]
    assert wait_minutes(Queue(NOW, 3, 12.0, desks)) == 12
    assert wait_minutes(Queue(NOW, 4, 12.0, desks)) == 17  # C again at 5 + 12
