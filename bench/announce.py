"""Call → announcement ready: how long until the WAV of a call exists, in kk and ru.

    python -m bench.announce [--samples 40]

- first: the first call of a fresh process on an empty cache (loads espeak-ng);
- cold: nothing cached (every piece synthesized, then assembled), engine already loaded;
- pieces: the pieces are cached (a built voice pack) but this announcement is not;
- cached: the same announcement again (a recall, or the same ticket and workplace).
Targets (issue 5): cold ≤ 150 ms, cached ≤ 10 ms.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from voices import Announcer, EspeakSynthesizer

COLD_TARGET_MS = 150
CACHED_TARGET_MS = 10


Call = tuple[str, str, int, str]


def _timed(announcer: Announcer, call: Call) -> float:
    started = time.perf_counter()
    announcer.announcement_wav(*call)
    return (time.perf_counter() - started) * 1000


def _announcer(root: Path) -> Announcer:
    return Announcer(EspeakSynthesizer(root / "pieces"), root, pack_dir=root / "pack")


def _calls(language: str, count: int) -> list[Call]:
    """Varied calls: windows 1–3 for 100–399, cabinets 201/202 for 400–499, desk 4 for 5xx."""
    out = []
    for i in range(count):
        if i % 3 == 0:
            out.append((str(100 + 7 * i % 300), "window", 1 + i % 3, language))
        elif i % 3 == 1:
            out.append((str(400 + i % 100), "cabinet", 201 + i % 2, language))
        else:
            out.append((f"К-{500 + i % 100}", "desk", 4, language))
    return out


def _p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def _summary(name: str, times: list[float], target: float | None) -> str:
    p99 = _p99(times)
    verdict = ""
    if target is not None:
        verdict = "  ok" if p99 <= target else f"  OVER {target:g} ms"
    return (
        f"  {name:<7} median {statistics.median(times):7.2f} ms   p99 {p99:7.2f} ms"
        f"   (n={len(times)}){verdict}"
    )


def _language(root: Path, language: str, samples: int) -> bool:
    calls = _calls(language, samples)
    # cold: an empty cache for every sample
    cold = [_timed(_announcer(root / f"{language}-cold-{i}"), c) for i, c in enumerate(calls)]
    warm = _announcer(root / f"{language}-warm")
    for call in calls:  # as `voices build` would: every piece rendered ahead
        for piece in warm.announcement(*call).pieces:
            warm.synthesizer.synthesize(piece.text, piece.voice)
    pieces = [_timed(warm, call) for call in calls]
    cached = [_timed(warm, call) for _ in range(5) for call in calls]
    print(f"{language}: «{warm.announcement(*calls[1]).text}»")
    print(_summary("cold", cold, COLD_TARGET_MS))
    print(_summary("pieces", pieces, None))
    print(_summary("cached", cached, CACHED_TARGET_MS))
    return _p99(cold) <= COLD_TARGET_MS and _p99(cached) <= CACHED_TARGET_MS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-announce-") as tmp:
        root = Path(tmp)
        first = _timed(_announcer(root / "first"), ("115", "window", 3, "kk"))
        print(f"first call of the process (loads espeak-ng): {first:.1f} ms")
        for language in ("kk", "ru"):
            ok = _language(root, language, args.samples) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
