"""The ticket printer library: drawing a ticket and getting it onto paper. It knows nothing of
the centre (app.services.printing decides what is printed, where, when and how often).

- :mod:`printer.layout` — ``TicketPrint`` + ``render_ticket(ticket, width_dots)`` → 1-bit image
  (every Kazakh letter drawn with the DejaVu faces in ``printer/fonts``, see printer.text).
- :mod:`printer.protocol` — ``Printer``, the one interface; :mod:`printer.urls` —
  ``open_printer(url, width_dots)``; :mod:`printer.escpos_printer` — the real ESC/POS printer
  on a link of :mod:`printer.links`; :mod:`printer.fake` — ``FakePrinter`` in memory.
- :mod:`printer.errors` — ``PrinterError`` and its kinds; :mod:`printer.status` — what a
  printer says of itself; :mod:`printer.escpos_job` — the job bytes (ESC @, raster, cut).
- :mod:`printer.testing` — for tests: a TCP printer emulator and a decoder of what it received.
"""

from printer.errors import (
    PaperOutError,
    PrinterError,
    PrinterNotReadyError,
    PrinterOfflineError,
    PrinterTimeoutError,
    PrinterUrlError,
)
from printer.fake import FakePrinter
from printer.layout import PAPER_58MM, PAPER_80MM, TicketLabels, TicketPrint, render_ticket
from printer.protocol import Printer
from printer.status import PaperLevel, PrinterStatus
from printer.urls import open_printer

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
