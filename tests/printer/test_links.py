"""The file, serial and USB adapters, and printer URLs."""

from __future__ import annotations

import os
import select
import threading
import time
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from printer.errors import PaperOutError, PrinterOfflineError, PrinterTimeoutError, PrinterUrlError
from printer.escpos_job import build_job
from printer.escpos_printer import EscposPrinter
from printer.fake import FakePrinter
from printer.status import PaperLevel
from printer.testing.decode import jobs
from printer.testing.emulator import Behaviour, EmulatedPrinter
from printer.urls import open_printer


def test_file_adapter_writes_exactly_the_job(
    tmp_path: Path, width: int, kazakh_image: Image.Image
) -> None:
    target = tmp_path / "printer.bin"
    printer = open_printer(f"file://{target}", width)
    printer.print_ticket(kazakh_image)
    expected = build_job(kazakh_image, width)
    assert target.read_bytes() == expected
    printer.print_ticket(kazakh_image)  # a roll of paper: jobs follow one another
    assert target.read_bytes() == expected * 2
    [first, second] = jobs(target.read_bytes())
    assert first.image is not None
    assert (
        ImageChops.difference(first.image.convert("L"), kazakh_image.convert("L")).getbbox() is None
    )
    assert second.raw == expected


def test_file_adapter_status_is_unknown(tmp_path: Path) -> None:
    status = open_printer(f"file://{tmp_path / 'p.bin'}", 384).status()
    assert status.reachable
    assert not status.responded
    assert status.paper is PaperLevel.UNKNOWN


def test_file_in_a_missing_directory_is_offline(tmp_path: Path) -> None:
    printer = open_printer(f"file://{tmp_path / 'nope' / 'p.bin'}", 384)
    with pytest.raises(PrinterOfflineError):
        printer.print_ticket(Image.new("1", (384, 10), 1))
    assert not printer.status().reachable


def test_missing_device_file_is_offline_and_not_created() -> None:
    path = Path("/dev/qabyldau-no-such-printer")
    printer = open_printer(f"file://{path}", 384)
    with pytest.raises(PrinterOfflineError):
        printer.print_ticket(Image.new("1", (384, 10), 1))
    assert not path.exists()


def test_device_file_that_stops_taking_data_times_out(tmp_path: Path) -> None:
    """A FIFO whose reader never reads: like /dev/usb/lp0 with the printer jammed."""
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        image = Image.new("1", (576, 1200), 0)  # ~86 KB: more than a pipe holds
        printer = open_printer(f"file://{fifo}?timeout=0.3", 576)
        start = time.monotonic()
        with pytest.raises(PrinterTimeoutError) as caught:
            printer.print_ticket(image)
        assert time.monotonic() - start < 0.8
        assert caught.value.may_have_printed
    finally:
        os.close(reader)


def test_fifo_without_reader_is_offline(tmp_path: Path) -> None:
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    with pytest.raises(PrinterOfflineError):
        open_printer(f"file://{fifo}", 384).print_ticket(Image.new("1", (384, 10), 1))


class PtyPrinter:
    """A serial printer on the other end of a pseudo-terminal."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.master)
        self.path = os.ttyname(self.slave)
        self.printer = EmulatedPrinter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            if not self.printer.reading():
                time.sleep(0.01)
                continue
            ready, _, _ = select.select([self.master], [], [], 0.01)
            if ready:
                replies = self.printer.feed(os.read(self.master, 4096))
                if replies:
                    os.write(self.master, replies)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def pty_printer() -> Iterator[PtyPrinter]:
    printer = PtyPrinter()
    yield printer
    printer.close()


def test_serial_adapter_prints_and_reads_status(
    pty_printer: PtyPrinter, russian_image: Image.Image, width: int
) -> None:
    printer = open_printer(f"serial://{pty_printer.path}?baudrate=115200", width, timeout=3)
    printer.print_ticket(russian_image)
    [job] = jobs(bytes(pty_printer.printer.stream))
    assert job.raw == build_job(russian_image, width)
    pty_printer.printer.state.paper = PaperLevel.LOW
    assert printer.status().paper is PaperLevel.LOW
    pty_printer.printer.state.paper = PaperLevel.OUT
    with pytest.raises(PaperOutError):
        printer.print_ticket(russian_image)


def test_serial_printer_that_hangs_times_out(pty_printer: PtyPrinter) -> None:
    pty_printer.printer.state.behaviour = Behaviour.HANG
    printer = open_printer(f"serial://{pty_printer.path}?timeout=0.4", 576)
    start = time.monotonic()
    with pytest.raises(PrinterTimeoutError):
        printer.print_ticket(Image.new("1", (576, 900), 0))
    assert time.monotonic() - start < 1.0


def test_missing_serial_port_is_offline() -> None:
    printer = open_printer("serial:///dev/ttyQABYLDAU9", 384)
    with pytest.raises(PrinterOfflineError):
        printer.print_ticket(Image.new("1", (384, 10), 1))


def test_missing_usb_printer_is_offline() -> None:
    """No such device here — and maybe no libusb either: offline both ways, fast."""
    printer = open_printer("usb://04b8:0e15?timeout=1", 576)
    start = time.monotonic()
    with pytest.raises(PrinterOfflineError):
        printer.print_ticket(Image.new("1", (576, 10), 1))
    assert time.monotonic() - start < 1.0
    assert not printer.status().reachable


@pytest.mark.parametrize(
    ("url", "description"),
    [
        ("tcp://10.0.0.5", "tcp://10.0.0.5:9100"),
        ("tcp://printer.local:9101?timeout=2.5&cut=partial", "tcp://printer.local:9101"),
        ("usb://04b8:0e15", "usb://04b8:0e15"),
        ("usb://0416:5011?in_ep=0x81&out_ep=0x03", "usb://0416:5011"),
        ("serial:///dev/ttyUSB0?baudrate=19200&dsrdtr=1", "serial:///dev/ttyUSB0"),
        ("file:///dev/usb/lp0", "file:///dev/usb/lp0"),
    ],
)
def test_urls_open_lazily(url: str, description: str) -> None:
    printer = open_printer(url, 576)  # nothing is contacted yet
    assert isinstance(printer, EscposPrinter)
    assert printer.description == description
    assert printer.width_dots == 576


def test_url_options() -> None:
    printer = open_printer("tcp://h:1?timeout=2.5&status=0&confirm=0&cut=partial", 384)
    assert isinstance(printer, EscposPrinter)
    assert printer.options.timeout == 2.5
    assert not printer.options.query_status
    assert not printer.options.confirm
    assert printer.options.cut == "partial"
    default = open_printer("tcp://h", 384, timeout=7)
    assert isinstance(default, EscposPrinter)
    assert default.options.timeout == 7
    assert default.options.query_status
    assert default.options.confirm


def test_fake_url_gives_a_fake_printer() -> None:
    printer = open_printer("fake://", 384)
    assert isinstance(printer, FakePrinter)
    assert printer.width_dots == 384


@pytest.mark.parametrize(
    "url",
    [
        "lpt://x",
        "tcp://",
        "tcp://h:notaport",
        "tcp://h?timeot=3",
        "tcp://h?timeout=0",
        "tcp://h?timeout=abc",
        "tcp://h?status=maybe",
        "tcp://h?cut=half",
        "usb://04b8",
        "usb://zz:0e15",
        "usb://04b8:0e15?baudrate=9600",
        "serial://dev/ttyUSB0",
        "serial:///dev/ttyUSB0?parity=X",
        "serial:///dev/ttyUSB0?baudrate=fast",
        "file://relative/path",
        "file:///",
    ],
)
def test_bad_urls_are_refused(url: str) -> None:
    with pytest.raises(PrinterUrlError):
        open_printer(url, 576)


def test_bad_width_is_refused() -> None:
    with pytest.raises(PrinterUrlError):
        open_printer("tcp://h", 380)
