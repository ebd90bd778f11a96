"""Printer faults: nothing blocks past the timeout, and each fault says what it is."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from PIL import Image

from printer.errors import (
    PaperOutError,
    PrinterError,
    PrinterNotReadyError,
    PrinterOfflineError,
    PrinterTimeoutError,
)
from printer.status import PaperLevel
from printer.testing.emulator import Behaviour, NetworkPrinterEmulator
from printer.urls import open_printer

TIMEOUT = 0.5
SLACK = 0.4  # scheduling on a busy 2-core machine


def ticket(width: int = 576) -> Image.Image:
    image = Image.new("1", (width, 900), 1)
    image.paste(0, (20, 20, width - 20, 880))  # a worst case: ~65 KB of raster
    return image


def timed(action: Callable[[], object]) -> tuple[PrinterError, float]:
    start = time.monotonic()
    with pytest.raises(PrinterError) as caught:
        action()
    return caught.value, time.monotonic() - start


def test_port_closed_is_offline_at_once(closed_port: int) -> None:
    printer = open_printer(f"tcp://127.0.0.1:{closed_port}", 576, timeout=TIMEOUT)
    error, elapsed = timed(lambda: printer.print_ticket(ticket()))
    assert isinstance(error, PrinterOfflineError)
    assert error.kind == "offline"
    assert not error.may_have_printed
    assert elapsed < 0.2
    status = printer.status()
    assert not status.reachable
    assert not status.ready


def test_printer_that_accepts_and_never_reads_times_out(emulator: NetworkPrinterEmulator) -> None:
    emulator.behaviour = Behaviour.HANG
    printer = open_printer(emulator.url, 576, timeout=TIMEOUT)
    error, elapsed = timed(lambda: printer.print_ticket(ticket()))
    assert isinstance(error, PrinterTimeoutError)
    assert error.kind == "timeout"
    assert not error.may_have_printed  # caught by the status request, before the job
    assert TIMEOUT - 0.05 <= elapsed < TIMEOUT + SLACK
    assert emulator.received() == b""
    start = time.monotonic()
    status = printer.status()
    assert time.monotonic() - start < TIMEOUT + SLACK
    assert status.reachable
    assert not status.responded


def test_hang_without_status_requests_still_times_out(emulator: NetworkPrinterEmulator) -> None:
    """status=0: the stalled send is what gives the hung printer away."""
    emulator.behaviour = Behaviour.HANG
    printer = open_printer(f"{emulator.url}?status=0", 576, timeout=TIMEOUT)
    error, elapsed = timed(lambda: printer.print_ticket(ticket()))
    assert isinstance(error, PrinterTimeoutError)
    assert error.may_have_printed
    assert elapsed < TIMEOUT + SLACK


def test_printer_that_hangs_in_the_middle_of_a_job(emulator: NetworkPrinterEmulator) -> None:
    emulator.behaviour = Behaviour.HANG_IN_JOB
    printer = open_printer(emulator.url, 576, timeout=TIMEOUT)
    error, elapsed = timed(lambda: printer.print_ticket(ticket()))
    assert isinstance(error, PrinterTimeoutError)
    assert error.may_have_printed  # part of the job went out: a retry may print twice
    assert elapsed < TIMEOUT + SLACK


def test_write_only_printer_times_out_unless_status_is_off(
    emulator: NetworkPrinterEmulator,
) -> None:
    emulator.behaviour = Behaviour.MUTE
    error, _ = timed(
        lambda: open_printer(emulator.url, 576, timeout=TIMEOUT).print_ticket(ticket())
    )
    assert isinstance(error, PrinterTimeoutError)
    assert "status=0" in str(error)
    open_printer(f"{emulator.url}?status=0", 576, timeout=2).print_ticket(ticket())
    assert len(emulator.wait_for_jobs(1)) == 1


def test_printer_without_gs_r_needs_confirm_off(emulator: NetworkPrinterEmulator) -> None:
    emulator.state.answers_gs_r = False
    error, _ = timed(
        lambda: open_printer(emulator.url, 576, timeout=TIMEOUT).print_ticket(ticket())
    )
    assert isinstance(error, PrinterTimeoutError)
    assert error.may_have_printed  # it did print: only the confirmation never came
    emulator.paper = PaperLevel.OUT
    unconfirmed = open_printer(f"{emulator.url}?confirm=0", 576, timeout=TIMEOUT)
    error, _ = timed(lambda: unconfirmed.print_ticket(ticket()))
    assert isinstance(error, PaperOutError)  # still checked before sending
    emulator.paper = PaperLevel.OK
    unconfirmed.print_ticket(ticket())
    assert len(emulator.wait_for_jobs(2)) == 2
    assert b"\x1dr" not in emulator.connections[-1]


def test_paper_out_is_refused_before_sending(emulator: NetworkPrinterEmulator) -> None:
    emulator.paper = PaperLevel.OUT
    printer = open_printer(emulator.url, 576, timeout=TIMEOUT)
    error, _ = timed(lambda: printer.print_ticket(ticket()))
    assert isinstance(error, PaperOutError)
    assert error.kind == "paper_out"
    assert not error.may_have_printed
    assert b"\x1b@" not in emulator.received()


def test_paper_running_out_during_the_job_is_reported_before_the_timeout(
    emulator: NetworkPrinterEmulator,
) -> None:
    emulator.state.paper_runs_out_in_job = True
    printer = open_printer(emulator.url, 576, timeout=3)
    error, elapsed = timed(lambda: printer.print_ticket(ticket()))
    assert isinstance(error, PaperOutError)
    assert error.may_have_printed  # half a ticket may be out
    assert elapsed < 1.5


def test_cover_open_is_not_ready(emulator: NetworkPrinterEmulator) -> None:
    emulator.cover_open = True
    printer = open_printer(emulator.url, 576, timeout=TIMEOUT)
    error, _ = timed(lambda: printer.print_ticket(ticket()))
    assert isinstance(error, PrinterNotReadyError)
    assert "cover" in str(error)
    assert printer.status().cover_open


def test_printer_off_then_back_prints_once(emulator: NetworkPrinterEmulator) -> None:
    printer = open_printer(emulator.url, 576, timeout=TIMEOUT)
    emulator.stop()
    error, elapsed = timed(lambda: printer.print_ticket(ticket()))
    assert isinstance(error, PrinterOfflineError)
    assert elapsed < 0.2
    emulator.behaviour = Behaviour.HANG
    emulator.start()
    error, _ = timed(lambda: printer.print_ticket(ticket()))
    assert isinstance(error, PrinterTimeoutError)
    emulator.stop()
    emulator.behaviour = Behaviour.OK
    emulator.clear()
    emulator.start()  # the same port again
    printer.print_ticket(ticket())
    jobs = emulator.wait_for_jobs(1)
    assert len(jobs) == 1
    assert emulator.received().count(b"\x1b@") == 1  # delivered once
