"""The SQLite engine: writers queue at the gate (threads and processes alike), the gate is
left however a transaction ends, and an in-memory database still works."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.db.engine import make_engine, writer_gate

HOLD = 0.4  # seconds the first writer keeps its transaction open


def test_in_memory_database_works() -> None:
    engine = make_engine("sqlite://")
    with engine.begin() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1
    engine.dispose()


def test_a_second_writer_waits_for_the_first_to_commit(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'gate.sqlite3'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (writer TEXT, at REAL)")
    committed = threading.Event()

    def first() -> None:
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO t VALUES ('first', 0)")
            time.sleep(HOLD)
        committed.set()

    thread = threading.Thread(target=first)
    thread.start()
    time.sleep(HOLD / 4)
    started = time.monotonic()
    with engine.begin() as conn:  # waits at the gate, then sees the first one's row
        assert committed.is_set()
        rows = conn.exec_driver_sql("SELECT writer FROM t").scalars().all()
    thread.join()
    assert rows == ["first"]
    assert time.monotonic() - started > HOLD / 2
    engine.dispose()


def test_the_gate_is_left_on_rollback_and_on_failure(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'gate.sqlite3'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER UNIQUE)")
    with engine.connect() as conn:
        conn.begin()
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
        with pytest.raises(IntegrityError):
            conn.exec_driver_sql("INSERT INTO t VALUES (1)")
    # closed without commit or rollback: the pool's reset on return rolls back
    with engine.connect() as conn:
        conn.begin()
        conn.exec_driver_sql("INSERT INTO t VALUES (2)")
        conn.rollback()
    started = time.monotonic()
    with engine.begin() as conn:  # neither left the gate shut
        conn.exec_driver_sql("INSERT INTO t VALUES (3)")
    assert time.monotonic() - started < 1.0
    engine.dispose()


def test_a_transaction_may_end_in_another_thread(tmp_path: Path) -> None:
    """A route's transaction can begin in one pool thread and be committed from another
    (the QueueDep exit): the gate must open again all the same."""
    engine = make_engine(f"sqlite:///{tmp_path / 'gate.sqlite3'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    conn = engine.connect()

    def begin() -> None:
        conn.begin()
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")

    def end() -> None:
        conn.commit()
        conn.close()

    began = threading.Thread(target=begin)
    began.start()
    began.join()
    ended = threading.Thread(target=end)
    ended.start()
    ended.join()
    with engine.begin() as second:  # would wait the 30 s timeout if the gate stayed shut
        assert second.exec_driver_sql("SELECT count(*) FROM t").scalar() == 1
    engine.dispose()


def test_only_sqlite_engines_have_a_writer_gate(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'gate.sqlite3'}")
    assert writer_gate(engine) is not None
    assert writer_gate(make_engine("postgresql+psycopg://nobody@127.0.0.1/none")) is None
    engine.dispose()


def test_another_process_waits_at_the_gate(tmp_path: Path) -> None:
    database = tmp_path / "gate.sqlite3"
    engine = make_engine(f"sqlite:///{database}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (writer TEXT)")
    other = (
        "import sys, time\n"
        "from app.db.engine import make_engine\n"
        "engine = make_engine(sys.argv[1])\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "started = time.monotonic()\n"
        "with engine.begin() as conn:\n"
        "    rows = conn.exec_driver_sql('SELECT writer FROM t').scalars().all()\n"
        "print(round(time.monotonic() - started, 3), rows, flush=True)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", other, f"sqlite:///{database}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdin is not None
    assert process.stdout.readline().strip() == "ready"
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES ('first')")
        process.stdin.write("go\n")
        process.stdin.flush()
        time.sleep(HOLD)
    waited, rows = process.stdout.readline().split(" ", 1)
    assert process.wait(10) == 0
    assert float(waited) > HOLD / 2
    assert rows.strip() == "['first']"
    engine.dispose()
