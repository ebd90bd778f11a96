"""The whole announcement of a call as one WAV, built from piece clips and cached.

Each piece comes from the voice pack if a centre recorded it (`<pack_dir>/<lang>/<name>.wav`),
else from the synthesizer (itself cached, as trimmed FLAC: voices/flac.py). Pieces are trimmed
of their own silence and joined with pauses the announcer controls, so recorded and synthetic
pieces sit together evenly. The assembled announcement is a WAV, what the board is served.
The assembled file is cached under a hash of everything that went into it (texts, voices,
engine settings, which clips were recorded and their mtime/size), so a recall or the same
ticket/workplace pair costs a few stat() calls and a hash.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from voices import flac, wav
from voices.phrases import Announcement, Pause, PhraseBook, Piece
from voices.synth import SpeechUnavailable, Synthesizer

log = logging.getLogger(__name__)

PACK_DIR = Path(__file__).resolve().parent  # voices/<lang>/ hold a centre's recorded clips
_ASSEMBLY_VERSION = 1  # bump when assembly changes, so old cached announcements are not reused


@dataclass(frozen=True)
class Pauses:
    """Silence in milliseconds: before the first piece (players clip the start), between
    pieces, where the template has punctuation, and after the last piece."""

    lead: int = 120
    between: int = 70
    comma: int = 300
    tail: int = 250


class Announcer:
    """Call → WAV of its announcement. Safe to call from many request threads at once."""

    def __init__(
        self,
        synthesizer: Synthesizer,
        cache_dir: Path,
        *,
        pack_dir: Path = PACK_DIR,
        phrasebook: PhraseBook | None = None,
        pauses: Pauses = Pauses(),
        keep: int = 2000,
    ) -> None:
        self.synthesizer = synthesizer
        self.cache_dir = Path(cache_dir) / "announcements"
        self.clip_dir = Path(cache_dir) / "clips"
        self.pack_dir = Path(pack_dir)
        self.phrasebook = phrasebook or PhraseBook()
        self.pauses = pauses
        self.keep = keep  # assembled announcements kept on disk; the oldest go first
        self.assembled = 0  # announcements built (not served from cache), for tests and bench
        self._frames: OrderedDict[tuple[str, int, int], bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._writes = 0
        try:  # now, at server start, rather than in the first call (voices/flac.py)
            flac.preload()
        except flac.FlacError as exc:  # then every synthetic piece fails: health says why
            log.warning("%s", exc)

    # -- public ---------------------------------------------------------------------------

    @property
    def speech_fault(self) -> str | None:
        """The synthesizer's last failure (engine missing, crashed, timed out), for health and
        the administrator; None while speech works."""
        return self.synthesizer.fault

    def announcement(
        self, display: str, workplace_kind: str, workplace_number: int, language: str
    ) -> Announcement:
        """What will be said, piece by piece (its `.text` is the whole line)."""
        return self.phrasebook.announcement(display, workplace_kind, workplace_number, language)

    def announcement_wav(
        self, display: str, workplace_kind: str, workplace_number: int, language: str
    ) -> Path:
        """The WAV announcing ticket `display` to workplace `workplace_kind` `workplace_number`
        in `language`. SpeechUnavailable if a piece has no recorded clip and cannot be
        synthesized: the caller then shows the call with a chime only."""
        spoken = self.announcement(display, workplace_kind, workplace_number, language)
        recorded = {p.name: self._recorded(p, language) for p in spoken.pieces}
        path = self.cache_dir / f"{self._key(spoken, recorded)}.wav"
        if path.exists():
            return path
        frames = bytearray(wav.silence(self.pauses.lead))
        for part in spoken.parts:
            if isinstance(part, Pause):
                frames += wav.silence(self.pauses.comma if part.long else self.pauses.between)
            else:
                frames += self._piece_frames(part, recorded[part.name])
        frames += wav.silence(self.pauses.tail)
        wav.write(path, bytes(frames))
        with self._lock:
            self.assembled += 1
            self._writes += 1
            prune = self._writes % 100 == 0
        if prune:
            self.prune()
        return path

    def prune(self) -> None:
        """Keep at most `keep` assembled announcements: every ticket × workplace × language
        pair would otherwise pile up for ever (a whole pack's worth is over a gigabyte)."""
        try:
            files = sorted(self.cache_dir.glob("*.wav"), key=lambda p: p.stat().st_mtime)
        except FileNotFoundError:  # another thread pruned the same file first
            return
        for old in files[: max(0, len(files) - self.keep)]:
            old.unlink(missing_ok=True)

    # -- pieces ---------------------------------------------------------------------------

    def recorded_clip(self, piece: Piece, language: str) -> Path:
        """Where a centre's recording of `piece` goes."""
        return self.pack_dir / language / f"{piece.name}.wav"

    def _recorded(self, piece: Piece, language: str) -> tuple[Path, int, int] | None:
        clip = self.recorded_clip(piece, language)
        try:
            stat = clip.stat()
        except OSError:
            return None
        return clip, stat.st_mtime_ns, stat.st_size

    def _key(self, spoken: Announcement, recorded: dict[str, tuple[Path, int, int] | None]) -> str:
        parts: list[object] = []
        for part in spoken.parts:
            if isinstance(part, Pause):
                parts.append("," if part.long else " ")
            else:
                clip = recorded[part.name]
                source = [str(clip[0]), clip[1], clip[2]] if clip else None
                parts.append([part.name, part.text, part.voice, source])
        key = json.dumps(
            [
                _ASSEMBLY_VERSION,
                spoken.language,
                self.synthesizer.settings_key,
                list(vars(self.pauses).values()),
                parts,
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(key.encode()).hexdigest()[:40]

    def _piece_frames(self, piece: Piece, recorded: tuple[Path, int, int] | None) -> bytes:
        if recorded is not None:
            try:
                return self._clip_frames(*recorded)
            except (OSError, wav.WavError) as exc:
                # A bad recording must not silence the hall: say the piece synthetically.
                log.warning(
                    "recorded clip %s unusable (%s); using synthetic speech", recorded[0], exc
                )
        path = self.synthesizer.synthesize(piece.text, piece.voice)
        stat = path.stat()
        return self._load(path, stat.st_mtime_ns, stat.st_size)

    def _clip_frames(self, clip: Path, mtime: int, size: int) -> bytes:
        """A recorded clip in the announcement format. Converting a 48 kHz stereo clip takes
        ~100 ms of pure Python, so the converted copy is kept on disk, keyed by the clip."""
        key = hashlib.sha256(f"{clip}\0{mtime}\0{size}".encode()).hexdigest()[:32]
        converted = self.clip_dir / f"{key}.wav"
        if not converted.exists():
            wav.write(converted, wav.read_frames(clip))
        stat = converted.stat()
        return self._load(converted, stat.st_mtime_ns, stat.st_size)

    def _load(self, path: Path, mtime: int, size: int) -> bytes:
        """Trimmed frames of a piece file, remembered in memory (a few hundred pieces). FLAC
        pieces are stored trimmed; trimming them again leaves them as they are."""
        key = (str(path), mtime, size)
        with self._lock:
            frames = self._frames.get(key)
            if frames is not None:
                self._frames.move_to_end(key)
                return frames
        try:
            frames = wav.trim(flac.read_piece(path))
        except wav.WavError as exc:  # FlacError too
            raise SpeechUnavailable(f"piece {path.name} is not usable: {exc}") from exc
        with self._lock:
            self._frames[key] = frames
            while len(self._frames) > 512:
                self._frames.popitem(last=False)
        return frames
