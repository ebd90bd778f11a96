"""The selective telephone survey on a real database (000 p.38): who may be drawn, the draw
kept with its seed and made again the same, and the calls recorded with who made them.

The clock starts on Tue 24 Nov 2026, 10:00 in Almaty (tests/conftest.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select, update

from app.db.migrate import upgrade
from app.domain.access.roles import Role
from app.domain.survey import CallResult, SurveyKind
from app.edge.state import AppState
from app.main import create_app
from app.tables.feedback import SurveyCall, SurveySample
from app.tables.queue import VisitorDetail
from app.tables.reception import ReceptionRequest
from tests.api.helpers import act, call_next, set_clock
from tests.conftest import ClientAs, Clock, almaty, make_state
from tests.reception.helpers import add_official, post, register
from tests.support.auth import bearer, staff_token
from tests.support.units import transaction
from tests.survey.visits import PHONE, STORED, at_desk, latest, visit

NOVEMBER_24 = date(2026, 11, 24)


def volunteer(client_as: ClientAs) -> TestClient:
    return client_as(Role.VOLUNTEER)


def draw(
    client: TestClient,
    kind: SurveyKind = SurveyKind.CONSULTATION,
    first: str = "2026-11-24",
    last: str = "2026-11-27",
    size: int = 200,
    seed: int | str = "",
    expect: int = 303,
) -> int | str:
    """A sample drawn through the page's form: its id (or the page of the refusal)."""
    answer = client.post(
        "/survey/samples",
        data={
            "kind": kind.value,
            "period_from": first,
            "period_to": last,
            "size": str(size),
            "seed": str(seed),
        },
        follow_redirects=False,
    )
    assert answer.status_code == expect, answer.text
    if expect != 303:
        return answer.text
    found = re.fullmatch(r"/survey/samples/(\d+)", answer.headers["location"])
    assert found, answer.headers["location"]
    return int(found.group(1))


def sample_of(state: AppState, sample_id: int) -> tuple[SurveySample, list[SurveyCall]]:
    with transaction(state.engine) as session:
        sample = session.get(SurveySample, sample_id)
        calls = session.exec(
            select(SurveyCall)
            .where(col(SurveyCall.sample_id) == sample_id)
            .order_by(col(SurveyCall.id))
        ).all()
    assert sample is not None
    return sample, list(calls)


def drawn_tickets(state: AppState, sample_id: int) -> list[int]:
    return [c.ticket_id for c in sample_of(state, sample_id)[1] if c.ticket_id is not None]


def test_only_visitors_served_in_consultation_with_a_phone_and_consent_in_the_period(
    client: TestClient, client_as: ClientAs, state: AppState, clock: Clock
) -> None:
    """000 p.38: those who received a consultation and left their number with their consent.
    Not one without a number, nor one whose consent is not on record, nor one served in
    another zone, nor a no-show, nor one still waiting, nor one outside the period."""
    eligible = visit(client, state, phone=PHONE, consent=True)
    no_phone = visit(client, state)
    no_consent = visit(client, state, phone="+7 702 000 11 22", consent=True)
    with transaction(state.engine) as session:  # as if the consent were not recorded
        session.exec(
            update(VisitorDetail)
            .where(col(VisitorDetail.ticket_id) == no_consent)
            .values(survey_consent=False)
        )
    self_service = visit(
        client,
        state,
        purpose="appeal_no_text",
        workplace="self-service-1",
        phone="+7 705 000 11 22",
        consent=True,
    )
    no_show = visit(client, state, then="no-show", phone="+7 707 000 11 22", consent=True)
    # Sent on from self-service and served in consultation: it received a consultation.
    at_desk(client, purpose="appeal_no_text", phone="+7 747 000 11 22", consent=True)
    transferred = latest(state).id
    assert transferred is not None
    post(client, f"/api/tickets/{transferred}/transfer", {"zone": "consultation"})
    called = call_next(client, "window-2")
    assert called is not None
    assert called["id"] == transferred
    act(client, transferred, "start")
    act(client, transferred, "finish")
    waiting = visit(client, state, then="wait", phone="+7 708 000 11 22", consent=True)
    set_clock(client, clock, almaty(2026, 11, 30, 11, 0))  # Monday: after the period
    later = visit(client, state, phone="+7 771 000 11 22", consent=True)

    sample = draw(volunteer(client_as), seed=5)
    assert isinstance(sample, int)
    chosen = set(drawn_tickets(state, sample))
    assert chosen == {eligible, transferred}
    assert not chosen & {no_phone, no_consent, self_service, no_show, waiting, later}
    # The period that holds the later visit draws it alone.
    alone = draw(client, first="2026-11-30", last="2026-11-30")
    assert isinstance(alone, int)
    assert drawn_tickets(state, alone) == [later]


def test_nobody_is_drawn_twice_for_the_same_survey(client: TestClient, state: AppState) -> None:
    first_visits = {visit(client, state, phone=PHONE, consent=True) for _ in range(4)}
    first = draw(client, size=3, seed=1)
    assert isinstance(first, int)
    once = set(drawn_tickets(state, first))
    assert len(once) == 3
    assert once <= first_visits
    second = draw(client, size=3, seed=1)
    assert isinstance(second, int)
    assert drawn_tickets(state, second) == sorted(first_visits - once)  # the one left
    third = draw(client, size=3, seed=1)
    assert isinstance(third, int)
    assert drawn_tickets(state, third) == []


def test_the_draw_keeps_its_seed_and_is_made_again_the_same(
    client: TestClient, client_as: ClientAs, state: AppState, clock: Clock
) -> None:
    """000 p.38 via issue 14.2: the sample can be reproduced; who drew it and when is kept."""
    for _ in range(6):
        visit(client, state, phone=PHONE, consent=True)
    caller = volunteer(client_as)
    sample_id = draw(caller, size=4, seed=20261124)
    assert isinstance(sample_id, int)
    sample, calls = sample_of(state, sample_id)
    assert (sample.kind, sample.seed, sample.size) == ("consultation", 20261124, 4)
    assert (sample.period_from, sample.period_to) == (NOVEMBER_24, date(2026, 11, 27))
    assert sample.drawn_by == "test-volunteer"
    assert sample.drawn_at == clock.now
    drawn = [c.ticket_id for c in calls]
    assert len(drawn) == 4
    # Made again from the seed over the same data: the same list in the same order, also
    # after later samples took others.
    later = draw(client, size=2, seed=3)
    assert isinstance(later, int)
    again = state.transactions.read_now(lambda s: s.survey.reproduce(sample_id))
    assert again == drawn
    page = caller.get(f"/survey/samples/{sample_id}?check=true")
    assert 'data-reproduced="yes"' in page.text
    assert "20261124" in page.text
    assert "test-volunteer" in page.text


def test_a_random_seed_is_chosen_and_kept_when_none_is_given(
    client: TestClient, state: AppState
) -> None:
    visit(client, state, phone=PHONE, consent=True)
    sample_id = draw(client)
    assert isinstance(sample_id, int)
    sample, calls = sample_of(state, sample_id)
    assert 0 <= sample.seed < 2**31
    assert len(calls) == 1


def test_only_requests_refused_or_not_considered_in_the_period(
    client: TestClient, client_as: ClientAs, state: AppState, clock: Clock
) -> None:
    """000 p.38: those refused a reception booking — refused on a ground of 000 p.15 (by the
    day of the refusal) or not considered for a blank subject (000 p.5, by the day it was
    registered); their contact is the number called."""
    blank = register(client, received_at="2026-11-24T09:10:00+05:00", subject="")
    assert blank["state"] == "not_considered"
    refused = register(client, received_at="2026-11-24T09:20:00+05:00", contact="87015550123")
    accepted = register(client, received_at="2026-11-24T09:30:00+05:00")
    drafted = register(client, received_at="2026-11-24T09:40:00+05:00")
    old = register(client, received_at="2026-11-24T09:50:00+05:00", subject="")
    add_official(client)
    post(client, f"/api/reception-requests/{accepted['id']}/accept", {"official": "deputy"})
    for request in (refused, drafted):
        post(
            client,
            f"/api/reception-requests/{request['id']}/refusal-draft",
            {"ground": "court_act"},
        )
    set_clock(client, clock, almaty(2026, 11, 27, 11, 0))  # Fri: 3 working days after
    post(client, f"/api/reception-requests/{refused['id']}/refuse")
    with transaction(state.engine) as session:  # not considered long before the period
        session.exec(
            update(ReceptionRequest)
            .where(col(ReceptionRequest.id) == old["id"])
            .values(registered_on=date(2026, 10, 15))
        )
    caller = volunteer(client_as)
    whole = draw(caller, SurveyKind.REFUSED_REQUEST, "2026-11-24", "2026-11-30")
    assert isinstance(whole, int)
    calls = sample_of(state, whole)[1]
    assert {c.request_id for c in calls} == {blank["id"], refused["id"]}
    assert all(c.ticket_id is None for c in calls)
    page = caller.get(f"/survey/samples/{whole}")
    assert f"№ {refused['id']}" in page.text
    assert 'href="tel:+77015550123"' in page.text  # the request's contact, to dial
    assert "+7 701 555 01 23" in page.text


def test_a_refusal_counts_on_the_day_it_was_decided(
    client: TestClient, state: AppState, clock: Clock
) -> None:
    refused = register(client, received_at="2026-11-24T09:20:00+05:00")
    post(client, f"/api/reception-requests/{refused['id']}/refusal-draft", {"ground": "court_act"})
    set_clock(client, clock, almaty(2026, 11, 27, 11, 0))
    post(client, f"/api/reception-requests/{refused['id']}/refuse")
    registered_day = draw(client, SurveyKind.REFUSED_REQUEST, "2026-11-24", "2026-11-24")
    assert isinstance(registered_day, int)
    assert sample_of(state, registered_day)[1] == []
    decided_day = draw(client, SurveyKind.REFUSED_REQUEST, "2026-11-27", "2026-11-27")
    assert isinstance(decided_day, int)
    assert [c.request_id for c in sample_of(state, decided_day)[1]] == [refused["id"]]


def test_the_caller_sees_what_they_need_and_records_each_call(
    client: TestClient, client_as: ClientAs, state: AppState, clock: Clock
) -> None:
    ticket_id = visit(client, state, phone=PHONE, consent=True, language="ru")
    caller = volunteer(client_as)
    sample_id = draw(caller, size=1, seed=9)
    assert isinstance(sample_id, int)
    call = sample_of(state, sample_id)[1][0]
    page = caller.get(f"/survey/samples/{sample_id}")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"  # phones stay out of the cache
    assert f'data-ticket="{ticket_id}"' in page.text
    assert "+7 701 555 01 23" in page.text
    assert f'href="tel:{STORED}"' in page.text
    assert "24.11.2026" in page.text
    path = f"/survey/samples/{sample_id}/calls/{call.id}"
    # Reached, but how satisfied was not said: refused, nothing recorded.
    missing = caller.post(path, data={"result": "reached", "satisfied": "", "remarks": "ok"})
    assert missing.status_code == 422
    assert "data-call-error" in missing.text
    assert sample_of(state, sample_id)[1][0].result is None
    clock.advance(minutes=5)
    done = caller.post(
        path, data={"result": "reached", "satisfied": "4", "remarks": " Кезек тез жүрді "}
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/survey/samples/{sample_id}#call-{call.id}"
    recorded = sample_of(state, sample_id)[1][0]
    assert (recorded.result, recorded.satisfied, recorded.remarks) == (
        CallResult.REACHED.value,
        4,
        "Кезек тез жүрді",
    )
    assert recorded.called_by == "test-volunteer"
    assert recorded.called_at == clock.now
    # Corrected by recording again: not reached keeps no score.
    client.post(path, data={"result": "not_reached", "satisfied": "4"})
    corrected = sample_of(state, sample_id)[1][0]
    assert (corrected.result, corrected.satisfied, corrected.called_by) == (
        "not_reached",
        None,
        "test-admin",
    )
    listing = caller.get("/survey")
    assert re.search(r"data-progress>\s*1\D+1\s*<", listing.text), listing.text


@pytest.mark.parametrize(
    ("form", "status"),
    [
        ({"period_from": "2026-11-30", "period_to": "2026-11-01"}, 422),
        ({"period_from": "2025-01-01", "period_to": "2026-11-30"}, 422),
        ({"size": "0"}, 422),
        ({"size": "201"}, 422),
        ({"seed": "-5"}, 422),
        ({"seed": str(2**31)}, 422),
        ({"kind": "everyone"}, 422),
        ({"period_from": "24.11.2026"}, 422),
    ],
)
def test_a_wrong_draw_is_refused_and_draws_nothing(
    client: TestClient, state: AppState, form: dict[str, str], status: int
) -> None:
    visit(client, state, phone=PHONE, consent=True)
    data = {
        "kind": "consultation",
        "period_from": "2026-11-01",
        "period_to": "2026-11-30",
        "size": "10",
        "seed": "",
        **form,
    }
    answer = client.post("/survey/samples", data=data, follow_redirects=False)
    assert answer.status_code == status, answer.text
    assert 'role="alert"' in answer.text
    with transaction(state.engine) as session:
        assert session.exec(select(SurveySample)).all() == []


def test_unknown_samples_and_calls(client: TestClient, state: AppState) -> None:
    assert client.get("/survey/samples/12345").status_code == 404
    visit(client, state, phone=PHONE, consent=True)
    sample_id = draw(client)
    assert isinstance(sample_id, int)
    other = draw(client)  # empty: the one visitor is in the first
    assert isinstance(other, int)
    call = sample_of(state, sample_id)[1][0]
    # A call of another sample is not one of this sample's.
    wrong = client.post(f"/survey/samples/{other}/calls/{call.id}", data={"result": "declined"})
    assert wrong.status_code == 404
    assert sample_of(state, sample_id)[1][0].result is None


def test_phones_show_on_the_survey_pages_only_to_those_who_run_it(
    client: TestClient, client_as: ClientAs, state: AppState
) -> None:
    visit(client, state, phone=PHONE, consent=True)
    sample_id = draw(client)
    for role in (Role.RECEPTION, Role.CONSULTANT, Role.ANALYST, Role.SELF_SERVICE):
        workplace = {Role.CONSULTANT: "window-1", Role.SELF_SERVICE: "self-service-1"}
        other = client_as(role, workplace=workplace.get(role))
        assert other.get(f"/survey/samples/{sample_id}").status_code == 403
        assert other.get("/survey").status_code == 403


@pytest.mark.postgres
def test_the_draw_and_the_sheet_on_postgres(postgres_url: str, clock: Clock) -> None:
    """The eligibility (NOT IN the earlier samples, the refusal's day) and the samples'
    progress (grouped by the sample) in PostgreSQL's SQL too."""
    upgrade(postgres_url)
    state = make_state(postgres_url, clock)
    try:
        with TestClient(create_app(state), headers=bearer(staff_token(state))) as client:
            ticket_id = visit(client, state, phone=PHONE, consent=True)
            visit(client, state)
            blank = register(client, received_at="2026-11-24T09:10:00+05:00", subject="")
            consulted = draw(client, seed=3)
            refused = draw(client, SurveyKind.REFUSED_REQUEST)
            assert isinstance(consulted, int)
            assert isinstance(refused, int)
            assert drawn_tickets(state, consulted) == [ticket_id]
            assert [c.request_id for c in sample_of(state, refused)[1]] == [blank["id"]]
            again = draw(client)
            assert isinstance(again, int)
            assert drawn_tickets(state, again) == []
            call = sample_of(state, consulted)[1][0]
            recorded = client.post(
                f"/survey/samples/{consulted}/calls/{call.id}",
                data={"result": "reached", "satisfied": "5"},
                follow_redirects=False,
            )
            assert recorded.status_code == 303
            assert f'data-ticket="{ticket_id}"' in client.get(f"/survey/samples/{consulted}").text
            listing = client.get("/survey").text
            assert re.search(
                rf'data-sample="{consulted}">.*?data-progress>\s*1\D+1\s*<', listing, re.S
            )
    finally:
        state.close()
