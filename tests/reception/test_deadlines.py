"""Personal-reception deadlines against dates computed by hand on the real Kazakhstan calendar
(the demo centre: Mon–Fri, KZ public holidays with their moved days off).

The days that matter, as the calendar has them:
- 2026: Women's Day Sun 8 Mar → Mon 9 Mar off; Nauryz Sat 21 – Mon 23 Mar, moved days off
  Tue 24 and Wed 25 Mar (first working day after: Thu 26 Mar); Fri 1 May; Thu 7 May;
  Victory Day Sat 9 May → Mon 11 May off; Independence Day Wed 16 Dec.
- 2027: New Year Fri 1 Jan, Sat 2 Jan → Mon 4 Jan off; Orthodox Christmas Thu 7 Jan.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.config.centre import load_centre
from app.config.settings import DEMO_CENTRE
from app.domain.calendar import WorkingCalendar
from app.domain.reception import deadlines as d
from app.domain.reception.terms import AbsenceNotice, Light

ALMATY = ZoneInfo("Asia/Almaty")
CAL: WorkingCalendar = load_centre(DEMO_CENTRE).calendar()


def at(y: int, m: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(y, m, day, hour, minute, tzinfo=ALMATY)


def test_the_calendar_is_the_one_the_hand_computations_assume() -> None:
    days_off = [date(2026, 3, 9), *(date(2026, 3, n) for n in (23, 24, 25)), date(2026, 12, 16)]
    days_off += [date(2027, 1, 1), date(2027, 1, 4), date(2027, 1, 7), date(2026, 5, 11)]
    assert not any(CAL.is_working_day(day) for day in days_off)
    assert CAL.is_working_day(date(2026, 3, 26))
    assert CAL.is_working_day(date(2026, 12, 31))


# registration, 000 p.25 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "registered"),
    [
        # On a working day, in hours: that day.
        (at(2026, 3, 20, 10, 0), date(2026, 3, 20)),
        # Before opening and in the lunch break the centre still takes it in that day.
        (at(2026, 3, 20, 7, 30), date(2026, 3, 20)),
        (at(2026, 3, 20, 13, 45), date(2026, 3, 20)),
        # At or after closing (18:30): the next working day, Thursday after Nauryz.
        (at(2026, 3, 20, 18, 30), date(2026, 3, 26)),
        (at(2026, 3, 20, 23, 59), date(2026, 3, 26)),
        # On Nauryz (Saturday) and on its moved day off (Tuesday): Thursday 26 March.
        (at(2026, 3, 21, 11, 0), date(2026, 3, 26)),
        (at(2026, 3, 24, 9, 30), date(2026, 3, 26)),
        # Independence Day 16 Dec 2026 (Wednesday): Thursday 17 Dec.
        (at(2026, 12, 16, 12, 0), date(2026, 12, 17)),
        # New Year's Eve 2026 after hours: past 1 Jan, the weekend and Mon 4 Jan to Tue 5 Jan.
        (at(2026, 12, 31, 19, 0), date(2027, 1, 5)),
    ],
)
def test_000_p25_registered_the_day_received_or_the_next_working_day(
    received: datetime, registered: date
) -> None:
    assert d.registration_day(received, CAL) == registered


def test_000_p25_reads_the_instant_in_the_centres_time_zone() -> None:
    # 20:00 UTC on Thu 19 Mar is 01:00 on Fri 20 Mar in Almaty: a working day, before opening.
    assert d.registration_day(datetime(2026, 3, 19, 20, 0, tzinfo=ZoneInfo("UTC")), CAL) == date(
        2026, 3, 20
    )


def test_000_p25_the_demo_mode_does_not_change_registration() -> None:
    always_open = load_centre(DEMO_CENTRE).calendar(always_open=True)
    assert d.registration_day(at(2026, 3, 21, 11, 0), always_open) == date(2026, 3, 26)


# reply with date and time, 000 p.29 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("registered", "due"),
    [
        # 26,27,30,31 Mar, 1,2,3,6,7,8,9,10,13,14,15 Apr: the 15th is Wed 15 Apr.
        (date(2026, 3, 20), date(2026, 4, 15)),
        # From Thu 26 Mar: 27,30,31, 1,2,3,6,7,8,9,10,13,14,15,16 Apr.
        (date(2026, 3, 26), date(2026, 4, 16)),
        # Over Independence Day: 2,3,4,7,8,9,10,11,14,15,(16 off),17,18,21,22,23 Dec.
        (date(2026, 12, 1), date(2026, 12, 23)),
        # Over New Year 2027: 22,23,24,25,28,29,30,31 Dec, (1 Jan, 4 Jan off) 5, 6,
        # (7 Jan off) 8, 11, 12, 13, 14 Jan.
        (date(2026, 12, 21), date(2027, 1, 14)),
    ],
)
def test_000_p29_reply_within_15_working_days_of_registration(registered: date, due: date) -> None:
    assert d.reply_due(registered, CAL) == due


# before the reception: proposal 000 p.26, final list 001 p.15 --------------------------------


def test_000_p26_proposal_5_working_days_before_the_reception() -> None:
    # Reception Thu 26 Mar 2026; before it: (25,24,23 off) 20, 19, 18, 17, 16 Mar.
    assert d.proposal_due(date(2026, 3, 26), CAL) == date(2026, 3, 16)
    # Reception Tue 5 Jan 2027; before it: (4 Jan, 1 Jan off) 31, 30, 29, 28, 25 Dec.
    assert d.proposal_due(date(2027, 1, 5), CAL) == date(2026, 12, 25)


def test_001_p15_final_list_2_working_days_before_the_reception() -> None:
    # Reception Thu 26 Mar 2026: Fri 20, Thu 19 Mar.
    assert d.final_list_due(date(2026, 3, 26), CAL) == date(2026, 3, 19)
    # Reception Thu 17 Dec 2026: (16 off) Tue 15, Mon 14 Dec.
    assert d.final_list_due(date(2026, 12, 17), CAL) == date(2026, 12, 14)


# extension, 000 p.30 ----------------------------------------------------------------------


def test_000_p30_complex_issue_up_to_30_calendar_days_moved_off_a_holiday() -> None:
    # Registered Mon 23 Feb 2026 + 30 days = Wed 25 Mar (Nauryz day off) → Thu 26 Mar.
    assert d.complex_extension_until(date(2026, 2, 23), CAL) == date(2026, 3, 26)
    # Registered Mon 2 Nov 2026 + 30 days = Wed 2 Dec, a working day: stays.
    assert d.complex_extension_until(date(2026, 11, 2), CAL) == date(2026, 12, 2)


def test_000_p30_reasoned_extension_capped_at_two_months_from_registration() -> None:
    # G9, our reading: two months in all. 16 Oct 2026 → 16 Dec (Independence Day) → 17 Dec.
    assert d.reasoned_extension_cap(date(2026, 10, 16), CAL) == date(2026, 12, 17)
    # 31 Dec 2026 → 28 Feb 2027 (no 31 Feb; a Sunday) → Mon 1 Mar 2027.
    assert d.reasoned_extension_cap(date(2026, 12, 31), CAL) == date(2027, 3, 1)


def test_000_p30_applicant_told_within_3_working_days_of_the_extension() -> None:
    # Extended Fri 20 Mar 2026: 26, 27, 30 Mar.
    assert d.extension_notice_due(date(2026, 3, 20), CAL) == date(2026, 3, 30)


# refusal, 000 p.32 ------------------------------------------------------------------------


def test_000_p32_draft_refusal_at_least_3_working_days_before_the_decision() -> None:
    # Draft sent Mon 14 Dec 2026: 15, (16 off) 17, 18 → decision from Fri 18 Dec.
    assert d.earliest_refusal_decision(date(2026, 12, 14), CAL) == date(2026, 12, 18)
    # And back: a decision on Fri 18 Dec needs the draft out by Mon 14 Dec.
    assert d.latest_refusal_draft(date(2026, 12, 18), CAL) == date(2026, 12, 14)


# official's absence, 000 p.16 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("notified", "kind"),
    [
        (date(2026, 3, 16), AbsenceNotice.IN_ADVANCE),
        (date(2026, 3, 19), AbsenceNotice.IN_ADVANCE),  # exactly 2 WD before Thu 26 Mar
        (date(2026, 3, 20), AbsenceNotice.SHORT),  # 1 WD before: allowed (G9)
        (date(2026, 3, 26), AbsenceNotice.SHORT),  # on the day: allowed by 000 p.16
        (date(2026, 3, 27), AbsenceNotice.LATE),
    ],
)
def test_000_p16_absence_notice_2_working_days_before_or_on_the_day(
    notified: date, kind: AbsenceNotice
) -> None:
    assert d.absence_notice(notified, date(2026, 3, 26), CAL) is kind


# other bodies, 000 p.19 -------------------------------------------------------------------


def test_000_p19_applicant_told_within_2_working_days_of_inviting_other_bodies() -> None:
    # Sent Wed 6 May 2026: (Thu 7 May off) Fri 8, (Mon 11 May off) Tue 12 May.
    assert d.other_bodies_notice_due(date(2026, 5, 6), CAL) == date(2026, 5, 12)


# a deadline on a day off, 004 p.12.14; the traffic light, 004 p.12.6 ------------------------


def test_004_p12_14_every_deadline_lands_on_a_working_day() -> None:
    start = date(2026, 1, 1)
    for offset in range(0, 730, 3):
        day = date.fromordinal(start.toordinal() + offset)
        for due in (
            d.complex_extension_until(day, CAL),
            d.reasoned_extension_cap(day, CAL),
            d.reply_due(day, CAL),
            d.other_bodies_notice_due(day, CAL),
        ):
            assert CAL.is_working_day(due), (day, due)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 4, 9), Light.OK),
        (date(2026, 4, 10), Light.DUE_SOON),  # 3 WD before Wed 15 Apr: 14, 13, 10
        (date(2026, 4, 12), Light.DUE_SOON),  # a Sunday inside the reminder period
        (date(2026, 4, 15), Light.DUE_SOON),  # the day itself
        (date(2026, 4, 16), Light.OVERDUE),
    ],
)
def test_004_p12_6_traffic_light_reminds_3_working_days_ahead(today: date, expected: Light) -> None:
    assert d.light(date(2026, 4, 15), today, CAL) is expected


def test_004_p12_6_the_reminder_counts_working_days_over_nauryz() -> None:
    # Due Thu 26 Mar 2026: 3 WD before are (25, 24, 23 off) 20, 19, 18 → from Wed 18 Mar.
    assert d.reminder_from(date(2026, 3, 26), CAL) == date(2026, 3, 18)
    assert d.light(date(2026, 3, 26), date(2026, 3, 17), CAL) is Light.OK
    assert d.light(date(2026, 3, 26), date(2026, 3, 18), CAL) is Light.DUE_SOON


def test_add_months_clamps_to_the_months_last_day() -> None:
    assert d.add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert d.add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)
    assert d.add_months(date(2026, 11, 15), 2) == date(2027, 1, 15)
