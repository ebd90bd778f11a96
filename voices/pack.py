"""Voice packs: every piece an announcement can need, rendered ahead of time.

`qabyldau voices build` calls build_voice_pack. For each language it renders the phrase
fragments, the prefix letters, every ticket number of the configured ranges and every
workplace number into the synthesizer cache (so a call never waits for espeak, and a machine
without espeak can run on a copied pack), and writes `<out_dir>/<lang>/pieces.tsv`: the file
name and the words of each piece, the list a centre records from. A recorded clip
`<out_dir>/<lang>/<name>.wav` replaces the synthetic piece; the build leaves it alone.

Synthetic pieces are stored trimmed, as FLAC (voices/flac.py: why, and that announcements
stay bit-identical). A pack built before that is converted, not rendered again (the same
frames, so no espeak is needed), and its leftover raw WAV pieces are removed.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from voices.espeak import EspeakSynthesizer
from voices.phrases import PhraseBook, Piece, pieces_for
from voices.synth import SpeechUnavailable, Synthesizer

# (done, total, what) after each piece; `what` is e.g. "kk number-115".
Progress = Callable[[int, int, str], None]
# The demo centre: consultation 100–399, personal reception 400–499, self-service 500–599,
# windows 1–3, cabinets 201–202, self-service desk 4.
DEMO_RANGES: tuple[tuple[int, int], ...] = ((100, 399), (400, 499), (500, 599))
DEMO_WORKPLACES: tuple[tuple[str, int], ...] = (
    ("window", 1),
    ("window", 2),
    ("window", 3),
    ("cabinet", 201),
    ("cabinet", 202),
    ("desk", 4),
)


def cache_dir_of(pack_dir: Path) -> Path:
    """Where a pack keeps its caches: inside it, so a built pack travels whole. Synthetic
    pieces go in `pieces/`, assembled announcements and converted clips beside them."""
    return Path(pack_dir) / ".cache"


@dataclass
class PackReport:
    """What a build did, per language."""

    pieces: dict[str, int] = field(default_factory=dict)
    recorded: dict[str, int] = field(default_factory=dict)
    rendered: dict[str, int] = field(default_factory=dict)  # new synthetic renders
    failed: dict[str, list[str]] = field(default_factory=dict)  # piece names
    removed: int = 0  # raw WAV pieces of an older pack format deleted (_remove_old_pieces)

    @property
    def ok(self) -> bool:
        return not any(self.failed.values())


def build_voice_pack(
    languages: Sequence[str],
    ranges: Iterable[tuple[int, int]],
    out_dir: Path,
    progress: Progress | None = None,
    *,
    workplaces: Iterable[tuple[str, int]] = (),
    prefixes: Iterable[str] = (),
    phrasebook: PhraseBook | None = None,
    synthesizer: Synthesizer | None = None,
) -> PackReport:
    """Render the pieces of `languages` for ticket numbers in `ranges` (inclusive pairs),
    `workplaces` ((kind, number) pairs) and `prefixes` (zone prefix letters).

    Without a `synthesizer` it uses espeak with its cache in `cache_dir_of(out_dir)/pieces`,
    which make_announcer(out_dir) reads. If speech is unavailable, recorded clips
    still count and the failing pieces are listed in the report instead of stopping the build.
    """
    book = phrasebook or PhraseBook()
    own = synthesizer is None
    synth: Synthesizer = synthesizer or EspeakSynthesizer(cache_dir_of(out_dir) / "pieces")
    numbers = sorted({n for first, last in ranges for n in range(first, last + 1)})
    places = list(dict.fromkeys(workplaces))
    letters = list(dict.fromkeys(prefixes))
    plan = [(lang, pieces_for(book, lang, numbers, places, letters)) for lang in languages]
    total = sum(len(pieces) for _, pieces in plan)
    report = PackReport()
    done = 0
    try:
        for language, pieces in plan:
            lang_dir = Path(out_dir) / language
            lang_dir.mkdir(parents=True, exist_ok=True)
            _write_manifest(lang_dir / "pieces.tsv", pieces)
            report.pieces[language] = len(pieces)
            report.recorded[language] = report.rendered[language] = 0
            report.failed[language] = []
            for piece in pieces:
                if (lang_dir / f"{piece.name}.wav").exists():
                    report.recorded[language] += 1
                else:
                    try:
                        if _render(synth, piece):
                            report.rendered[language] += 1
                    except SpeechUnavailable:
                        report.failed[language].append(piece.name)
                done += 1
                if progress is not None:
                    progress(done, total, f"{language} {piece.name}")
    finally:
        if own:
            synth.close()
    if own and report.ok:
        report.removed = _remove_old_pieces(cache_dir_of(out_dir) / "pieces")
    return report


def _remove_old_pieces(pieces: Path) -> int:
    """Delete the raw WAV pieces of render version 1 left in a pack's cache: the build has
    converted every one it needs to FLAC, and nothing reads the others (a piece a call needs
    later is rendered then). Without this, a rebuilt old pack would grow instead of shrink.
    Only after a build without failures, and only in the pack's own cache."""
    removed = 0
    for old in pieces.glob("*.wav"):
        if not old.name.startswith(".tmp-"):  # a render in progress
            old.unlink(missing_ok=True)
            removed += 1
    return removed


def _render(synth: Synthesizer, piece: Piece) -> bool:
    """Render one piece, behind any announcement; True if it was not in the cache yet."""
    before = synth.engine_calls
    synth.synthesize(piece.text, piece.voice, background=True)
    return synth.engine_calls > before


def _write_manifest(path: Path, pieces: list[Piece]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(["file", "text", "voice"])
        for piece in pieces:
            writer.writerow([f"{piece.name}.wav", piece.text, piece.voice])


@contextmanager
def rich_progress(description: str = "Rendering voice pack") -> Iterator[Progress]:
    """A `progress` callback drawing a rich progress bar, for the CLI:

    with rich_progress() as progress:
        build_voice_pack(["kk", "ru"], DEMO_RANGES, out, progress)
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.progress import (
        Progress as RichProgress,
    )

    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[piece]}"),
    )
    with RichProgress(*columns) as bar:
        task = bar.add_task(description, total=None, piece="")

        def update(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, piece=what)

        yield update
