"""Offline speech: text → WAV file, cached on disk by (text, voice, engine settings). The
interface (Synthesizer) and the cache both synthesizers share: the real one on espeak-ng
(voices.espeak) and the fake one for tests of the code around speech (voices.fake)."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

# espeak-ng voice names for our languages ("en" is British English, gmw/en).
DEFAULT_VOICES: Mapping[str, str] = {"kk": "kk", "ru": "ru", "en": "en"}
# Words per minute. pyttsx3 sets 200, too fast for a hall with echo; 150 stays clear.
DEFAULT_RATE = 150
# Bump when the way pieces are rendered changes, so old cache entries are not reused.
_RENDER_VERSION = 1


class SpeechUnavailable(RuntimeError):
    """Speech cannot be made now (engine missing, crashed or timed out); the message says
    which, for health and the administrator. Callers fall back to a chime."""


class Synthesizer(Protocol):
    """Text in one voice → a 22,050 Hz mono 16-bit WAV file, or SpeechUnavailable."""

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
        """The WAV of `text` in `language`'s voice. `background` work (building a voice pack)
        waits behind announcements, so it never delays a call."""
        ...

    def close(self) -> None:
        """Stop what this synthesizer started (its own engine worker, if any)."""
        ...


class CachingSynthesizer:
    """The cache shared by the real and the fake synthesizer: one file per
    hash(text, voice, settings), so a phrase is rendered once and then only looked up."""

    def __init__(self, cache_dir: Path, voices: Mapping[str, str]) -> None:
        self.cache_dir = Path(cache_dir)
        self.voices = dict(voices)
        self.engine_calls = 0  # renders actually done, for tests and the benchmark
        self.cache_hits = 0
        self._counter_lock = threading.Lock()

    @property
    def settings_key(self) -> str:
        raise NotImplementedError

    @property
    def fault(self) -> str | None:
        return None

    def cache_path(self, text: str, language: str) -> Path:
        voice = self._voice(language)
        key = hashlib.sha256(f"{text}\0{voice}\0{self.settings_key}".encode()).hexdigest()
        return self.cache_dir / f"{key[:32]}.wav"

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
        if self._render(text, self._voice(language), path, priority):
            with self._counter_lock:
                self.engine_calls += 1
        return path

    def _render(self, text: str, voice: str, target: Path, priority: int) -> bool:
        """Make `target`; True if this call rendered it (not another waiting on the same)."""
        raise NotImplementedError
