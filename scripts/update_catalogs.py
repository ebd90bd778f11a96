"""Extract the marked messages and merge them into the kk/ru/en catalogs.

Run after adding or changing a visitor-facing string:  python scripts/update_catalogs.py
New strings arrive with an empty translation; tests/test_i18n.py fails until every
language has one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "app" / "i18n" / "locales"


def main() -> None:
    pot = ROOT / "build" / "messages.pot"
    pot.parent.mkdir(exist_ok=True)
    babel = [sys.executable, "-m", "babel.messages.frontend"]
    # Our own interpreter and fixed arguments: nothing untrusted reaches these commands.
    subprocess.run(  # noqa: S603
        [
            *babel,
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "_",
            "-k",
            "kk",
            "-k",
            "ru",
            # The same English word in two senses gets a msgctxt: pgettext(context, message),
            # and kk_pgettext / ru_pgettext on the bilingual screens.
            "-k",
            "pgettext:1c,2",
            "-k",
            "kk_pgettext:1c,2",
            "-k",
            "ru_pgettext:1c,2",
            "--no-location",
            "--sort-output",
            "-o",
            str(pot),
            "app",
            "kiosk",
            "board",
            "printer",
            "voices",
        ],
        check=True,
        cwd=ROOT,
    )
    for lang in ("kk", "ru", "en"):
        po = LOCALES / lang / "LC_MESSAGES" / "messages.po"
        command = "update" if po.exists() else "init"
        subprocess.run(  # noqa: S603
            [*babel, command, "-i", str(pot), "-d", str(LOCALES), "-l", lang, "--no-wrap"]
            + (["--ignore-obsolete", "--no-fuzzy-matching"] if command == "update" else []),
            check=True,
            cwd=ROOT,
        )


if __name__ == "__main__":
    main()
