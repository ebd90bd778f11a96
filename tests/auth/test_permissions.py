"""Every route of the app × every kind of caller, against the permission table.

Each route is classified below as public, staff (with the permissions any one of which lets a
caller in), device-only or staff-or-device. A route that is not classified fails the suite:
adding a route means deciding who may call it. The callers are anonymous, a kiosk and a board
(each presenting its token as cookie, `?token=` and bearer header) and one account of every
role. Refused means exactly 401 (or, for a staff page, a redirect to the sign-in page) or 403;
allowed means anything else but a server error: the requests are deliberately incomplete, so
an allowed caller typically gets 404 or 422 and nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, APIWebSocketRoute, iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.websockets import WebSocketDisconnect

from app.domain.access.identity import DeviceKind
from app.domain.access.roles import HOLDERS, WORKPLACE_ROLES, Permission, Role, can
from app.edge.state import AppState
from tests.support.auth import bearer, device_token, staff_token

READ, ISSUE, SERVE, MANAGE, ADMIN, REPORT = (
    Permission.READ,
    Permission.ISSUE,
    Permission.SERVE,
    Permission.MANAGE,
    Permission.ADMIN,
    Permission.REPORT,
)
KIOSK, BOARD, FEEDBACK = DeviceKind.KIOSK, DeviceKind.BOARD, DeviceKind.FEEDBACK


@dataclass(frozen=True)
class Public:
    pass


@dataclass(frozen=True)
class StaffOnly:
    any_of: tuple[Permission, ...] = ()  # () : any signed-in staff member
    roles: tuple[Role, ...] = ()  # also let in whatever their permissions


@dataclass(frozen=True)
class DeviceOnly:
    kinds: tuple[DeviceKind, ...]


@dataclass(frozen=True)
class StaffOrDevice:
    any_of: tuple[Permission, ...]
    kinds: tuple[DeviceKind, ...]


Rule = Public | StaffOnly | DeviceOnly | StaffOrDevice

ROUTES: dict[str, Rule] = {
    # the centre as configured: public (the kiosk and the status page need it)
    "GET /api/health": Public(),
    "GET /api/zones": Public(),
    "GET /api/categories": Public(),
    "GET /api/workplaces": Public(),
    "GET /api/board": StaffOrDevice((READ,), (BOARD,)),
    # tickets
    "POST /api/tickets": StaffOnly((ISSUE,)),
    "GET /api/tickets/{ticket_id}": StaffOnly((READ,)),
    "POST /api/tickets/{ticket_id}/recall": StaffOnly((SERVE,)),
    "POST /api/tickets/{ticket_id}/start": StaffOnly((SERVE,)),
    "POST /api/tickets/{ticket_id}/finish": StaffOnly((SERVE,)),
    "POST /api/tickets/{ticket_id}/no-show": StaffOnly((SERVE,)),
    "POST /api/tickets/{ticket_id}/return": StaffOnly((SERVE,)),
    "POST /api/tickets/{ticket_id}/reopen": StaffOnly((SERVE,)),
    # MANAGE for any ticket; SERVE only for the one at one's workplace (tests below)
    "POST /api/tickets/{ticket_id}/cancel": StaffOnly((MANAGE, SERVE)),
    "POST /api/tickets/{ticket_id}/transfer": StaffOnly((MANAGE, SERVE)),
    "POST /api/workplaces/{code}/call-next": StaffOnly((SERVE,)),
    "POST /api/workplaces/{code}/call": StaffOnly((SERVE,)),
    # access itself
    "POST /api/auth/token": Public(),
    "GET /api/auth/me": StaffOnly(),
    "POST /api/auth/logout": StaffOnly(),
    "POST /api/devices": StaffOnly((ADMIN,)),
    "GET /api/devices": StaffOnly((ADMIN,)),
    "POST /api/devices/{device_id}/revoke": StaffOnly((ADMIN,)),
    "GET /": Public(),  # a redirect: to one's own screen, or to the sign-in
    "GET /login": Public(),
    "POST /login": Public(),
    "POST /logout": Public(),  # ends the browser's own session, if any
    "GET /pair/{token}": Public(),  # the token in the link is the credential
    "GET /admin/devices": StaffOnly((ADMIN,)),
    "POST /admin/devices": StaffOnly((ADMIN,)),
    "POST /admin/devices/{device_id}/revoke": StaffOnly((ADMIN,)),
    # the staff screens
    "GET /desk": StaffOnly((ISSUE,)),
    "POST /desk/tickets": StaffOnly((ISSUE,)),
    "GET /desk/find": StaffOnly((ISSUE,)),
    "POST /desk/tickets/{ticket_id}/cancel": StaffOnly((ISSUE,)),
    "GET /workplace": StaffOnly((SERVE,)),
    "POST /workplace/call-next": StaffOnly((SERVE,)),
    "POST /workplace/call": StaffOnly((SERVE,)),
    "POST /workplace/tickets/{ticket_id}/finish": StaffOnly((SERVE,)),
    "POST /workplace/tickets/{ticket_id}/transfer": StaffOnly((SERVE,)),
    "POST /workplace/tickets/{ticket_id}/{action}": StaffOnly((SERVE,)),
    "POST /workplace/pause": StaffOnly((SERVE,)),
    "POST /workplace/resume": StaffOnly((SERVE,)),
    # the board and the live feed
    "GET /board": StaffOrDevice((READ,), (BOARD,)),
    "GET /board/calls": StaffOrDevice((READ,), (BOARD,)),
    # the feedback tablet listens for the tickets finished at its workplace
    "WS /ws/events": StaffOrDevice((READ,), (KIOSK, BOARD, FEEDBACK)),
    # the voice of a call, played by the board (issue 5)
    "GET /announcements/{key}.wav": StaffOrDevice((READ,), (BOARD,)),
    # the lobby kiosk, its tickets' public status page, printing (the kiosk issue)
    "GET /kiosk": DeviceOnly((KIOSK,)),
    "GET /kiosk/start": DeviceOnly((KIOSK,)),
    "GET /kiosk/purpose": DeviceOnly((KIOSK,)),
    "GET /kiosk/priority": DeviceOnly((KIOSK,)),
    "GET /kiosk/confirm": DeviceOnly((KIOSK,)),
    "POST /kiosk/tickets": DeviceOnly((KIOSK,)),
    "GET /kiosk/tickets/{ticket_id}/printing": DeviceOnly((KIOSK,)),  # its own tickets only
    "GET /t/{token}": Public(),  # the ticket's unguessable token is the key; no personal data
    "GET /t/{token}/live": Public(),
    # ratings (issue 14): the status token is the key; a feedback tablet may rate without it
    # the visits finished at its workplace; the tablet's own screen
    "POST /t/{token}/feedback": Public(),
    "POST /api/tickets/{ticket_id}/feedback": Public(),
    "GET /feedback": DeviceOnly((FEEDBACK,)),
    "GET /feedback/screen": DeviceOnly((FEEDBACK,)),
    "POST /feedback/tickets/{ticket_id}/rating": DeviceOnly((FEEDBACK,)),
    "POST /api/tickets/{ticket_id}/print": StaffOnly((ISSUE,)),
    "GET /api/printers": StaffOnly((READ,)),
    "POST /api/print-jobs/{job_id}/resolve": StaffOnly((ISSUE,)),
    "GET /desk/printers": StaffOnly((ISSUE,)),
    "POST /desk/print-jobs/{job_id}/resolve": StaffOnly((ISSUE,)),
    "POST /desk/tickets/{ticket_id}/print": StaffOnly((ISSUE,)),
    # personal reception (issue 6): the desk registers and books; the administrator keeps
    # officials and schedules; the protocol also from the official's cabinet; the approved
    # schedule is public (000 p.8)
    "POST /api/reception-requests": StaffOnly((ISSUE,)),
    "GET /api/reception-requests": StaffOnly((ISSUE,)),
    "POST /api/reception-requests/allocate": StaffOnly((ISSUE,)),
    "GET /api/reception-requests/{request_id}": StaffOnly((ISSUE,)),
    "POST /api/reception-requests/{request_id}/accept": StaffOnly((ISSUE,)),
    "POST /api/reception-requests/{request_id}/refusal-draft": StaffOnly((ISSUE,)),
    "POST /api/reception-requests/{request_id}/refuse": StaffOnly((ISSUE,)),
    "POST /api/reception-requests/{request_id}/extend": StaffOnly((ISSUE,)),
    "POST /api/reception-requests/{request_id}/other-bodies": StaffOnly((ISSUE,)),
    "POST /api/reception-requests/{request_id}/notices": StaffOnly((ISSUE,)),
    "POST /api/reception-requests/{request_id}/check-in": StaffOnly((ISSUE,)),
    "POST /api/reception-requests/{request_id}/protocol": StaffOnly((ISSUE, SERVE)),
    "POST /api/reception-requests/{request_id}/appeals": StaffOnly((ISSUE, SERVE)),
    "POST /api/reception-instructions/{instruction_id}/done": StaffOnly((ISSUE, SERVE)),
    "GET /api/reception-appeals": StaffOnly((ISSUE,)),
    "POST /api/reception-appeals/{appeal_id}/assign": StaffOnly((ISSUE,)),
    "POST /api/reception-appeals/{appeal_id}/close": StaffOnly((ISSUE,)),
    "GET /api/reception-deadlines": StaffOnly((ISSUE,)),
    # the centre's numbers (issue 13): the administrator and the analyst
    "GET /api/statistics": StaffOnly((REPORT,)),
    "GET /api/statistics.csv": StaffOnly((REPORT,)),
    "GET /api/statistics.xlsx": StaffOnly((REPORT,)),
    "GET /statistics": StaffOnly((REPORT,)),
    # the quarterly report (000 p.40) and the half-year draft (003 App.2 p.7(6))
    "GET /reports": StaffOnly((REPORT,)),
    "GET /reports/quarterly": StaffOnly((REPORT,)),
    "GET /reports/half-year": StaffOnly((REPORT,)),
    "GET /api/reports/quarterly.xlsx": StaffOnly((REPORT,)),
    "GET /api/reports/half-year.xlsx": StaffOnly((REPORT,)),
    # problem-issue monitoring by district (issue 13.6, 003 App.2 p.7)
    "GET /api/monitoring": StaffOnly((REPORT,)),
    "GET /api/monitoring.csv": StaffOnly((REPORT,)),
    "GET /api/monitoring.xlsx": StaffOnly((REPORT,)),
    "GET /monitoring": StaffOnly((REPORT,)),
    "GET /supervisor": StaffOnly((Permission.SUPERVISE,)),
    "GET /api/officials": Public(),
    "POST /api/officials": StaffOnly((ADMIN,)),
    "GET /api/reception-schedule": Public(),
    "POST /api/reception-schedule/days": StaffOnly((ADMIN,)),
    "POST /api/reception-schedule/{month}/approve": StaffOnly((ADMIN,)),
    "POST /api/reception-schedule/days/{day_id}/absence": StaffOnly((ISSUE,)),
    "POST /api/reception-schedule/days/{day_id}/final-list": StaffOnly((ISSUE,)),
    "GET /schedule": Public(),
    # the screens of requests (issue 12): officials read them; the reception-room staff decide
    "GET /reception": StaffOnly((ISSUE,), roles=(Role.OFFICIAL,)),  # their cabinet's only
    "GET /reception/requests/{request_id}": StaffOnly((ISSUE, SERVE)),
    "POST /reception/requests": StaffOnly((ISSUE,)),
    "POST /reception/requests/{request_id}/accept": StaffOnly((ISSUE,)),
    "POST /reception/requests/{request_id}/refusal-draft": StaffOnly((ISSUE,)),
    "POST /reception/requests/{request_id}/refuse": StaffOnly((ISSUE,)),
    "POST /reception/requests/{request_id}/extend": StaffOnly((ISSUE,)),
    "POST /reception/requests/{request_id}/other-bodies": StaffOnly((ISSUE,)),
    "POST /reception/requests/{request_id}/notices": StaffOnly((ISSUE,)),
    "POST /reception/allocate": StaffOnly((ISSUE,)),
    "POST /reception/requests/{request_id}/appeals/{appeal_id}/assign": StaffOnly((ISSUE,)),
    "POST /reception/requests/{request_id}/appeals/{appeal_id}/close": StaffOnly((ISSUE,)),
    # the record of a reception: the desk, or the official at the request's cabinet
    "POST /reception/requests/{request_id}/protocol": StaffOnly((ISSUE, SERVE)),
    "POST /reception/requests/{request_id}/appeals": StaffOnly((ISSUE, SERVE)),
    "POST /reception/requests/{request_id}/instructions/{instruction_id}/done": StaffOnly(
        (ISSUE, SERVE)
    ),
    "GET /reception/desk": StaffOnly((ISSUE,)),
    "GET /reception/today": StaffOnly((READ,)),
    "POST /reception/desk/{request_id}/check-in": StaffOnly((ISSUE,)),
    "GET /reception/workplace": StaffOnly((SERVE,)),
    "GET /reception/requests/{request_id}/letters/{kind}": StaffOnly((ISSUE,)),
    # the selective telephone survey (000 p.38) and the self-service zone's record (001 p.11)
    "GET /survey": StaffOnly((Permission.SURVEY,)),
    "POST /survey/samples": StaffOnly((Permission.SURVEY,)),
    "GET /survey/samples/{sample_id}": StaffOnly((Permission.SURVEY,)),
    "POST /survey/samples/{sample_id}/calls/{call_id}": StaffOnly((Permission.SURVEY,)),
    "GET /assistance": StaffOnly((Permission.ASSIST,)),
    "POST /assistance": StaffOnly((Permission.ASSIST,)),
    "POST /assistance/{assistance_id}/undo": StaffOnly((Permission.ASSIST,)),
    # FastAPI's own pages
    "GET /openapi.json": Public(),
    "GET /docs": Public(),
    "GET /docs/oauth2-redirect": Public(),
    "GET /redoc": Public(),
}
MOUNTS: dict[str, Rule] = {
    "/static": Public(),
    "/board/static": Public(),
    "/kiosk/static": Public(),
}
SAMPLE_FILE = {"/static": "/static/app.css"}

PATH_VALUES = {
    "ticket_id": "999999",  # no such ticket: an allowed caller gets 404 and nothing changes
    "device_id": "999999",
    "code": "window-1",
    "action": "recall",
    "job_id": "999999",
    "key": "kk-window-9-100",  # no window 9: an allowed caller gets 404, nothing is spoken
    "request_id": "999999",  # personal reception: no such request, day, appeal…
    "instruction_id": "999999",
    "appeal_id": "999999",
    "day_id": "999999",
    "month": "2031-01",  # an empty month: nothing to approve
    "kind": "reply",
    "sample_id": "999999",  # the survey: no such sample, call or assistance record
    "call_id": "999999",
    "assistance_id": "999999",
}
WORKPLACE = "window-1"  # where the serving roles' tokens are signed in (= PATH_VALUES["code"])
REVOKING = {"POST /api/auth/logout"}  # revokes the caller's token: give it a fresh one


@dataclass(frozen=True)
class Caller:
    name: str
    role: Role | None = None
    device: DeviceKind | None = None
    channel: Literal["cookie", "query", "bearer"] | None = None


CALLERS = [
    Caller("anonymous"),
    *(
        Caller(f"{kind.value} by {channel}", device=kind, channel=channel)
        for kind in DeviceKind
        for channel in ("cookie", "query", "bearer")
    ),
    *(Caller(role.value, role=role) for role in Role),
]


def expected(rule: Rule, caller: Caller, *, page: bool) -> int | None:
    """The refusal status, or None when the caller is let in."""
    if isinstance(rule, Public):
        return None
    if caller.role is not None:
        if isinstance(rule, DeviceOnly):
            return 401
        let_in = (
            not rule.any_of
            or any(can(caller.role, p) for p in rule.any_of)
            or (isinstance(rule, StaffOnly) and caller.role in rule.roles)
        )
        return None if let_in else 403
    if caller.device is not None:
        if isinstance(rule, StaffOnly):
            return 403
        return None if caller.device in rule.kinds else 403
    return 303 if isinstance(rule, StaffOnly) and page else 401


def route_keys(app: FastAPI) -> list[tuple[str, str]]:
    """("METHOD /path" | "WS /path" | "MOUNT /path", path) for every route, including those
    of included routers (FastAPI resolves those lazily)."""
    keys = []
    for context in iter_route_contexts(app.routes):
        route, path = context.original_route, context.path or ""
        if isinstance(route, Mount):
            keys.append((f"MOUNT {path}", path))
        elif isinstance(route, APIWebSocketRoute | WebSocketRoute):
            keys.append((f"WS {path}", path))
        elif isinstance(route, APIRoute | Route):
            methods = sorted((context.methods or set()) - {"HEAD"})
            keys.extend((f"{method} {path}", path) for method in methods)
        else:  # a new kind of route needs a rule here first
            keys.append((f"UNKNOWN {route!r}", path))
    return keys


def rule_for(key: str) -> Rule | None:
    if key.startswith("MOUNT "):
        return MOUNTS.get(key.removeprefix("MOUNT "))
    return ROUTES.get(key)


def test_every_route_is_classified(application: FastAPI) -> None:
    missing = [key for key, _ in route_keys(application) if rule_for(key) is None]
    assert not missing, (
        "Classify these routes in tests/auth/test_permissions.py (who may call them?): "
        + ", ".join(missing)
    )


def test_the_permission_table() -> None:
    """The policy, spelled out: changing app/domain/access/roles.py must change this test too."""
    assert {p: set(roles) for p, roles in HOLDERS.items()} == {
        READ: set(Role) - {Role.VOLUNTEER},  # volunteers: self-service and the survey (001 p.11)
        ISSUE: {Role.ADMIN, Role.RECEPTION},
        SERVE: {Role.ADMIN, Role.CONSULTANT, Role.OFFICIAL, Role.SELF_SERVICE},
        MANAGE: {Role.ADMIN, Role.RECEPTION, Role.MODERATOR},
        ADMIN: {Role.ADMIN},
        REPORT: {Role.ADMIN, Role.ANALYST},
        Permission.SUPERVISE: {Role.ADMIN, Role.MODERATOR},
        Permission.SURVEY: {Role.ADMIN, Role.VOLUNTEER},
        Permission.ASSIST: {Role.ADMIN, Role.SELF_SERVICE, Role.VOLUNTEER},
    }
    # A volunteer helps in the self-service zone and runs the survey, and does nothing else.
    assert {p for p in Permission if can(Role.VOLUNTEER, p)} == {
        Permission.SURVEY,
        Permission.ASSIST,
    }
    # The analyst reads and reports, and changes nothing.
    assert {Role.ANALYST} == {
        r for r in Role if not any(can(r, p) for p in Permission if p not in (READ, REPORT))
    }


# the matrix ----------------------------------------------------------------------------------


def _path(route_path: str, token_for_pairing: str) -> str:
    values = {**PATH_VALUES, "token": token_for_pairing}
    return re.sub(r"{(\w+)(?::\w+)?}", lambda m: values[m.group(1)], route_path)


@dataclass
class Credentials:
    state: AppState
    caller: Caller
    devices: dict[DeviceKind, str]
    staff: str | None = None

    def staff_token(self, fresh: bool = False) -> str:
        """The caller's token; a `fresh` one (for a route that revokes it) is not kept."""
        assert self.caller.role is not None
        if self.staff is None or fresh:
            workplace = WORKPLACE if self.caller.role in WORKPLACE_ROLES else None
            token = staff_token(self.state, self.caller.role, workplace=workplace)
            if fresh:
                return token
            self.staff = token
        return self.staff

    def apply(self, url: str, *, fresh: bool) -> tuple[str, dict[str, str]]:
        if self.caller.role is not None:
            return url, bearer(self.staff_token(fresh))
        if self.caller.device is None:
            return url, {}
        token = self.devices[self.caller.device]
        if self.caller.channel == "cookie":
            return url, {"Cookie": f"qb_device={token}"}
        if self.caller.channel == "query":
            return url + ("&" if "?" in url else "?") + f"token={token}", {}
        return url, bearer(token)


def _check_http(
    client: TestClient, key: str, rule: Rule, url: str, headers: dict[str, str], caller: Caller
) -> str | None:
    method = key.split(" ", 1)[0]
    body: dict[str, str] | None = {} if method in ("POST", "PUT", "PATCH") else None
    response = client.request(method, url, headers=headers, json=body)
    page = not url.startswith("/api/")
    want = expected(rule, caller, page=page)
    got = response.status_code
    to_login = got == 303 and response.headers.get("location", "").startswith("/login")
    if want is None:
        refused = got in (401, 403) or (to_login and not isinstance(rule, Public))
        if refused or got >= 500:
            return f"{key}: {caller.name} should be let in, got {got} {response.text[:120]}"
    elif want == 303:
        if not to_login:
            return f"{key}: {caller.name} should be sent to /login, got {got}"
    elif got != want:
        return f"{key}: {caller.name} should get {want}, got {got} {response.text[:120]}"
    return None


def _check_socket(
    client: TestClient, key: str, rule: Rule, url: str, headers: dict[str, str], caller: Caller
) -> str | None:
    want = expected(rule, caller, page=False)
    try:
        with client.websocket_connect(url, headers=headers):
            opened = True
    except WebSocketDisconnect:
        opened = False
    if opened != (want is None):
        return f"{key}: {caller.name} should {'' if want is None else 'not '}connect"
    return None


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c.name)
def test_route_permission_matrix(application: FastAPI, state: AppState, caller: Caller) -> None:
    devices = {kind: device_token(state, kind) for kind in DeviceKind}
    credentials = Credentials(state, caller, devices)
    pairing = device_token(state, KIOSK, "Pairing target")
    client = TestClient(application, raise_server_exceptions=False, follow_redirects=False)
    with client:  # one event loop for all the requests (much faster than one each)
        problems = _run_matrix(application, client, credentials, caller, pairing)
    assert not problems, "\n".join(problems)


def _run_matrix(
    application: FastAPI,
    client: TestClient,
    credentials: Credentials,
    caller: Caller,
    pairing: str,
) -> list[str]:
    problems: list[str] = []
    for key, path in route_keys(application):
        rule = rule_for(key)
        assert rule is not None, f"unclassified route {key}"
        check: Callable[..., str | None]
        if key.startswith("MOUNT "):
            sample = SAMPLE_FILE.get(path)
            if sample is None:
                continue
            key, url, check = f"GET {sample}", sample, _check_http
        elif key.startswith("WS "):
            url, check = _path(path, pairing), _check_socket
        else:
            url, check = _path(path, pairing), _check_http
        url, headers = credentials.apply(url, fresh=key in REVOKING)
        client.cookies.clear()  # e.g. /pair sets the device cookie: each request on its own
        problem = check(client, key, rule, url, headers, caller)
        if problem:
            problems.append(problem)
    return problems
