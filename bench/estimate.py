"""How honest is the estimated wait? ``python -m bench.estimate [--days 10] [--seeds 1 2 3]``.

For each seed, plays DAYS working days through the real queue into a fresh SQLite file
(app.services.simulation, as `qabyldau demo simulate` does), then compares, ticket by
ticket, the estimate recorded at its issue (Ticket.estimate_minutes: what the kiosk, the
ticket and the status page showed) with the wait it had: issue → its first call. Per zone
(where it was issued): the median absolute error in minutes, the share within ±5 minutes,
the median signed error (positive: the estimate was too long) and the median wait; then the
same without the tickets estimated 0 ("called at once"). Tickets never called (cancelled)
have no wait; tickets issued without an estimate are counted apart.
Target: a median absolute error of at most 3 minutes in every zone (issue 13.8).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import text

from app.cli.context import use_cases
from app.cli.simulate import run
from app.config.settings import Settings
from app.db.engine import make_engine

FIRST_CALLS = text(
    """
    SELECT t.number_zone, t.estimate_minutes, t.issued_at, min(e.at)
    FROM ticket t JOIN ticket_event e ON e.ticket_id = t.id AND e.action = 'call'
    GROUP BY t.id
    """
)


def _instant(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def measure(url: str) -> list[tuple[str, int | None, float]]:
    """(zone, recorded estimate, actual wait in minutes) of every called ticket."""
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(FIRST_CALLS).all()
    engine.dispose()
    return [
        (zone, estimate, (_instant(called) - _instant(issued)).total_seconds() / 60)
        for zone, estimate, issued, called in rows
    ]


def report(samples: list[tuple[str, int | None, float]], title: str) -> None:
    by_zone: dict[str, list[tuple[int | None, float]]] = defaultdict(list)
    for zone, estimate, wait in samples:
        by_zone[zone].append((estimate, wait))
        by_zone["(all)"].append((estimate, wait))
    print(
        f"{title:<20}{'called':>7}{'no est.':>8}{'median |err|':>13}{'within ±5':>10}"
        f"{'median err':>11}{'median wait':>12}{'p90 |err|':>10}"
    )
    for zone in sorted(by_zone):
        pairs = by_zone[zone]
        errors = [est - wait for est, wait in pairs if est is not None]
        absolute = sorted(abs(e) for e in errors)
        within = sum(1 for e in absolute if e <= 5) / len(absolute) if absolute else 0.0
        p90 = absolute[int(0.9 * (len(absolute) - 1))] if absolute else float("nan")
        print(
            f"{zone:<20}{len(pairs):>7}{sum(1 for e, _ in pairs if e is None):>8}"
            f"{statistics.median(absolute) if absolute else float('nan'):>13.1f}"
            f"{within:>10.0%}{statistics.median(errors) if errors else float('nan'):>11.1f}"
            f"{statistics.median(w for _, w in pairs):>12.1f}{p90:>10.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 12, 1))
    args = parser.parse_args()
    samples: list[tuple[str, int | None, float]] = []
    tickets, seconds = 0, 0.0
    for seed in args.seeds:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'simulated.sqlite3'}"
            settings = Settings(database_url=url, data_dir=Path(folder), always_open=False)
            began = time.perf_counter()
            with use_cases(settings) as tx:
                played = run(tx, days=args.days, seed=seed, force=False, today=args.today)
            seconds += time.perf_counter() - began
            tickets += played.tickets
            samples += measure(url)
    print(
        f"{args.days} working days before {args.today} × seeds {args.seeds}:"
        f" {tickets} tickets, simulated in {seconds:.1f} s"
        f" ({seconds / len(args.seeds):.1f} s a seed)"
    )
    report(samples, "called tickets")
    # Without those told "called at once" (0), whose error is mostly nil.
    report([s for s in samples if s[1] is None or s[1] > 0], "told a wait (> 0)")


if __name__ == "__main__":
    main()
