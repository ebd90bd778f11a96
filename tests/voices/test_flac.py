"""Pieces stored trimmed as FLAC: lossless against the real espeak render, announcements
bit-identical to those from raw WAV pieces, a smaller pack, old packs converted."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.voices.conftest import assert_announcement_wav, assert_piece
from voices import flac, make_announcer, wav
from voices.announcer import Announcer
from voices.espeak import Engine, EspeakSynthesizer
from voices.fake import FakeSynthesizer
from voices.pack import PackReport, build_voice_pack, cache_dir_of
from voices.synth import SpeechUnavailable

TEXTS = (("жүз он бес", "kk"), ("пройдите к окну номер", "ru"), ("ticket number", "en"))
LANGUAGES = ("kk", "ru", "en")
CALLS = (("115", "window", 3), ("К-116", "window", 3), ("114", "window", 3))


def raw_synth(cache_dir: Path) -> EspeakSynthesizer:
    """espeak storing its renders as they come, raw WAV: the pack as it was before FLAC."""
    return EspeakSynthesizer(cache_dir, compress=False)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> dict[Path, bytes]:
    """The frames of each espeak render as the synthesizer stores it, by piece file. espeak
    does not render a text twice alike (its noise sources differ in the last bits), so the
    lossless proofs compare a stored piece with the very render it was made from."""
    seen: dict[Path, bytes] = {}
    store = flac.write_piece

    def spy(path: Path, frames: bytes) -> None:
        seen[path] = frames
        store(path, frames)

    monkeypatch.setattr(flac, "write_piece", spy)
    return seen


def build(pack: Path, synthesizer: EspeakSynthesizer | None = None) -> PackReport:
    report = build_voice_pack(
        LANGUAGES, [(114, 116)], pack, workplaces=[("window", 3)], prefixes=["К"],
        synthesizer=synthesizer,
    )  # fmt: skip
    assert report.ok
    return report


def pieces_of(pack: Path) -> list[tuple[str, str]]:
    """(text, voice) of every piece the pack lists, each once (languages share some)."""
    out: dict[tuple[str, str], None] = {}
    for language in LANGUAGES:
        with (pack / language / "pieces.tsv").open(encoding="utf-8") as f:
            rows = csv.DictReader(f, delimiter="\t")
            out.update(dict.fromkeys((row["text"], row["voice"]) for row in rows))
    return list(out)


def size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.iterdir())


def announcements(announcer: Announcer) -> list[bytes]:
    return [announcer.announcement_wav(*call, language).read_bytes()
            for language in LANGUAGES for call in CALLS]  # fmt: skip


def test_a_stored_piece_is_exactly_the_trimmed_espeak_render(
    tmp_path: Path, espeak: EspeakSynthesizer, renders: dict[Path, bytes]
) -> None:
    raw = raw_synth(tmp_path / "raw")
    for text, language in TEXTS:
        piece = espeak.synthesize(text, language)
        assert_piece(piece)
        render = renders[piece]
        trimmed = wav.trim(render)
        assert 0 < len(trimmed) < len(render)  # espeak's own pause is gone
        assert flac.read_frames(piece) == trimmed  # lossless
        # What the pack kept before: the render as espeak writes it, which wav.write of
        # its frames reproduces byte for byte; the piece is far smaller than that.
        before = raw.synthesize(text, language)
        wav.write(tmp_path / "again.wav", wav.read_frames(before))
        assert (tmp_path / "again.wav").read_bytes() == before.read_bytes()
        wav.write(before, render)
        assert piece.stat().st_size < before.stat().st_size / 1.5
        # Trimming a stored piece again (the announcer does) leaves it as it is.
        assert wav.trim(flac.read_piece(piece)) == wav.trim(flac.read_piece(before))


def test_the_compressed_pack_is_smaller_and_says_the_same(
    tmp_path: Path, renders: dict[Path, bytes]
) -> None:
    after, before = tmp_path / "pack", tmp_path / "raw-pack"
    build(after)
    pieces, raw_pieces = cache_dir_of(after) / "pieces", cache_dir_of(before) / "pieces"
    # The same renders as a pack before FLAC kept them (raw WAV, under its own names).
    current, raw = EspeakSynthesizer(pieces), raw_synth(raw_pieces)
    for text, voice in pieces_of(after):
        wav.write(raw.cache_path(text, voice), renders[current.cache_path(text, voice)])
    assert {p.suffix for p in pieces.iterdir()} == {".flac"}
    assert len(list(pieces.iterdir())) == len(list(raw_pieces.iterdir())) == len(renders)
    # Markedly smaller, piece by piece (the whole pack's figures: bench/voice_pack.py).
    assert size(pieces) < size(raw_pieces) / 1.5
    for text, voice in pieces_of(after):
        assert (
            current.cache_path(text, voice).stat().st_size
            < raw.cache_path(text, voice).stat().st_size
        )
    # The board hears the same: bit for bit the announcements of the raw pieces.
    old = make_announcer(pack_dir=before, synthesizer=raw)
    new = make_announcer(pack_dir=after)
    said = announcements(new)
    assert said == announcements(old)
    assert len(set(said)) == len(said)
    assert_announcement_wav(new.announcement_wav(*CALLS[0], "kk"))
    for announcer in (old, new):
        assert announcer.synthesizer.engine_calls == 0  # all from the packs


def test_a_pack_built_before_flac_is_converted_not_rendered(tmp_path: Path) -> None:
    """A version-1 pack (raw WAV pieces under the version-1 key): `voices build` converts
    every piece to the same frames without rendering it, and removes the raw files."""
    pack = tmp_path / "pack"
    pieces = cache_dir_of(pack) / "pieces"
    raw = raw_synth(pieces)
    build(pack, raw)
    reference = announcements(make_announcer(pack_dir=pack, synthesizer=raw))
    current = EspeakSynthesizer(pieces)
    for text, language in pieces_of(pack):  # as version 1 named them
        legacy = current.legacy_path(text, language)
        assert legacy is not None
        raw.cache_path(text, language).rename(legacy)
    (pieces / "0123456789abcdef0123456789abcdef.wav").write_bytes(b"")  # not in the plan
    raw_size = size(pieces)
    report = build(pack)
    assert report.rendered == {"kk": 0, "ru": 0, "en": 0}
    assert report.removed == 1
    assert {p.suffix for p in pieces.iterdir()} == {".flac"}
    assert size(pieces) < raw_size / 1.5
    announcer = make_announcer(pack_dir=pack)
    assert announcements(announcer) == reference
    assert announcer.synthesizer.engine_calls == 0


def test_an_old_piece_is_converted_where_espeak_is_missing(tmp_path: Path) -> None:
    render = raw_synth(tmp_path / "raw").synthesize("үшінші", "kk")
    trimmed = wav.trim(wav.read_frames(render))

    def no_engine() -> Engine:
        raise OSError("libespeak-ng.so.1: cannot open shared object file")

    copied = EspeakSynthesizer(tmp_path / "copied", engine_factory=no_engine)
    try:
        legacy = copied.legacy_path("үшінші", "kk")
        assert legacy is not None
        legacy.parent.mkdir()
        render.rename(legacy)  # a version-1 pack copied to a machine without espeak
        piece = copied.synthesize("үшінші", "kk")
        assert (copied.engine_calls, copied.converted) == (0, 1)
        assert not legacy.exists()
        assert flac.read_frames(piece) == trimmed
        assert copied.synthesize("үшінші", "kk") == piece
        with pytest.raises(SpeechUnavailable, match="cannot start"):
            copied.synthesize("төртінші", "kk")  # a piece it never had needs the engine
    finally:
        copied.close()


def test_a_quiet_piece_is_stored_whole_and_a_broken_one_is_refused(tmp_path: Path) -> None:
    quiet = (100).to_bytes(2, "little", signed=True) * 2205
    flac.write_piece(tmp_path / "quiet.flac", quiet)
    assert flac.read_frames(tmp_path / "quiet.flac") == quiet  # trimming it later: nothing
    with pytest.raises(ValueError, match="frame"):
        flac.write_piece(tmp_path / "none.flac", b"")
    (tmp_path / "bad.flac").write_bytes(b"fLaC and then nothing")
    with pytest.raises(flac.FlacError):
        flac.read_frames(tmp_path / "bad.flac")
    # In an announcement, a broken piece is a failed call (a chime), not a server error.
    fake = FakeSynthesizer(tmp_path / "pieces")
    announcer = Announcer(fake, tmp_path / "cache", pack_dir=tmp_path / "pack")
    for piece in announcer.announcement("115", "window", 3, "kk").pieces:
        fake.synthesize(piece.text, piece.voice)
        fake.cache_path(piece.text, piece.voice).write_bytes(b"fLaC broken")
    with pytest.raises(SpeechUnavailable, match="not usable"):
        announcer.announcement_wav("115", "window", 3, "kk")
