"""The supervisor's view of the hall now (issue 13.4): per zone who waits, each workplace's
state by ticket number, today's totals; for the administrator and the moderator only."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.domain.access.roles import Role
from tests.api.helpers import act, call_next, issue
from tests.conftest import ClientAs, Clock


def test_the_moderator_sees_who_waits_and_what_each_workplace_does(
    client: TestClient, client_as: ClientAs, clock: Clock
) -> None:
    served = issue(client)
    clock.advance(minutes=1)
    waiting = issue(client)
    issue(client, "self_service")
    called = call_next(client, "window-1")
    assert called is not None
    act(client, served["id"], "start")
    window2 = client_as(Role.CONSULTANT, workplace="window-2")
    pause = window2.post("/workplace/pause", data={"reason": "paperwork"})
    assert pause.status_code == 200, pause.text
    page = client_as(Role.MODERATOR).get("/supervisor?lang=ru")
    assert page.status_code == 200
    html = re.sub(r">\s+<", "><", page.text)
    consultation = re.search(r'<tr data-zone="consultation">(.*?)</tr>', html)
    assert consultation is not None
    assert "<td data-waiting>1</td>" in consultation.group(1)  # the second ticket only
    assert 'data-timer-since="' in consultation.group(1)  # its wait ticks on the screen
    window1 = re.search(r'<tr data-workplace="window-1" data-state="serving">(.*?)</tr>', html)
    assert window1 is not None
    assert f"<td data-display>{served['display']}</td>" in window1.group(1)
    paused = re.search(r'<tr data-workplace="window-2" data-state="paused">(.*?)</tr>', html)
    assert paused is not None
    assert "Работа с документами" in paused.group(1)
    assert 'data-workplace="window-3" data-state="idle"' in html
    today = re.search(r"<tr class=\"total\" data-total>(.*?)</tr>", html)
    assert today is not None
    # Issued 3, served 0, no-shows 0, cancelled 0; the one called waited 1 min, within target.
    assert today.group(1).endswith(
        "<td>3</td><td>0</td><td>0</td><td>0</td><td>1</td><td>100%</td>"
    )
    assert waiting["display"] not in re.sub(
        r"data-waiting>\d+", "", html.split("data-workplaces")[1]
    )


def test_only_the_administrator_and_the_moderator_supervise(
    client_as: ClientAs, anonymous_client: TestClient
) -> None:
    assert client_as(Role.ADMIN).get("/supervisor").status_code == 200
    assert client_as(Role.MODERATOR).get("/supervisor").status_code == 200
    for role, workplace in [
        (Role.RECEPTION, None),
        (Role.ANALYST, None),
        (Role.CONSULTANT, "window-1"),
    ]:
        assert client_as(role, workplace=workplace).get("/supervisor").status_code == 403
    assert anonymous_client.get("/supervisor", follow_redirects=False).status_code == 303
