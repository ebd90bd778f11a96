"""Every refusal is a 4xx with a message a person can read, in their language."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from app.api.schemas import ErrorOut
from app.domain.errors import DomainError
from app.i18n import negotiate, translate_error

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Not found"},
    409: {"model": ErrorOut, "description": "Not possible in the current state"},
    422: {"model": ErrorOut, "description": "Invalid request"},
}


def _language(request: Request) -> str:
    return negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status_code,
            content={"detail": translate_error(exc, _language(request)), "code": exc.code},
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_describe(err) for err in exc.errors()]
        return JSONResponse(
            status_code=422,
            content={"detail": "; ".join(problems), "code": "invalid_request", "errors": problems},
        )


def _describe(error: Any) -> str:
    if error.get("type") == "json_invalid":
        return f"the body is not valid JSON (error at character {error['loc'][-1]})"
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
    return f"{where}: {error.get('msg', 'invalid')}"
