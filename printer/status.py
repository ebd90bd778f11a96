"""What a printer says about itself: PrinterStatus, and how ESC/POS status replies read."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PaperLevel(StrEnum):
    OK = "ok"
    LOW = "low"
    OUT = "out"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """What the printer said about itself; fields are None when it was not asked or silent."""

    reachable: bool
    """The device could be opened / connected to."""
    responded: bool
    """It answered a status request (False for write-only devices and hung printers)."""
    paper: PaperLevel = PaperLevel.UNKNOWN
    online: bool | None = None
    cover_open: bool | None = None
    error: bool | None = None
    detail: str = ""

    @property
    def ready(self) -> bool:
        """Nothing known prevents printing (an unknown status counts as ready)."""
        return (
            self.reachable
            and self.paper is not PaperLevel.OUT
            and self.online is not False
            and not self.cover_open
            and not self.error
        )


def is_realtime_reply(byte: int) -> bool:
    """DLE EOT n answers have bits 1 and 4 set and bits 0 and 7 clear."""
    return byte & 0x93 == 0x12


def is_gs_r_reply(byte: int) -> bool:
    """GS r 1 answers have bits 4 and 7 clear — never mistaken for a DLE EOT answer."""
    return byte & 0x90 == 0


def paper_from_rt(byte: int) -> PaperLevel:
    """DLE EOT 4: bits 5-6 paper end, bits 2-3 paper near-end."""
    if byte & 0x60:
        return PaperLevel.OUT
    if byte & 0x0C:
        return PaperLevel.LOW
    return PaperLevel.OK


def paper_from_gs_r(byte: int) -> PaperLevel:
    """GS r 1: bits 2-3 paper end, bits 0-1 paper near-end."""
    if byte & 0x0C:
        return PaperLevel.OUT
    if byte & 0x03:
        return PaperLevel.LOW
    return PaperLevel.OK
