"""Personal reception through the API on a real SQLite file: registration → acceptance →
allocation → check-in → the official's call → protocol and control.

The clock starts on Tue 24 Nov 2026, 10:00 in Almaty (tests/conftest.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.domain.access.roles import Role
from tests.api.helpers import set_clock
from tests.conftest import ClientAs, Clock, almaty
from tests.reception.helpers import (
    HEAD,
    add_day,
    add_official,
    approve,
    ok,
    post,
    refused,
    register,
)


def booked_for_thursday(client: TestClient) -> dict[str, object]:
    """A request registered Mon 23 Nov, accepted for the deputy and allocated to the first open
    day, Thu 26 Nov (the final list for it is due Tue 24 Nov, today: 001 p.15)."""
    add_official(client)
    add_day(client, "2026-11-26")
    approve(client, "2026-11")
    request = register(client)
    post(client, f"/api/reception-requests/{request['id']}/accept", {"official": "deputy"})
    scheduled = post(client, "/api/reception-requests/allocate")
    assert [r["id"] for r in scheduled] == [request["id"]]
    return scheduled[0]  # type: ignore[no-any-return]


def test_000_p25_p29_registered_next_working_day_and_reply_due_in_15_working_days(
    client: TestClient,
) -> None:
    # Friday 20 Nov 2026 at 19:00, after closing: registered Monday 23 Nov (000 p.25).
    request = register(client)
    assert request["registered_on"] == "2026-11-23"
    # 24,25,26,27,30 Nov, 1,2,3,4,7,8,9,10,11,14 Dec: the 15th working day (000 p.29).
    assert request["reply_due"] == "2026-12-14"
    assert request["state"] == "registered"
    assert request["considered"] is True
    assert request["light"] == "ok"
    assert request["oral_record"] is False  # egov


def test_000_p25_oral_and_call_centre_requests_also_go_into_the_oral_protocol(
    client: TestClient,
) -> None:
    assert register(client, channel="oral")["oral_record"] is True
    assert register(client, channel="call_centre")["oral_record"] is True
    assert register(client, channel="paper")["oral_record"] is False


def test_000_p5_p6_a_request_without_substance_is_registered_not_considered(
    client: TestClient,
) -> None:
    request = register(client, subject="   ")
    assert request["state"] == "not_considered"
    assert request["considered"] is False
    assert request["notice_required"] is True  # the applicant is to be told (000 p.5)
    assert request["reply_due"] == "2026-12-14"
    # It cannot be booked, but telling the applicant closes it.
    refused(
        client.post(f"/api/reception-requests/{request['id']}/accept", json={"official": None}),
        409,
        "wrong_request_state",
    )
    told = post(client, f"/api/reception-requests/{request['id']}/notices", {"kind": "reply"})
    assert told["notice_required"] is False
    assert told["light"] is None


def test_000_p6_intake_refuses_only_what_is_not_a_request(client: TestClient) -> None:
    # A channel outside 000 p.4 or a time without its offset is a malformed call, not a refusal.
    bad_channel = client.post(
        "/api/reception-requests",
        json={
            "received_at": "2026-11-20T10:00:00+05:00",
            "channel": "fax",
            "language": "kk",
            "applicant_name": "A",
            "contact": "",
            "subject": "x",
        },
    )
    assert bad_channel.status_code == 422
    naive = client.post(
        "/api/reception-requests",
        json={
            "received_at": "2026-11-20T10:00:00",
            "channel": "egov",
            "language": "ru",
            "applicant_name": "A",
            "contact": "",
            "subject": "x",
        },
    )
    assert naive.status_code == 422
    refused(
        client.post(
            "/api/reception-requests",
            json={
                "received_at": "2026-11-30T10:00:00+05:00",
                "channel": "egov",
                "language": "ru",
                "applicant_name": "A",
                "contact": "",
                "subject": "x",
            },
        ),
        422,
        "received_in_future",
    )


def test_reception_staff_register_and_others_may_not(client_as: ClientAs) -> None:
    desk = client_as(Role.RECEPTION)
    assert register(desk)["registered_on"] == "2026-11-23"
    official = client_as(Role.OFFICIAL, workplace="cabinet-201")
    response = official.post("/api/reception-requests", json={})
    assert response.status_code == 403


def test_000_p28_001_p15_from_registration_to_the_officials_call(
    client: TestClient, client_as: ClientAs, clock: Clock
) -> None:
    scheduled = booked_for_thursday(client)
    assert scheduled["state"] == "scheduled"
    assert scheduled["appointment_day"] == "2026-11-26"
    assert scheduled["appointment_time"] == "15:00:00"
    assert scheduled["cabinet"] == "cabinet-201"
    assert scheduled["notice_required"] is True  # the reply with date and time (000 p.29)
    request_id = scheduled["id"]

    # Not today yet: no check-in on Tuesday.
    refused(
        client.post(f"/api/reception-requests/{request_id}/check-in", json={}),
        409,
        "not_booked_today",
    )

    set_clock(client, clock, almaty(2026, 11, 26, 14, 50))
    desk = client_as(Role.RECEPTION)
    ticket = post(desk, f"/api/reception-requests/{request_id}/check-in")
    assert ticket["display"] == "400"  # the first number of the personal reception range
    assert ticket["cabinet"] == "cabinet-201"
    assert ok(client.get(f"/api/reception-requests/{request_id}"))["state"] == "checked_in"
    # Checked in once only.
    refused(
        desk.post(f"/api/reception-requests/{request_id}/check-in", json={}),
        409,
        "wrong_request_state",
    )

    # Another cabinet of the zone does not get the deputy's visitor.
    other = client_as(Role.OFFICIAL, workplace="cabinet-202")
    assert other.post("/api/workplaces/cabinet-202/call-next").status_code == 204
    official = client_as(Role.OFFICIAL, workplace="cabinet-201")
    called = post(official, "/api/workplaces/cabinet-201/call-next")
    assert called["id"] == ticket["ticket_id"]
    board = ok(client.get("/api/board"))
    assert [(c["ticket"], c["workplace"], c["workplace_number"]) for c in board["current"]] == [
        ("400", "cabinet-201", 201)
    ]
    # The board carries numbers only, never the applicant's name (001 p.2).
    assert "Жұмабаев" not in str(board)


def test_000_p12_a_booked_veteran_checks_in_out_of_turn(
    client: TestClient, client_as: ClientAs, clock: Clock
) -> None:
    add_official(client)
    add_day(client, "2026-11-26", ends="17:00")
    approve(client, "2026-11")
    first = register(client)
    veteran = register(client, received_at="2026-11-23T11:00:00+05:00", category="gpw_veteran")
    for request in (first, veteran):
        post(client, f"/api/reception-requests/{request['id']}/accept", {"official": "deputy"})
    post(client, "/api/reception-requests/allocate")
    set_clock(client, clock, almaty(2026, 11, 26, 14, 45))
    regular = post(client, f"/api/reception-requests/{first['id']}/check-in")
    priority = post(client, f"/api/reception-requests/{veteran['id']}/check-in")
    official = client_as(Role.OFFICIAL, workplace="cabinet-201")
    called = post(official, "/api/workplaces/cabinet-201/call-next")
    assert called["id"] == priority["ticket_id"] != regular["ticket_id"]
    assert called["priority"] == "gpw_veteran"


def test_000_p28_allocation_follows_the_order_of_registration(client: TestClient) -> None:
    add_official(client)
    add_day(client, "2026-11-26", ends="15:40")  # two slots: 15:00 and 15:20
    add_day(client, "2026-12-03")
    approve(client, "2026-11")
    approve(client, "2026-12")
    later = register(client, received_at="2026-11-23T16:00:00+05:00")
    earlier = register(client, received_at="2026-11-19T10:00:00+05:00")
    middle = register(client, received_at="2026-11-23T09:30:00+05:00")
    for request in (later, earlier, middle):  # accepted in another order
        post(client, f"/api/reception-requests/{request['id']}/accept", {"official": "deputy"})
    scheduled = post(client, "/api/reception-requests/allocate")
    slots = {r["id"]: (r["appointment_day"], r["appointment_time"]) for r in scheduled}
    assert slots == {
        earlier["id"]: ("2026-11-26", "15:00:00"),
        middle["id"]: ("2026-11-26", "15:20:00"),
        later["id"]: ("2026-12-03", "15:00:00"),
    }


def test_001_p15_allocation_skips_days_whose_final_list_is_due_unless_told(
    client: TestClient,
) -> None:
    add_official(client)
    add_day(client, "2026-11-25")  # tomorrow: its final list was due Mon 23 Nov
    add_day(client, "2026-11-26")
    approve(client, "2026-11")
    request = register(client)
    post(client, f"/api/reception-requests/{request['id']}/accept", {"official": "deputy"})
    assert post(client, "/api/reception-requests/allocate")[0]["appointment_day"] == "2026-11-26"


def test_000_p3_an_earlier_day_when_the_official_agrees(client: TestClient) -> None:
    add_official(client)
    add_day(client, "2026-11-24", starts="16:00", ends="17:00")  # today
    approve(client, "2026-11")
    request = register(client, received_at="2026-11-24T09:10:00+05:00")
    post(client, f"/api/reception-requests/{request['id']}/accept", {"official": "deputy"})
    assert post(client, "/api/reception-requests/allocate") == []
    scheduled = post(client, "/api/reception-requests/allocate", {"earliest": "2026-11-24"})
    assert scheduled[0]["appointment_day"] == "2026-11-24"


def test_000_p15_p32_refusal_on_a_ground_after_the_hearing(
    client: TestClient, clock: Clock
) -> None:
    request = register(client)
    path = f"/api/reception-requests/{request['id']}"
    bad = client.post(f"{path}/refusal-draft", json={"ground": "not_convenient"})
    assert bad.status_code == 422  # only the five grounds of 000 p.15
    set_clock(client, clock, almaty(2026, 12, 14, 11, 0))  # Monday
    drafted = post(client, f"{path}/refusal-draft", {"ground": "court_act"})
    assert drafted["state"] == "refusal_drafted"
    # 15, (16 Independence Day) 17, 18 Dec: the decision from Friday 18 Dec (000 p.32).
    assert drafted["refusal_decision_from"] == "2026-12-18"
    set_clock(client, clock, almaty(2026, 12, 17, 11, 0))
    detail = refused(client.post(f"{path}/refuse"), 409, "refusal_too_early")
    assert "18.12.2026" in detail  # the centre's own date format, never ISO
    set_clock(client, clock, almaty(2026, 12, 18, 9, 0))
    done = post(client, f"{path}/refuse")
    assert done["state"] == "refused"
    assert done["refusal_ground"] == "court_act"
    assert done["light"] is None  # the decision answered the applicant


def test_000_p32_the_hearing_may_end_in_acceptance(client: TestClient) -> None:
    add_official(client)
    request = register(client, official="deputy")
    path = f"/api/reception-requests/{request['id']}"
    post(client, f"{path}/refusal-draft", {"ground": "outside_competence"})
    accepted = post(client, f"{path}/accept")
    assert accepted["state"] == "accepted"
    assert accepted["refusal_ground"] is None


def test_000_p30_extensions_their_caps_and_the_notice(client: TestClient, clock: Clock) -> None:
    request = register(client)  # registered Mon 23 Nov 2026, reply due Mon 14 Dec
    path = f"/api/reception-requests/{request['id']}"
    # Complex: 23 Nov + 30 days = Wed 23 Dec 2026, a working day.
    complex_ = post(client, f"{path}/extend", {"kind": "complex"})
    assert complex_["reply_due"] == "2026-12-23"
    # Told within 3 WD of today (Tue 24 Nov): 25, 26, 27 Nov.
    assert complex_["extension_notice_due"] == "2026-11-27"
    refused(client.post(f"{path}/extend", json={"kind": "complex"}), 422, "extension_not_later")
    refused(client.post(f"{path}/extend", json={"kind": "reasoned"}), 422, "reason_required")
    # Reasoned: at most two months from registration, 23 Jan 2027, a Saturday → Mon 25 Jan.
    too_long = client.post(
        f"{path}/extend", json={"kind": "reasoned", "reason": "expertise", "until": "2027-01-26"}
    )
    assert "25.01.2027" in refused(too_long, 422, "extension_too_long")
    reasoned = post(client, f"{path}/extend", {"kind": "reasoned", "reason": "expertise"})
    assert reasoned["reply_due"] == "2027-01-25"
    kinds = {d["kind"] for d in reasoned["deadlines"]}
    assert kinds == {"reply", "extension_notice"}
    told = post(client, f"{path}/notices", {"kind": "extension"})
    assert {d["kind"] for d in told["deadlines"]} == {"reply"}


def test_000_p19_other_bodies_invited_applicant_told_in_2_working_days(
    client: TestClient,
) -> None:
    request = register(client)
    asked = post(client, f"/api/reception-requests/{request['id']}/other-bodies", {"bodies": "ДСМ"})
    # Asked Tue 24 Nov: 25, 26 Nov.
    assert asked["other_bodies_notice_due"] == "2026-11-26"
    assert asked["light"] == "due_soon"  # within the 3-WD reminder (004 p.12.6)


def test_004_p12_6_the_list_shows_overdue_and_due_soon_requests(
    client: TestClient, clock: Clock
) -> None:
    old = register(client, received_at="2026-11-02T10:00:00+05:00")  # reply due 23 Nov
    new = register(client)  # reply due 14 Dec
    overdue = ok(client.get("/api/reception-requests", params={"light": "overdue"}))
    assert [r["id"] for r in overdue] == [old["id"]]
    by_state = client.get("/api/reception-requests?state=registered&state=accepted")
    assert [r["id"] for r in ok(by_state)] == [old["id"], new["id"]]
    assert ok(client.get("/api/reception-requests?state=scheduled")) == []
    set_clock(client, clock, almaty(2026, 12, 9, 10, 0))  # 3 WD before 14 Dec: 11, 10, 9
    soon = ok(client.get("/api/reception-requests", params={"light": "due_soon"}))
    assert [r["id"] for r in soon] == [new["id"]]
    deadlines = ok(client.get("/api/reception-deadlines"))
    assert [(d["kind"], d["request_id"], d["light"]) for d in deadlines] == [
        ("reply", old["id"], "overdue"),
        ("reply", new["id"], "due_soon"),
    ]


def test_001_p15_000_p26_coming_days_show_their_proposal_and_final_list(
    client: TestClient,
) -> None:
    add_official(client)
    day = add_day(client, "2026-12-03")
    approve(client, "2026-12")
    # Thu 3 Dec: 5 WD before = 2, 1, 30, 27, 26 Nov; 2 WD before = 2, 1 Dec.
    assert (day["proposal_due"], day["final_list_due"]) == ("2026-11-26", "2026-12-01")
    register(client, official="deputy")  # awaits its proposal
    deadlines = ok(client.get("/api/reception-deadlines"))
    per_day = {d["kind"]: (d["due"], d["light"]) for d in deadlines if d["reception_day_id"]}
    assert per_day == {"proposal": ("2026-11-26", "due_soon"), "final_list": ("2026-12-01", "ok")}
    post(client, f"/api/reception-schedule/days/{day['id']}/final-list")
    kinds = {d["kind"] for d in ok(client.get("/api/reception-deadlines"))}
    assert "final_list" not in kinds


def test_000_p16_an_officials_absence_unbooks_the_day(client: TestClient, clock: Clock) -> None:
    booked = booked_for_thursday(client)
    day_id = ok(client.get("/api/reception-schedule"))["days"][0]["id"]
    # Told on Wednesday 25 Nov for Thursday: short notice, allowed (000 p.16, gap G9).
    set_clock(client, clock, almaty(2026, 11, 25, 9, 0))
    absence = post(client, f"/api/reception-schedule/days/{day_id}/absence", {"reason": "іссапар"})
    assert absence == {"notice": "short", "unbooked": [booked["id"]]}
    again = ok(client.get(f"/api/reception-requests/{booked['id']}"))
    assert again["state"] == "accepted"
    assert again["appointment_day"] is None
    # The cancelled day is not booked again.
    assert post(client, "/api/reception-requests/allocate", {"earliest": "2026-11-26"}) == []


def test_000_p23_p36_p37_p35_protocol_appeal_and_control(
    client: TestClient, client_as: ClientAs, clock: Clock
) -> None:
    booked = booked_for_thursday(client)
    path = f"/api/reception-requests/{booked['id']}"
    set_clock(client, clock, almaty(2026, 11, 26, 15, 0))
    post(client, f"{path}/check-in")
    official = client_as(Role.OFFICIAL, workplace="cabinet-201")
    protocol = post(
        official,
        f"{path}/protocol",
        {
            "decision": "Жер учаскесі мәселесі қаралсын",
            # Due Saturday 5 Dec 2026: moves to Monday 7 Dec (004 p.12.14).
            "instructions": [
                {"text": "Жауап дайындау", "executor": "Жер бөлімі", "due": "2026-12-05"}
            ],
        },
        201,
    )
    assert protocol["instructions"][0]["due"] == "2026-12-07"
    assert ok(client.get(path))["state"] == "received"
    # Under control (000 p.34): the instruction's deadline is on the list until it is done.
    instruction = protocol["instructions"][0]["id"]

    def instructions_due() -> list[int]:
        listed = ok(client.get("/api/reception-deadlines"))
        return [d["instruction_id"] for d in listed if d["kind"] == "instruction"]

    assert instructions_due() == [instruction]
    post(official, f"/api/reception-instructions/{instruction}/done")
    assert instructions_due() == []

    appeal = post(
        official,
        f"{path}/appeals",
        {
            "summary": "Шағым: жер учаскесі",
            "handled_before": ["A. Serikov"],
            "instructions": [{"text": "Тексеру", "executor": "Жер бөлімі", "due": "2026-12-16"}],
        },
        201,
    )
    assert appeal["mark"] == "жеке қабылдаудан"  # 000 p.36
    # Attached to the appeal (000 p.23); Independence Day moves it to 17 Dec (004 p.12.14).
    assert [(i["due"], i["light"]) for i in appeal["instructions"]] == [("2026-12-17", "ok")]
    assert appeal["under_control"] is True
    appeal_path = f"/api/reception-appeals/{appeal['id']}"
    # 000 p.37: never the employee who handled it before, however the name is typed.
    detail = refused(
        client.post(f"{appeal_path}/assign", json={"employee": "a.  SERIKOV"}), 409, "same_employee"
    )
    assert "SERIKOV" in detail
    assigned = post(client, f"{appeal_path}/assign", {"employee": "B. Omarova"})
    assert assigned["assignee"] == "B. Omarova"
    # Once she has had it, she is an earlier handler too.
    refused(
        client.post(f"{appeal_path}/assign", json={"employee": "B. Omarova"}), 409, "same_employee"
    )
    # 000 p.35: under control until a final reasoned answer.
    refused(client.post(f"{appeal_path}/close", json={"answer": "done"}), 422, "answer_required")
    assert [a["id"] for a in ok(client.get("/api/reception-appeals"))] == [appeal["id"]]
    closed = post(
        client,
        f"{appeal_path}/close",
        {"answer": "Учаскені беру туралы шешім 2026-12-10 қабылданды, негіздемесі қоса беріледі."},
    )
    assert closed["under_control"] is False
    assert ok(client.get("/api/reception-appeals")) == []
    refused(client.post(f"{appeal_path}/assign", json={"employee": "C"}), 409, "appeal_closed")


def test_000_p13_a_video_link_needs_the_applicants_consent(client: TestClient) -> None:
    response = client.post(
        "/api/reception-requests",
        json={
            "received_at": "2026-11-20T10:00:00+05:00",
            "channel": "egov",
            "language": "ru",
            "applicant_name": "A",
            "contact": "",
            "subject": "x",
            "video_link": "https://vc.example.kz/room/1",
        },
    )
    refused(response, 422, "video_without_consent")
    with_consent = register(client, video_consent=True, video_link="https://vc.example.kz/room/1")
    assert with_consent["video_link"] == "https://vc.example.kz/room/1"


def test_officials_sit_in_cabinets_of_the_personal_reception_zone(client: TestClient) -> None:
    refused(
        client.post("/api/officials", json={**HEAD, "cabinet": "window-1"}), 422, "not_a_cabinet"
    )
    add_official(client, HEAD)
    refused(client.post("/api/officials", json=HEAD), 409, "official_code_taken")


def test_000_p7_p8_schedules_are_approved_then_published_and_fixed(
    client: TestClient, anonymous_client: TestClient
) -> None:
    add_official(client)
    refused(
        client.post(
            "/api/reception-schedule/days",
            json={"official": "deputy", "day": "2026-12-16", "starts": "15:00", "ends": "16:00"},
        ),
        422,
        "not_a_working_day",  # Independence Day
    )
    refused(
        client.post(
            "/api/reception-schedule/days",
            json={"official": "deputy", "day": "2026-12-17", "starts": "15:00", "ends": "15:10"},
        ),
        422,
        "bad_reception_hours",  # not even one 20-minute slot
    )
    refused(
        client.post("/api/reception-schedule/2026-12/approve", json={"approved_by": "Әкім"}),
        422,
        "schedule_empty",
    )
    add_day(client, "2026-12-17")
    # Not approved: not public yet.
    assert ok(anonymous_client.get("/api/reception-schedule?month=2026-12"))["days"] == []
    approved = approve(client, "2026-12")
    assert approved["approved_by"] == "Аудан әкімі Н. Ержанов"
    assert approved["approved_on"] == "2026-11-24"
    public = ok(anonymous_client.get("/api/reception-schedule?month=2026-12"))
    assert [(d["official"], d["day"]) for d in public["days"]] == [("deputy", "2026-12-17")]
    refused(
        client.post(
            "/api/reception-schedule/days",
            json={"official": "deputy", "day": "2026-12-18", "starts": "15:00", "ends": "16:00"},
        ),
        409,
        "schedule_approved",
    )


def test_000_p23_p34_p36_only_the_cabinets_official_on_the_day_or_the_desk_records(
    client: TestClient, client_as: ClientAs, clock: Clock
) -> None:
    """The protocol, its instructions and the appeals of a reception are recorded by the
    official receiving in that cabinet on that day, or by the reception-room staff; a
    consultant, a self-service assistant or another cabinet's official is refused, by token
    as by session."""
    booked = booked_for_thursday(client)  # the deputy, cabinet-201, Thu 26 Nov
    path = f"/api/reception-requests/{booked['id']}"
    decision = {"decision": "Қаралсын", "instructions": []}
    # Before the day, even the right official is refused (it is Tue 24 Nov).
    official = client_as(Role.OFFICIAL, workplace="cabinet-201")
    refused(official.post(f"{path}/protocol", json=decision), 403, "not_your_reception")
    set_clock(client, clock, almaty(2026, 11, 26, 15, 0))
    post(client, f"{path}/check-in")
    for role, place in (
        (Role.CONSULTANT, "window-1"),
        (Role.SELF_SERVICE, "self-service-1"),
        (Role.OFFICIAL, "cabinet-202"),
    ):
        other = client_as(role, workplace=place)
        refused(other.post(f"{path}/protocol", json=decision), 403, "not_your_reception")
        appeal = {"summary": "Шағым", "handled_before": []}
        refused(other.post(f"{path}/appeals", json=appeal), 403, "not_your_reception")
    official = client_as(Role.OFFICIAL, workplace="cabinet-201")
    protocol = post(
        official,
        f"{path}/protocol",
        {
            "decision": "Қаралсын",
            "instructions": [{"text": "Жауап", "executor": "Жер бөлімі", "due": "2026-12-07"}],
        },
        201,
    )
    instruction = protocol["instructions"][0]["id"]
    helper = client_as(Role.SELF_SERVICE, workplace="self-service-1")
    refused(
        helper.post(f"/api/reception-instructions/{instruction}/done"), 403, "not_your_reception"
    )
    desk = client_as(Role.RECEPTION)
    post(desk, f"/api/reception-instructions/{instruction}/done")
