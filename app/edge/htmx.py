"""Running a use case from a screen's form: a refusal comes back as a message in the reader's
language with its 4xx status, for the screen to show in place, instead of a JSON error."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import Request

from app.domain.errors import Refusal
from app.edge.templating import request_language
from app.i18n import translate_error

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    result: T | None = None
    error: str | None = None  # the refusal, in the reader's language
    status_code: int = 200


async def attempt(
    request: Request, work: Awaitable[T], *, language: str | None = None
) -> Outcome[T]:
    """Await `work` (a `tx.write(...)`). Its transaction was rolled back on a refusal, and
    nothing it emitted was published: there is nothing else to undo here. The refusal is said
    in `language` (the visitor's, at the kiosk), else in the reader's."""
    try:
        return Outcome(await work)
    except Refusal as exc:
        message = translate_error(exc, language or request_language(request))
        return Outcome(None, message, exc.status_code)


def minutes_between(later: Any, earlier: Any) -> int:
    return max(0, int((later - earlier).total_seconds() // 60))
