"""The desk takes an optional phone number and the visitor's consent to a telephone survey
about the visit (000 p.38): a number of Kazakhstan, stored as +7XXXXXXXXXX, only with the
consent; refused clearly otherwise. The number never shows on the ticket, the board, the
workplace, the feed or the print."""

from __future__ import annotations

import html
import logging

import pytest
from fastapi.testclient import TestClient

from app.domain.access.roles import Role
from app.domain.errors import Refusal
from app.domain.phone import ConsentWithoutPhone, InvalidPhone, PhoneWithoutConsent
from app.edge.state import AppState
from app.i18n import gettext_for
from tests.api.helpers import call_next, get
from tests.survey.visits import PHONE, STORED, at_desk, detail, latest


def test_the_desk_stores_the_number_with_the_consent(client: TestClient, state: AppState) -> None:
    at_desk(client, phone=PHONE, consent=True)
    ticket = latest(state)
    assert ticket.id is not None
    kept = detail(state, ticket.id)
    assert kept is not None
    assert kept.phone == STORED
    assert kept.survey_consent is True


def test_without_a_number_nothing_is_kept(client: TestClient, state: AppState) -> None:
    at_desk(client)
    ticket = latest(state)
    assert ticket.id is not None
    kept = detail(state, ticket.id)
    assert kept is not None
    assert kept.phone is None
    assert kept.survey_consent is False


@pytest.mark.parametrize(
    ("phone", "consent", "refusal"),
    [
        ("12345", True, InvalidPhone),  # not a number of Kazakhstan
        ("+7 701 555 01 2", True, InvalidPhone),
        ("+49 30 1234567", True, InvalidPhone),
        (PHONE, False, PhoneWithoutConsent),  # a number without the consent: refused
        ("", True, ConsentWithoutPhone),  # the consent without a number: meaningless
    ],
)
def test_the_desk_refuses_in_the_staff_language_and_issues_nothing(
    client: TestClient, state: AppState, phone: str, consent: bool, refusal: type[Refusal]
) -> None:
    answer = client.post(
        "/desk/tickets?lang=ru",
        data={
            "language": "kk",
            "purpose": "consultation",
            "id_document": "original",
            "phone": phone,
            **({"survey_consent": "true"} if consent else {}),
        },
    )
    assert answer.status_code == 422, answer.text
    assert html.escape(gettext_for("ru", refusal.template)) in answer.text
    assert "data-issued" not in answer.text
    zones = {z["code"]: z["waiting"] for z in client.get("/api/zones").json()}
    assert zones["consultation"] == 0


def test_the_number_shows_nowhere_but_the_survey(
    client: TestClient,
    client_as: object,
    state: AppState,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Not on the desk's answer, the ticket's JSON, the board, the workplace's screen or the
    status page; not in the log."""
    caplog.set_level(logging.DEBUG)
    issued = at_desk(client, phone=PHONE, consent=True)
    ticket = latest(state)
    assert ticket.id is not None
    digits = ("7015550123", "701 555", "555 01 23", "5550123")
    call_next(client, "window-1")
    consultant = client_as(Role.CONSULTANT, workplace="window-1")  # type: ignore[operator]
    pages = [
        issued.text,
        str(get(client, ticket.id)),
        client.get("/api/board").text,
        client.get("/board").text,
        consultant.get("/workplace").text,
        client.get(f"/t/{ticket.token}").text,
        client.get(f"/desk/find?number={ticket.number}").text,
        caplog.text,
    ]
    for page in pages:
        assert not any(d in page for d in digits), page[:300]
