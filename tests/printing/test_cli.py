"""`qabyldau printers list` and `qabyldau printers test` with a TCP printer on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from printer.testing.emulator import NetworkPrinterEmulator

runner = CliRunner()


@pytest.fixture
def emulator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[NetworkPrinterEmulator]:
    monkeypatch.setenv("QABYLDAU_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    with NetworkPrinterEmulator() as printer:
        monkeypatch.setenv("QABYLDAU_PRINTER_URL", f"{printer.url}?timeout=2")
        monkeypatch.setenv("QABYLDAU_PRINTER_PAPER", "58")
        yield printer


def test_list_names_the_default_printer(emulator: NetworkPrinterEmulator) -> None:
    done = runner.invoke(cli, ["printers", "list"])
    assert done.exit_code == 0, done.output
    assert f"default: {emulator.url}?timeout=2, 58 mm, for everyone else" in done.output
    assert "not heard from yet" in done.output


def test_a_test_print_arrives_at_the_printer(emulator: NetworkPrinterEmulator) -> None:
    done = runner.invoke(cli, ["printers", "test", "default"])
    assert done.exit_code == 0, done.output
    [job] = emulator.wait_for_jobs(1)
    assert job.width == 384
    emulator.stop()
    failed = runner.invoke(cli, ["printers", "test", "default"])
    assert failed.exit_code == 1
    assert "Not printed (offline)" in failed.output
    unknown = runner.invoke(cli, ["printers", "test", "attic"])
    assert unknown.exit_code == 1
