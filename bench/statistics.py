"""Statistics benchmark: ``python -m bench.statistics [--tickets 300000] [--days 250]``.

Fills a fresh SQLite file (migrated to head) with a busy centre's year: TICKETS tickets over
DAYS working days, each called, started and finished (some no-shows and cancellations), with
their ticket events, written in bulk (this measures the reading, not the queue). Then times
what the statistics page and the exports do: the whole year and one month, by every grouping,
as the service computes them (median of 3 runs), and the CSV and XLSX of the year by zone.
Days that are over are counted once, as the server does in the background (the time it
takes is printed); `--live` also times every page with nothing counted, as before.
Target: under a second for any page or export (issue 13).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session

from app.api.downloads import csv_text
from app.api.routes.statistics import Table, table_rows, xlsx_bytes
from app.config.centre import load_centre
from app.config.settings import DEMO_CENTRE
from app.db.engine import make_engine
from app.db.migrate import upgrade
from app.domain.statistics import Grouping
from app.repositories.unit import Unit
from app.schemas.statistics import StatisticsOut
from app.services.site import Site
from app.services.statistics import centre_statistics, close_days
from app.tables.queue import Ticket, TicketEvent

ZONES = (("consultation", 100, ("window-1", "window-2", "window-3")),) * 6 + (
    ("personal_reception", 400, ("cabinet-201", "cabinet-202")),
    ("self_service", 500, ("self-service-1",)),
)
NOW = datetime(2025, 12, 1, 12, 0, tzinfo=UTC)  # after the last simulated day


def working_days(count: int) -> list[date]:
    days: list[date] = []
    day = date(2025, 12, 1)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def fill(url: str, tickets: int, days: int, seed: int) -> None:
    rng = random.Random(seed)
    engine = make_engine(url)
    per_day = tickets // days
    ticket_rows: list[dict[str, object]] = []
    event_rows: list[dict[str, object]] = []
    next_id = 1
    for day in working_days(days):
        opens = datetime(day.year, day.month, day.day, 4, 0, tzinfo=UTC)  # 09:00 Almaty
        for position in range(per_day):
            zone, first, places = rng.choice(ZONES)
            issued = opens + timedelta(seconds=rng.randrange(9 * 3600))
            called = issued + timedelta(seconds=rng.randrange(60, 40 * 60))
            started = called + timedelta(seconds=rng.randrange(10, 180))
            finished = started + timedelta(seconds=rng.randrange(120, 25 * 60))
            fate = rng.random()
            state = "done" if fate < 0.9 else "no_show" if fate < 0.96 else "cancelled"
            place = rng.choice(places)
            ticket_rows.append(
                {
                    "id": next_id,
                    "token": f"{next_id:032d}",
                    "zone": zone,
                    "number_zone": zone,
                    "service_day": day,
                    "position": position,
                    "number": first + position % 100,
                    "display": str(first + position % 100),
                    "language": rng.choice(("kk", "kk", "ru", "en")),
                    "priority": "disability" if rng.random() < 0.05 else None,
                    "priority_rank": 0,
                    "state": state,
                    "issued_at": issued,
                    "called_at": None if state == "cancelled" else called,
                    "started_at": started if state == "done" else None,
                    "finished_at": finished if state != "cancelled" else issued,
                    "workplace": None if state == "cancelled" else place,
                    "called_by": None if state == "cancelled" else f"staff-{place}",
                    "recall_count": 0,
                    "transfer_count": 0,
                }
            )
            event_rows.append({"ticket_id": next_id, "action": "issue", "at": issued, "zone": zone})
            if state != "cancelled":
                event_rows.append(
                    {
                        "ticket_id": next_id,
                        "action": "call",
                        "at": called,
                        "zone": zone,
                        "workplace": place,
                        "actor": f"staff-{place}",
                    }
                )
            if state == "done":
                event_rows.append(
                    {
                        "ticket_id": next_id,
                        "action": "finish",
                        "at": finished,
                        "zone": zone,
                        "workplace": place,
                        "actor": f"staff-{place}",
                    }
                )
            next_id += 1
    with Session(engine) as session:
        for start in range(0, len(ticket_rows), 20_000):
            session.execute(insert(Ticket), ticket_rows[start : start + 20_000])
        for start in range(0, len(event_rows), 50_000):
            rows = [
                {"workplace": None, "actor": None, **e} for e in event_rows[start : start + 50_000]
            ]
            session.execute(insert(TicketEvent), rows)
        session.commit()
    engine.dispose()


def timed(action: object, runs: int = 3) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = action()  # type: ignore[operator]
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=300_000)
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--live", action="store_true", help="also time with nothing counted")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'year.sqlite3'}"
        upgrade(url)
        began = time.perf_counter()
        fill(url, args.tickets, args.days, args.seed)
        print(
            f"filled {args.tickets} tickets over {args.days} days"
            f" in {time.perf_counter() - began:.1f} s"
        )
        centre = load_centre(DEMO_CENTRE)
        site = Site(centre, centre.calendar())
        engine = make_engine(url)
        days = working_days(args.days)
        periods = {"year": (days[0], days[-1]), "month": (days[-21], days[-1])}
        with Session(engine) as session:
            unit = Unit(session)
            live = {}
            if args.live:
                live = {
                    (name, by): timed(
                        lambda f=first, t=last, b=by: centre_statistics(unit, site, f, t, b, NOW)
                    )[0]
                    for name, (first, last) in periods.items()
                    for by in Grouping
                }
            # What the server does in the background: each day that is over counted once.
            began = time.perf_counter()
            closed = 0
            while batch := close_days(unit, site, NOW, 1):
                session.commit()
                closed += len(batch)
            took = time.perf_counter() - began
            print(
                f"counted {closed} days that are over once: {took:.1f} s"
                f" ({took / closed * 1000:.0f} ms a day)"
            )
            print(f"{'period':>6} {'by':>9} {'ms, days counted':>17} {'ms, all live':>13}")
            for name, (first, last) in periods.items():
                for by in Grouping:
                    ms, _ = timed(
                        lambda f=first, t=last, b=by: centre_statistics(unit, site, f, t, b, NOW)
                    )
                    before = f"{live[name, by]:>13.0f}" if live else f"{'-':>13}"
                    print(f"{name:>6} {by.value:>9} {ms:>17.0f} {before}")
            first, last = periods["year"]
            ms, stats = timed(
                lambda: StatisticsOut.of(
                    centre_statistics(unit, site, first, last, Grouping.ZONE, NOW)
                )
            )
            assert isinstance(stats, StatisticsOut)
            csv_ms, _ = timed(lambda: csv_text(table_rows(stats, Table.GROUPS)))
            xlsx_ms, _ = timed(lambda: xlsx_bytes(stats))
            print(
                f"year by zone as the API answers: {ms:.0f} ms;"
                f" then CSV {csv_ms:.1f} ms, XLSX {xlsx_ms:.1f} ms"
            )
        engine.dispose()


if __name__ == "__main__":
    main()
