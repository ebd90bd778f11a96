"""Voice pack building: every piece rendered ahead, recordings respected, progress reported."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.voices.test_announcer import tone
from voices import make_announcer
from voices.announcer import Announcer
from voices.espeak import EspeakSynthesizer
from voices.fake import FakeSynthesizer
from voices.pack import DEMO_WORKPLACES, build_voice_pack, cache_dir_of, rich_progress


def test_build_renders_every_piece_once_and_lists_them(tmp_path: Path) -> None:
    fake = FakeSynthesizer(tmp_path / "pieces")
    seen: list[tuple[int, int, str]] = []
    tone(tmp_path / "pack" / "ru" / "number-3.wav")  # the centre recorded this one
    report = build_voice_pack(
        ["kk", "ru"], [(100, 104), (400, 401)], tmp_path / "pack",
        lambda done, total, what: seen.append((done, total, what)),
        workplaces=DEMO_WORKPLACES, prefixes=["К"], synthesizer=fake,
    )  # fmt: skip
    # kk: 5 phrases (the self-service desk's names its zone) + 1 letter + 7 ticket numbers
    # + 6 ordinals (1, 2, 3, 201, 202, 4);
    # ru: 4 phrases + 1 letter + 7 ticket numbers + 6 place numbers said as cardinals.
    assert report.pieces == {"kk": 19, "ru": 18}
    assert report.recorded == {"kk": 0, "ru": 1}
    assert report.rendered == {"kk": 19, "ru": 17}
    assert report.ok
    assert fake.engine_calls == 36
    assert seen[-1][:2] == (37, 37)
    assert seen[0] == (1, 37, "kk phrase-talon-nomiri")
    with (tmp_path / "pack" / "kk" / "pieces.tsv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    assert rows[0] == ["file", "text", "voice"]
    assert ["number-101.wav", "жүз бір", "kk"] in rows
    assert ["ordinal-201.wav", "екі жүз бірінші", "kk"] in rows
    assert ["letter-cyrillic-ka.wav", "ка", "kk"] in rows
    # A second build finds everything cached.
    again = build_voice_pack(
        ["kk", "ru"],
        [(100, 104), (400, 401)],
        tmp_path / "pack",
        workplaces=DEMO_WORKPLACES,
        prefixes=["К"],
        synthesizer=fake,
    )
    assert again.rendered == {"kk": 0, "ru": 0}


def test_failing_speech_is_reported_not_raised(tmp_path: Path) -> None:
    report = build_voice_pack(
        ["kk"], [(1, 3)], tmp_path, synthesizer=FakeSynthesizer(tmp_path, fail=True)
    )
    assert not report.ok
    assert "number-2" in report.failed["kk"]


def test_real_pack_makes_announcements_instant(tmp_path: Path, espeak: EspeakSynthesizer) -> None:
    pack = tmp_path / "pack"
    with rich_progress() as progress:
        report = build_voice_pack(
            ["kk", "ru"], [(114, 116)], pack, progress, workplaces=[("window", 3)]
        )
    assert report.ok
    assert report.rendered["kk"] == 5 + 3 + 1  # phrases (the desk's too), numbers, ordinal
    announcer = make_announcer(pack_dir=pack)
    assert announcer.cache_dir.parent == cache_dir_of(pack)
    synth = announcer.synthesizer
    assert isinstance(announcer, Announcer)
    assert isinstance(synth, EspeakSynthesizer)
    announcer.announcement_wav("115", "window", 3, "kk")
    announcer.announcement_wav("116", "window", 3, "ru")
    assert synth.engine_calls == 0  # every piece came from the pack
