"""The QR code of a ticket's status page, drawn as SVG for the kiosk's screen: a visitor whose
ticket is not printed (no printer at this kiosk) can still follow their turn on their phone."""

from __future__ import annotations

import io

import qrcode  # type: ignore[import-untyped]
import qrcode.image.svg  # type: ignore[import-untyped]
from markupsafe import Markup


def qr_svg(data: str) -> Markup:
    """Inline SVG (no XML declaration), sized by CSS. `data` is our own status address."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    svg = svg[svg.index("<svg") :]
    # Drawn by qrcode from our own address: markup we made, not text a visitor typed.
    return Markup(svg)  # noqa: S704
