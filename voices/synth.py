"""Offline speech: text → piece file, cached on disk by (text, voice, engine settings). The
interface (Synthesizer) and the cache both synthesizers share: the real one on espeak-ng
(voices.espeak) and the fake one for tests of the code around speech (voices.fake).

A piece is stored trimmed of its silence and FLAC-compressed (voices/flac.py says why);
`compress=False` keeps the raw WAV render instead, as before render version 2: the
uncompressed reference that tests and the voice pack benchmark compare against."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from voices import flac, wav

log = logging.getLogger(__name__)

# espeak-ng voice names for our languages ("en" is British English, gmw/en).
DEFAULT_VOICES: Mapping[str, str] = {"kk": "kk", "ru": "ru", "en": "en"}
# Words per minute. pyttsx3 sets 200, too fast for a hall with echo; 150 stays clear.
DEFAULT_RATE = 150
# Bump when the way pieces are rendered or stored changes, so old cache entries are not reused.
# 2: pieces stored trimmed, as FLAC (version 1 ones are converted when found: _migrate).
_RENDER_VERSION = 2


class SpeechUnavailable(RuntimeError):
    """Speech cannot be made now (engine missing, crashed or timed out); the message says
    which, for health and the administrator. Callers fall back to a chime."""


class Synthesizer(Protocol):
    """Text in one voice → a piece file of 22,050 Hz mono 16-bit audio (read it with
    voices.flac.read_piece: FLAC, or WAV for an uncompressed cache), or SpeechUnavailable."""

    @property
    def settings_key(self) -> str:
        """Everything besides text and voice that changes the audio (engine, rate, volume):
        part of the key of anything cached from this synthesizer's output."""
        ...

    @property
    def engine_calls(self) -> int:
        """How many texts were really rendered (not found in the cache)."""
        ...

    @property
    def fault(self) -> str | None:
        """The last failure (engine missing, crashed, timed out), for health; None while
        speech works."""
        ...

    def synthesize(self, text: str, language: str, *, background: bool = False) -> Path:
        """The piece file of `text` in `language`'s voice. `background` work (building a voice pack)
        waits behind announcements, so it never delays a call."""
        ...

    def close(self) -> None:
        """Stop what this synthesizer started (its own engine worker, if any)."""
        ...


class CachingSynthesizer:
    """The cache shared by the real and the fake synthesizer: one file per
    hash(text, voice, settings), so a phrase is rendered once and then only looked up."""

    def __init__(
        self, cache_dir: Path, voices: Mapping[str, str], *, compress: bool = True
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self.voices = dict(voices)
        self.compress = compress  # False: raw WAV renders, the reference (module docstring)
        self.engine_calls = 0  # renders actually done, for tests and the benchmark
        self.cache_hits = 0
        self.converted = 0  # pieces of a version-1 cache converted instead of rendered
        self._counter_lock = threading.Lock()

    @property
    def settings_key(self) -> str:
        raise NotImplementedError

    @property
    def legacy_settings_key(self) -> str | None:
        """The settings key of render version 1 (raw WAV pieces), whose cache entries are
        converted when found; None if this synthesizer had no such cache."""
        return None

    @property
    def fault(self) -> str | None:
        return None

    def cache_path(self, text: str, language: str) -> Path:
        suffix = flac.SUFFIX if self.compress else ".wav"
        return self._path(text, language, self.settings_key, suffix)

    def legacy_path(self, text: str, language: str) -> Path | None:
        """Where a cache of render version 1 kept this piece, as a raw WAV."""
        old = self.legacy_settings_key
        return None if old is None else self._path(text, language, old, ".wav")

    def _path(self, text: str, language: str, settings: str, suffix: str) -> Path:
        voice = self._voice(language)
        key = hashlib.sha256(f"{text}\0{voice}\0{settings}".encode()).hexdigest()
        return self.cache_dir / f"{key[:32]}{suffix}"

    def _voice(self, language: str) -> str:
        try:
            return self.voices[language]
        except KeyError:
            raise ValueError(f"no voice configured for language {language!r}") from None

    def synthesize(self, text: str, language: str, *, background: bool = False) -> Path:
        return self._synthesize(text, language, priority=1 if background else 0)

    def close(self) -> None:
        pass

    def _synthesize(self, text: str, language: str, *, priority: int) -> Path:
        text = " ".join(text.split())
        if not text:
            raise ValueError("nothing to say")
        path = self.cache_path(text, language)
        if path.exists():
            with self._counter_lock:
                self.cache_hits += 1
            return path
        if self.compress and self._migrate(text, language, path):
            return path
        if self._render(text, self._voice(language), path, priority):
            with self._counter_lock:
                self.engine_calls += 1
        return path

    def _render(self, text: str, voice: str, target: Path, priority: int) -> bool:
        """Make `target`; True if this call rendered it (not another waiting on the same)."""
        raise NotImplementedError

    def _migrate(self, text: str, language: str, path: Path) -> bool:
        """Make `path` from this piece's raw WAV in a version-1 cache, if there is one: the
        same frames without the engine, so a pack built before FLAC still works where espeak
        is missing, and shrinks on its next `voices build`. True if `path` now exists."""
        old = self.legacy_path(text, language)
        if old is None:
            return False
        try:
            frames = wav.read_frames(old)
        except OSError:  # none, or another thread converted it just now
            return path.exists()
        except wav.WavError as exc:
            log.warning("old cache entry %s unusable (%s); rendering it again", old, exc)
            return False
        if not frames:
            return False
        try:
            flac.write_piece(path, frames)
        except (OSError, RuntimeError, wav.WavError) as exc:  # a full disk, no soundfile
            raise SpeechUnavailable(f"cannot store piece {path.name}: {exc}") from exc
        old.unlink(missing_ok=True)
        with self._counter_lock:
            self.converted += 1
        return True
