"""The four letters to the applicant as a state body writes them, in Kazakh and in Russian (000
p.21): the reply with the day, time and place (000 p.29), not considered (p.5), the extension
(p.30) and the draft refusal for a hearing (p.32–33). Each is the letter of the akim's apparatus
(the centre is no legal entity): its letterhead, outgoing number and date, the addressee in the
dative, a salutation, the legal basis, the signature block and the executor with a telephone;
printed on A4, every date as dd.mm.yyyy."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config.settings import DEMO_CENTRE
from app.main import create_app
from tests.conftest import Clock, make_state
from tests.reception.helpers import add_day, add_official, approve, post, register
from tests.support.auth import authorize

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# Registered on Monday 23 Nov 2026 (it came on Friday evening after hours); letters dated on
# the test's day, Tuesday 24 Nov 2026.
NAMES = {"kk": "Жұмабаев Ерлан", "ru": "Жумабаев Ерлан"}


class Blocks(HTMLParser):
    """The text of each element marked data-block="…" (nested tags included)."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: dict[str, str] = {}
        self._open: list[tuple[str | None, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "meta", "link", "input"):
            return
        self._open.append((dict(attrs).get("data-block"), len(self._open)))

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for block, _depth in self._open:
            if block:
                self.blocks[block] = self.blocks.get(block, "") + data

    def text(self, block: str) -> str:
        return " ".join(self.blocks.get(block, "").split())


def blocks(html: str) -> Blocks:
    parser = Blocks()
    parser.feed(html)
    return parser


def letter(client: TestClient, request_id: int, kind: str) -> tuple[str, Blocks]:
    response = client.get(f"/reception/requests/{request_id}/letters/{kind}")
    assert response.status_code == 200, response.text
    return response.text, blocks(response.text)


def request_in(client: TestClient, language: str, **extra: Any) -> int:
    made = register(client, language=language, applicant_name=NAMES[language], **extra)
    return int(made["id"])


def the_form_of_a_state_bodys_letter(html: str, found: Blocks, language: str, serial: str) -> None:
    # Letterhead of the issuing body in both state languages, the centre under it (004 p.9.10).
    head = found.text("letterhead")
    for text in (
        "Аудан әкімінің аппараты",
        "Аппарат акима района",
        "Азаматтарды қабылдау орталығы",
        "Центр приёма граждан",
        "Орталық көшесі, 1",
        "8 (72351) 2-10-00",
    ):
        assert text in head, (language, text, head)
    outgoing, reference = found.text("outgoing"), found.text("reference")
    addressee, salutation = found.text("addressee"), found.text("salutation")
    signature, executor = found.text("signature"), found.text("executor")
    if language == "kk":
        assert outgoing == f"24.11.2026 № 04-12/{serial}"
        assert reference == f"23.11.2026 № {serial.split('-')[0]} жолданымға"
        assert "Жұмабаев Ерланға" in addressee  # the dative on the name's last word
        assert salutation == "Құрметті Жұмабаев Ерлан!"
        assert "Аудан әкімі аппаратының басшысы" in signature
        assert executor == "Орынд.: А. Нұрланова, тел.: 8 (72351) 2-10-45"
    else:
        assert outgoing == f"№ 04-12/{serial} от 24.11.2026"
        assert reference == f"На № {serial.split('-')[0]} от 23.11.2026"
        assert "Жумабаеву Ерлану" in addressee  # every word declined
        assert salutation == "Уважаемый Жумабаев Ерлан!"  # -ев: a man
        assert "Руководитель аппарата акима района" in signature
        assert executor == "Исп.: А. Нурланова, тел.: 8 (72351) 2-10-45"
    assert "Д. Сапаров" in signature
    assert "+7 701 000 00 00" in addressee  # where it goes
    assert "@page { size: A4" in html
    assert not ISO_DATE.search(html), ISO_DATE.findall(html)


def basis_cites(found: Blocks, language: str, points: str) -> None:
    basis = found.text("basis")
    regulation = {
        "kk": "Аудан әкімі аппаратының лауазымды адамдарының жеке қабылдау регламентінің",
        "ru": "Регламента личного приёма должностными лицами аппарата акима района",
    }[language]
    assert regulation in basis, basis
    assert points in basis, basis


def schedule_the_deputy(client: TestClient) -> None:
    add_official(client)
    add_day(client, "2026-11-26")
    approve(client, "2026-11")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_000_p29_the_reply(client: TestClient, language: str) -> None:
    schedule_the_deputy(client)
    request = request_in(client, language)
    post(client, f"/api/reception-requests/{request}/accept", {"official": "deputy"})
    post(client, "/api/reception-requests/allocate")
    html, found = letter(client, request, "reply")
    assert f'<html lang="{language}">' in html
    the_form_of_a_state_bodys_letter(html, found, language, f"{request}-1")
    text = " ".join(html.split())
    if language == "kk":
        basis_cites(found, "kk", "29-тармағына сәйкес")
        assert "Жолданымды қарау нәтижесі туралы" in text
        # The cabinet is named, not told to receive the visitor (review A-4); the position
        # mid-sentence in small letters (B-17).
        assert "Сізді аудан әкімінің орынбасары Серіков Асқар Болатұлы қабылдайды." in text
        assert "Қабылдау күні мен уақыты: 26.11.2026, сағат 15:00." in text
        assert "Қабылдау орны: 201-кабинет, Азаматтарды қабылдау орталығы, Орталық көшесі" in text
    else:
        basis_cites(found, "ru", "В соответствии с пунктом 29")
        assert "О результатах рассмотрения обращения" in text
        assert "Ваше обращение о личном приёме, зарегистрированное 23.11.2026, рассмотрено." in text
        assert "Вас примет заместитель акима района Сериков Аскар Болатович." in text
        assert "Дата и время приёма: 26.11.2026, 15:00. Место приёма: Кабинет 201" in text


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_000_p5_not_considered(client: TestClient, language: str) -> None:
    request = request_in(client, language, subject="")
    html, found = letter(client, request, "not-considered")
    the_form_of_a_state_bodys_letter(html, found, language, f"{request}-1")
    if language == "kk":
        basis_cites(found, "kk", "5-тармағына сәйкес мұндай жолданым қаралмайды")
        assert "Жолданымды қараусыз қалдыру туралы" in html
    else:
        basis_cites(found, "ru", "В соответствии с пунктом 5")
        assert "Об оставлении обращения без рассмотрения" in html


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_000_p30_the_extension(client: TestClient, language: str) -> None:
    request = request_in(client, language)
    post(
        client,
        f"/api/reception-requests/{request}/extend",
        {"kind": "reasoned", "reason": "сараптама қажет"},
    )
    html, found = letter(client, request, "extension")
    the_form_of_a_state_bodys_letter(html, found, language, f"{request}-2")
    if language == "kk":
        basis_cites(found, "kk", "30-тармағына сәйкес уәжді шешіммен")
        assert "25.01.2027 күніне дейін ұзартылды" in found.text("basis")  # no bare «{date} дейін»
        assert "Жолданымды қарау мерзімін ұзарту туралы" in html
    else:
        basis_cites(found, "ru", "В соответствии с пунктом 30")
        assert "продлён до 25.01.2027" in found.text("basis")
        assert "О продлении срока рассмотрения обращения" in html
    assert "сараптама қажет" in html


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_000_p32_33_the_draft_refusal_says_how_to_whom_and_by_when_to_object(
    client: TestClient, language: str
) -> None:
    request = request_in(client, language)
    post(
        client,
        f"/api/reception-requests/{request}/refusal-draft",
        {"ground": "outside_competence"},
    )
    html, found = letter(client, request, "refusal-draft")
    the_form_of_a_state_bodys_letter(html, found, language, f"{request}-3")
    objections = found.text("objections")
    # By when (the decision no earlier than 3 WD on, 000 p.32), how (in writing or orally,
    # APPC art. 73) and to whom (the executor of the apparatus, its address and telephone).
    for text in ("27.11.2026", "Орталық көшесі, 1" if language == "kk" else "ул. Центральная, 1"):
        assert text in objections, objections
    assert "8 (72351) 2-10-45" in objections  # the executor's telephone
    if language == "kk":
        basis_cites(found, "kk", "32, 33-тармақтарына")
        assert "кодексінің 73-бабына" in found.text("basis")
        assert "тыңдау рәсімі" in found.text("basis")
        assert "жазбаша немесе ауызша" in objections
        assert "Қарсылықтарды А. Нұрланова қабылдайды" in objections
        assert "Шешім 27.11.2026 күнінен бұрын қабылданбайды." in objections  # review B-11
        assert "Жеке қабылдауға жазудан бас тарту туралы шешімнің жобасы" in html
    else:
        basis_cites(found, "ru", "пунктами 32 и 33")
        assert "статьёй 73" in found.text("basis")
        assert "письменно или устно" in objections
        assert "Возражения принимает А. Нурланова" in objections
        assert "Проект решения об отказе в записи на личный приём" in html
        assert "компетенци" in html  # the ground, in Russian


def test_a_woman_is_addressed_as_one(client: TestClient) -> None:
    made = register(client, language="ru", applicant_name="Омарова Бибигуль Кайратовна")
    post(client, f"/api/reception-requests/{made['id']}/refusal-draft", {"ground": "court_act"})
    _html, found = letter(client, int(made["id"]), "refusal-draft")
    assert "Омаровой Бибигули Кайратовне" in found.text("addressee")
    assert found.text("salutation") == "Уважаемая Омарова Бибигуль Кайратовна!"


def test_a_centre_file_without_letters_prints_blanks_and_says_so(
    tmp_path: Path, sqlite_url: str, clock: Clock
) -> None:
    text = DEMO_CENTRE.read_text(encoding="utf-8")
    start, end = text.index("[letters]"), text.index("# The lobby kiosk")
    config = tmp_path / "centre.toml"
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    state = make_state(sqlite_url, clock, config=config)
    try:
        assert state.centre.letters is None
        with TestClient(create_app(state)) as app_client:
            client = authorize(app_client)
            request = request_in(client, "ru", subject="")
            html, found = letter(client, request, "not-considered")
        assert "data-no-letterhead" in html  # on the screen, not on paper
        assert "Центр приёма граждан" in found.text("letterhead")
        assert found.text("outgoing") == "№ ________ от 24.11.2026"
        assert "________" in found.text("signature")
        assert "регламента личного приёма" in found.text("basis")
    finally:
        state.close()
