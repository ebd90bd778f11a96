"""What a request may cost before any route sees it: a bounded body, received in bounded time,
and no body read at all from someone who brings no credentials to a route that needs them.

Why here, as pure ASGI middleware: FastAPI reads and parses a request's body before it runs
the route's dependencies, the access check among them. Without this, an anonymous 100 MB body
took 1.2 s and 290 MB of memory before its 401, and 32 connections that sent the headers of a
POST and then one byte held the server's request slots for as long as they liked (an earlier
admission limit, since gone, freed a slot only when a response started).

The body is read here in full (bodies of this API are small) and handed to the app as one
message, so a route never waits on a slow client; a body that takes longer than
BODY_SECONDS is answered 408, one larger than MAX_BODY_BYTES 413 — before it is read, when
its Content-Length says so.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.domain.access.errors import DeviceRequired, NotSignedIn
from app.domain.errors import Refusal
from app.domain.text import N_

MAX_BODY_BYTES = 1024 * 1024  # the largest form or JSON of this API is a few kilobytes
BODY_SECONDS = 10.0  # a LAN sends a form in milliseconds
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# Where a body comes without any credential by design: signing in, signing out (which answers
# the same with or without a session) and what a visitor's phone sends with its ticket's token.
PUBLIC_BODIES = re.compile(
    r"^/(login|logout|api/auth/token|api/tickets/[0-9]+/feedback|t/[^/]+/feedback)$"
)
CREDENTIAL_COOKIES = ("qb_session", "qb_device")
DEVICE_SCREENS = ("/kiosk", "/feedback")  # the screens of paired devices only


class NulCharacter(Refusal):
    status_code = 422
    code = "invalid_request"
    template = N_("Text may not contain the NUL character.")


# A NUL in any text: in the address, escaped in JSON, escaped in a form. No text of this
# centre has one, and PostgreSQL refuses to store it (a 500 from any text field).
NUL_IN_BODY = (b"\x00", b"\\u0000", b"%00")


class BodyTooLarge(Refusal):
    status_code = 413
    code = "body_too_large"
    template = N_("The request is too large.")


class BodyTooSlow(Refusal):
    status_code = 408
    code = "body_too_slow"
    template = N_("The request did not arrive in time. Please try again.")


class RequestLimits:
    def __init__(self, app: ASGIApp, refuse: Callable[[Request, Refusal], Response]) -> None:
        self.app = app
        self.refuse = refuse  # how the app answers a refusal (JSON, a page, a redirect)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if b"%00" in scope["query_string"] or "\x00" in scope["path"]:
            await self._answer(request, NulCharacter(), scope, receive, send)
            return
        if scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        if not _has_credentials(request) and not PUBLIC_BODIES.match(scope["path"]):
            # What the route itself would answer: the kiosk and the feedback tablet want
            # their pairing, staff routes a sign-in.
            device_screen = scope["path"].startswith(DEVICE_SCREENS)
            nobody = DeviceRequired() if device_screen else NotSignedIn()
            await self._answer(request, nobody, scope, receive, send)
            return
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_BODY_BYTES:
            await self._answer(request, BodyTooLarge(), scope, receive, send)
            return
        try:
            body = await asyncio.wait_for(_read_body(receive), BODY_SECONDS)
        except TimeoutError:
            await self._answer(request, BodyTooSlow(), scope, receive, send)
            return
        except BodyTooLarge as exc:
            await self._answer(request, exc, scope, receive, send)
            return
        if body is None:  # the client went away
            return
        if any(nul in body for nul in NUL_IN_BODY):
            await self._answer(request, NulCharacter(), scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _answer(
        self, request: Request, refusal: Refusal, scope: Scope, receive: Receive, send: Send
    ) -> None:
        response = self.refuse(request, refusal)
        if refusal.status_code in (408, 413):
            # The rest of the body is not read: the connection cannot be reused.
            response.headers["Connection"] = "close"
        await response(scope, receive, send)


def _has_credentials(request: Request) -> bool:
    return bool(
        request.headers.get("authorization")
        or request.query_params.get("token")
        or any(request.cookies.get(name) for name in CREDENTIAL_COOKIES)
    )


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BodyTooLarge()
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: the disconnect, when it comes

    return replayed
