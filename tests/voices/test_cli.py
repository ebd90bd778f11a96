"""`qabyldau voices build` on a tiny centre, with the real espeak-ng: the pack the server then
uses without synthesizing anything at call time."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from app.config.centre import load_centre
from app.services.announcements import Announcements, Call
from voices import EspeakSynthesizer

QABYLDAU = str(Path(sys.executable).with_name("qabyldau"))
TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny_centre.toml"


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QABYLDAU_DATA_DIR": str(data_dir), "QABYLDAU_CONFIG": str(TINY)}
    env.pop("QABYLDAU_VOICES_DIR", None)
    return subprocess.run(
        [QABYLDAU, "voices", "build", *args], env=env, capture_output=True, text=True, timeout=120
    )


def manifest(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as f:
        return {row["file"]: row["text"] for row in csv.DictReader(f, delimiter="\t")}


def test_voices_build_renders_the_centres_pieces_into_the_data_dir(tmp_path: Path) -> None:
    done = run(tmp_path, "--languages", "kk,ru")
    assert done.returncode == 0, done.stderr + done.stdout
    assert "Voice pack kk,ru" in done.stdout  # the progress bar's label
    pack = tmp_path / "voices"
    kk = manifest(pack / "kk" / "pieces.tsv")
    # Tiny centre: numbers 1–3 under prefixes Т and Қ, desks 1–3 (ordinals in Kazakh).
    assert kk["number-3.wav"] == "үш"
    assert kk["letter-cyrillic-ka-with-descender.wav"] == "қа"
    assert kk["ordinal-2.wav"] == "екінші"
    assert (
        kk["phrase-ozine-ozi-qyzmet-korsetu-ajmagynyn.wav"] == "өзіне-өзі қызмет көрсету аймағының"
    )
    assert kk["phrase-usteline-otiniz.wav"] == "үстеліне өтіңіз"
    ru = manifest(pack / "ru" / "pieces.tsv")
    assert ru["number-2.wav"] == "два"
    assert "number-4.wav" not in ru  # only the configured ranges
    assert not (pack / "en").exists()
    assert "kk: 13 pieces, 0 recorded, 13 newly rendered, 0 failed" in done.stdout

    # The server on that pack says any call of the centre without the engine.
    speech = Announcements(load_centre(TINY), pack)
    synth = speech.announcer.synthesizer
    assert isinstance(synth, EspeakSynthesizer)
    for call in (Call("Т-2", "desk", 1, "kk"), Call("Қ-3", "desk", 3, "ru")):
        assert speech.lookup(call.key) == call
        assert speech.render(call).stat().st_size > 10_000
    assert synth.engine_calls == 0

    again = run(tmp_path, "--languages", "kk")
    assert again.returncode == 0, again.stderr
    assert "kk: 13 pieces, 0 recorded, 0 newly rendered, 0 failed" in again.stdout


def test_voices_build_refuses_an_unknown_language(tmp_path: Path) -> None:
    done = run(tmp_path, "--languages", "kk,de")
    assert done.returncode == 2
    assert "unknown de" in done.stderr
    assert not (tmp_path / "voices").exists()
