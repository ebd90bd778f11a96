"""Fixtures for the printer tests: an emulated network printer, a closed port, samples."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from PIL import Image

from printer.layout import render_ticket
from printer.testing.emulator import NetworkPrinterEmulator
from printer.testing.samples import KAZAKH, RUSSIAN


@pytest.fixture
def emulator() -> Iterator[NetworkPrinterEmulator]:
    with NetworkPrinterEmulator() as printer:
        yield printer


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(params=[384, 576], ids=["58mm", "80mm"])
def width(request: pytest.FixtureRequest) -> int:
    value: int = request.param
    return value


@pytest.fixture
def kazakh_image(width: int) -> Image.Image:
    return render_ticket(KAZAKH, width)


@pytest.fixture
def russian_image(width: int) -> Image.Image:
    return render_ticket(RUSSIAN, width)
