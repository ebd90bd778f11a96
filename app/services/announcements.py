"""Voice announcements in the running server: which WAV a call gets, and making it off the
event loop.

A call's announcement is named by a key that is the call itself, `<language>-<kind>-<workplace
number>-<display>` (e.g. `kk-window-3-К-115`), served at `/announcements/<key>.wav`:
- computing it costs a string format, so publishing a call (on the event loop) never waits
  for speech;
- it holds only what the board shows anyway: no name, no purpose, no ticket id;
- any worker process can answer it, before or after a restart, with nothing remembered;
- it is checked against the centre file (a workplace that exists, a display a zone issues),
  so a caller cannot make the server synthesize anything else.

The WAV is made by voices.Announcer (its synthesizer owns the process's one espeak worker)
in the thread that asks: a route's worker thread, or the pre-warm thread that starts right
after a call is published, so the board's request usually finds it ready or in progress.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Self
from urllib.parse import quote

from app.config.centre import CentreConfig
from app.config.settings import Settings
from voices import Announcer, SpeechUnavailable, Synthesizer, make_announcer
from voices.phrases import KINDS, number_piece, parse_display

log = logging.getLogger(__name__)

URL_PREFIX = "/announcements"
_KEY = re.compile(
    r"^(?P<language>[a-z]{2})-(?P<kind>[a-z]+)-(?P<number>[0-9]{1,6})-(?P<display>.+)$"
)
# Pre-warm jobs waiting at most: a burst beyond it is rendered when the board asks instead,
# so a flood of calls (a load test, a script) cannot queue unbounded speech work.
PREWARM_BACKLOG = 16
# A request waiting for the same announcement another thread is making gives up after this;
# the synthesizer's own timeouts (5 s a piece) normally end it long before.
WAIT_SECONDS = 30.0

Job = Callable[[], object]


@dataclass(frozen=True)
class Call:
    """What an announcement says: ticket `display` to workplace `kind` `number`, in `language`."""

    display: str
    kind: str
    number: int
    language: str

    @property
    def key(self) -> str:
        return f"{self.language}-{self.kind}-{self.number}-{self.display}"

    @property
    def url(self) -> str:
        # Percent-encoded: displays may have Cyrillic prefix letters, the feed stays ASCII.
        return f"{URL_PREFIX}/{quote(self.key, safe='')}.wav"

    @classmethod
    def from_key(cls, key: str) -> Self | None:
        match = _KEY.match(key)
        if match is None:
            return None
        return cls(match["display"], match["kind"], int(match["number"]), match["language"])


class Announcements:
    """The announcements of one centre: URLs for the feed, WAVs for the board, and the
    speech fault for health. Thread-safe."""

    def __init__(
        self,
        centre: CentreConfig,
        pack_dir: Path,
        *,
        synthesizer: Synthesizer | None = None,
        announcer: Announcer | None = None,
    ) -> None:
        self.centre = centre
        self.settings = centre.speech
        self.pack_dir = Path(pack_dir)
        self.announcer = announcer or make_announcer(
            self.pack_dir, phrasebook=self.settings.phrasebook(), synthesizer=synthesizer
        )
        self._fault: str | None = None
        self._lock = threading.Lock()
        self._inflight: dict[Call, Future[Path]] = {}
        self._jobs: queue.Queue[Job | None] = queue.Queue(maxsize=PREWARM_BACKLOG)
        self._thread: threading.Thread | None = None
        self._closed = False

    @classmethod
    def from_settings(cls, settings: Settings, centre: CentreConfig) -> Announcements:
        return cls(centre, settings.resolved_voices_dir)

    # -- health -----------------------------------------------------------------------------

    @property
    def fault(self) -> str | None:
        """Why speech fails (engine missing, crashed, timed out), or None while it works.
        The synthesizer's own record counts too: a cached announcement still plays while the
        engine is down, but the next new one would not."""
        return self._fault or self.announcer.speech_fault

    @property
    def status(self) -> str:
        return self.fault or "ok"

    # -- the feed ---------------------------------------------------------------------------

    def announce(
        self, display: str, kind: str, number: int, language: str, *, prewarm: bool = True
    ) -> str | None:
        """The URL of this call's announcement, or None if it cannot be said (a language or
        display the phrase book does not know). Instant and non-blocking: it runs on the
        event loop. `prewarm` starts making the WAV in the background at once."""
        if language not in self.announcer.phrasebook.templates or kind not in KINDS:
            return None
        try:
            parse_display(display)
        except ValueError:
            return None
        call = Call(display, kind, number, language)
        if prewarm:
            self._submit(lambda: self._render_quietly(call))
        return call.url

    def lookup(self, key: str) -> Call | None:
        """The call a key names, if this centre can make such a call; None otherwise."""
        call = Call.from_key(key)
        if call is None or call.language not in self.announcer.phrasebook.templates:
            return None
        if not any(w.kind == call.kind and w.number == call.number for w in self.centre.workplaces):
            return None
        try:
            prefix, number = parse_display(call.display)
        except ValueError:
            return None
        # Any issuing zone's display, whatever zone the call is in: a transferred ticket
        # keeps its number and may be called anywhere.
        issued = any(
            z.range is not None
            and z.prefix == prefix
            and z.range[0] <= number <= z.range[1]
            and z.numbers.display(number) == call.display
            for z in self.centre.zones
        )
        return call if issued else None

    # -- making the WAV ---------------------------------------------------------------------

    def render(self, call: Call) -> Path:
        """The WAV of `call`, made now unless cached. Blocking (espeak, disk): never call it
        on the event loop. Requests for the same call at once share one rendering.
        SpeechUnavailable when it cannot be made; the fault is kept for health."""
        with self._lock:
            pending = self._inflight.get(call)
            owner = pending is None
            if pending is None:
                pending = self._inflight[call] = Future()
        if not owner:
            try:
                return pending.result(timeout=WAIT_SECONDS)
            except FutureTimeout:
                message = f"announcement {call.key} took over {WAIT_SECONDS:g} s"
                raise SpeechUnavailable(message) from None
        try:
            path = self.announcer.announcement_wav(
                call.display, call.kind, call.number, call.language
            )
        except SpeechUnavailable as exc:
            self._fault = str(exc)
            pending.set_exception(exc)
            raise
        except Exception as exc:
            # A bug or a full disk must not take the board's request down with a 500: the
            # board falls back to the chime, and health says what happened.
            log.exception("announcement %s failed", call.key)
            failure = SpeechUnavailable(f"announcement failed: {type(exc).__name__}: {exc}")
            self._fault = str(failure)
            pending.set_exception(failure)
            raise failure from exc
        else:
            self._fault = None
            pending.set_result(path)
            return path
        finally:
            with self._lock:
                self._inflight.pop(call, None)

    def check(self) -> None:
        """Render one real phrase piece: loads espeak-ng now rather than at the first call,
        and reports a missing or broken engine in health from the start."""
        # A phrase every kk call says; a centre's template may have none ("{ticket} {place}").
        piece = next(iter(self.announcer.phrasebook.phrase_pieces("kk")), number_piece(1, "kk"))
        try:
            self.announcer.synthesizer.synthesize(piece.text, piece.voice)
        except SpeechUnavailable as exc:
            self._fault = str(exc)
        except Exception as exc:
            log.exception("speech check failed")
            self._fault = f"speech check failed: {type(exc).__name__}: {exc}"
        else:
            self._fault = None

    def start_check(self) -> None:
        """check() in the background (server start must not wait for espeak). This also
        starts the background thread, so the first call does not pay for that on the event
        loop (Thread.start waits for the new thread to run: ~50 ms on a busy machine)."""
        self._submit(self.check)

    def close(self) -> None:
        """Stop the background thread after its current job (server shutdown)."""
        self._closed = True
        with contextlib.suppress(queue.Full):  # then the loop sees _closed after its job
            self._jobs.put_nowait(None)

    # -- the background thread --------------------------------------------------------------

    def _render_quietly(self, call: Call) -> None:
        # A failure is recorded as the fault; the board's own request will meet it too.
        with contextlib.suppress(SpeechUnavailable):
            self.render(call)

    def _submit(self, job: Job) -> None:
        if self._closed:
            return
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._run, name="speech-prewarm", daemon=True
                    )
                    self._thread.start()
        try:
            self._jobs.put_nowait(job)
        except queue.Full:
            log.info("speech pre-warm backlog full; the board's request will render the call")

    def _run(self) -> None:
        while not self._closed:
            job = self._jobs.get()
            if job is None:
                return
            try:
                job()
            except Exception:  # a background thread must never die of one bad job
                log.exception("speech background job failed")
