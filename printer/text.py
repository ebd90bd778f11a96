"""Text on a ticket: the DejaVu faces shipped in printer/fonts (every Kazakh letter), and
word wrapping to a width in pixels that never drops a letter."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

from PIL import ImageFont

FONT_DIR: Final = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR: Final = FONT_DIR / "DejaVuSans-kk.ttf"
FONT_BOLD: Final = FONT_DIR / "DejaVuSans-Bold-kk.ttf"
FONT_NUMBER: Final = FONT_DIR / "DejaVuSansCondensed-Bold-kk.ttf"

KAZAKH_LETTERS: Final = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
"""The letters of the Kazakh Cyrillic alphabet that Russian has not."""


@lru_cache(maxsize=64)
def number_font(size: int) -> ImageFont.FreeTypeFont:
    """The condensed bold face the ticket number is drawn in."""
    return ImageFont.truetype(str(FONT_NUMBER), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=128)
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The ticket font at `size` pixels (cached: loading a face costs ~0.3 ms)."""
    path = FONT_BOLD if bold else FONT_REGULAR
    # BASIC layout: Cyrillic needs no shaping, and the output must not depend on whether
    # the machine's Pillow was built with libraqm.
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def wrap_text(text: str, fnt: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Greedy word wrap to `max_width` pixels; a word wider than a line is broken by letters.

    Explicit newlines are kept. No text is ever dropped.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if fnt.getlength(candidate) <= max_width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for piece in _break_word(word, fnt, max_width):
                if line:
                    lines.append(line)
                line = piece
        lines.append(line)
    return lines


def wrap_balanced(text: str, fnt: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Like wrap_text, with lines of similar length (no lone word on the last line)."""
    lines = wrap_text(text, fnt, max_width)
    if len(lines) < 2 or "\n" in text:
        return lines
    longest_word = max(fnt.getlength(word) for word in text.split())
    low, high = max(1, int(longest_word)), max_width
    while low < high:  # the narrowest width that still needs no more lines
        middle = (low + high) // 2
        if len(wrap_text(text, fnt, middle)) <= len(lines):
            high = middle
        else:
            low = middle + 1
    return wrap_text(text, fnt, high)


def _break_word(word: str, fnt: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    if fnt.getlength(word) <= max_width:
        return [word]
    pieces: list[str] = []
    piece = ""
    for char in word:
        if piece and fnt.getlength(piece + char) > max_width:
            pieces.append(piece)
            piece = char
        else:
            piece += char
    pieces.append(piece)
    return pieces
