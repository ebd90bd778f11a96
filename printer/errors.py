"""What can go wrong with a printer: PrinterError and its kinds, each telling whether a
retry could print the ticket twice."""

from __future__ import annotations

from typing import ClassVar


class PrinterError(Exception):
    """A print job failed. `kind` is a stable code for logs and the staff screen."""

    kind: ClassVar[str] = "error"

    def __init__(self, message: str, *, may_have_printed: bool = False) -> None:
        super().__init__(message)
        self.may_have_printed = may_have_printed
        """True when some of the job may have reached the paper: a retry may print twice."""


class PrinterOfflineError(PrinterError):
    """Unreachable: connection refused, host down, device unplugged or missing."""

    kind = "offline"


class PrinterTimeoutError(PrinterError):
    """The printer took the connection but did not answer or accept data in time (hung)."""

    kind = "timeout"


class PaperOutError(PrinterError):
    """The printer reports that its paper has run out."""

    kind = "paper_out"


class PrinterNotReadyError(PrinterError):
    """The printer answers but cannot print: cover open, cutter jammed or another error."""

    kind = "not_ready"


class PrinterUrlError(ValueError):
    """A printer URL that cannot be understood."""
