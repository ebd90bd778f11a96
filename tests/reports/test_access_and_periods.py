"""Who reads the reports (the administrator and the analyst, as the statistics: 000 p.40),
and a period that does not exist said clearly, in the reader's language, on the page and in
the API."""

from __future__ import annotations

import html
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.domain.access.identity import DeviceKind
from app.domain.access.roles import Role
from app.domain.errors import Refusal
from app.domain.report_periods import NoSuchHalf, NoSuchQuarter, YearOutOfReach
from app.i18n import translate_error
from tests.conftest import ClientAs

PAGES = ["/reports", "/reports/quarterly?year=2026&quarter=3", "/reports/half-year"]
FILES = ["/api/reports/quarterly.xlsx?year=2026&quarter=3", "/api/reports/half-year.xlsx"]


def test_the_administrator_and_the_analyst_read_them(
    client: TestClient, client_as: ClientAs
) -> None:
    for reader in (client, client_as(Role.ANALYST)):
        for path in PAGES + FILES:
            answer = reader.get(path)
            assert answer.status_code == 200, (path, answer.text[:200])
    index = client_as(Role.ANALYST).get("/reports?lang=ru").text
    assert "/reports/quarterly?year=2026&amp;quarter=3" in index  # the last whole quarter
    assert "/reports/half-year?year=2026&amp;half=1" in index
    # The staff navigation links to them for those who may read them, and only for those.
    assert 'href="/reports"' in client_as(Role.ANALYST).get("/statistics").text
    assert 'href="/reports"' not in client_as(Role.RECEPTION).get("/desk").text


@pytest.mark.parametrize(
    ("role", "workplace"),
    [
        (Role.RECEPTION, None),
        (Role.CONSULTANT, "window-1"),
        (Role.OFFICIAL, "cabinet-201"),
        (Role.SELF_SERVICE, "self-service-1"),
        (Role.MODERATOR, None),
        (Role.VOLUNTEER, None),
    ],
)
def test_other_roles_may_not(client_as: ClientAs, role: Role, workplace: str | None) -> None:
    staff = client_as(role, workplace=workplace)
    for path in PAGES + FILES:
        assert staff.get(path).status_code == 403, (role, path)


def test_devices_and_anonymous_callers_may_not(
    anonymous_client: TestClient, device_client: Callable[[DeviceKind], TestClient]
) -> None:
    kiosk = device_client(DeviceKind.KIOSK)
    for path in PAGES + FILES:
        assert kiosk.get(path).status_code == 403, path
    for path in PAGES:
        answer = anonymous_client.get(path)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/login")
    for path in FILES:
        assert anonymous_client.get(path).status_code == 401


@pytest.mark.parametrize(
    ("path", "refusal"),
    [
        ("/reports/quarterly?year=2026&quarter=5", NoSuchQuarter(number=5)),
        ("/reports/quarterly?year=2026&quarter=0", NoSuchQuarter(number=0)),
        (
            "/reports/quarterly?year=1800&quarter=1",
            YearOutOfReach(first=2000, last=2099, year=1800),
        ),
        ("/reports/half-year?year=2026&half=3", NoSuchHalf(number=3)),
        ("/reports/half-year?year=2100", YearOutOfReach(first=2000, last=2099, year=2100)),
    ],
)
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_period_that_does_not_exist_is_said_on_the_page(
    client_as: ClientAs, path: str, refusal: Refusal, language: str
) -> None:
    page = client_as(Role.ANALYST).get(f"{path}&lang={language}")
    assert page.status_code == 422
    assert f'<html lang="{language}">' in page.text
    said = translate_error(refusal, language)
    assert html.escape(said, quote=True) in page.text
    assert 'role="alert"' in page.text
    assert "data-report" not in page.text  # no document for it
    assert 'name="year"' in page.text  # the form, to choose again


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/api/reports/quarterly.xlsx?year=2026&quarter=5", "quarter"),
        ("/api/reports/quarterly.xlsx?year=1800&quarter=1", "year"),
        ("/api/reports/half-year.xlsx?year=2026&half=0", "half"),
    ],
)
def test_the_workbook_of_a_period_that_does_not_exist_is_refused(
    client: TestClient, path: str, says: str
) -> None:
    """The API's bounds are in its schema (OpenAPI), and refused as any invalid request."""
    answer = client.get(path + "&lang=ru")
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "invalid_request"
    assert body["errors"][0].startswith(f"{says}:")


def test_a_period_that_is_no_number_is_an_invalid_request(client: TestClient) -> None:
    page = client.get("/reports/quarterly?year=next&quarter=1&lang=ru")
    assert page.status_code == 422
    assert "<!doctype html>" in page.text.lower()
    assert client.get("/api/reports/quarterly.xlsx?quarter=IV").status_code == 422


def test_the_index_offers_the_quarter_and_half_under_way(client_as: ClientAs) -> None:
    """The clock stands on 24 November 2026: Q4 and H2 so far, then the whole ones before."""
    page = client_as(Role.ANALYST).get("/reports").text
    assert 'href="/reports/quarterly?year=2026&amp;quarter=4" data-current="2026-Q4"' in page
    assert 'href="/reports/half-year?year=2026&amp;half=2" data-current="2026-H2"' in page
    assert 'data-period="2026-Q3"' in page
