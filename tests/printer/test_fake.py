"""FakePrinter: the stand-in for code around printing."""

from __future__ import annotations

import pytest
from PIL import Image

from printer.errors import (
    PaperOutError,
    PrinterNotReadyError,
    PrinterOfflineError,
    PrinterTimeoutError,
)
from printer.fake import FakePrinter
from printer.protocol import Printer
from printer.status import PaperLevel


def image(width: int = 384) -> Image.Image:
    return Image.new("1", (width, 20), 1)


def test_fake_records_copies_of_jobs() -> None:
    printer = FakePrinter(width_dots=384)
    assert isinstance(printer, Printer)
    picture = image()
    printer.print_ticket(picture)
    picture.paste(0, (0, 0, 10, 10))  # the caller reuses its image
    assert len(printer.jobs) == 1
    assert printer.jobs[0].getpixel((0, 0)) != 0  # still white
    assert printer.attempts == 1


def test_fake_fails_on_demand_and_recovers() -> None:
    printer = FakePrinter()
    printer.fail_next = [
        PrinterTimeoutError("hung", may_have_printed=True),
        PrinterOfflineError("off"),
    ]
    with pytest.raises(PrinterTimeoutError) as first:
        printer.print_ticket(image())
    assert first.value.may_have_printed
    with pytest.raises(PrinterOfflineError):
        printer.print_ticket(image())
    printer.print_ticket(image())
    assert printer.attempts == 3
    assert len(printer.jobs) == 1

    printer.fail_with = PrinterOfflineError("unplugged")
    for _ in range(2):
        with pytest.raises(PrinterOfflineError):
            printer.print_ticket(image())
    assert not printer.status().reachable
    printer.fail_with = None
    printer.print_ticket(image())
    assert len(printer.jobs) == 2


def test_fake_paper_and_status() -> None:
    printer = FakePrinter()
    assert printer.status().ready
    printer.paper = PaperLevel.LOW
    printer.print_ticket(image())
    assert printer.status().paper is PaperLevel.LOW
    printer.paper = PaperLevel.OUT
    with pytest.raises(PaperOutError):
        printer.print_ticket(image())
    assert not printer.status().ready
    printer.paper = PaperLevel.OK
    printer.fail_with = PrinterNotReadyError("cover open")
    assert printer.status().cover_open
    printer.fail_with = PrinterTimeoutError("hung")
    status = printer.status()
    assert status.reachable
    assert not status.responded


def test_fake_refuses_images_wider_than_its_paper() -> None:
    with pytest.raises(ValueError, match="wide"):
        FakePrinter(width_dots=384).print_ticket(image(576))


def test_error_kinds_are_stable() -> None:
    assert [
        kind.kind
        for kind in (PrinterOfflineError, PrinterTimeoutError, PaperOutError, PrinterNotReadyError)
    ] == [
        "offline",
        "timeout",
        "paper_out",
        "not_ready",
    ]
