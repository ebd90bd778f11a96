"""Whole announcements: assembly from pieces, caching, recorded clips, speech failure."""

from __future__ import annotations

import math
import threading
import wave
from pathlib import Path

import pytest

from tests.voices.conftest import assert_announcement_wav
from voices import flac, make_announcer, wav
from voices.announcer import Announcer
from voices.espeak import EspeakSynthesizer
from voices.fake import FakeSynthesizer
from voices.synth import SpeechUnavailable


def tone(path: Path, *, rate: int = 44_100, channels: int = 2, seconds: float = 0.5) -> None:
    """A recorded clip as a centre's recorder makes it (44.1 kHz stereo by default)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = bytearray()
    for i in range(int(rate * seconds)):
        sample = int(12000 * math.sin(2 * math.pi * 440 * i / rate)).to_bytes(
            2, "little", signed=True
        )
        frames += sample * channels
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))


@pytest.fixture
def fake(tmp_path: Path) -> FakeSynthesizer:
    return FakeSynthesizer(tmp_path / "pieces")


@pytest.fixture
def announcer(tmp_path: Path, fake: FakeSynthesizer) -> Announcer:
    return Announcer(fake, tmp_path / "cache", pack_dir=tmp_path / "pack")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_real_announcement_is_a_plausible_wav(
    tmp_path: Path, espeak: EspeakSynthesizer, language: str
) -> None:
    announcer = Announcer(espeak, tmp_path / "cache", pack_dir=tmp_path / "pack")
    for args in (("115", "window", 3), ("415", "cabinet", 201), ("К-515", "desk", 4)):
        path = announcer.announcement_wav(*args, language)
        assert 1.5 <= assert_announcement_wav(path).seconds <= 8


def test_real_kazakh_and_russian_announcements_differ(
    tmp_path: Path, espeak: EspeakSynthesizer
) -> None:
    announcer = Announcer(espeak, tmp_path / "cache", pack_dir=tmp_path / "pack")
    kk = announcer.announcement_wav("115", "window", 3, "kk")
    ru = announcer.announcement_wav("115", "window", 3, "ru")
    assert kk != ru
    assert wav.read_frames(kk) != wav.read_frames(ru)


def test_cached_announcement_is_neither_synthesized_nor_assembled_again(
    announcer: Announcer, fake: FakeSynthesizer
) -> None:
    first = announcer.announcement_wav("115", "window", 3, "kk")
    assert (announcer.assembled, fake.engine_calls) == (1, 4)
    assert announcer.announcement_wav("115", "window", 3, "kk") == first
    assert (announcer.assembled, fake.engine_calls) == (1, 4)
    # Another ticket to the same window reuses the phrase and ordinal pieces.
    announcer.announcement_wav("116", "window", 3, "kk")
    assert (announcer.assembled, fake.engine_calls) == (2, 5)


def test_assembly_joins_pieces_with_pauses(announcer: Announcer, fake: FakeSynthesizer) -> None:
    path = announcer.announcement_wav("115", "window", 3, "ru")
    pieces = sum(len(flac.read_frames(fake.cache_path(text, voice))) for text, voice in fake.texts)
    pauses = announcer.pauses
    silence = pauses.lead + 2 * pauses.between + pauses.comma + pauses.tail
    expected = pieces // 2 + wav.RATE * silence // 1000
    assert abs(wav.info(path).frames - expected) < 50


def test_a_recorded_clip_replaces_the_synthetic_piece(
    tmp_path: Path, announcer: Announcer, fake: FakeSynthesizer
) -> None:
    synthetic = announcer.announcement_wav("115", "window", 3, "kk")
    tone(tmp_path / "pack" / "kk" / "number-115.wav")
    fake.texts.clear()
    recorded = announcer.announcement_wav("115", "window", 3, "kk")
    assert recorded != synthetic
    assert "жүз он бес" not in [text for text, _ in fake.texts]
    assert_announcement_wav(recorded)
    # Re-recording the clip (new size) changes the announcement again.
    tone(tmp_path / "pack" / "kk" / "number-115.wav", seconds=0.8)
    assert announcer.announcement_wav("115", "window", 3, "kk") not in (synthetic, recorded)


def test_a_recorded_clip_replaces_real_speech(tmp_path: Path, espeak: EspeakSynthesizer) -> None:
    announcer = Announcer(espeak, tmp_path / "cache", pack_dir=tmp_path / "pack")
    synthetic = announcer.announcement_wav("115", "window", 3, "ru")
    calls = espeak.engine_calls
    tone(tmp_path / "pack" / "ru" / "phrase-talon-nomer.wav", rate=48_000, channels=1)
    recorded = announcer.announcement_wav("115", "window", 3, "ru")
    assert recorded != synthetic
    assert espeak.engine_calls == calls
    assert wav.read_frames(recorded) != wav.read_frames(synthetic)


def test_an_unreadable_recorded_clip_falls_back_to_synthetic(
    tmp_path: Path, announcer: Announcer, fake: FakeSynthesizer
) -> None:
    clip = tmp_path / "pack" / "kk" / "number-115.wav"
    clip.parent.mkdir(parents=True)
    clip.write_bytes(b"not a wav at all")
    assert_announcement_wav(announcer.announcement_wav("115", "window", 3, "kk"))
    assert ("жүз он бес", "kk") in fake.texts


def test_speech_failure_reaches_the_caller(tmp_path: Path) -> None:
    announcer = Announcer(
        FakeSynthesizer(tmp_path, fail=True), tmp_path / "c", pack_dir=tmp_path / "pack"
    )
    with pytest.raises(SpeechUnavailable):
        announcer.announcement_wav("115", "window", 3, "kk")


def test_fully_recorded_announcement_needs_no_synthesizer(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    announcer = Announcer(FakeSynthesizer(tmp_path, fail=True), tmp_path / "c", pack_dir=pack)
    for piece in announcer.announcement("115", "window", 3, "ru").pieces:
        tone(pack / "ru" / f"{piece.name}.wav", rate=22_050, channels=1, seconds=0.3)
    assert_announcement_wav(announcer.announcement_wav("115", "window", 3, "ru"))


def test_concurrent_announcements_on_real_speech(tmp_path: Path, espeak: EspeakSynthesizer) -> None:
    announcer = make_announcer(pack_dir=tmp_path / "pack")  # its own synthesizer, same worker
    results: list[Path | BaseException] = []
    start = threading.Barrier(6)

    def call(i: int) -> None:
        start.wait()
        try:
            results.append(
                announcer.announcement_wav(f"{115 + i}", "window", 1 + i % 3, ["kk", "ru"][i % 2])
            )
        except BaseException as exc:
            results.append(exc)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == 6
    for result in results:
        assert isinstance(result, Path), result
        assert_announcement_wav(result)


def test_prune_keeps_the_newest(announcer: Announcer) -> None:
    announcer.keep = 2
    for number in (101, 102, 103):
        announcer.announcement_wav(str(number), "window", 1, "en")
    announcer.prune()
    assert len(list(announcer.cache_dir.glob("*.wav"))) == 2


def test_wav_reader_converts_recorder_formats(tmp_path: Path) -> None:
    tone(tmp_path / "stereo.wav", rate=44_100, channels=2, seconds=1.0)
    frames = wav.read_frames(tmp_path / "stereo.wav")
    assert abs(len(frames) // 2 - wav.RATE) <= 1
    # 24-bit WAVE_FORMAT_EXTENSIBLE, which Python 3.11's wave module cannot read.
    body = b"".join(
        int(8_000_000 * math.sin(i / 5)).to_bytes(3, "little", signed=True) for i in range(48_000)
    )
    guid = (1).to_bytes(2, "little") + bytes.fromhex("000000001000800000aa00389b71")
    fmt = (
        (0xFFFE).to_bytes(2, "little")
        + (1).to_bytes(2, "little")
        + (48_000).to_bytes(4, "little")
        + (144_000).to_bytes(4, "little")
        + (3).to_bytes(2, "little")
        + (24).to_bytes(2, "little")
        + (22).to_bytes(2, "little")
        + (24).to_bytes(2, "little")
        + (4).to_bytes(4, "little")
        + guid
    )
    chunks = (
        b"fmt "
        + len(fmt).to_bytes(4, "little")
        + fmt
        + b"data"
        + len(body).to_bytes(4, "little")
        + body
    )
    (tmp_path / "ext.wav").write_bytes(
        b"RIFF" + (len(chunks) + 4).to_bytes(4, "little") + b"WAVE" + chunks
    )
    assert wav.info(tmp_path / "ext.wav").bits == 24
    frames = wav.read_frames(tmp_path / "ext.wav")
    assert abs(len(frames) // 2 - wav.RATE) <= 1
    assert max(abs(s) for s in memoryview(frames).cast("h")) > 20_000
    (tmp_path / "bad.wav").write_bytes(b"RIFF....WAVEjunk")
    with pytest.raises(wav.WavError):
        wav.read_frames(tmp_path / "bad.wav")
