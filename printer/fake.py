"""An in-memory printer for tests of the code around printing (never the proof that real
printing works: tests/printer drives a TCP printer emulator for that)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from PIL import Image

from printer.errors import (
    PaperOutError,
    PrinterError,
    PrinterNotReadyError,
    PrinterOfflineError,
    PrinterTimeoutError,
)
from printer.status import PaperLevel, PrinterStatus


@dataclass
class FakePrinter:
    """An in-memory printer for tests of code around printing.

    `jobs` holds copies of the printed images. Make it fail with `fail_with` (every job
    raises it until set back to None) or `fail_next` (the next jobs raise these, in order).
    """

    width_dots: int = 576
    paper: PaperLevel = PaperLevel.OK
    fail_with: PrinterError | None = None
    fail_next: list[PrinterError] = field(default_factory=list)
    jobs: list[Image.Image] = field(default_factory=list)
    attempts: int = 0
    last_status: PrinterStatus | None = None  # as a printer that confirms its jobs says
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    def print_ticket(self, image: Image.Image) -> None:
        with self._lock:
            self.attempts += 1
            if self.fail_next:
                raise self.fail_next.pop(0)
            if self.fail_with is not None:
                raise self.fail_with
            if self.paper is PaperLevel.OUT:
                raise PaperOutError("fake printer: out of paper")
            if image.width > self.width_dots:
                raise ValueError(f"image is {image.width} dots wide, paper {self.width_dots}")
            self.jobs.append(image.copy())
            self.last_status = PrinterStatus(
                reachable=True, responded=True, paper=self.paper, online=True, error=False
            )

    def status(self) -> PrinterStatus:
        with self._lock:
            failure = self.fail_with
        if isinstance(failure, PrinterOfflineError):
            return PrinterStatus(reachable=False, responded=False, detail=str(failure))
        if isinstance(failure, PrinterTimeoutError):
            return PrinterStatus(reachable=True, responded=False, detail=str(failure))
        return PrinterStatus(
            reachable=True,
            responded=True,
            paper=self.paper,
            online=self.paper is not PaperLevel.OUT,
            cover_open=isinstance(failure, PrinterNotReadyError),
            error=False,
        )
