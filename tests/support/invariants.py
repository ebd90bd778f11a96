"""What must hold after any concurrent run, checked against the rows the server stored and
the answers the clients got. Each rule names itself in the violation it reports."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, select

from app.config.centre import CentreConfig
from app.domain.lifecycle import ACTIVE_STATES, TicketState
from app.tables.queue import Ticket, TicketEvent
from tests.support.load import TERMINAL_ACTIONS, Exchange

ENDED = {TicketState.DONE, TicketState.NO_SHOW}


def read_database(engine: Engine) -> tuple[list[Ticket], list[TicketEvent]]:
    with Session(engine) as session:
        tickets = list(session.exec(select(Ticket).order_by(Ticket.id)))  # type: ignore[arg-type]
        events = list(session.exec(select(TicketEvent).order_by(TicketEvent.id)))  # type: ignore[arg-type]
    return tickets, events


def find_violations(
    exchanges: Sequence[Exchange],
    tickets: Sequence[Ticket],
    events: Sequence[TicketEvent],
    centre: CentreConfig,
) -> list[str]:
    found: list[str] = []
    found += _responses(exchanges)
    found += _issued_rows(exchanges, tickets)
    found += _numbering(exchanges, tickets, centre)
    found += _events(tickets, events)
    found += _calls(exchanges, tickets)
    return found


def _by_ticket(exchanges: Iterable[Exchange], *kinds: str) -> dict[int, Exchange]:
    return {e.ticket_id: e for e in exchanges if e.kind in kinds and e.ticket_id is not None}


def _responses(exchanges: Sequence[Exchange]) -> list[str]:
    found = []
    expected = {"issue": {201}, "call-next": {200, 204}}
    pairs: dict[int, list[Exchange]] = defaultdict(list)
    for e in exchanges:
        if e.pair is not None:
            pairs[e.pair].append(e)
        allowed = expected.get(e.kind, {200})
        if e.status in allowed:
            continue
        # A second click of "call next" finds the workplace busy with the first one's ticket.
        if (
            e.kind == "call-next"
            and e.pair is not None
            and e.status == 409
            and e.body is not None
            and e.body.get("code") == "workplace_busy"
        ):
            continue
        found.append(
            f"[responses] {e.kind} {e.workplace or ''} got {e.status}: {e.body or e.error}"
        )
    for pair, clicks in pairs.items():
        if sum(c.status == 200 for c in clicks) > 1:
            ids = [c.ticket_id for c in clicks]
            found.append(
                f"[double-click] workplace {clicks[0].workplace} was given {ids} at once "
                f"(pair {pair})"
            )
    return found


def _issued_rows(exchanges: Sequence[Exchange], tickets: Sequence[Ticket]) -> list[str]:
    found = []
    issued = [e for e in exchanges if e.kind == "issue" and e.status == 201]
    ids = Counter(e.ticket_id for e in issued)
    found += [f"[issued] id {i} was given to {n} clients" for i, n in ids.items() if n > 1]
    rows = {t.id: t for t in tickets}
    found += [f"[issued] ticket {i} was answered 201, is not stored" for i in ids if i not in rows]
    found += [f"[issued] ticket {i} is stored but no client got it" for i in rows if i not in ids]
    for e in issued:
        row = rows.get(e.ticket_id)
        if row is None or e.body is None:
            continue
        stored = (row.number, row.display, row.number_zone, row.language, row.priority)
        answered = (
            e.body["number"],
            e.body["display"],
            e.zone,
            e.body["language"],
            e.body["priority"],
        )
        if stored != answered:
            found.append(f"[issued] ticket {row.id}: client got {answered}, stored {stored}")
    return found


def _numbering(
    exchanges: Sequence[Exchange], tickets: Sequence[Ticket], centre: CentreConfig
) -> list[str]:
    found = []
    issue_of = _by_ticket(exchanges, "issue")
    ended_by = _by_ticket(exchanges, *TERMINAL_ACTIONS)
    zone_days: dict[tuple[str, date], list[Ticket]] = defaultdict(list)
    for t in tickets:
        zone_days[(t.number_zone, t.service_day)].append(t)
    for (code, day), group in sorted(zone_days.items()):
        zone = centre.zone(code)
        assert zone is not None
        numbers = zone.numbers
        where = f"[numbering] {code} {day}"
        group.sort(key=lambda t: t.position)
        positions = [t.position for t in group]
        repeated = sorted(p for p, n in Counter(positions).items() if n > 1)
        if repeated:
            found.append(f"{where}: positions {repeated[:10]} used twice")
        # Before the range wraps nothing can be skipped: positions are exactly 1..N.
        first_round = [p for p in positions if p <= numbers.size]
        if first_round != list(range(1, len(first_round) + 1)):
            found.append(f"{where}: positions before the wrap are not 1..N: {first_round[:20]}…")
        elif len(first_round) < numbers.size and len(group) > len(first_round):
            found.append(f"{where}: wrapped before using every number of the range")
        for t in group:
            if t.number != numbers.number_at(t.position) or t.display != numbers.display(t.number):
                found.append(
                    f"{where}: position {t.position} got {t.display} ({t.number}), "
                    f"expected {numbers.number_at(t.position)}"
                )
        active = Counter(t.number for t in group if t.state in ACTIVE_STATES)
        found += [f"{where}: {n} active tickets hold {x}" for x, n in active.items() if n > 1]
        # After the wrap: a number is handed out again only after its holder has left, and a
        # position is skipped only while its number's holder is still there.
        holder: dict[int, Ticket] = {}
        previous_position = 0
        for t in group:
            issue = issue_of.get(t.id or 0)
            for skipped in range(previous_position + 1, t.position):
                if skipped <= numbers.size:
                    continue  # reported above
                earlier = holder.get(numbers.number_at(skipped))
                gone = ended_by.get(earlier.id or 0) if earlier else None
                if earlier is None or (gone and issue and gone.received < issue.sent):
                    found.append(
                        f"{where}: position {skipped} (number {numbers.number_at(skipped)}) "
                        f"skipped by ticket {t.id} although the number was free"
                    )
            earlier = holder.get(t.number)
            if earlier is not None:
                gone = ended_by.get(earlier.id or 0)
                if gone is None or (issue is not None and issue.received < gone.sent):
                    found.append(
                        f"{where}: number {t.number} given to ticket {t.id} while ticket "
                        f"{earlier.id} still held it"
                    )
            holder[t.number] = t
            previous_position = t.position
    return found


def _events(tickets: Sequence[Ticket], events: Sequence[TicketEvent]) -> list[str]:
    found = []
    per_ticket: dict[int, Counter[str]] = defaultdict(Counter)
    call_at: dict[int, str | None] = {}
    for ev in events:
        per_ticket[ev.ticket_id][ev.action] += 1
        if ev.action == "call":
            call_at[ev.ticket_id] = ev.workplace
    for t in tickets:
        assert t.id is not None
        actions = per_ticket.get(t.id, Counter())
        where = f"[events] ticket {t.id} ({t.display})"
        if actions["issue"] != 1:
            found.append(f"{where}: {actions['issue']} issue events")
        if actions["call"] != 1:
            found.append(f"{where}: {actions['call']} call events")
        if actions["finish"] + actions["no_show"] != 1:
            found.append(f"{where}: ended {actions['finish'] + actions['no_show']} times")
        if t.state not in ENDED:
            found.append(f"{where}: left {t.state.value}, never served to the end")
        if call_at.get(t.id) != t.workplace:
            found.append(f"{where}: call event at {call_at.get(t.id)}, stored at {t.workplace}")
    return found


def _calls(exchanges: Sequence[Exchange], tickets: Sequence[Ticket]) -> list[str]:
    found = []
    calls = [e for e in exchanges if e.kind == "call-next" and e.status == 200]
    given = Counter(e.ticket_id for e in calls)
    for ticket_id, n in given.items():
        if n > 1:
            places = sorted(str(e.workplace) for e in calls if e.ticket_id == ticket_id)
            found.append(f"[calls] ticket {ticket_id} was given to {n} calls: {places}")
    rows = {t.id: t for t in tickets}
    for e in calls:
        assert e.body is not None
        row = rows.get(e.ticket_id)
        if e.body["workplace"] != e.workplace or row is None or row.workplace != e.workplace:
            found.append(
                f"[calls] {e.workplace} called ticket {e.ticket_id}; answer says "
                f"{e.body['workplace']}, stored {row.workplace if row else 'nothing'}"
            )
    missed = sorted(i for i in rows if i is not None and i not in given)
    if missed:
        found.append(f"[calls] {len(missed)} tickets never called: {missed[:10]}")
    return found
