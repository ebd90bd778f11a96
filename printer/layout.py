"""The printed ticket, drawn as a 1-bit image with Pillow.

Thermal printers' code pages have no Kazakh letters (ә ғ қ ң ө ұ ү һ і come out as ``?``),
so the whole ticket is drawn here with a font that has them and sent as a raster image.
Everything the ticket says arrives already translated: this module never picks a language.

The layout is built as a list of blocks whose heights are measured first, so the image is
exactly as tall as its content: long centre or zone names wrap, the number shrinks to fit
the paper, and nothing is ever cut off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Final

import qrcode  # type: ignore[import-untyped]
from PIL import Image, ImageDraw, ImageFont

from printer.text import font, number_font, wrap_balanced, wrap_text

PAPER_58MM: Final = 384
"""Printable width of 58 mm paper at 203 dpi, in dots."""
PAPER_80MM: Final = 576
"""Printable width of 80 mm paper at 203 dpi, in dots."""

MIN_WIDTH_DOTS: Final = 256
MAX_WIDTH_DOTS: Final = 1024


BLACK: Final = 0
WHITE: Final = 1


@dataclass(frozen=True, slots=True)
class TicketLabels:
    """Captions printed on the ticket, already translated into the visitor's language."""

    people_ahead: str
    """E.g. "People ahead", «Алдыңызда», «Перед вами»."""
    estimated_wait: str
    """E.g. "Estimated wait", «Күту уақыты», «Ожидание»."""
    minutes: str
    """The unit after the estimate: "min", «мин»."""
    scan_hint: str | None = None
    """Printed under the QR code, e.g. "Scan to follow your turn"; None prints nothing."""


@dataclass(frozen=True, slots=True)
class TicketPrint:
    """Everything one printed ticket shows; strings are final (translated, formatted)."""

    centre_name: str
    zone_name: str
    display: str
    """The ticket number as called, e.g. "115" or "К-115"."""
    issued_at: datetime
    """Aware, already in the centre's local time: it is printed as it is."""
    ahead: int
    estimated_wait_minutes: int | None
    priority_label: str | None
    """The out-of-turn mark, e.g. «Кезектен тыс»; None for an ordinary ticket."""
    status_url: str
    """What the QR code opens: the ticket's public status page."""
    labels: TicketLabels

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be an aware datetime in the centre's local time")
        if not self.display.strip():
            raise ValueError("display must not be empty")
        if self.ahead < 0:
            raise ValueError("ahead must be >= 0")
        if self.estimated_wait_minutes is not None and self.estimated_wait_minutes < 0:
            raise ValueError("estimated_wait_minutes must be >= 0")
        if not self.status_url:
            raise ValueError("status_url must not be empty")


@dataclass(frozen=True, slots=True)
class _Metrics:
    """Sizes in dots for one paper width."""

    width: int
    margin: int
    gap: int
    title: int
    zone: int
    body: int
    small: int
    number_max_height: int
    qr_target: int

    @classmethod
    def for_width(cls, width: int) -> _Metrics:
        # Text grows with the paper, but less than linearly: on 80 mm the same ticket gets
        # bigger letters and more room per line rather than a ticket twice as long.
        s = (width / PAPER_58MM) ** 0.75
        return cls(
            width=width,
            margin=max(8, round(width * 0.03)),
            gap=round(10 * s),
            title=round(24 * s),
            zone=round(28 * s),
            body=round(23 * s),
            small=round(19 * s),
            number_max_height=round(width * 0.42),
            qr_target=round(min(width * 0.52, 232)),
        )


# Each part of the ticket is a full-width band image; the ticket is the bands stacked, with
# blank space (an int) between them. Bands that repeat from ticket to ticket (the centre's
# name, captions, the out-of-turn mark) are cached: only what changes is drawn per ticket.
Band = Image.Image | int

_CACHE = 512


def _blank_band(width: int, height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    band = Image.new("1", (width, max(1, height)), WHITE)
    return band, ImageDraw.Draw(band)


def _line_pitch(fnt: ImageFont.FreeTypeFont, spacing: float = 1.12) -> tuple[int, int]:
    """(distance between lines, height of one line) from the font's ascent and descent."""
    ascent, descent = fnt.getmetrics()
    return round((ascent + descent) * spacing), ascent + descent


def _draw_centred(
    draw: ImageDraw.ImageDraw,
    lines: tuple[str, ...],
    fnt: ImageFont.FreeTypeFont,
    width: int,
    top: int,
    fill: int,
) -> None:
    pitch, _ = _line_pitch(fnt)
    for index, line in enumerate(lines):
        draw.text((width // 2, top + index * pitch), line, font=fnt, fill=fill, anchor="ma")


def _lines_height(count: int, fnt: ImageFont.FreeTypeFont) -> int:
    pitch, line = _line_pitch(fnt)
    return pitch * (count - 1) + line


@lru_cache(maxsize=_CACHE)
def _centred_band(
    text: str, size: int, bold: bool, m: _Metrics, *, wrap: bool = True
) -> Image.Image:
    """`text` wrapped into balanced, centred lines (with wrap=False: as it is, spaces kept)."""
    fnt = font(size, bold=bold)
    width = m.width - 2 * m.margin
    lines = tuple(
        wrap_balanced(text, fnt, width) if wrap or fnt.getlength(text) > width else [text]
    )
    band, draw = _blank_band(m.width, _lines_height(len(lines), fnt))
    _draw_centred(draw, lines, fnt, m.width, 0, BLACK)
    return band


@lru_cache(maxsize=_CACHE)
def _rule_band(thickness: int, m: _Metrics) -> Image.Image:
    band, draw = _blank_band(m.width, thickness)
    draw.rectangle((m.margin, 0, m.width - m.margin - 1, thickness - 1), fill=BLACK)
    return band


def _ink_box(fnt: ImageFont.FreeTypeFont, text: str) -> tuple[int, int, int, int]:
    """The text's ink box relative to its baseline start, in whole dots."""
    left, top, right, bottom = fnt.getbbox(text, anchor="ls")
    return int(left), int(top), int(right), int(bottom)


NUMBER_STRETCH: Final = 1.3
"""How much taller than the font draws them the number's letters may be made."""


@lru_cache(maxsize=_CACHE)
def _number_band(display: str, m: _Metrics) -> Image.Image:
    """The ticket number, as large as the paper allows: condensed bold, as wide as the paper
    (less margins) or `number_max_height` tall, stretched up to NUMBER_STRETCH times taller
    when the width is what limits it. Drawn antialiased, scaled, then cut to black and white,
    so the stretched edges stay smooth."""
    available = m.width - 2 * m.margin
    left, top, right, bottom = _ink_box(number_font(100), display)
    by_width = 100 * available / max(1, right - left)
    by_height = 100 * m.number_max_height / max(1, bottom - top)
    size = max(8, int(min(by_width, by_height)))
    fnt = number_font(size)
    left, top, right, bottom = _ink_box(fnt, display)
    while size > 8 and right - left > available:  # hinting can add a dot or two
        size -= 1
        fnt = number_font(size)
        left, top, right, bottom = _ink_box(fnt, display)
    ink_width, ink_height = right - left, bottom - top
    stretch = min(NUMBER_STRETCH, m.number_max_height / max(1, ink_height))
    height = max(ink_height, round(ink_height * stretch))
    grey = Image.new("L", (ink_width, ink_height), 0)
    ImageDraw.Draw(grey).text((-left, -top), display, font=fnt, fill=255, anchor="ls")
    if height != ink_height:
        grey = grey.resize((ink_width, height), Image.Resampling.BICUBIC)
    ink = grey.point(lambda value: 255 if value >= 128 else 0, mode="1")
    band, draw = _blank_band(m.width, height)
    draw.bitmap(((m.width - ink_width) // 2, 0), ink, fill=BLACK)
    return band


@lru_cache(maxsize=_CACHE)
def _mark_band(text: str, m: _Metrics) -> Image.Image:
    """The out-of-turn mark: white bold letters on a black band, impossible to miss."""
    fnt = font(m.zone, bold=True)
    pad = round(m.gap * 0.8)
    lines = tuple(wrap_balanced(text, fnt, m.width - 2 * m.margin - 2 * pad))
    height = _lines_height(len(lines), fnt) + 2 * pad
    band, draw = _blank_band(m.width, height)
    draw.rounded_rectangle(
        (m.margin, 0, m.width - m.margin - 1, height - 1), radius=pad, fill=BLACK
    )
    _draw_centred(draw, lines, fnt, m.width, pad, WHITE)
    return band


@lru_cache(maxsize=_CACHE)
def _row_band(label: str, value: str, m: _Metrics) -> Image.Image:
    """`label` on the left (wrapping if long), `value` in bold on the right."""
    label_font = font(m.body)
    value_font = font(m.body, bold=True)
    available = m.width - 2 * m.margin
    label_width = available - round(value_font.getlength(value)) - 2 * m.gap
    value_on_own_line = label_width < available // 3  # a very long value
    label_lines = wrap_text(label, label_font, available if value_on_own_line else label_width)
    rows = len(label_lines) + (1 if value_on_own_line else 0)
    pitch, _ = _line_pitch(label_font)
    band, draw = _blank_band(m.width, _lines_height(rows, label_font))
    for index, line in enumerate(label_lines):
        draw.text((m.margin, index * pitch), line, font=label_font, fill=BLACK)
    draw.text(
        (m.width - m.margin, pitch * (rows - 1)), value, font=value_font, fill=BLACK, anchor="ra"
    )
    return band


def qr_image(data: str, target: int) -> Image.Image:
    """A 1-bit QR code of `data`, with whole-dot modules, at most about `target` dots wide.

    No quiet zone is included: the caller leaves white space around it.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    modules = len(matrix)
    module_dots = max(3, target // modules)  # < 3 dots (0.375 mm) smudges on thermal paper
    small = Image.new("1", (modules, modules), WHITE)
    small.putdata([BLACK if cell else WHITE for row in matrix for cell in row])
    size = modules * module_dots
    return small.resize((size, size), Image.Resampling.NEAREST)


def _qr_band(data: str, m: _Metrics) -> Image.Image:
    code = qr_image(data, m.qr_target)
    if code.width > m.width - 2 * m.margin:
        raise ValueError(f"status_url is too long for a QR code on {m.width}-dot paper")
    band, _ = _blank_band(m.width, code.height)
    band.paste(code, ((m.width - code.width) // 2, 0))
    return band


def clear_caches() -> None:
    """Forget cached bands (not fonts): for benchmarks of the uncached path."""
    for cached in (_centred_band, _rule_band, _number_band, _mark_band, _row_band):
        cached.cache_clear()


def format_minutes(minutes: int, unit: str) -> str:
    return f"~{minutes} {unit}"


def _bands(ticket: TicketPrint, m: _Metrics) -> list[Band]:
    bands: list[Band] = [
        m.gap,
        _centred_band(ticket.centre_name, m.title, True, m),
        m.gap,
        _rule_band(max(2, m.gap // 4), m),
        m.gap,
        _centred_band(ticket.zone_name, m.zone, False, m),
        round(m.gap * 1.6),
        _number_band(ticket.display, m),
        round(m.gap * 1.6),
    ]
    if ticket.priority_label:
        bands += [_mark_band(ticket.priority_label, m), m.gap]
    bands += [
        _centred_band(ticket.issued_at.strftime("%d.%m.%Y   %H:%M"), m.body, False, m, wrap=False),
        m.gap,
        _rule_band(1, m),
        m.gap,
        _row_band(ticket.labels.people_ahead, str(ticket.ahead), m),
    ]
    if ticket.estimated_wait_minutes is not None:
        wait = format_minutes(ticket.estimated_wait_minutes, ticket.labels.minutes)
        bands += [m.gap // 2, _row_band(ticket.labels.estimated_wait, wait, m)]
    bands += [m.gap * 2 + 4, _qr_band(ticket.status_url, m)]
    if ticket.labels.scan_hint:
        bands += [m.gap, _centred_band(ticket.labels.scan_hint, m.small, False, m)]
    bands.append(m.gap)
    return bands


def render_ticket(ticket: TicketPrint, width_dots: int) -> Image.Image:
    """Draw `ticket` as a mode "1" image exactly `width_dots` wide (384 for 58 mm, 576 for 80 mm).

    The height follows the content. Black is 0, white is 1, as Pillow's mode "1" has it.
    """
    if not MIN_WIDTH_DOTS <= width_dots <= MAX_WIDTH_DOTS or width_dots % 8:
        raise ValueError(
            f"width_dots must be a multiple of 8 in {MIN_WIDTH_DOTS}..{MAX_WIDTH_DOTS}, "
            f"got {width_dots}"
        )
    m = _Metrics.for_width(width_dots)
    bands = _bands(ticket, m)
    height = sum(band if isinstance(band, int) else band.height for band in bands)
    image = Image.new("1", (width_dots, height), WHITE)
    top = 0
    for band in bands:
        if isinstance(band, int):
            top += band
        else:
            image.paste(band, (0, top))
            top += band.height
    return image
