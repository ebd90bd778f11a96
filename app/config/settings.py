"""Process settings from QABYLDAU_* environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEMO_CENTRE = Path(__file__).with_name("demo_centre.toml")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QABYLDAU_", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str | None = None  # default: SQLite file in data_dir
    config: Path = DEMO_CENTRE
    always_open: bool = False  # ignore hours and holidays (demos, acceptance runs)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'qabyldau.sqlite3').resolve()}"
