"""An ESC/POS receipt printer on a link (app-facing: Printer).

Each job opens the device and, with ``status=1``, asks DLE EOT 1/4 (2): a printer that
does not answer (hung), is out of paper or has its cover open is refused before a byte of
the job is sent — safe to retry. It then sends ESC @ + the GS v 0 raster + cut + GS r 1,
and waits for the GS r answer, which comes only once the job has been processed: that is
the delivery confirmation (meanwhile, every 0.25 s, a DLE EOT probe catches paper running
out mid-job). Then it closes. Every step shares one ``timeout`` budget: nothing here blocks
forever. Failures raise a :class:`PrinterError` subclass whose ``may_have_printed`` tells a
spooler whether a retry could print the ticket twice (False: nothing of the job was sent).

What printers report (``status=1``): ESC/POS printers on USB, serial and TCP 9100 (Epson TM
and the common clones) answer the real-time requests DLE EOT 1/2/4 on the same connection:
online/offline, cover open, paper near-end and paper end. Near-end needs the optional
near-end sensor: a printer without one always reports "adequate" until the paper is out.
Some network interfaces (cheap Wi-Fi/Ethernet boxes, print servers) are write-only: they
never answer, so ``status=1`` would report them as hung — give them ``status=0``. Then only
"unreachable" and a send that stalls (printer buffer full) are detected, and a paper-out
printer silently buffers the job. ``file://`` never reports a status.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Final

from PIL import Image

from printer.errors import PaperOutError, PrinterError, PrinterNotReadyError, PrinterTimeoutError
from printer.escpos_job import (
    GS_PAPER_STATUS,
    RT_OFFLINE_CAUSE,
    RT_PAPER,
    RT_PRINTER,
    CutMode,
    build_job,
)
from printer.links import Deadline, Link
from printer.status import (
    PaperLevel,
    PrinterStatus,
    is_gs_r_reply,
    is_realtime_reply,
    paper_from_gs_r,
    paper_from_rt,
)

DEFAULT_TIMEOUT: Final = 5.0
POLL_INTERVAL: Final = 0.25
"""While waiting for a job's confirmation, how often to ask whether the printer stopped."""


@dataclass(frozen=True, slots=True)
class PrinterOptions:
    width_dots: int
    timeout: float = DEFAULT_TIMEOUT
    query_status: bool = True
    confirm: bool = True
    cut: CutMode = "full"


class EscposPrinter:
    """A real printer: one connection per job, every step within `options.timeout`."""

    def __init__(
        self,
        description: str,
        opener: Callable[[Deadline], Link],
        options: PrinterOptions,
    ) -> None:
        self.description = description
        self.options = options
        self._open = opener
        self._lock = threading.Lock()
        self.last_status: PrinterStatus | None = None
        """What the printer reported around the last job (paper low shows here)."""

    @property
    def width_dots(self) -> int:
        return self.options.width_dots

    def __repr__(self) -> str:
        return f"EscposPrinter({self.description!r}, width_dots={self.width_dots})"

    def print_ticket(self, image: Image.Image) -> None:
        job = build_job(image, self.width_dots, cut=self.options.cut)
        with self._lock:
            deadline = Deadline(self.options.timeout)
            link = self._open(deadline)
            ask = self.options.query_status and link.can_read
            replies = _Replies(link)
            sending = False
            try:
                if ask:
                    before = _realtime_status(replies, deadline)
                    self.last_status = before
                    _refuse_unless_ready(before, self.description)
                confirm = ask and self.options.confirm
                sending = True
                link.write(job + GS_PAPER_STATUS if confirm else job, deadline)
                if confirm:
                    paper = _await_confirmation(replies, deadline, self.description)
                    self.last_status = replace(before, paper=paper)
            except PrinterError as error:
                # Once any of the job may have left, a retry could print the ticket twice.
                error.may_have_printed = error.may_have_printed or sending
                raise
            finally:
                link.close()

    def status(self) -> PrinterStatus:
        with self._lock:
            deadline = Deadline(self.options.timeout)
            try:
                link = self._open(deadline)
            except PrinterError as error:
                return PrinterStatus(reachable=False, responded=False, detail=str(error))
            try:
                if not (self.options.query_status and link.can_read):
                    return PrinterStatus(
                        reachable=True, responded=False, detail="status not available"
                    )
                try:
                    result = _realtime_status(_Replies(link), deadline)
                except PrinterError as error:
                    return PrinterStatus(reachable=True, responded=False, detail=str(error))
                self.last_status = result
                return result
            finally:
                link.close()


class _Replies:
    """Bytes the printer sent back, taken by kind; bytes of another kind wait their turn.

    Two kinds: answers to DLE EOT n (bits 1 and 4 set) and the answer to GS r 1 (bit 4
    clear), so a status probe sent while waiting for GS r never swallows its answer.
    """

    def __init__(self, link: Link) -> None:
        self._link = link
        self._waiting = bytearray()

    def take(self, count: int, accept: Callable[[int], bool], deadline: Deadline) -> list[int]:
        """Up to `count` bytes that `accept` recognises, arriving before the deadline."""
        taken: list[int] = []
        kept = bytearray()
        for byte in self._waiting:
            (taken if accept(byte) and len(taken) < count else kept).append(byte)
        self._waiting = kept
        while len(taken) < count and not deadline.expired():
            for byte in self._link.read(deadline):
                if accept(byte) and len(taken) < count:
                    taken.append(byte)
                else:
                    self._waiting.append(byte)
        return taken

    def drop(self, accept: Callable[[int], bool]) -> None:
        """Forget waiting bytes of one kind (stale answers)."""
        self._waiting = bytearray(byte for byte in self._waiting if not accept(byte))

    def send(self, data: bytes, deadline: Deadline) -> None:
        self._link.write(data, deadline)


def _realtime_status(replies: _Replies, deadline: Deadline) -> PrinterStatus:
    """DLE EOT 1 and 4 (and 2 when offline). Raises PrinterTimeoutError when nothing answers."""
    replies.drop(is_realtime_reply)
    replies.send(RT_PRINTER + RT_PAPER, deadline)
    answers = replies.take(2, is_realtime_reply, deadline)
    if len(answers) < 2:
        raise PrinterTimeoutError(
            "the printer accepted the connection but did not answer a status request "
            "(hung, or a write-only device: then use status=0 in its URL)"
        )
    printer_byte, paper_byte = answers
    online = not printer_byte & 0x08
    status = PrinterStatus(
        reachable=True, responded=True, paper=paper_from_rt(paper_byte), online=online
    )
    if online:
        return replace(status, cover_open=False, error=False)
    replies.send(RT_OFFLINE_CAUSE, deadline)
    cause = replies.take(1, is_realtime_reply, deadline)
    if not cause:
        return replace(status, detail="offline, cause unknown")
    byte = cause[0]
    return replace(
        status,
        cover_open=bool(byte & 0x04),
        error=bool(byte & 0x40),
        paper=PaperLevel.OUT if byte & 0x20 else status.paper,
        detail="offline",
    )


def _refuse_unless_ready(status: PrinterStatus, where: str) -> None:
    if status.paper is PaperLevel.OUT:
        raise PaperOutError(f"{where}: out of paper")
    if status.cover_open:
        raise PrinterNotReadyError(f"{where}: cover open")
    if status.error:
        raise PrinterNotReadyError(f"{where}: printer error")
    if status.online is False:
        raise PrinterNotReadyError(f"{where}: offline")


def _await_confirmation(replies: _Replies, deadline: Deadline, where: str) -> PaperLevel:
    """Wait for the GS r 1 answer, which comes once the job has been processed.

    Every POLL_INTERVAL without it, ask the real-time status (answered even while the printer
    is stopped): one that stopped mid-job (paper ran out, cover opened) is reported at once
    rather than at the deadline.
    """
    while True:
        poll = Deadline(min(POLL_INTERVAL, max(0.0, deadline.left())))
        answer = replies.take(1, is_gs_r_reply, poll)
        if answer:
            return paper_from_gs_r(answer[0])
        if deadline.expired():
            raise PrinterTimeoutError(
                f"{where}: the job was sent but the printer did not confirm printing it",
                may_have_printed=True,
            )
        probe = Deadline(min(POLL_INTERVAL, max(0.0, deadline.left())))
        try:
            status = _realtime_status(replies, probe)
        except PrinterTimeoutError:
            continue  # busy or hung: keep waiting for GS r until the deadline
        if status.paper is PaperLevel.OUT or status.cover_open or status.error:
            try:
                _refuse_unless_ready(status, f"{where}: during the job")
            except PrinterError as error:
                error.may_have_printed = True
                raise
