"""Schemathesis over the whole OpenAPI (11.6), against the real server: whatever an outsider
sends within or beyond the schema, no route answers 5xx and every answer matches what the
schema documents (status codes, content types, headers, bodies), and what the schema forbids
is refused. Bounded (EXAMPLES cases an operation, derandomized: a failure is reproduced, not
chanced); the README's "Probing the API" runs it longer.

Signed in as the administrator, who may call nearly every route; what only a device may call
answers its documented 403, which is checked too."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.config.settings import DEMO_CENTRE
from app.domain.access.roles import Role
from tests.conftest import Clock, make_state
from tests.support.auth import staff_token
from tests.support.live_server import live_server

EXAMPLES = 20
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
    )
)
ST = Path(sys.executable).with_name("st")
LOGOUT = "/api/auth/logout"


def test_no_server_error_and_the_schema_holds(sqlite_url: str, tmp_path: Path) -> None:
    state = make_state(sqlite_url, Clock(now=datetime.now(UTC)))  # the server's real clock
    try:
        token = staff_token(state, Role.ADMIN)
    finally:
        state.close()
    with live_server(sqlite_url, data_dir=tmp_path, workers=1, config=DEMO_CENTRE) as server:
        # Signing out ends the token the run signs in with: it has a run of its own, last.
        runs = [
            schemathesis_run(server.base_url, token, tmp_path, "--exclude-path", LOGOUT),
            schemathesis_run(server.base_url, token, tmp_path, "--include-path", LOGOUT),
        ]
        problems = server.problems_in_log()
    for run in runs:
        report = run.stdout[-8000:] + run.stderr[-2000:]
        assert run.returncode == 0, report
        assert " passed" in run.stdout, report
        # The token held: a 401 throughout would have tested nothing but the refusal.
        assert "Authentication failed" not in run.stdout, report
    assert not problems, problems


def schemathesis_run(
    base_url: str, token: str, workdir: Path, *selection: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(ST),
            "run",
            f"{base_url}/openapi.json",
            *selection,
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--max-examples",
            str(EXAMPLES),
            "--generation-deterministic",
            "--phases",
            "examples,coverage,fuzzing",
            "--request-timeout",
            "10",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "SCHEMATHESIS_TELEMETRY": "false"},
        timeout=600,
        check=False,
        cwd=workdir,  # where it keeps its cache (.schemathesis/): not the repository
    )
