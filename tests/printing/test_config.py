"""Printers in the centre file and QABYLDAU_PRINTER_URL: who prints where."""

from __future__ import annotations

import re
import tomllib

import pytest
from pydantic import ValidationError

from app.config.centre import CentreConfig
from app.config.settings import DEMO_CENTRE, Settings
from app.services.printing.printers import PrinterRegistry

PRINTERS = """
[[printers]]
code = "lobby"
url = "tcp://192.0.2.10:9100?timeout=3"
paper = 80
kiosks = ["Lobby kiosk"]

[[printers]]
code = "front-desk"
url = "usb://04b8:0e15"
paper = 58
workplaces = ["window-1"]
users = ["Anna"]
"""


def centre(extra: str = PRINTERS) -> CentreConfig:
    raw = tomllib.loads(DEMO_CENTRE.read_text(encoding="utf-8") + extra)
    return CentreConfig.model_validate(raw)


def test_printers_are_found_by_kiosk_workplace_and_user() -> None:
    registry = PrinterRegistry.from_config(centre(), Settings(printer_url=None))
    lobby, desk = registry.get("lobby"), registry.get("front-desk")
    assert lobby is not None
    assert desk is not None
    assert (lobby.width_dots, desk.width_dots) == (576, 384)
    assert registry.for_kiosk("lobby KIOSK ") is lobby  # names as people type them
    assert registry.for_kiosk("Upstairs kiosk") is None  # no default printer
    assert registry.for_staff("someone", "window-1") is desk
    assert registry.for_staff("anna", None) is desk
    assert registry.for_staff("bob", "window-2") is None


def test_the_default_printer_serves_everyone_else() -> None:
    settings = Settings(printer_url="tcp://127.0.0.1:9100", printer_paper=58)
    registry = PrinterRegistry.from_config(centre(), settings)
    default = registry.default
    assert default is not None
    assert default.width_dots == 384
    assert registry.for_kiosk("Upstairs kiosk") is default
    assert registry.for_staff("bob", "window-2") is default
    assert registry.for_kiosk("Lobby kiosk") is registry.get("lobby")


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ('[[printers]]\ncode = "p"\nurl = "lpt1"\n', "scheme must be one of"),
        ('[[printers]]\ncode = "p"\nurl = "tcp://h"\npaper = 72\n', "paper"),
        ('[[printers]]\ncode = "default"\nurl = "tcp://h"\n', "QABYLDAU_PRINTER_URL"),
        (
            '[[printers]]\ncode = "p"\nurl = "tcp://h"\nworkplaces = ["window-9"]\n',
            "unknown workplace 'window-9'",
        ),
        (
            '[[printers]]\ncode = "a"\nurl = "tcp://h"\nkiosks = ["K"]\n'
            '[[printers]]\ncode = "b"\nurl = "tcp://g"\nkiosks = ["k"]\n',
            "appears twice",
        ),
        ("[kiosk]\ntickets_per_minute = 0\n", "tickets_per_minute"),
    ],
    ids=[
        "bad-url",
        "paper-width",
        "reserved-code",
        "unknown-workplace",
        "kiosk-twice",
        "no-tickets",
    ],
)
def test_mistakes_in_the_centre_file_are_named(extra: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        centre(extra)


def test_kiosk_and_printing_defaults() -> None:
    plain = centre("")
    assert plain.kiosk.tickets_per_minute == 12  # 12.12: the 09:00 rush is never refused
    assert plain.kiosk.idle_seconds == 30
    assert plain.printing.retry_for_seconds == 180
    assert plain.printers == []


def test_public_url_must_be_a_web_address() -> None:
    assert Settings(public_url="https://queue.example.kz/").public_url == "https://queue.example.kz"
    with pytest.raises(ValidationError, match="QABYLDAU_PUBLIC_URL"):
        Settings(public_url="queue.example.kz")


def test_printer_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QABYLDAU_PRINTER_URL", "tcp://127.0.0.1:9100")
    monkeypatch.setenv("QABYLDAU_PRINTER_PAPER", "58")
    settings = Settings()
    assert (settings.printer_url, settings.printer_paper) == ("tcp://127.0.0.1:9100", 58)
    monkeypatch.setenv("QABYLDAU_PRINTER_PAPER", "72")
    with pytest.raises(ValidationError, match="58 or 80"):
        Settings()


def test_the_demo_files_commented_example_is_valid() -> None:
    """What the demo centre file suggests, uncommented, loads (and says the defaults)."""
    text = DEMO_CENTRE.read_text(encoding="utf-8")
    example = text[text.index("# [kiosk]") :]
    settings = [line[2:] for line in example.splitlines() if re.match(r"# (\[|\w+ = )", line)]
    uncommented = "\n".join(settings)
    config = centre("\n" + uncommented)
    assert config.kiosk.idle_seconds == 30
    assert config.printing.retry_for_seconds == 180
    [lobby] = config.printers
    assert (lobby.code, lobby.paper, lobby.kiosks) == ("lobby", 80, ["Lobby kiosk"])
