"""Running a use case from an htmx form: a refusal is rolled back and shown in the reader's
language with its 4xx status, instead of a JSON error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request

from app.auth.errors import AuthError
from app.domain.errors import DomainError
from app.i18n import translate_error
from app.services.queue import QueueService
from app.web.templating import request_language

T = TypeVar("T")


def attempt(
    request: Request, queue: QueueService, use_case: Callable[[], T]
) -> tuple[T | None, str | None, int]:
    """(result, error message, HTTP status)."""
    try:
        return use_case(), None, 200
    except (DomainError, AuthError) as exc:
        queue.session.rollback()
        queue.events.clear()
        return None, translate_error(exc, request_language(request)), exc.status_code


def minutes_between(later: Any, earlier: Any) -> int:
    return max(0, int((later - earlier).total_seconds() // 60))
