"""Announcement text per language, speech synthesis and the clip cache (the voice issue).

Wiring for the app (one Announcer per process; its synthesizer owns the espeak worker):

    announcer = make_announcer()            # pack in voices/<lang>/, caches in voices/.cache
    path = announcer.announcement_wav("К-115", "window", 3, "kk")   # or SpeechUnavailable
"""

from __future__ import annotations

from pathlib import Path

from voices.announcer import PACK_DIR, Announcer, Pauses
from voices.espeak import EspeakSynthesizer
from voices.fake import FakeSynthesizer
from voices.pack import DEMO_RANGES, DEMO_WORKPLACES, PackReport, build_voice_pack, cache_dir_of
from voices.phrases import DEFAULT_TEMPLATES, Announcement, Pause, PhraseBook, Piece
from voices.synth import SpeechUnavailable, Synthesizer

__all__ = [
    "DEFAULT_TEMPLATES",
    "DEMO_RANGES",
    "DEMO_WORKPLACES",
    "PACK_DIR",
    "Announcement",
    "Announcer",
    "EspeakSynthesizer",
    "FakeSynthesizer",
    "PackReport",
    "Pause",
    "Pauses",
    "PhraseBook",
    "Piece",
    "SpeechUnavailable",
    "Synthesizer",
    "build_voice_pack",
    "cache_dir_of",
    "make_announcer",
]


def make_announcer(
    pack_dir: Path = PACK_DIR,
    cache_dir: Path | None = None,
    *,
    phrasebook: PhraseBook | None = None,
    synthesizer: Synthesizer | None = None,
) -> Announcer:
    """An Announcer reading recorded clips from `pack_dir`/<lang>/ and sharing its caches
    with `build_voice_pack(..., out_dir=pack_dir)`, so a built pack is used as it is."""
    cache = cache_dir if cache_dir is not None else cache_dir_of(pack_dir)
    synth = synthesizer or EspeakSynthesizer(cache / "pieces")
    return Announcer(synth, cache, pack_dir=pack_dir, phrasebook=phrasebook)
