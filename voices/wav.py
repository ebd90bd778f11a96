"""WAV files in the one format announcements use: 22,050 Hz, mono, 16-bit PCM.

espeak writes that format. Recorded clips arrive in whatever a centre's recorder makes
(44.1/48 kHz, stereo, 24-bit, WAVE_FORMAT_EXTENSIBLE, which Python 3.11's `wave` refuses),
so this module reads RIFF itself and converts once; pure Python, no numpy or sox at run time.
"""

from __future__ import annotations

import os
import struct
import sys
import tempfile
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

RATE = 22_050
WIDTH = 2  # bytes per sample
_PCM = 1
_FLOAT = 3
_EXTENSIBLE = 0xFFFE


class WavError(ValueError):
    """Not a WAV file this module can read."""


@dataclass(frozen=True)
class WavInfo:
    rate: int
    channels: int
    bits: int
    frames: int

    @property
    def seconds(self) -> float:
        return self.frames / self.rate if self.rate else 0.0


def _chunks(data: bytes) -> tuple[bytes, bytes]:
    """The "fmt " and "data" chunk bodies of a RIFF/WAVE file."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise WavError("not a RIFF/WAVE file")
    fmt = body = None
    pos = 12
    while pos + 8 <= len(data):
        chunk_id = data[pos : pos + 4]
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if chunk_id == b"fmt ":
            fmt = data[pos + 8 : pos + 8 + size]
        elif chunk_id == b"data":
            # Streaming recorders may leave the size unset (0 or 0xFFFFFFFF): take the rest.
            end = len(data) if size in (0, 0xFFFFFFFF) else pos + 8 + size
            body = data[pos + 8 : end]
        pos += 8 + size + (size & 1)
    if fmt is None or len(fmt) < 16 or body is None:
        raise WavError("WAV file without a format or data chunk")
    return fmt, body


def _format(fmt: bytes) -> tuple[int, int, int, int]:
    tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", fmt[:16])
    if tag == _EXTENSIBLE and len(fmt) >= 26:
        tag = int.from_bytes(fmt[24:26], "little")  # the sub-format GUID starts with the tag
    if tag not in (_PCM, _FLOAT) or channels < 1 or rate < 1:
        raise WavError(f"unsupported WAV encoding (format {tag}, {channels} channels)")
    if (tag, bits) not in ((_PCM, 8), (_PCM, 16), (_PCM, 24), (_PCM, 32), (_FLOAT, 32)):
        raise WavError(f"unsupported WAV sample size {bits} bits")
    return tag, channels, rate, bits


def info(path: Path) -> WavInfo:
    """Format and length of a WAV file; WavError if it is not one."""
    fmt, body = _chunks(path.read_bytes())
    _, channels, rate, bits = _format(fmt)
    return WavInfo(rate, channels, bits, len(body) // (channels * bits // 8))


def _to_int16(tag: int, bits: int, body: bytes) -> array[int]:
    """Samples as native int16; wider samples keep their top 16 bits."""
    step = bits // 8
    body = body[: len(body) - len(body) % step]
    if tag == _FLOAT:
        floats = array("f", body)
        if sys.byteorder != "little":
            floats.byteswap()
        return array("h", (max(-32768, min(32767, int(x * 32767))) for x in floats))
    pcm = bytearray(len(body) // step * 2)
    if bits == 8:  # unsigned: flipping the top bit makes it signed; it becomes the high byte
        pcm[1::2] = bytes(b ^ 0x80 for b in body)
    elif bits == 16:
        pcm[:] = body
    else:
        pcm[0::2] = body[step - 2 :: step]
        pcm[1::2] = body[step - 1 :: step]
    samples = array("h", bytes(pcm))
    if sys.byteorder != "little":
        samples.byteswap()
    return samples


def read_frames(path: Path) -> bytes:
    """The clip as 22,050 Hz mono 16-bit little-endian frames, converting if needed."""
    fmt, body = _chunks(path.read_bytes())
    tag, channels, rate, bits = _format(fmt)
    if (tag, channels, rate, bits) == (_PCM, 1, RATE, 16):
        return body[: len(body) // 2 * 2]
    samples = _to_int16(tag, bits, body)
    if channels > 1:
        samples = array(
            "h",
            (
                sum(samples[i : i + channels]) // channels
                for i in range(0, len(samples) - channels + 1, channels)
            ),
        )
    if rate != RATE:
        samples = _resample(samples, rate)
    if sys.byteorder != "little":
        samples.byteswap()
    return samples.tobytes()


def _resample(samples: array[int], rate: int) -> array[int]:
    """Linear interpolation to RATE: good enough for speech; a centre wanting better
    converts its clips first (README: sox in.wav -r 22050 -c 1 -b 16 out.wav)."""
    count = len(samples) * RATE // rate
    if count == 0 or len(samples) < 2:
        return array("h")
    ratio = rate / RATE
    last = len(samples) - 1
    out = array("h", bytes(count * 2))
    for i in range(count):
        pos = i * ratio
        j = min(int(pos), last - 1)
        frac = pos - j
        out[i] = int(samples[j] + (samples[j + 1] - samples[j]) * frac)
    return out


def trim(frames: bytes, *, threshold: int = 300, keep_ms: int = 15) -> bytes:
    """Frames without leading and trailing silence (espeak adds a sentence pause after each
    piece; the announcer sets its own pauses). `keep_ms` of silence stays to avoid clicks."""
    samples = array("h", frames[: len(frames) // 2 * 2])
    if sys.byteorder != "little":
        samples.byteswap()
    start = next((i for i, s in enumerate(samples) if abs(s) > threshold), None)
    if start is None:
        return b""
    end = next(i for i in range(len(samples) - 1, -1, -1) if abs(samples[i]) > threshold)
    keep = RATE * keep_ms // 1000
    first, last = max(0, start - keep), min(len(samples), end + 1 + keep)
    return frames[first * 2 : last * 2]


def silence(ms: int) -> bytes:
    return bytes(RATE * ms // 1000 * WIDTH)


def write(path: Path, frames: bytes) -> None:
    """Write a 22,050 Hz mono 16-bit WAV atomically: a reader never sees half a file, and two
    threads writing the same cache entry leave one whole copy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".wav")
    try:
        with os.fdopen(fd, "wb") as raw, wave.open(raw, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(WIDTH)
            out.setframerate(RATE)
            out.writeframes(frames)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
