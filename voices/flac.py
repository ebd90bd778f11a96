"""Synthetic pieces stored trimmed and FLAC-compressed: a smaller voice pack, same sound.

Why this design (measured with `python -m bench.voice_pack`, figures in the README):
- espeak ends every piece with a sentence pause, and the announcer trims that silence off
  anyway (`wav.trim`) to set its own pauses. So a piece is stored already trimmed: about a
  quarter of a raw render is silence nobody hears.
- What is left is compressed with FLAC, which is lossless: a piece decodes to exactly the
  trimmed frames of the espeak render, so an announcement assembled from the pack is bit for
  bit the one assembled from raw WAV pieces (tests/voices/test_flac.py proves both). A lossy
  codec (Opus, MP3) would be smaller still but would change the sound, and it pads each clip
  with encoder delay, which would put gaps or clicks at every join of pieces.
- Trimming before storing changes nothing the board hears: `wav.trim` of trimmed frames
  returns them unchanged (what it keeps starts and ends `keep_ms` from the first and last
  loud sample), and the announcer still trims every piece, recorded or synthetic.
- `soundfile` (libsndfile with libFLAC, bundled in its wheel) encodes in-process: no encoder
  program per piece, and decoding a piece takes ~0.3 ms, far below a call's budget. Level 8
  (compression_level 1.0) is ~3% smaller than the default for ~1 ms more per piece at build
  time only; decoding costs the same at every level.
- soundfile loads numpy (~120 ms), so it is imported on first use, not with this module: the
  espeak child process and every `qabyldau` command import the voices package without it.
  The Announcer preloads it (preload()) so the first call of a server does not pay for it.

The announcements served to the board stay WAV (voices/announcer.py): their URL and
content type are shared by the server, the board's script and their tests, and their cache
is bounded (2000 files); the benchmark prints what FLAC would save there, for a later change.
"""

from __future__ import annotations

import os
import sys
import tempfile
from array import array
from pathlib import Path
from types import ModuleType

from voices import wav

SUFFIX = ".flac"
_LEVEL = 1.0  # soundfile's 0..1 scale: 1.0 is FLAC level 8, the smallest


class FlacError(wav.WavError):
    """A piece file that cannot be read (or soundfile that cannot be loaded). A WavError, so
    the announcer treats a bad FLAC piece like a bad WAV one."""


def _soundfile() -> ModuleType:
    """The soundfile module, imported on first use (see the module docstring)."""
    try:
        import soundfile  # type: ignore[import-untyped]  # no type information shipped
    except (ImportError, OSError) as exc:  # OSError: libsndfile itself missing
        raise FlacError(f"FLAC pieces need the soundfile package: {exc}") from exc
    module: ModuleType = soundfile
    return module


def preload() -> None:
    """Import soundfile now, so the first announcement does not wait for numpy."""
    _soundfile()


def write_piece(path: Path, frames: bytes) -> None:
    """Store a synthetic piece: `frames` (22,050 Hz mono 16-bit LE, as espeak renders them)
    trimmed of their silence and FLAC-compressed, atomically like wav.write.

    A render with nothing above the trim threshold is stored whole (the announcer's trim
    makes it nothing again): FLAC cannot store zero frames, and espeak never renders none."""
    if not frames:
        raise ValueError("a piece needs at least one frame")
    write(path, wav.trim(frames) or frames)


def write(path: Path, frames: bytes) -> None:
    """Write 22,050 Hz mono 16-bit little-endian `frames` as FLAC; a reader never sees half a
    file, and two threads writing the same piece leave one whole copy."""
    sf = _soundfile()
    samples = array("h", frames[: len(frames) // 2 * 2])
    if sys.byteorder != "little":  # soundfile takes native-order int16
        samples.byteswap()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=SUFFIX)
    os.close(fd)
    try:
        with sf.SoundFile(
            tmp,
            "w",
            samplerate=wav.RATE,
            channels=1,
            subtype="PCM_16",
            format="FLAC",
            compression_level=_LEVEL,
        ) as out:
            out.buffer_write(samples.tobytes(), dtype="int16")
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_frames(path: Path) -> bytes:
    """The frames of a FLAC piece as 22,050 Hz mono 16-bit little-endian bytes; FlacError if
    it is not one (pieces are written by write() only, so no other format is converted)."""
    sf = _soundfile()
    try:
        with sf.SoundFile(path) as clip:
            shape = (clip.format, clip.samplerate, clip.channels, clip.subtype)
            if shape != ("FLAC", wav.RATE, 1, "PCM_16"):
                raise FlacError(f"{path.name}: not a 22,050 Hz mono 16-bit FLAC piece: {shape}")
            samples = array("h", bytes(clip.buffer_read(dtype="int16")))
    except RuntimeError as exc:  # soundfile.LibsndfileError: not FLAC, truncated, unreadable
        raise FlacError(f"{path.name}: {exc}") from exc
    if sys.byteorder != "little":
        samples.byteswap()
    return samples.tobytes()


def read_piece(path: Path) -> bytes:
    """The frames of a piece file of either kind: FLAC as the synthesizer stores them now,
    or WAV (a raw render, a converted recording, a cache from before FLAC)."""
    if path.suffix == SUFFIX:
        return read_frames(path)
    return wav.read_frames(path)
