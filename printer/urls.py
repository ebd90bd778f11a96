"""Receipt printers behind one small interface, opened from a URL.

    tcp://host[:port]                 network printer, raw port 9100 by default
    usb://VID:PID                     e.g. usb://04b8:0e15 (hex), needs pyusb + libusb-1.0
    serial:///dev/ttyUSB0?baudrate=19200
    file:///dev/usb/lp0               or any file: jobs are appended
    fake://                           an in-memory FakePrinter (development, tests)

Query parameters for every scheme (unknown ones are an error, to catch typos):

    timeout=5        seconds one job (or one status query) may take, all I/O included
    status=1         ask the printer for its status before each job (0: never ask)
    confirm=1        with status=1, wait for the printer to confirm the job (GS r 1); 0 for
                     a printer that answers DLE EOT but not GS r
    cut=full|partial

USB: ``in_ep=0x82&out_ep=0x01``. Serial: ``baudrate=9600&bytesize=8&parity=N&stopbits=1
&xonxoff=0&dsrdtr=0``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Final
from urllib.parse import parse_qs, unquote, urlsplit

from printer.errors import PrinterUrlError
from printer.escpos_printer import DEFAULT_TIMEOUT, EscposPrinter, PrinterOptions
from printer.fake import FakePrinter
from printer.links import FileLink, SerialLink, SerialSettings, TcpLink, UsbLink
from printer.protocol import Printer

DEFAULT_TCP_PORT: Final = 9100

_COMMON_PARAMS: Final = frozenset({"timeout", "status", "confirm", "cut"})
_SCHEME_PARAMS: Final[dict[str, frozenset[str]]] = {
    "tcp": frozenset(),
    "file": frozenset(),
    "fake": frozenset(),
    "usb": frozenset({"in_ep", "out_ep"}),
    "serial": frozenset({"baudrate", "bytesize", "parity", "stopbits", "xonxoff", "dsrdtr"}),
}


def _params(url: str, query: str, scheme: str) -> dict[str, str]:
    parsed = parse_qs(query, keep_blank_values=True, strict_parsing=False)
    params: dict[str, str] = {}
    for key, values in parsed.items():
        if key not in _COMMON_PARAMS | _SCHEME_PARAMS[scheme]:
            raise PrinterUrlError(f"unknown parameter {key!r} in printer URL {url!r}")
        params[key] = values[-1]
    return params


def _flag(params: dict[str, str], key: str, default: bool) -> bool:
    value = params.get(key)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise PrinterUrlError(f"{key}={value!r}: expected 1 or 0")


def _number(params: dict[str, str], key: str, default: int, *, base: int = 10) -> int:
    value = params.get(key)
    if value is None:
        return default
    try:
        return int(value, 0 if base == 0 else base)
    except ValueError as exc:
        raise PrinterUrlError(f"{key}={value!r}: expected a number") from exc


def _options(params: dict[str, str], width_dots: int, timeout: float | None) -> PrinterOptions:
    try:
        seconds = float(params["timeout"]) if "timeout" in params else timeout
    except ValueError as exc:
        raise PrinterUrlError(f"timeout={params['timeout']!r}: expected seconds") from exc
    seconds = DEFAULT_TIMEOUT if seconds is None else seconds
    if not 0 < seconds <= 120:
        raise PrinterUrlError(f"timeout must be in (0, 120] seconds, got {seconds}")
    cut = params.get("cut", "full")
    if cut not in ("full", "partial"):
        raise PrinterUrlError(f"cut={cut!r}: expected full or partial")
    return PrinterOptions(
        width_dots=width_dots,
        timeout=seconds,
        query_status=_flag(params, "status", True),
        confirm=_flag(params, "confirm", True),
        cut="full" if cut == "full" else "partial",
    )


def open_printer(url: str, width_dots: int, *, timeout: float | None = None) -> Printer:
    """The printer at `url` (see the module's doc) for paper `width_dots` wide.

    Opens nothing yet: each job connects anew, so a printer that is off now can print later.
    `timeout` is the default when the URL has no ``timeout=``.
    """
    if width_dots <= 0 or width_dots % 8:
        raise PrinterUrlError(f"width_dots must be a positive multiple of 8, got {width_dots}")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _SCHEME_PARAMS:
        raise PrinterUrlError(
            f"printer URL {url!r}: scheme must be one of {sorted(_SCHEME_PARAMS)}"
        )
    params = _params(url, parts.query, scheme)
    options = _options(params, width_dots, timeout)

    if scheme == "fake":
        return FakePrinter(width_dots=width_dots)

    if scheme == "tcp":
        host = parts.hostname
        if not host:
            raise PrinterUrlError(f"printer URL {url!r}: no host")
        try:
            port = parts.port or DEFAULT_TCP_PORT
        except ValueError as exc:
            raise PrinterUrlError(f"printer URL {url!r}: bad port") from exc
        return EscposPrinter(
            f"tcp://{host}:{port}", lambda deadline: TcpLink(host, port, deadline), options
        )

    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise PrinterUrlError(f"printer URL {url!r}: write file:///absolute/path")
        path = Path(unquote(parts.path))
        if not path.is_absolute() or path.name == "":
            raise PrinterUrlError(f"printer URL {url!r}: needs an absolute file path")
        # A file cannot answer status requests.
        return EscposPrinter(
            f"file://{path}", lambda deadline: FileLink(path), replace(options, query_status=False)
        )

    if scheme == "usb":
        vid, pid = _usb_ids(url, parts.netloc)
        in_ep = _number(params, "in_ep", 0x82, base=0)
        out_ep = _number(params, "out_ep", 0x01, base=0)
        return EscposPrinter(
            f"usb://{vid:04x}:{pid:04x}",
            lambda deadline: UsbLink(vid, pid, in_ep, out_ep, deadline),
            options,
        )

    # serial
    device = unquote(parts.path)
    if parts.netloc or not device.startswith("/"):
        raise PrinterUrlError(f"printer URL {url!r}: write serial:///dev/ttyUSB0")
    parity = params.get("parity", "N").upper()
    if parity not in {"N", "E", "O", "M", "S"}:
        raise PrinterUrlError(f"parity={parity!r}: expected N, E, O, M or S")
    settings = SerialSettings(
        baudrate=_number(params, "baudrate", 9600),
        bytesize=_number(params, "bytesize", 8),
        parity=parity,
        stopbits=_number(params, "stopbits", 1),
        xonxoff=_flag(params, "xonxoff", False),
        dsrdtr=_flag(params, "dsrdtr", False),
    )
    return EscposPrinter(
        f"serial://{device}", lambda deadline: SerialLink(device, settings, deadline), options
    )


def _usb_ids(url: str, netloc: str) -> tuple[int, int]:
    vid_text, sep, pid_text = netloc.partition(":")
    try:
        if not sep:
            raise ValueError(netloc)
        vid, pid = int(vid_text, 16), int(pid_text, 16)
    except ValueError as exc:
        raise PrinterUrlError(f"printer URL {url!r}: write usb://VID:PID in hex") from exc
    if not (0 < vid <= 0xFFFF and 0 < pid <= 0xFFFF):
        raise PrinterUrlError(f"printer URL {url!r}: VID and PID are 4 hex digits")
    return vid, pid
