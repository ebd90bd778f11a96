"""What the kiosk and the reception desk print tickets on: the one interface of this
library, with a real ESC/POS printer (escpos_printer) and an in-memory one (fake)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PIL import Image

from printer.status import PrinterStatus


@runtime_checkable
class Printer(Protocol):
    """What the kiosk and the reception desk print tickets on."""

    @property
    def width_dots(self) -> int:
        """The paper's printable width: 384 (58 mm) or 576 (80 mm)."""
        ...

    def print_ticket(self, image: Image.Image) -> None:
        """Print `image` (at most `width_dots` wide) and cut; raise PrinterError on failure."""
        ...

    def status(self) -> PrinterStatus:
        """Ask the printer how it is. Never raises for printer faults: they are the answer."""
        ...

    @property
    def last_status(self) -> PrinterStatus | None:
        """What the printer said around its last job (paper low, say), if it can be asked;
        None before any job, or when it cannot."""
        ...
