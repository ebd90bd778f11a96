"""Browser tests: the real server (one worker, SQLite file, demo centre) and real headless
Chromium. Staff accounts and devices are made with the `qabyldau` command, as an
administrator would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from app.config.settings import DEMO_CENTRE
from tests.support.browser import (
    CHROMIUM_ARGS,
    SCREENSHOTS,
    accessibility_problems,
    chromium_path,
)
from tests.support.live_server import LiveServer, live_server

PASSWORD = "browser-test-password"
QABYLDAU = str(Path(sys.executable).with_name("qabyldau"))


@dataclass
class Centre:
    """A running centre the browser talks to."""

    server: LiveServer
    database_url: str
    data_dir: Path

    @property
    def url(self) -> str:
        return self.server.base_url

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "QABYLDAU_DATABASE_URL": self.database_url,
            "QABYLDAU_DATA_DIR": str(self.data_dir),
            "QABYLDAU_CONFIG": str(DEMO_CENTRE),
        }

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [QABYLDAU, *args], env=self.env(), capture_output=True, text=True, check=True
        )
        return done.stdout

    def add_user(self, username: str, role: str) -> None:
        self.cli("users", "add", username, "--role", role, "--password", PASSWORD)

    def pairing_path(self, kind: str, name: str) -> str:
        output = self.cli("devices", "add", "--kind", kind, "--name", name)
        match = re.search(r"/pair/\S+", output)
        assert match, output
        return match.group(0)


# Per module, not per session: Playwright's sync API runs an event loop in the main thread
# while it is open, and tests elsewhere that call asyncio.run() must not find one.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


@pytest.fixture
def centre(tmp_path: Path) -> Iterator[Centre]:
    url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
    with live_server(url, data_dir=tmp_path, config=DEMO_CENTRE, workers=1) as server:
        yield Centre(server, url, tmp_path)


def new_page(browser: Browser, width: int = 1366, height: int = 768) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="kk-KZ")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def sign_in(page: Page, centre: Centre, username: str, workplace: str | None = None) -> None:
    page.goto(centre.url + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    if workplace:
        page.select_option("#workplace", workplace)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def screenshot(page: Page, name: str) -> Path:
    """The screen saved for a person to look at, and checked with axe-core: no serious or
    critical accessibility violation (contrast, names of controls, language, ...)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    problems = accessibility_problems(page)
    assert not problems, f"{name}: " + "; ".join(problems)
    return path
