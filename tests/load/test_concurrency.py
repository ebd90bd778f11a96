"""Thousands of tickets issued, called and finished at once against the real two-worker
server, on a SQLite file and on PostgreSQL; then the stored rows must obey every queue rule.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.config.centre import load_centre
from app.db.engine import make_engine
from tests.support.invariants import find_violations, read_database
from tests.support.live_server import LOAD_CENTRE, cpu_seconds, live_server, provision_staff
from tests.support.load import LoadPlan, Workload

PLAN = LoadPlan()


def _run_and_check(url: str, data_dir: Path) -> None:
    centre = load_centre(LOAD_CENTRE)
    wrap = centre.zone(PLAN.wrap_zone)
    assert wrap is not None
    with live_server(url, data_dir=data_dir) as server:
        staff = provision_staff(url, centre)
        workload = Workload(
            server.base_url,
            {w.code: w.zones for w in centre.workplaces},
            staff.issuer,
            staff.workplaces,
            PLAN,
        )
        asyncio.run(workload.run())
        worker_cpu = {pid: cpu_seconds(pid) for pid in server.worker_pids()}
        engine = make_engine(url)
        try:
            tickets, events = read_database(engine)
        finally:
            engine.dispose()

        issued = workload.of_kind("issue")
        print(
            f"\n{url.split(':')[0]}: {len(workload.exchanges)} requests "
            f"({len(issued)} issues) in {workload.elapsed:.1f} s; worker CPU {worker_cpu}"
        )
        violations = find_violations(workload.exchanges, tickets, events, centre)
        if workload.timed_out:
            violations.insert(0, f"[run] cut off after {PLAN.deadline:.0f} s")
        assert not violations, f"{len(violations)} violations:\n" + "\n".join(violations[:40])
        assert len(issued) == PLAN.issues
        assert len(tickets) == PLAN.issues

        wrapped = [t for t in tickets if t.number_zone == wrap.code]
        assert len(wrapped) == PLAN.wrap_issues
        assert max(t.position for t in wrapped) > 2 * wrap.numbers.size, "the range never wrapped"
        assert {t.number for t in wrapped} == set(range(wrap.numbers.first, wrap.numbers.last + 1))

        assert len(worker_cpu) == 2, f"expected two worker processes: {worker_cpu}"
        assert all(s > 0.5 for s in worker_cpu.values()), (
            f"both workers should have served: CPU seconds {worker_cpu}"
        )
        assert server.problems_in_log() == []


@pytest.mark.slow
def test_sqlite_file_under_concurrent_load(tmp_path: Path) -> None:
    _run_and_check(f"sqlite:///{tmp_path / 'load.sqlite3'}", tmp_path / "data")


@pytest.mark.slow
@pytest.mark.postgres
def test_postgres_under_concurrent_load(postgres_url: str, tmp_path: Path) -> None:
    _run_and_check(postgres_url, tmp_path / "data")
