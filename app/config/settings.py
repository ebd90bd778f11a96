"""Process settings from QABYLDAU_* environment variables."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEMO_CENTRE = Path(__file__).with_name("demo_centre.toml")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QABYLDAU_", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str | None = None  # default: SQLite file in data_dir
    config: Path = DEMO_CENTRE
    always_open: bool = False  # ignore hours and holidays (demos, acceptance runs)
    # The voice pack (recorded clips in <lang>/, caches in .cache/); default: <data_dir>/voices.
    # Point it at the repository's voices/ to use the clips recorded there (voices/kk/README.md).
    voices_dir: Path | None = None
    # The printer of kiosks and desks the centre file gives none: tcp://host:9100, usb://VID:PID,
    # serial:///dev/ttyUSB0, file:///path (printer.urls); its paper width in mm.
    printer_url: str | None = None
    printer_paper: int = 80
    # Where visitors' phones reach the server, for the QR code on tickets (e.g.
    # https://queue.example.kz); default: the address the kiosk itself used.
    public_url: str | None = None

    @field_validator("printer_paper")
    @classmethod
    def _paper_width(cls, value: int) -> int:
        # An int checked here, not Literal[58, 80]: environment values arrive as text.
        if value not in (58, 80):
            raise ValueError("QABYLDAU_PRINTER_PAPER must be 58 or 80 (mm)")
        return value

    @field_validator("public_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("QABYLDAU_PUBLIC_URL must be an http:// or https:// address")
        return value.strip().rstrip("/")

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'qabyldau.sqlite3').resolve()}"

    @property
    def resolved_voices_dir(self) -> Path:
        return self.voices_dir if self.voices_dir is not None else self.data_dir / "voices"
