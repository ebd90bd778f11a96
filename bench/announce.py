"""Call → announcement ready: how long until the WAV of a call exists, in kk and ru.

    python -m bench.announce [--samples 40] [--only library|app]

The library (voices.Announcer in this process):
- first: the first call of a fresh process on an empty cache (loads espeak-ng);
- cold: nothing cached (every piece synthesized, then assembled), engine already loaded;
- pieces: the pieces are cached (a built voice pack) but this announcement is not;
- cached: the same announcement again (a recall, or the same ticket and workplace).

The app path (the real server, one uvicorn worker, SQLite and an empty voice pack in a temp
folder, a board-like websocket subscriber): from sending POST call-next (or recall) until the
WAV named by the `ticket.called` message has been downloaded, as the board does it:
- cold: a ticket number never said before (its number piece and the announcement are
  synthesized; the phrase and ordinal pieces are cached after the first calls);
- cached: a recall of the same ticket (the announcement is cached).
Targets (issue 5): cold ≤ 150 ms, cached ≤ 10 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx2
from websockets.sync.client import ClientConnection, connect

from app.config.centre import load_centre
from app.config.settings import DEMO_CENTRE
from tests.support.live_server import live_server, provision_staff
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
        f"  {name:<15} median {statistics.median(times):7.2f} ms   p99 {p99:7.2f} ms"
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


# ---- the app path ------------------------------------------------------------------------


def _announcement_of(ws: ClientConnection, ticket_id: int, kind: str) -> str:
    """The `announcement` of the next `kind` message about `ticket_id` on the feed."""
    while True:
        message = json.loads(ws.recv(timeout=10))
        if message.get("type") == kind and message["ticket"]["id"] == ticket_id:
            return str(message["announcement"])


Times = dict[str, dict[str, list[float]]]  # "kk cold" -> segment -> ms


def _app_calls(base_url: str, issuer: str, server: str, samples: int) -> Times:
    """Per language, cold and cached: the segments of call → WAV downloaded, in ms."""
    times: Times = {}
    ws_url = base_url.replace("http://", "ws://") + f"/ws/events?token={server}"
    issuing = httpx2.Client(base_url=base_url, headers={"Authorization": f"Bearer {issuer}"})
    serving = httpx2.Client(base_url=base_url, headers={"Authorization": f"Bearer {server}"})
    with connect(ws_url) as ws, issuing, serving:
        for i in range(2 * samples):
            language = ("kk", "ru")[i % 2]
            body = {"zone": "consultation", "language": language}
            issued = issuing.post("/api/tickets", json=body)
            issued.raise_for_status()
            ticket = issued.json()["id"]
            for kind, action in (
                ("ticket.called", "/api/workplaces/window-2/call-next"),
                ("ticket.recalled", f"/api/tickets/{ticket}/recall"),
            ):
                started = time.perf_counter()
                serving.post(action).raise_for_status()
                url = _announcement_of(ws, ticket, kind)
                heard = time.perf_counter()
                answer = serving.get(url)
                answer.raise_for_status()
                done = time.perf_counter()
                assert answer.content[:4] == b"RIFF", url
                timing = answer.headers["server-timing"]  # "speech;dur=12.3"
                name = "cold" if kind == "ticket.called" else "cached"
                row = times.setdefault(f"{language} {name}", {})
                row.setdefault("call → WAV", []).append((done - started) * 1000)
                row.setdefault("call → event", []).append((heard - started) * 1000)
                row.setdefault("event → WAV", []).append((done - heard) * 1000)
                row.setdefault("speech (server)", []).append(float(timing.split("dur=")[1]))
            serving.post(f"/api/tickets/{ticket}/start").raise_for_status()
            serving.post(f"/api/tickets/{ticket}/finish").raise_for_status()
    return times


def app_path(samples: int) -> bool:
    with tempfile.TemporaryDirectory(prefix="bench-announce-app-") as tmp:
        data = Path(tmp)
        url = f"sqlite:///{data / 'bench.sqlite3'}"
        with live_server(url, data_dir=data, config=DEMO_CENTRE, workers=1) as server:
            staff = provision_staff(url, load_centre(DEMO_CENTRE))
            time.sleep(1.0)  # let the start-up speech check load espeak-ng, as in service
            times = _app_calls(server.base_url, staff.issuer, staff.workplaces["window-2"], samples)
    print(
        "app path: POST call-next / recall → ticket.called on the feed → WAV downloaded;\n"
        "the target applies to what speech adds: event → WAV (the board's fetch)"
    )
    ok = True
    for name, segments in times.items():
        target = COLD_TARGET_MS if name.endswith("cold") else CACHED_TARGET_MS
        print(f" {name}")
        for segment, values in segments.items():
            print(_summary(segment, values, target if segment == "event → WAV" else None))
        ok = _p99(segments["event → WAV"]) <= target and ok
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--only", choices=("library", "app"))
    args = parser.parse_args(argv)
    ok = True
    if args.only != "app":
        with tempfile.TemporaryDirectory(prefix="bench-announce-") as tmp:
            root = Path(tmp)
            first = _timed(_announcer(root / "first"), ("115", "window", 3, "kk"))
            print(f"first call of the process (loads espeak-ng): {first:.1f} ms")
            for language in ("kk", "ru"):
                ok = _language(root, language, args.samples) and ok
    if args.only != "library":
        ok = app_path(args.samples) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
