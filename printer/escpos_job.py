"""One print job as ESC/POS bytes: initialise, the ticket as a raster image, cut.

The bytes are produced by python-escpos (its ``Dummy`` printer collects output in memory),
so every adapter — network, USB, serial, file — sends exactly the same job.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any, Final, Literal

from PIL import Image

from printer._escpos import Dummy, Profile, get_profile

CutMode = Literal["full", "partial"]

DLE: Final = b"\x10"
EOT: Final = b"\x04"
ESC: Final = b"\x1b"
GS: Final = b"\x1d"

INIT: Final = ESC + b"@"
"""ESC @: clear the print buffer and reset modes."""
RASTER: Final = GS + b"v0"
"""GS v 0: raster bit image — the only image command every ESC/POS clone knows."""
CUT_PREFIX: Final = GS + b"V"

# Real-time status requests (DLE EOT n): answered at once, even when the printer is offline.
RT_PRINTER: Final = DLE + EOT + b"\x01"
RT_OFFLINE_CAUSE: Final = DLE + EOT + b"\x02"
RT_ERROR_CAUSE: Final = DLE + EOT + b"\x03"
RT_PAPER: Final = DLE + EOT + b"\x04"
# GS r 1: paper sensor status, processed in order — answered only after everything sent
# before it has been processed (printed), so its answer confirms the job.
GS_PAPER_STATUS: Final = GS + b"r\x01"

DEFAULT_FRAGMENT_HEIGHT: Final = 960
"""Rows per GS v 0 command (python-escpos's default; taller images are sent in bands)."""


@lru_cache(maxsize=8)
def _profile_data(width_dots: int) -> dict[str, Any]:
    # python-escpos profiles share one class-level dict: copy it, never mutate it, or every
    # printer in the process would get this width.
    data: dict[str, Any] = copy.deepcopy(get_profile("default").profile_data)
    data["media"]["width"]["pixels"] = width_dots
    data["media"]["width"]["mm"] = round(width_dots / 8)
    data["media"]["dpi"] = 203
    return data


def escpos_profile(width_dots: int) -> Any:
    """A python-escpos profile for the default printer with the paper width set."""
    data = _profile_data(width_dots)
    # python-escpos accepts only `Profile` instances; their features start empty.
    profile = Profile(features=dict(data["features"]))
    profile.profile_data = data
    return profile


def fit_to_paper(image: Image.Image, width_dots: int) -> Image.Image:
    """`image` as mode "1", exactly `width_dots` wide (a narrower image is centred)."""
    if image.width > width_dots:
        raise ValueError(f"image is {image.width} dots wide, the paper only {width_dots}")
    mono = image if image.mode == "1" else image.convert("1")
    if mono.width == width_dots:
        return mono
    canvas = Image.new("1", (width_dots, mono.height), 1)
    canvas.paste(mono, ((width_dots - mono.width) // 2, 0))
    return canvas


def build_job(
    image: Image.Image,
    width_dots: int,
    *,
    cut: CutMode = "full",
    fragment_height: int = DEFAULT_FRAGMENT_HEIGHT,
) -> bytes:
    """ESC @, the image as GS v 0 raster exactly `width_dots` wide, feed, GS V cut."""
    printer = Dummy(profile=escpos_profile(width_dots))
    printer.hw("INIT")
    printer.image(
        fit_to_paper(image, width_dots),
        impl="bitImageRaster",
        fragment_height=fragment_height,
        center=False,
    )
    printer.cut(mode="FULL" if cut == "full" else "PART")
    job: bytes = printer.output
    return job
