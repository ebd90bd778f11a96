"""Voice fixtures. Tests using `espeak` drive the real engine; without espeak-ng installed
(./scripts/test installs it) they fail: a skipped speech test would prove nothing."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from voices import flac, wav
from voices.espeak import EspeakSynthesizer


@pytest.fixture
def espeak(tmp_path: Path) -> EspeakSynthesizer:
    """The real engine (shared worker), with a cache of its own for this test."""
    return EspeakSynthesizer(tmp_path / "pieces")


def assert_announcement_wav(path: Path) -> wav.WavInfo:
    """A RIFF/WAVE file, PCM 22,050 Hz mono 16-bit, with sound in it."""
    data = path.read_bytes()
    assert data[:4] == b"RIFF"
    assert data[8:12] == b"WAVE"
    assert int.from_bytes(data[4:8], "little") == len(data) - 8
    fmt = data.index(b"fmt ")
    tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", data[fmt + 8 : fmt + 24])
    assert (tag, channels, rate, bits) == (1, 1, 22_050, 16)
    made = wav.info(path)
    assert made.frames > 0
    return made


def assert_piece(path: Path) -> float:
    """A synthesizer's piece as stored: FLAC, 22,050 Hz mono 16-bit, with sound in it. Its
    length in seconds."""
    assert path.suffix == ".flac"
    assert path.read_bytes()[:4] == b"fLaC"
    frames = flac.read_frames(path)
    assert frames
    assert max(abs(s) for s in memoryview(frames).cast("h")) > 1000
    return len(frames) / 2 / wav.RATE
