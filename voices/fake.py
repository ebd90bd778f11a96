"""For unit tests of the code around speech: a synthesizer with no engine (never the proof that
real speech works: tests/voices drives espeak-ng for that)."""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Mapping
from pathlib import Path

from voices import flac, wav
from voices.synth import DEFAULT_VOICES, CachingSynthesizer, SpeechUnavailable

OFF = "fake speech engine is switched off"


class FakeSynthesizer(CachingSynthesizer):
    """For unit tests: no engine; writes a tone whose pitch depends on the text and whose
    length grows with it (60 ms a character), through the same cache as the real one."""

    def __init__(
        self,
        cache_dir: Path,
        voices: Mapping[str, str] = DEFAULT_VOICES,
        *,
        fail: bool = False,
        delay: float = 0.0,
        compress: bool = True,
    ) -> None:
        super().__init__(cache_dir, voices, compress=compress)
        self.fail = fail
        self.delay = delay
        self.texts: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    @property
    def settings_key(self) -> str:
        return "fake"

    @property
    def fault(self) -> str | None:
        return OFF if self.fail else None

    def synthesize(self, text: str, language: str, *, background: bool = False) -> Path:
        if self.fail:
            raise SpeechUnavailable(OFF)
        return super().synthesize(text, language, background=background)

    def _render(self, text: str, voice: str, target: Path, priority: int) -> bool:
        with self._lock:
            if target.exists():  # another thread made it while this one waited
                return False
            time.sleep(self.delay)
            self.texts.append((text, voice))
            digest = hashlib.sha256(f"{voice}:{text}".encode()).digest()
            hertz = 200 + digest[0] * 3
            count = wav.RATE * max(200, 60 * len(text)) // 1000
            samples = bytearray()
            for i in range(count):
                value = int(8000 * math.sin(2 * math.pi * hertz * i / wav.RATE))
                samples += value.to_bytes(2, "little", signed=True)
            if target.suffix == flac.SUFFIX:  # stored as the real synthesizer stores pieces
                flac.write_piece(target, bytes(samples))
            else:
                wav.write(target, bytes(samples))
        return True
