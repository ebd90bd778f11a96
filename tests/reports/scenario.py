"""A scripted fourth quarter of 2026 for the report's tests, played through the real API on
the test's database (SQLite or PostgreSQL): tickets issued, served and missed in October,
November and December; booking requests from every channel, one refused on a known ground
(000 p.15), one replied to late (000 p.29), one never answered; an extension told in time
(000 p.30); two reception days held and one cancelled (000 p.16); a reception with its
protocol, three instructions (one done in time, one late, one never) and an appeal. Ratings,
topics and districts go straight into the database, as the status page and the request's card
would write them. Every figure the tests expect is worked out by hand in EXPECTED below."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from sqlmodel import Session, col

from app.tables.feedback import Rating
from app.tables.reception import Appeal, ReceptionRequest
from tests.api.helpers import act, call_next, issue, serve, set_clock
from tests.conftest import Clock, almaty
from tests.reception.helpers import HEAD, add_day, add_official, approve, post, register

# The day the report is made: a Monday after the quarter (deadlines still open are judged on
# it). The last whole quarter then is 2026 Q4, the last whole half 2026 H2.
REPORT_DAY = almaty(2027, 1, 11, 10, 0)
APPLICANT = "Жұмабаев Ерлан"  # tests.reception.helpers.register's: never in a report
CONTACT = "+7 701 000 00 00"


@dataclass
class Played:
    tickets: dict[str, int]
    requests: dict[str, int]


def play_quarter(client: TestClient, clock: Clock, engine: Engine) -> Played:
    tickets: dict[str, int] = {}
    requests: dict[str, int] = {}

    def at(when: datetime) -> None:
        set_clock(client, clock, when)

    def request(name: str, received_at: str, **extra: object) -> None:
        requests[name] = register(client, received_at=received_at, **extra)["id"]

    def path(name: str) -> str:
        return f"/api/reception-requests/{requests[name]}"

    # Wed 30 Sep 2026, the quarter before: a ticket never called, and R0 never answered: its
    # reply falls due in October (15 working days, 000 p.29), so it counts in the quarter.
    at(almaty(2026, 9, 30, 10, 0))
    tickets["september"] = issue(client)["id"]
    request("r0", "2026-09-30T10:00:00+05:00")

    # Tue 20 Oct: one served, one no-show; R1 (e-gov) and R2 (paper) registered.
    at(almaty(2026, 10, 20, 10, 0))
    tickets["oct-served"] = issue(client)["id"]
    tickets["oct-missed"] = issue(client, language="ru")["id"]
    serve(client, "window-1")
    missed = call_next(client, "window-2")
    assert missed is not None
    act(client, missed["id"], "no-show")
    at(almaty(2026, 10, 20, 11, 30))
    request("r1", "2026-10-20T10:30:00+05:00", channel="egov")
    request("r2", "2026-10-20T11:00:00+05:00", channel="paper")

    # R1: the draft refusal on a court act in force (000 p.15(3)) goes out on Wed 21 Oct;
    # refused after the hearing (000 p.32) on Fri 30 Oct, which also answers it in time.
    at(almaty(2026, 10, 21, 10, 0))
    post(client, f"{path('r1')}/refusal-draft", {"ground": "court_act"})
    at(almaty(2026, 10, 30, 10, 0))
    post(client, f"{path('r1')}/refuse")

    # Tue 24 Nov: three consultation tickets (two served, one left waiting), one self-service.
    at(almaty(2026, 11, 24, 10, 0))
    for name in ("nov-1", "nov-2", "nov-waiting"):
        tickets[name] = issue(client)["id"]
    tickets["nov-self"] = issue(client, "self_service", language="ru")["id"]
    serve(client, "window-1")
    serve(client, "window-2")
    serve(client, "self-service-1")
    # December's schedule: the deputy on 3 and 10 Dec, the head of the land department on
    # 8 Dec, who cannot come (000 p.16).
    add_official(client)
    add_official(client, HEAD)
    add_day(client, "2026-12-03")
    add_day(client, "2026-12-10")
    head_day = add_day(client, "2026-12-08", official=HEAD["code"])
    approve(client, "2026-12")
    post(client, f"/api/reception-schedule/days/{head_day['id']}/absence", {"reason": "іссапар"})
    request("r3", "2026-11-23T11:00:00+05:00", channel="oral")
    request("r4", "2026-11-24T09:30:00+05:00", channel="call_centre", subject="   ")
    request("r5", "2026-11-24T09:40:00+05:00", channel="paper")
    for name in ("r2", "r3"):
        post(client, f"{path(name)}/accept", {"official": "deputy"})
    booked = post(client, "/api/reception-requests/allocate")
    assert {(r["id"], r["appointment_day"]) for r in booked} == {
        (requests["r2"], "2026-12-03"),
        (requests["r3"], "2026-12-03"),
    }
    # The replies with the day and time: R2's was due 11 Nov (late), R3's 14 Dec (in time).
    for name in ("r2", "r3"):
        post(client, f"{path(name)}/notices", {"kind": "reply"})
    # R5, a complex issue: review extended to 30 days (000 p.30), the notice due 27 Nov.
    post(client, f"{path('r5')}/extend", {"kind": "complex"})
    at(almaty(2026, 11, 26, 10, 0))
    post(client, f"{path('r5')}/notices", {"kind": "extension"})

    # Thu 3 Dec: R2 comes and is received by the deputy; R3 does not come.
    at(almaty(2026, 12, 3, 14, 50))
    checked_in = post(client, f"{path('r2')}/check-in")
    tickets["reception"] = checked_in["ticket_id"]
    clock.advance(minutes=10)
    called = call_next(client, "cabinet-201")
    assert called is not None
    assert called["id"] == tickets["reception"]
    act(client, called["id"], "start")
    protocol = post(
        client,
        f"{path('r2')}/protocol",
        {
            "decision": "Жер учаскесі мәселесі қаралсын",
            "instructions": [
                {"text": "Жауап дайындау", "executor": "Жер бөлімі", "due": "2026-12-10"},
                {"text": "Актіні тексеру", "executor": "Сәулет бөлімі", "due": "2026-12-04"},
                {"text": "Жолды жөндеу", "executor": "ТКШ бөлімі", "due": "2026-12-30"},
            ],
        },
        201,
    )
    instructions = [i["id"] for i in protocol["instructions"]]
    appeal = post(
        client,
        f"{path('r2')}/appeals",
        {"summary": "Шағым: жер учаскесі", "handled_before": []},
        201,
    )
    act(client, called["id"], "finish")

    # Wed 9 Dec: the first instruction done, a day early.
    at(almaty(2026, 12, 9, 10, 0))
    post(client, f"/api/reception-instructions/{instructions[0]}/done")
    # Thu 10 Dec: the second, six days late; a consultation visitor who does not come.
    at(almaty(2026, 12, 10, 10, 0))
    post(client, f"/api/reception-instructions/{instructions[1]}/done")
    tickets["dec-missed"] = issue(client)["id"]
    missed = call_next(client, "window-1")
    assert missed is not None
    act(client, missed["id"], "no-show")

    with Session(engine) as session:
        # Ratings as the status page stores them (000 p.38): two consultation visits of 24 Nov
        # (5 and 2 stars), the self-service one (4); the September visit's rating, given on
        # 2 October, is the previous quarter's: a rating counts by its visit's day, as in the
        # statistics.
        for name, score, zone, when in (
            ("nov-1", 5, "consultation", almaty(2026, 11, 24, 12, 0)),
            ("nov-2", 2, "consultation", almaty(2026, 11, 24, 12, 5)),
            ("nov-self", 4, "self_service", almaty(2026, 11, 24, 12, 10)),
            ("september", 1, "consultation", almaty(2026, 10, 2, 12, 0)),
        ):
            session.add(
                Rating(
                    ticket_id=tickets[name], score=score, zone=zone, source="status_page", at=when
                )
            )
        # Topics and districts as the request's card files them (003 App.2 p.7).
        for name, topic, district in (
            ("r0", "housing", "almaly"),
            ("r1", "land", "almaly"),
            ("r2", "land", "almaly"),
            ("r3", "housing", "auezov"),
            ("r4", None, None),
            ("r5", "land", None),
        ):
            session.execute(
                update(ReceptionRequest)
                .where(col(ReceptionRequest.id) == requests[name])
                .values(topic=topic, district=district)
            )
        session.execute(
            update(Appeal)
            .where(col(Appeal.id) == appeal["id"])
            .values(topic="land", district="almaly")
        )
        session.commit()

    at(REPORT_DAY)
    return Played(tickets, requests)
