"""pyttsx3 on espeak-ng: the real synthesizer.

pyttsx3 on espeak-ng is not thread-safe (stack notes: six threads gave "run loop already
started", hangs and missing files) and espeak-ng keeps one global state per process. So every
EspeakSynthesizer of a process that uses the real engine hands its work to ONE worker thread,
which owns the only engine; request threads wait on their job with a deadline. That engine
runs in a child process (voices/speech_process.py), so that a crash or a hang of the C library
costs one announcement, never the server. When espeak-ng is missing, crashes or hangs, callers
get SpeechUnavailable quickly and show the call with a chime only.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

from voices import flac, wav
from voices.speech_process import SpeechProcess
from voices.synth import (
    _RENDER_VERSION,
    DEFAULT_RATE,
    DEFAULT_VOICES,
    CachingSynthesizer,
    SpeechUnavailable,
)

log = logging.getLogger(__name__)


class Engine(Protocol):
    """The part of a pyttsx3 engine we use."""

    def setProperty(self, name: str, value: object) -> None: ...  # noqa: N802
    def save_to_file(self, text: str, filename: str) -> None: ...
    def runAndWait(self) -> None: ...  # noqa: N802
    def connect(self, topic: str, cb: Callable[..., object]) -> object: ...


class _Pyttsx3Engine:
    """A pyttsx3 engine that waits for espeak-ng to go idle before each run.

    pyttsx3 runs espeak in AUDIO_OUTPUT_RETRIEVAL mode, which is asynchronous: espeak's own
    thread still reports "playing" for about a millisecond after the previous file is written.
    runAndWait() then calls espeak_Cancel() and the next text comes out empty (1-2 renders in
    200 did; none in 600 with this wait)."""

    def __init__(self, engine: Engine, is_playing: Callable[[], int]) -> None:
        self._engine = engine
        self._is_playing = is_playing

    def setProperty(self, name: str, value: object) -> None:  # noqa: N802
        self._engine.setProperty(name, value)

    def save_to_file(self, text: str, filename: str) -> None:
        self._engine.save_to_file(text, filename)

    def connect(self, topic: str, cb: Callable[..., object]) -> object:
        return self._engine.connect(topic, cb)

    def runAndWait(self) -> None:  # noqa: N802
        deadline = time.monotonic() + 1.0
        while self._is_playing() and time.monotonic() < deadline:
            time.sleep(0.0005)
        self._engine.runAndWait()


def pyttsx3_engine(driver: str = "espeak") -> Engine:
    """A pyttsx3 engine on `driver`. Runs on the worker thread only."""
    import pyttsx3  # type: ignore[import-untyped]  # imported late: it loads libespeak-ng

    engine: Engine = pyttsx3.init(driver)
    if driver != "espeak":
        return engine
    # The driver prints "Audio saved to ..." to stdout for every file; a module-level
    # `print` shadows the builtin in that module only, so the server log stays clean.
    import pyttsx3.drivers.espeak as espeak_driver  # type: ignore[import-untyped]
    from pyttsx3.drivers import _espeak

    vars(espeak_driver)["print"] = lambda *args, **kwargs: None
    return _Pyttsx3Engine(engine, _espeak.IsPlaying)


@dataclass(eq=False)
class _Job:
    text: str
    settings: tuple[tuple[str, object], ...]
    target: Path
    timeout: float
    done: threading.Event = field(default_factory=threading.Event)
    deadline: float | None = None  # set when the worker starts it
    cancelled: bool = False
    error: BaseException | None = None


class _Worker:
    """One thread owning one engine; jobs run one at a time in priority then arrival order."""

    def __init__(
        self, factory: Callable[[], Engine], name: str, start_timeout: float, retry_after: float
    ) -> None:
        self._factory = factory
        self._start_timeout = start_timeout
        self._retry_after = retry_after
        self._jobs: queue.PriorityQueue[tuple[int, int, _Job | None]] = queue.PriorityQueue()
        self._order = itertools.count()
        self._engine: Engine | None = None
        self._engine_errors: list[str] = []
        self._init_failed: tuple[float, str] | None = None
        self.current: _Job | None = None
        # Jobs queued or running by target file: two calls of one new phrase render it once.
        self._inflight: dict[Path, _Job] = {}
        self._inflight_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def submit(
        self,
        text: str,
        settings: tuple[tuple[str, object], ...],
        target: Path,
        timeout: float,
        priority: int,
    ) -> tuple[_Job, bool]:
        """The job making `target` (a new one, or the one already queued) and whether new."""
        with self._inflight_lock:
            job = self._inflight.get(target)
            if job is not None and not job.cancelled:
                return job, False
            job = _Job(text, settings, target, timeout)
            self._inflight[target] = job
        self._jobs.put((priority, next(self._order), job))
        return job, True

    def stop(self) -> None:
        self._jobs.put((-1, next(self._order), None))

    def _run(self) -> None:
        while True:
            _, _, job = self._jobs.get()
            if job is None:
                return
            if job.cancelled:  # its caller gave up; anyone else waiting on it hears why
                job.error = SpeechUnavailable("speech request cancelled: engine was stuck")
                self._finish(job)
                continue
            started = time.monotonic()
            job.deadline = started + (job.timeout if self._engine else self._start_timeout)
            self.current = job
            try:
                self._render(job)
            except BaseException as exc:  # handed to the waiting thread; the worker goes on
                job.error = exc
            finally:
                self.current = None
                self._finish(job)

    def _finish(self, job: _Job) -> None:
        with self._inflight_lock:
            if self._inflight.get(job.target) is job:
                del self._inflight[job.target]
        job.done.set()

    def _get_engine(self) -> Engine:
        if self._engine is not None:
            return self._engine
        if self._init_failed and time.monotonic() - self._init_failed[0] < self._retry_after:
            raise SpeechUnavailable(self._init_failed[1])
        try:
            engine = self._factory()
            engine.connect("error", self._on_error)
        except Exception as exc:
            message = f"speech engine cannot start: {type(exc).__name__}: {exc}"
            self._init_failed = (time.monotonic(), message)
            raise SpeechUnavailable(message) from exc
        self._engine, self._init_failed = engine, None
        return engine

    def _on_error(self, **kwargs: Any) -> None:
        # pyttsx3 catches exceptions in queued commands (e.g. an unknown voice) and only
        # reports them here, then goes on speaking in the previous voice: never accept that.
        self._engine_errors.append(repr(kwargs.get("exception")))

    def _render(self, job: _Job) -> None:
        engine = self._get_engine()
        self._engine_errors.clear()
        tmp = job.target.with_name(f".tmp-{job.target.stem}.wav")  # espeak writes WAV
        tmp.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        try:
            for name, value in job.settings:
                engine.setProperty(name, value)
            for attempt in (1, 2):  # an empty file is retried once: see _Pyttsx3Engine
                engine.save_to_file(job.text, str(tmp))
                engine.runAndWait()
                if self._engine_errors:
                    errors = "; ".join(self._engine_errors)
                    raise SpeechUnavailable(f"speech engine error: {errors}")
                try:
                    made = wav.info(tmp)
                except (OSError, wav.WavError) as exc:
                    raise SpeechUnavailable(f"speech engine wrote no usable WAV: {exc}") from exc
                if made.frames:
                    break
                if attempt == 2:
                    raise SpeechUnavailable(f"speech engine produced silence for {job.text!r}")
            if job.target.suffix == flac.SUFFIX:  # trimmed and compressed: voices/flac.py
                flac.write_piece(job.target, wav.read_frames(tmp))
            else:  # an uncompressed cache keeps the render as espeak wrote it
                tmp.replace(job.target)
        finally:
            tmp.unlink(missing_ok=True)


_shared_worker: _Worker | None = None
_shared_lock = threading.Lock()


def _default_worker(timeout: float, start_timeout: float, retry_after: float) -> _Worker:
    """The process's one espeak worker, shared by every EspeakSynthesizer on the real engine.
    Its engine renders in a child process (voices/speech_process.py): a crash of libespeak-ng
    ends that child, not the server, and the next call starts a new one."""
    global _shared_worker
    with _shared_lock:
        if _shared_worker is None or not _shared_worker.alive:

            def engine() -> Engine:
                return SpeechProcess(
                    timeout=timeout, start_timeout=start_timeout, retry_after=retry_after
                )

            _shared_worker = _Worker(engine, "espeak-worker", start_timeout, retry_after)
        return _shared_worker


class EspeakSynthesizer(CachingSynthesizer):
    """pyttsx3 on espeak-ng, voices kk, ru and en: pieces of 22,050 Hz mono 16-bit audio,
    stored trimmed as FLAC (`compress=False`: the raw WAV espeak writes; voices/synth.py).

    `timeout` bounds one render once the worker has started it (`start_timeout` for the
    first, which loads the engine); a request waiting behind others is failed at once if the
    worker is stuck past its deadline, so a hung engine does not pile up request threads.
    `driver` or `engine_factory` other than the default get a private worker (tests, or a
    deliberately broken engine); the real espeak engine is always the shared one.
    """

    def __init__(
        self,
        cache_dir: Path,
        *,
        voices: Mapping[str, str] = DEFAULT_VOICES,
        rate: int = DEFAULT_RATE,
        volume: float = 1.0,
        timeout: float = 5.0,
        start_timeout: float = 15.0,
        retry_after: float = 30.0,
        driver: str = "espeak",
        engine_factory: Callable[[], Engine] | None = None,
        compress: bool = True,
    ) -> None:
        super().__init__(cache_dir, voices, compress=compress)
        self.rate = rate
        self.volume = volume
        self.timeout = timeout
        self.driver = driver
        self._fault: str | None = None
        if engine_factory is None and driver == "espeak":
            self._worker = _default_worker(timeout, start_timeout, retry_after)
            self._private = False
        else:
            factory = engine_factory or (lambda: pyttsx3_engine(driver))
            self._worker = _Worker(factory, f"speech-worker-{driver}", start_timeout, retry_after)
            self._private = True
        try:
            pyttsx3_version = metadata.version("pyttsx3")
        except metadata.PackageNotFoundError:
            pyttsx3_version = "?"
        settings = f"pyttsx3-{pyttsx3_version}/{driver}/rate={rate}/volume={volume}"
        self._settings_key = f"{settings}/v{_RENDER_VERSION}"
        self._legacy_settings_key = f"{settings}/v1"

    @property
    def settings_key(self) -> str:
        return self._settings_key

    @property
    def legacy_settings_key(self) -> str:
        return self._legacy_settings_key

    @property
    def fault(self) -> str | None:
        """The last failure, for health; None once a render succeeds again."""
        return self._fault

    def start(self) -> None:
        """Load the engine now (at server start) instead of on the first call; raises
        SpeechUnavailable if it cannot. Renders one short word into the cache."""
        self.synthesize("test", next(iter(self.voices)))

    def close(self) -> None:
        if self._private:
            self._worker.stop()

    def _render(self, text: str, voice: str, target: Path, priority: int) -> bool:
        settings = (("voice", voice), ("rate", self.rate), ("volume", self.volume))
        worker = self._worker
        if not worker.alive:
            self._fail("speech worker has stopped")
        stuck = worker.current
        if stuck is not None and stuck.deadline is not None and time.monotonic() > stuck.deadline:
            self._fail(f"speech engine stuck on {stuck.text!r} past its {stuck.timeout:g} s limit")
        job, created = worker.submit(text, settings, target, self.timeout, priority)
        while not job.done.wait(0.05):
            now = time.monotonic()
            if job.deadline is not None and now > job.deadline:
                job.cancelled = True
                self._fail(f"speech timed out after {job.timeout:g} s for {text!r}")
            busy = worker.current
            if (
                job.deadline is None
                and busy is not None
                and busy.deadline is not None
                and now > busy.deadline
            ):
                job.cancelled = True
                self._fail(f"speech engine stuck on {busy.text!r}")
            if not worker.alive:
                self._fail("speech worker has stopped")
        if job.error is not None:
            # A fresh exception per waiter: several threads may share one job's failure.
            message = str(job.error)
            if not isinstance(job.error, SpeechUnavailable):
                message = f"speech failed: {type(job.error).__name__}: {message}"
            self._fault = message
            raise SpeechUnavailable(message) from job.error
        self._fault = None
        return created

    def _fail(self, message: str) -> None:
        self._fault = message
        log.warning("speech unavailable: %s", message)
        raise SpeechUnavailable(message)
