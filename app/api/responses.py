"""The answers every API route may give besides its own, for the OpenAPI description: each a
JSON refusal `{"detail", "code"}` in the reader's language (app.edge.errors)."""

from __future__ import annotations

from typing import Any

from app.schemas.tickets import ErrorOut

_DESCRIPTIONS = {
    401: "Not signed in, or the token is unknown, expired or revoked",
    403: "Signed in, but this role, workplace or device may not do this",
    404: "Not found",
    408: "The request's body did not arrive in time",
    409: "Not possible in the current state",
    413: "The request's body is too large",
    422: "Invalid request: `errors` lists what is wrong",
    429: "Too many attempts: see Retry-After",
    503: "The database or speech cannot serve this now: try again shortly",
}
API_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text} for status, text in _DESCRIPTIONS.items()
}
