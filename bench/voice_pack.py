"""Voice pack size: raw WAV pieces (as before render version 2) against trimmed FLAC ones.

    python -m bench.voice_pack [--languages kk,ru,en] [--samples 30]

Builds the demo centre's pack twice into a temp folder, as `qabyldau voices build` does
(every phrase, prefix letter, ticket number of the zones' ranges and workplace number):
- before: `EspeakSynthesizer(compress=False)`, which keeps each espeak render as the raw
  22,050 Hz mono 16-bit WAV it is, as the pack was before;
- after: the default, each piece trimmed of its silence and stored as FLAC (voices/flac.py).
Prints, for both, the size of the pieces per language and in total (from the files on disk),
the build time, and the time to assemble an announcement whose pieces come from disk: the
first of a fresh process (it loads the announcer and soundfile) and then `--samples` calls
each with a fresh Announcer (no piece in memory). Last, what FLAC would make of the served
announcements, which stay WAV. Wall-clock times on a shared machine: compare, don't quote
the last digit.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.config.centre import load_centre
from app.config.settings import DEMO_CENTRE
from voices import EspeakSynthesizer, flac, make_announcer
from voices.pack import build_voice_pack, cache_dir_of

Call = tuple[str, str, int, str]
MB = 1_000_000

# A fresh process: create the announcer (imports soundfile), then time the first call.
_FIRST = """
import sys, time
from pathlib import Path
from app.config.centre import load_centre
from app.config.settings import DEMO_CENTRE
phrasebook = load_centre(DEMO_CENTRE).speech.phrasebook()
started = time.perf_counter()
from voices import EspeakSynthesizer, make_announcer
from voices.pack import cache_dir_of
pack = Path(sys.argv[1])
synth = EspeakSynthesizer(cache_dir_of(pack) / "pieces", compress=sys.argv[2] == "flac")
announcer = make_announcer(
    pack_dir=pack, cache_dir=Path(sys.argv[3]), synthesizer=synth, phrasebook=phrasebook
)
ready = time.perf_counter()
announcer.announcement_wav("115", "window", 3, "kk")
done = time.perf_counter()
assert synth.engine_calls == 0, "a piece was not in the pack"
print((ready - started) * 1000, (done - ready) * 1000)
"""


CENTRE = load_centre(DEMO_CENTRE)
PHRASEBOOK = CENTRE.speech.phrasebook()


def build(pack: Path, languages: list[str], compress: bool) -> tuple[float, EspeakSynthesizer]:
    centre = CENTRE
    synth = EspeakSynthesizer(cache_dir_of(pack) / "pieces", compress=compress)
    started = time.perf_counter()
    report = build_voice_pack(
        languages,
        [z.range for z in centre.zones if z.range is not None],
        pack,
        workplaces=[(w.kind, w.number) for w in centre.workplaces],
        prefixes=[z.prefix for z in centre.zones if z.prefix],
        phrasebook=PHRASEBOOK,
        synthesizer=synth,
    )
    elapsed = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"build failed: {report.failed}")
    return elapsed, synth


def sizes(pack: Path, synth: EspeakSynthesizer, languages: list[str]) -> dict[str, int]:
    """Bytes of the pieces each language lists, and of all piece files ("total": a piece
    two languages share, such as a letter in one voice, is counted once there)."""
    out: dict[str, int] = {}
    for language in languages:
        with (pack / language / "pieces.tsv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        files = {synth.cache_path(row["text"], row["voice"]) for row in rows}
        out[language] = sum(path.stat().st_size for path in files)
        out[f"{language} pieces"] = len(rows)
    out["total"] = sum(p.stat().st_size for p in (cache_dir_of(pack) / "pieces").iterdir())
    return out


def calls(languages: list[str], count: int) -> list[Call]:
    """Varied calls of the demo centre (no prefix letters): windows 1–3, cabinets, desk 4."""
    out: list[Call] = []
    for i in range(count):
        language = languages[i % len(languages)]
        if i % 3 == 0:
            out.append((str(100 + 7 * i % 300), "window", 1 + i % 3, language))
        elif i % 3 == 1:
            out.append((str(400 + i % 100), "cabinet", 201 + i % 2, language))
        else:
            out.append((str(500 + i % 100), "desk", 4, language))
    return out


def assembly(pack: Path, compress: bool, root: Path, samples: list[Call]) -> list[float]:
    """ms to assemble each call with a fresh Announcer: every piece read from disk."""
    synth = EspeakSynthesizer(cache_dir_of(pack) / "pieces", compress=compress)
    times = []
    for i, call in enumerate(samples):
        announcer = make_announcer(
            pack_dir=pack, cache_dir=root / f"a{i}", synthesizer=synth, phrasebook=PHRASEBOOK
        )
        started = time.perf_counter()
        announcer.announcement_wav(*call)
        times.append((time.perf_counter() - started) * 1000)
    if synth.engine_calls:
        raise SystemExit("a piece was rendered during assembly: the pack is incomplete")
    return times


def first_of_process(pack: Path, kind: str, root: Path) -> tuple[float, float]:
    done = subprocess.run(
        [sys.executable, "-c", _FIRST, str(pack), kind, str(root / f"first-{kind}")],
        capture_output=True,
        text=True,
        check=True,
    )
    ready, first = (float(x) for x in done.stdout.split())
    return ready, first


def served(pack: Path, synth: EspeakSynthesizer, root: Path, samples: list[Call]) -> str:
    """What FLAC would save on the assembled announcements (served as WAV today)."""
    announcer = make_announcer(
        pack_dir=pack, cache_dir=root / "served", synthesizer=synth, phrasebook=PHRASEBOOK
    )
    wav_bytes = flac_bytes = 0
    encode: list[float] = []
    for call in samples:
        path = announcer.announcement_wav(*call)
        frames = flac.read_piece(path)
        started = time.perf_counter()
        flac.write(root / "served.flac", frames)
        encode.append((time.perf_counter() - started) * 1000)
        wav_bytes += path.stat().st_size
        flac_bytes += (root / "served.flac").stat().st_size
    n = len(samples)
    return (
        f"served announcements (left WAV): {wav_bytes / n / 1000:.0f} kB each as WAV, "
        f"{flac_bytes / n / 1000:.0f} kB as FLAC (encoding {statistics.median(encode):.1f} ms);"
        f"\n  the 2000 the announcer keeps: {2000 * wav_bytes / n / MB:.0f} MB as WAV, "
        f"{2000 * flac_bytes / n / MB:.0f} MB as FLAC"
    )


def _ms(times: list[float]) -> str:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"median {statistics.median(times):6.2f} ms  p99 {p99:6.2f} ms  (n={len(times)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--languages", default="kk,ru,en")
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args(argv)
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    samples = calls(languages, args.samples)
    with tempfile.TemporaryDirectory(prefix="bench-voice-pack-") as tmp:
        root = Path(tmp)
        results = {}
        for kind, compress in (("wav", False), ("flac", True)):
            pack = root / kind
            seconds, synth = build(pack, languages, compress)
            results[kind] = (
                seconds,
                sizes(pack, synth, languages),
                first_of_process(pack, kind, root),
                assembly(pack, compress, root / f"{kind}-assembly", samples),
            )
        before, after = results["wav"][1], results["flac"][1]
        print(f"voice pack of the demo centre, {', '.join(languages)}: pieces on disk")
        print(f"  {'':<8}{'before (raw WAV)':>18}{'after (FLAC)':>16}{'after/before':>14}")
        for name in [*languages, "total"]:
            count = f" ({before[f'{name} pieces']} pieces)" if name != "total" else ""
            print(
                f"  {name:<8}{before[name] / MB:>15.1f} MB{after[name] / MB:>13.1f} MB"
                f"{after[name] / before[name]:>13.0%}{count}"
            )
        for kind, label in (("wav", "before (raw WAV)"), ("flac", "after (FLAC)")):
            seconds, _, (ready, first), times = results[kind]
            print(f"{label}:")
            print(f"  build {seconds:.1f} s")
            print(
                f"  fresh process: announcer ready in {ready:.0f} ms, "
                f"first announcement assembled in {first:.1f} ms"
            )
            print(f"  an announcement, pieces from disk: {_ms(times)}")
        print(served(root / "flac", EspeakSynthesizer(root / "flac" / ".cache" / "pieces"),
                     root, samples))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
