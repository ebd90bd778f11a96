"""Read an ESC/POS byte stream back: commands, raster images as Pillow images, cuts.

For tests and the printer emulator: what did the printer actually receive? Knows the
commands python-escpos emits for our jobs plus the common ones around them; in strict mode
anything else is an error, so a test notices stray bytes (e.g. text printed as ``?``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from PIL import Image

_ESC: Final = 0x1B
_GS: Final = 0x1D
_DLE: Final = 0x10
_FS: Final = 0x1C


class DecodeError(ValueError):
    """The stream has a command this decoder does not know, or is cut short."""


@dataclass(frozen=True, slots=True)
class Command:
    """One command (or a run of printable text) and where it starts in the stream."""

    name: str
    """init, raster, graphics, column_image, cut, feed, lf, cr, realtime_status,
    transmit_status, text, or set (a mode setting such as alignment or line spacing)."""
    offset: int
    raw: bytes

    @property
    def arg(self) -> int:
        """The command's last parameter byte (n of ESC d n, DLE EOT n, GS V m)."""
        return self.raw[-1]


@dataclass(frozen=True, slots=True)
class Raster:
    """A GS v 0 raster image: width_bytes * 8 dots wide, `height` rows, 1 bit = black dot."""

    offset: int
    mode: int
    width_bytes: int
    height: int
    data: bytes

    @property
    def width(self) -> int:
        return self.width_bytes * 8

    def to_image(self) -> Image.Image:
        """As a Pillow mode "1" image (black 0, white 1), the way render_ticket draws."""
        # ESC/POS: bit 1 = print a dot (black); Pillow's "1": bit 1 = white: read inverted.
        return Image.frombytes("1", (self.width, self.height), self.data, "raw", "1;I")


# Fixed-length commands: prefix bytes -> number of parameter bytes after the prefix.
_FIXED: Final[dict[bytes, tuple[str, int]]] = {
    b"\x1b@": ("init", 0),
    b"\x1bd": ("feed", 1),  # ESC d n: print and feed n lines
    b"\x1bJ": ("feed", 1),  # ESC J n: print and feed n dots
    b"\x1ba": ("set", 1),  # alignment
    b"\x1b2": ("set", 0),  # default line spacing
    b"\x1b3": ("set", 1),  # line spacing
    b"\x1b!": ("set", 1),  # print mode
    b"\x1bE": ("set", 1),  # emphasis
    b"\x1b-": ("set", 1),  # underline
    b"\x1bM": ("set", 1),  # font
    b"\x1bt": ("set", 1),  # code page
    b"\x1bR": ("set", 1),  # international character set
    b"\x1d!": ("set", 1),  # character size
    b"\x1dB": ("set", 1),  # reverse
    b"\x1dL": ("set", 2),  # left margin
    b"\x1dW": ("set", 2),  # print area width
    b"\x1dr": ("transmit_status", 1),  # GS r n: answered after preceding data is processed
    b"\x10\x04": ("realtime_status", 1),  # DLE EOT n: answered at once
    b"\x1b=": ("set", 1),  # select peripheral device
}


def scan(stream: bytes, start: int = 0, *, strict: bool = True) -> tuple[list[Command], int]:
    """Commands from `stream[start:]`, and the offset where an incomplete one begins.

    The stream may end in the middle of a command (the emulator scans as bytes arrive):
    scanning stops before it, and the returned offset says where to resume.
    """
    commands: list[Command] = []
    pos = start
    end = len(stream)
    while pos < end:
        size_name = _command_at(stream, pos, strict=strict)
        if size_name is None:
            break
        size, name = size_name
        commands.append(Command(name, pos, stream[pos : pos + size]))
        pos += size
    return commands, pos


def _command_at(stream: bytes, pos: int, *, strict: bool) -> tuple[int, str] | None:
    """(length, name) of the command at `pos`, or None if the stream ends inside it."""
    first = stream[pos]
    left = len(stream) - pos
    if first == 0x0A:
        return 1, "lf"
    if first == 0x0D:
        return 1, "cr"
    if first not in (_ESC, _GS, _DLE, _FS):
        if first < 0x20:
            if strict:
                raise DecodeError(f"control byte 0x{first:02x} at {pos}")
            return 1, "unknown"
        run = 1
        while pos + run < len(stream) and stream[pos + run] >= 0x20:
            run += 1
        return run, "text"
    if left < 2:
        return None
    for prefix, (name, params) in _FIXED.items():
        if stream.startswith(prefix, pos):
            size = len(prefix) + params
            return (size, name) if left >= size else None
    second = stream[pos + 1]
    if first == _GS and second == ord("v"):  # GS v 0 m xL xH yL yH d1...dk
        if left < 8:
            return None
        width_bytes = stream[pos + 4] | stream[pos + 5] << 8
        height = stream[pos + 6] | stream[pos + 7] << 8
        size = 8 + width_bytes * height
        return (size, "raster") if left >= size else None
    if first == _GS and second == ord("V"):  # GS V m [n]
        if left < 3:
            return None
        mode = stream[pos + 2]
        size = 4 if mode in (65, 66, 97, 98, 103, 104) else 3
        return (size, "cut") if left >= size else None
    if first == _GS and second == ord("("):  # GS ( x pL pH ...
        if left < 5:
            return None
        size = 5 + (stream[pos + 3] | stream[pos + 4] << 8)
        name = "graphics" if stream[pos + 2] == ord("L") else "set"
        return (size, name) if left >= size else None
    if first == _ESC and second == ord("*"):  # ESC * m nL nH d1...dk (column image)
        if left < 5:
            return None
        columns = stream[pos + 3] | stream[pos + 4] << 8
        size = 5 + columns * (3 if stream[pos + 2] in (32, 33) else 1)
        return (size, "column_image") if left >= size else None
    if strict:
        raise DecodeError(f"unknown command 0x{first:02x} 0x{second:02x} at {pos}")
    return 2, "unknown"


def decode(stream: bytes, *, strict: bool = True) -> list[Command]:
    """All commands in a complete stream; DecodeError if it ends inside one."""
    commands, consumed = scan(stream, strict=strict)
    if consumed != len(stream):
        raise DecodeError(f"stream ends inside a command at {consumed} of {len(stream)}")
    return commands


def rasters(commands: Iterable[Command]) -> list[Raster]:
    """The GS v 0 images among `commands`."""
    found: list[Raster] = []
    for command in commands:
        if command.name == "raster":
            raw = command.raw
            found.append(
                Raster(
                    offset=command.offset,
                    mode=raw[3],
                    width_bytes=raw[4] | raw[5] << 8,
                    height=raw[6] | raw[7] << 8,
                    data=raw[8:],
                )
            )
    return found


def stack(images: list[Raster]) -> Image.Image:
    """Raster bands sent one after another, joined into the image they print as."""
    if not images:
        raise DecodeError("no raster image")
    width = images[0].width
    if any(band.width != width for band in images):
        raise DecodeError("raster bands of different widths")
    result = Image.new("1", (width, sum(band.height for band in images)), 1)
    top = 0
    for band in images:
        result.paste(band.to_image(), (0, top))
        top += band.height
    return result


@dataclass(frozen=True, slots=True)
class Job:
    """One ticket as the printer received it: from ESC @ to the cut."""

    commands: list[Command]
    image: Image.Image | None
    """All raster bands of the job stacked; None if it had none."""
    cut: Command | None
    raw: bytes

    @property
    def width(self) -> int | None:
        return None if self.image is None else self.image.width


def jobs(stream: bytes, *, strict: bool = True, complete: bool = True) -> list[Job]:
    """Split a stream into jobs: each starts at ESC @ and ends with a cut (or the stream's end).

    Status requests between jobs are not part of any job. With complete=False the stream may
    still be arriving: a command cut short at its end is left out instead of an error.
    """
    found: list[Job] = []
    current: list[Command] = []

    def close(cut: Command | None) -> None:
        bands = rasters(current)
        start = current[0].offset
        stop = cut.offset + len(cut.raw) if cut else current[-1].offset + len(current[-1].raw)
        found.append(Job(list(current), stack(bands) if bands else None, cut, stream[start:stop]))
        current.clear()

    commands = decode(stream, strict=strict) if complete else scan(stream, strict=strict)[0]
    for command in commands:
        if command.name in ("realtime_status", "transmit_status") and not current:
            continue
        if command.name == "init" and current:
            close(None)
        if command.name == "init" or current:
            current.append(command)
        if command.name == "cut" and current:
            close(command)
    if current:
        close(None)
    return found
