"""Printed tickets: the layout (Pillow), ESC/POS jobs, and printers behind one interface.

- :mod:`printer.layout` — ``TicketPrint`` + ``render_ticket(ticket, width_dots)`` → 1-bit image
  (every Kazakh letter drawn with the DejaVu Sans font shipped in ``printer/fonts``).
- :mod:`printer.device` — ``open_printer(url, width_dots)`` → ``Printer``; ``FakePrinter``;
  ``PrinterError`` and its kinds (offline, timeout, paper out, not ready).
- :mod:`printer.escpos_job` — the job bytes: ESC @, GS v 0 raster, cut.
- :mod:`printer.escpos_decode` and :mod:`printer.emulator` — for tests: decode what a printer
  received; a TCP printer on 127.0.0.1 that records jobs and answers status requests.
"""

from printer.device import (
    FakePrinter,
    PaperLevel,
    PaperOutError,
    Printer,
    PrinterError,
    PrinterNotReadyError,
    PrinterOfflineError,
    PrinterStatus,
    PrinterTimeoutError,
    PrinterUrlError,
    open_printer,
)
from printer.layout import PAPER_58MM, PAPER_80MM, TicketLabels, TicketPrint, render_ticket

__all__ = [
    "PAPER_58MM",
    "PAPER_80MM",
    "FakePrinter",
    "PaperLevel",
    "PaperOutError",
    "Printer",
    "PrinterError",
    "PrinterNotReadyError",
    "PrinterOfflineError",
    "PrinterStatus",
    "PrinterTimeoutError",
    "PrinterUrlError",
    "TicketLabels",
    "TicketPrint",
    "open_printer",
    "render_ticket",
]
