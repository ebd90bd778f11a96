"""Voice announcements through the app (issue 5): the feed names each call's WAV, the board's
route renders it with the real espeak-ng, and a broken engine leaves calls working."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from app.config.centre import CentreConfig, ConfigError, load_centre
from app.domain.access.identity import DeviceKind
from app.domain.events import QueueEvent
from app.edge.state import AppState
from app.live.hub import RecordingHub
from app.main import create_app
from app.services.announcements import Announcements, Call
from app.services.live_feed import HubSink
from tests.conftest import Clock, make_state
from tests.support.auth import bearer, staff_token
from tests.voices.conftest import assert_announcement_wav
from voices import wav
from voices.espeak import EspeakSynthesizer
from voices.fake import FakeSynthesizer

BoardClient = Callable[[DeviceKind], TestClient]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def next_event(ws: WebSocketTestSession) -> dict[str, Any]:
    """The next message that is not a heartbeat."""
    while True:
        message: dict[str, Any] = json.loads(ws.receive_text())
        if message["type"] not in {"hello", "ping", "pong"}:
            return message


def issue(client: TestClient, language: str, zone: str = "consultation") -> dict[str, Any]:
    answer = client.post("/api/tickets", json={"zone": zone, "language": language})
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def assert_wav_bytes(content: bytes, tmp_path: Path) -> wav.WavInfo:
    path = tmp_path / f"got-{time.monotonic_ns()}.wav"
    path.write_bytes(content)
    return assert_announcement_wav(path)


def fetch_wav(board: TestClient, url: str, tmp_path: Path) -> wav.WavInfo:
    answer = board.get(url)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "audio/wav"
    return assert_wav_bytes(answer.content, tmp_path)


# the feed and the WAV route, real espeak-ng -------------------------------------------------


def test_calls_carry_their_announcement_and_the_board_gets_real_kk_and_ru_speech(
    client: TestClient, state: AppState, device_client: BoardClient, tmp_path: Path
) -> None:
    kk, ru = issue(client, "kk"), issue(client, "ru")
    board = device_client(DeviceKind.BOARD)
    with client.websocket_connect(f"/ws/events?token={staff_token(state)}") as ws:
        ws.receive_text()  # hello; the tickets were issued before
        client.post("/api/workplaces/window-3/call-next")
        called_kk = next_event(ws)
        client.post("/api/workplaces/window-1/call-next")
        called_ru = next_event(ws)
        client.post(f"/api/tickets/{ru['id']}/recall")
        recalled_ru = next_event(ws)

    assert called_kk["type"] == "ticket.called"
    assert called_kk["ticket"]["display"] == kk["display"] == "100"
    assert called_kk["announcement"] == "/announcements/kk-window-3-100.wav"
    assert called_ru["announcement"] == "/announcements/ru-window-1-101.wav"
    assert recalled_ru["type"] == "ticket.recalled"
    assert recalled_ru["announcement"] == called_ru["announcement"]

    kk_wav = fetch_wav(board, called_kk["announcement"], tmp_path)
    ru_wav = fetch_wav(board, called_ru["announcement"], tmp_path)
    # «Талон нөмірі жүз, үшінші терезеге өтіңіз» / «Талон номер сто один, пройдите к окну
    # номер один»: a couple of seconds of speech each, and not the same audio.
    assert 1.5 <= kk_wav.seconds <= 8
    assert 1.5 <= ru_wav.seconds <= 8
    assert (
        board.get(called_kk["announcement"]).content != board.get(called_ru["announcement"]).content
    )


def test_a_prefixed_display_is_percent_encoded_and_spoken_by_its_letter(
    sqlite_url: str, clock: Clock, tmp_path: Path
) -> None:
    state = make_state(sqlite_url, clock, config=FIXTURES / "tiny_centre.toml")
    token = staff_token(state)
    with TestClient(create_app(state), headers=bearer(token)) as tiny:
        issue(tiny, "kk", zone="twin")
        with tiny.websocket_connect(f"/ws/events?token={token}") as ws:
            ws.receive_text()
            assert tiny.post("/api/workplaces/desk-both/call-next").status_code == 200
            event = next_event(ws)
        assert event["ticket"]["display"] == "Қ-1"
        url = event["announcement"]
        assert url == "/announcements/kk-desk-3-%D2%9A-1.wav"  # the feed stays ASCII
        assert unquote(url) == "/announcements/kk-desk-3-Қ-1.wav"
        # The board shows «Қ-1»; the voice says the same ticket: the letter by its name.
        spoken = state.announcements.announcer.announcement("Қ-1", "desk", 3, "kk").text
        assert (
            spoken
            == "Талон нөмірі қа бір, өзіне-өзі қызмет көрсету аймағының үшінші үстеліне өтіңіз"
        )
        assert_wav_bytes(tiny.get(url).content, tmp_path)
    state.close()


def test_the_route_answers_only_calls_this_centre_can_make(client: TestClient) -> None:
    for key in (
        "kk-window-9-100",  # no window 9
        "kk-cabinet-3-100",  # window 3 is not a cabinet
        "kk-window-3-99",  # no zone issues 99
        "kk-window-3-0100",  # not how the board writes 100
        "kk-window-3-К-100",  # no zone has the prefix К
        "de-window-3-100",  # no German
        "anything",
    ):
        answer = client.get(f"/announcements/{key}.wav")
        assert answer.status_code == 404, key
        assert answer.json()["code"] == "announcement_not_found"


def test_a_board_device_may_fetch_announcements_but_a_kiosk_may_not(
    client: TestClient, device_client: BoardClient
) -> None:
    url = "/announcements/ru-desk-4-500.wav"
    assert device_client(DeviceKind.BOARD).get(url).status_code == 200
    assert device_client(DeviceKind.KIOSK).get(url).status_code == 403


# publishing never waits for speech ------------------------------------------------------------


def test_publishing_a_call_does_not_wait_for_speech(tmp_path: Path, centre: CentreConfig) -> None:
    """The sink only formats the URL: a synthesizer needing a second for the new pieces
    does not delay the broadcast, and the pre-warm thread has the WAV ready soon after."""
    slow = FakeSynthesizer(tmp_path / "pieces", delay=0.25)  # ≥ 1 s for 4 new pieces
    speech = Announcements(centre, tmp_path / "voices", synthesizer=slow)
    speech.start_check()  # as the server does at start: the background thread runs already
    hub = RecordingHub(subscribers=1)  # someone listens: the sink pre-warms
    sink = HubSink(hub, centre, speech)
    event = QueueEvent(
        "ticket.called",
        1,
        {"ticket": {"id": 1, "display": "115", "language": "ru"}, "workplace": "window-2"},
    )
    started = time.perf_counter()
    sink.publish(event)
    took = time.perf_counter() - started
    assert took < 0.1, f"publish took {took * 1000:.1f} ms"
    assert hub.messages[0]["announcement"] == "/announcements/ru-window-2-115.wav"
    deadline = time.monotonic() + 10
    while speech.announcer.assembled == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert speech.announcer.assembled == 1  # made in the background, no request needed
    # The board's request now finds it made: nothing synthesized or assembled again.
    calls = slow.engine_calls
    call = speech.lookup("ru-window-2-115")
    assert call is not None
    speech.render(call)
    assert (speech.announcer.assembled, slow.engine_calls) == (1, calls)
    speech.close()


def test_no_prewarm_when_nobody_in_this_process_listens(
    tmp_path: Path, centre: CentreConfig
) -> None:
    fake = FakeSynthesizer(tmp_path / "pieces")
    speech = Announcements(centre, tmp_path / "voices", synthesizer=fake)
    sink = HubSink(RecordingHub(subscribers=0), centre, speech)
    sink.publish(
        QueueEvent(
            "ticket.called",
            1,
            {"ticket": {"id": 1, "display": "115", "language": "kk"}, "workplace": "window-2"},
        )
    )
    time.sleep(0.3)
    assert fake.texts == []


def test_two_requests_for_one_new_announcement_make_it_once(
    tmp_path: Path, centre: CentreConfig
) -> None:
    fake = FakeSynthesizer(tmp_path / "pieces", delay=0.05)
    speech = Announcements(centre, tmp_path / "voices", synthesizer=fake)
    call = Call("115", "window", 3, "kk")
    paths: list[Path] = []
    threads = [threading.Thread(target=lambda: paths.append(speech.render(call))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(paths)) == 1
    assert speech.announcer.assembled == 1


# speech settings in the centre file -----------------------------------------------------------

SPEECH_CENTRE = """
[speech]
repeat = 2
volume = 0.6
chime = false

[speech.templates.ru]
desk = "Номер {ticket}, стол {place}"
"""


def centre_file(tmp_path: Path, speech: str) -> Path:
    """The tiny centre (desks 1–3, tickets Т-1…Т-3 and Қ-1…Қ-3) with a [speech] section."""
    config = tmp_path / "centre.toml"
    tiny = (FIXTURES / "tiny_centre.toml").read_text(encoding="utf-8")
    config.write_text(tiny + speech, encoding="utf-8")
    return config


def test_the_centre_file_sets_repeat_volume_chime_and_templates(
    tmp_path: Path, sqlite_url: str, clock: Clock
) -> None:
    state = make_state(sqlite_url, clock, config=centre_file(tmp_path, SPEECH_CENTRE))
    assert state.centre.speech.repeat == 2
    announcer = state.announcements.announcer
    assert announcer.announcement("Т-2", "desk", 3, "ru").text == "Номер тэ два, стол три"
    # Other languages keep the defaults.
    assert announcer.announcement("Т-2", "desk", 3, "kk").text == (
        "Талон нөмірі те екі, өзіне-өзі қызмет көрсету аймағының үшінші үстеліне өтіңіз"
    )
    with TestClient(create_app(state)) as app_client:
        token = staff_token(state)
        page = app_client.get("/board", headers=bearer(token)).text
    assert 'data-announce-repeat="2"' in page
    assert 'data-announce-volume="0.6"' in page
    assert 'data-announce-chime="off"' in page
    state.close()


@pytest.mark.parametrize(
    ("speech", "message"),
    [
        ('[speech.templates.kk]\ndesk = "{place} үстел"', "speech: Value error, templates.kk.desk"),
        ('[speech.templates.ru]\ncabinet = "Талон {ticket}, {room}"', "unknown placeholder {room}"),
        ('[speech.templates.de]\nwindow = "{ticket}"', "unknown language 'de'"),
        ('[speech.templates.ru]\nhall = "{ticket}"', "unknown workplace kind 'hall'"),
        ("[speech]\nrepeat = 0", "speech.repeat"),
        ("[speech]\nvolume = 1.5", "speech.volume"),
        ("[speech]\nloud = true", "speech.loud"),
    ],
)
def test_a_bad_speech_section_stops_the_start_and_names_the_field(
    tmp_path: Path, speech: str, message: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        load_centre(centre_file(tmp_path, speech))
    assert message in str(refused.value)


def test_the_demo_board_page_has_the_defaults_the_chime_and_the_sound_button(
    client: TestClient,
) -> None:
    page = client.get("/board").text
    assert 'data-announce-repeat="1"' in page
    assert 'data-announce-volume="1.0"' in page
    assert 'data-announce-chime="on"' in page
    assert '<script src="/board/static/announcer.js" defer>' in page
    assert "Дыбысты қосу · Включить звук" in page  # kk · ru, hidden until sound is blocked
    chime = client.get("/board/static/chime.wav")
    assert chime.status_code == 200
    assert chime.content[:4] == b"RIFF"


# failure: espeak missing, crashing or hanging -------------------------------------------------


class MissingEspeak:
    def __call__(self) -> Any:
        raise RuntimeError("This means you probably do not have eSpeak or eSpeak-ng installed!")


class HangingEngine:
    """An engine stuck in runAndWait until the test lets it go."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def setProperty(self, name: str, value: object) -> None:  # noqa: N802
        pass

    def save_to_file(self, text: str, filename: str) -> None:
        pass

    def connect(self, topic: str, cb: Callable[..., object]) -> object:
        return None

    def runAndWait(self) -> None:  # noqa: N802
        self.release.wait(10)


def _app_with(
    synthesizer: EspeakSynthesizer, sqlite_url: str, clock: Clock, tmp_path: Path
) -> AppState:
    state = make_state(sqlite_url, clock)
    state.speech = Announcements(state.centre, tmp_path / "voices", synthesizer=synthesizer)
    state.sink = HubSink(state.hub, state.centre, state.speech)
    return state


@pytest.fixture
def broken_speech(sqlite_url: str, clock: Clock, tmp_path: Path) -> Iterator[AppState]:
    """The app on an espeak that cannot start (the adapter's engine factory raises exactly
    what pyttsx3 raises without espeak-ng)."""
    synth = EspeakSynthesizer(tmp_path / "pieces", engine_factory=MissingEspeak(), retry_after=0.0)
    state = _app_with(synth, sqlite_url, clock, tmp_path)
    yield state
    synth.close()
    state.close()


def test_without_espeak_calls_still_work_and_health_says_why(
    broken_speech: AppState, device_client: BoardClient
) -> None:
    state = broken_speech
    application: FastAPI = create_app(state)
    with TestClient(application, headers=bearer(staff_token(state))) as client:
        # The start-up check finds the missing engine before any call.
        deadline = time.monotonic() + 5
        while client.get("/api/health").json()["speech"] == "ok" and time.monotonic() < deadline:
            time.sleep(0.05)
        health = client.get("/api/health")
        assert health.status_code == 200
        assert health.json()["status"] == "degraded"
        assert "eSpeak" in health.json()["speech"]

        with client.websocket_connect(f"/ws/events?token={staff_token(state)}") as ws:
            ws.receive_text()
            issued = client.post("/api/tickets", json={"zone": "consultation", "language": "kk"})
            assert issued.status_code == 201
            assert next_event(ws)["type"] == "ticket.issued"
            called = client.post("/api/workplaces/window-2/call-next")
            assert called.status_code == 200
            event = next_event(ws)
        assert event["type"] == "ticket.called"
        # The call is shown and the URL still given: the board tries, gets 503, chimes.
        assert event["announcement"] == "/announcements/kk-window-2-100.wav"
        answer = client.get(event["announcement"])
        assert answer.status_code == 503
        assert answer.json()["code"] == "speech_unavailable"
        assert "eSpeak" in answer.json()["detail"]
        board = client.get("/board")
        assert board.status_code == 200
        assert 'data-ticket="100"' in board.text
        # The administrator sees it on the page where boards are managed.
        admin = client.get("/admin/devices?lang=en")
        assert "Voice announcements are not working" in admin.text
        assert "eSpeak" in admin.text
        assert client.post(f"/api/tickets/{json.loads(called.text)['id']}/start").status_code == 200


def test_a_hanging_engine_times_out_and_health_recovers_once_speech_works(
    sqlite_url: str, clock: Clock, tmp_path: Path
) -> None:
    engine = HangingEngine()
    synth = EspeakSynthesizer(
        tmp_path / "pieces", engine_factory=lambda: engine, timeout=0.3, start_timeout=0.3
    )
    state = _app_with(synth, sqlite_url, clock, tmp_path)
    client = TestClient(create_app(state), headers=bearer(staff_token(state)))  # no start-up
    try:
        started = time.monotonic()
        answer = client.get("/announcements/ru-window-1-100.wav")
        assert answer.status_code == 503
        assert time.monotonic() - started < 3
        health = client.get("/api/health").json()
        assert health["status"] == "degraded"
        assert "timed out" in health["speech"] or "stuck" in health["speech"]
        assert client.get("/api/zones").status_code == 200
    finally:
        engine.release.set()
        synth.close()
    # The same server with a working synthesizer: the next render clears the fault.
    state.speech = Announcements(
        state.centre, tmp_path / "voices2", synthesizer=FakeSynthesizer(tmp_path / "ok")
    )
    assert client.get("/announcements/ru-window-1-100.wav").status_code == 200
    assert client.get("/api/health").json()["speech"] == "ok"
    assert client.get("/api/health").json()["status"] == "ok"
    state.close()


def test_health_says_ok_when_speech_works(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert (body["status"], body["speech"]) == ("ok", "ok")
