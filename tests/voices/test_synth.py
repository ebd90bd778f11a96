"""The synthesizer: real espeak-ng audio, its cache, one worker for many threads, failures."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.voices.conftest import assert_piece
from voices import flac
from voices.announcer import Announcer
from voices.espeak import EspeakSynthesizer
from voices.fake import FakeSynthesizer
from voices.speech_process import SpeechProcess
from voices.synth import SpeechUnavailable


def test_kazakh_and_russian_speech_is_real_audio_and_differs(espeak: EspeakSynthesizer) -> None:
    kk = espeak.synthesize("Талон нөмірі жүз он бес, үшінші терезеге өтіңіз", "kk")
    ru = espeak.synthesize("Талон номер сто пятнадцать, пройдите к окну номер три", "ru")
    for path in (kk, ru):
        assert 1.5 <= assert_piece(path) <= 8
    assert kk != ru
    assert flac.read_frames(kk) != flac.read_frames(ru)


def test_same_text_in_two_voices_differs(espeak: EspeakSynthesizer) -> None:
    kk = espeak.synthesize("Талон", "kk")
    ru = espeak.synthesize("Талон", "ru")
    assert kk != ru
    assert kk.read_bytes() != ru.read_bytes()


def test_a_cached_phrase_is_not_synthesized_again(espeak: EspeakSynthesizer) -> None:
    first = espeak.synthesize("жүз он бес", "kk")
    assert espeak.engine_calls == 1
    first_bytes = first.read_bytes()
    for _ in range(3):
        assert espeak.synthesize("жүз  он бес ", "kk") == first  # spacing does not matter
    assert espeak.engine_calls == 1
    assert espeak.cache_hits == 3
    assert first.read_bytes() == first_bytes
    # A new synthesizer on the same cache (a restarted server) does not render it either.
    again = EspeakSynthesizer(espeak.cache_dir)
    assert again.synthesize("жүз он бес", "kk") == first
    assert again.engine_calls == 0


def test_engine_settings_are_part_of_the_cache_key(
    tmp_path: Path, espeak: EspeakSynthesizer
) -> None:
    slow = EspeakSynthesizer(espeak.cache_dir, rate=110)
    normal = espeak.synthesize("сто пятнадцать", "ru")
    slower = slow.synthesize("сто пятнадцать", "ru")
    assert normal != slower
    assert assert_piece(slower) > assert_piece(normal)


def test_six_threads_at_once_all_succeed(espeak: EspeakSynthesizer) -> None:
    results: dict[int, Path | BaseException] = {}
    start = threading.Barrier(6)

    def speak(i: int) -> None:
        start.wait()
        try:
            language = "kk" if i % 2 else "ru"
            text = f"номер {['один', 'два', 'три', 'бір', 'екі', 'үш'][i]}"
            results[i] = espeak.synthesize(text, language)
        except BaseException as exc:
            results[i] = exc

    threads = [threading.Thread(target=speak, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(results) == 6
    for result in results.values():
        assert isinstance(result, Path), result
        assert_piece(result)
    assert len(set(results.values())) == 6
    assert espeak.engine_calls == 6


def test_six_threads_asking_for_one_new_phrase_render_it_once(
    espeak: EspeakSynthesizer,
) -> None:
    start = threading.Barrier(6)
    paths: list[Path] = []

    def speak() -> None:
        start.wait()
        paths.append(espeak.synthesize("пройдите к окну номер", "ru"))

    threads = [threading.Thread(target=speak) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(paths) == 6
    assert len(set(paths)) == 1
    assert espeak.engine_calls == 1


def test_an_unknown_voice_is_an_error_not_another_voice(
    tmp_path: Path, espeak: EspeakSynthesizer
) -> None:
    wrong = EspeakSynthesizer(tmp_path / "wrong", voices={"kk": "no-such-voice"})
    with pytest.raises(SpeechUnavailable, match="no-such-voice"):
        wrong.synthesize("сәлем", "kk")
    assert wrong.fault is not None
    # The shared engine is fine afterwards.
    assert_piece(espeak.synthesize("сәлем", "kk"))


def test_missing_engine_driver_fails_quickly(tmp_path: Path) -> None:
    broken = EspeakSynthesizer(tmp_path, driver="no_such_engine")
    try:
        started = time.monotonic()
        with pytest.raises(SpeechUnavailable, match="cannot start"):
            broken.synthesize("сәлем", "kk")
        assert time.monotonic() - started < 2
        assert broken.fault is not None
        assert "no_such_engine" in broken.fault
        # Later calls fail at once without trying to load the engine again.
        started = time.monotonic()
        with pytest.raises(SpeechUnavailable):
            broken.synthesize("сәлем", "ru")
        assert time.monotonic() - started < 0.5
    finally:
        broken.close()


def test_missing_espeak_library_fails_quickly(tmp_path: Path) -> None:
    """A speech process where libespeak-ng cannot be loaded (as on a machine without the
    Debian package): pyttsx3 raises at import there, the child says so and ends, and the
    caller gets SpeechUnavailable at once, and again without a new try for the next call."""
    child = (
        "import ctypes\n"
        "def refuse(self, name, *args, **kwargs):\n"
        "    raise OSError(name + ': cannot open shared object file')\n"
        "ctypes.LibraryLoader.LoadLibrary = refuse\n"
        "from voices.speech_child import main\n"
        "main()\n"
    )
    script = f"""
import sys, time
from pathlib import Path
import voices.speech_process
voices.speech_process.CHILD_COMMAND = (sys.executable, "-c", {child!r})
from voices.espeak import EspeakSynthesizer
from voices.synth import SpeechUnavailable
synth = EspeakSynthesizer(Path({str(tmp_path)!r}))
for text in ("сәлем", "қайта"):
    started = time.monotonic()
    try:
        synth.synthesize(text, "kk")
    except SpeechUnavailable as exc:
        print("unavailable", round(time.monotonic() - started, 3), exc)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    first, again = done.stdout.splitlines()
    assert first.startswith("unavailable"), done.stderr
    assert float(first.split()[1]) < 3
    assert "eSpeak" in first
    assert again.startswith("unavailable")
    assert float(again.split()[1]) < 0.2  # not started again within retry_after
    assert "eSpeak" in again


def speech_process(synth: EspeakSynthesizer) -> SpeechProcess:
    engine = synth._worker._engine
    assert isinstance(engine, SpeechProcess)
    return engine


def wait_until_ended(process: SpeechProcess) -> None:
    """Until its child has ended, as the server sees it: the end of the child's output (a
    crashing process lives on while it dumps its core, after /proc shows it a zombie)."""
    child = process._child
    assert child is not None
    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], 10)
    assert ready, "the speech process did not end"


def test_a_crash_of_espeak_costs_one_announcement_not_the_server(
    espeak: EspeakSynthesizer,
) -> None:
    """libespeak-ng crashing (a segmentation fault of the process it runs in) between calls
    and while speaking: the server's process goes on, the call being spoken gets
    SpeechUnavailable, and the next one is spoken by a new speech process."""
    assert_piece(espeak.synthesize("бірінші", "kk"))
    process = speech_process(espeak)
    first = process.pid
    assert first is not None
    assert first != os.getpid()  # it speaks in a process of its own
    os.kill(first, signal.SIGSEGV)
    wait_until_ended(process)  # the crash happened before the next call (not during it)
    assert_piece(espeak.synthesize("екінші", "kk"))  # a new child, at once
    second = process.pid
    assert second not in (None, first)
    # Now while it speaks: a long text, and the crash in the middle of it.
    crash = threading.Timer(0.05, os.kill, (second, signal.SIGSEGV))
    crash.start()
    with pytest.raises(SpeechUnavailable, match="signal 11"):
        espeak.synthesize("бір екі үш төрт бес алты жеті сегіз тоғыз он " * 40, "kk")
    crash.join()
    assert_piece(espeak.synthesize("үшінші", "kk"))
    assert process.pid not in (None, first, second)


def test_a_hung_speech_process_is_killed_and_replaced(tmp_path: Path) -> None:
    """The child stops answering (here: stopped by a signal, as a hang in the C library
    would): the call times out, the child is killed, and the next call gets a new one."""
    process = SpeechProcess(timeout=0.5, start_timeout=15)
    synth = EspeakSynthesizer(tmp_path, timeout=5, engine_factory=lambda: process)
    try:
        assert_piece(synth.synthesize("сәлем", "kk"))
        hung = process.pid
        assert hung is not None
        os.kill(hung, signal.SIGSTOP)
        with pytest.raises(SpeechUnavailable, match=r"did not answer within 0\.5 s"):
            synth.synthesize("тағы", "kk")
        deadline = time.monotonic() + 5
        while Path(f"/proc/{hung}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(f"/proc/{hung}").exists()  # killed and reaped
        assert_piece(synth.synthesize("жаңа", "kk"))
        assert process.pid not in (None, hung)
    finally:
        synth.close()
        process.close()


class HangingEngine:
    """An engine whose run never ends until released: a hung espeak."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.runs = 0

    def setProperty(self, name: str, value: object) -> None:  # noqa: N802
        pass

    def save_to_file(self, text: str, filename: str) -> None:
        pass

    def runAndWait(self) -> None:  # noqa: N802
        self.runs += 1
        self.release.wait(30)

    def connect(self, topic: str, cb: Callable[..., object]) -> object:
        return None


@pytest.fixture
def hanging(tmp_path: Path) -> Iterator[tuple[EspeakSynthesizer, HangingEngine]]:
    engine = HangingEngine()
    synth = EspeakSynthesizer(
        tmp_path, timeout=0.3, start_timeout=0.3, engine_factory=lambda: engine
    )
    yield synth, engine
    engine.release.set()
    synth.close()


def test_hung_engine_times_out_and_later_calls_fail_fast(
    hanging: tuple[EspeakSynthesizer, HangingEngine],
) -> None:
    synth, engine = hanging
    started = time.monotonic()
    with pytest.raises(SpeechUnavailable, match="timed out"):
        synth.synthesize("сәлем", "kk")
    assert 0.25 < time.monotonic() - started < 1.5
    assert synth.fault is not None
    assert "timed out" in synth.fault
    started = time.monotonic()
    with pytest.raises(SpeechUnavailable, match="stuck"):
        synth.synthesize("басқа", "kk")
    assert time.monotonic() - started < 0.2
    assert engine.runs == 1  # the second request never reached the engine
    announcer = Announcer(synth, synth.cache_dir / "announcer")
    assert announcer.speech_fault is not None
    assert "stuck" in announcer.speech_fault


def test_fake_synthesizer_counts_and_caches(tmp_path: Path) -> None:
    fake = FakeSynthesizer(tmp_path)
    path = fake.synthesize("жүз он бес", "kk")
    assert fake.synthesize("жүз он бес", "kk") == path
    assert fake.engine_calls == 1
    assert fake.texts == [("жүз он бес", "kk")]
    assert_piece(path)
    assert fake.synthesize("жүз он бес", "ru") != path
    with pytest.raises(SpeechUnavailable):
        FakeSynthesizer(tmp_path, fail=True).synthesize("x", "kk")
