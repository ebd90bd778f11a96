"""Refusals of access. Like the queue's business errors, each carries its HTTP status, a
stable code and an English message (a catalog msgid) that the edge translates."""

from __future__ import annotations

from typing import ClassVar

from app.domain.errors import Refusal
from app.domain.text import N_


class AuthError(Refusal):
    status_code: ClassVar[int] = 403
    code = "forbidden"
    template: ClassVar[str] = N_("You may not do this.")


class NotSignedIn(AuthError):
    status_code = 401
    code = "not_authenticated"
    template = N_("Sign in first: this needs a staff account.")
    login_redirect = True

    @property
    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": "Bearer"}


class InvalidToken(NotSignedIn):
    code = "invalid_token"
    template = N_("The access token is unknown, expired or revoked. Sign in again.")

    @property
    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": 'Bearer error="invalid_token"'}


class SignInFailed(NotSignedIn):
    """The token endpoint's refusal: wrong password, or the account is locked."""

    login_redirect = False

    def __init__(self, code: str, translated: str) -> None:
        super().__init__()
        # per refusal: "invalid_credentials" or "locked"
        self.code = code
        self.translated = translated


class WorkplaceRefused(AuthError):
    """The token endpoint's refusal of a workplace the role does not work at (or of none)."""

    status_code = 422

    def __init__(self, code: str, translated: str) -> None:
        super().__init__()
        self.code = code
        self.translated = translated


class SignInThrottled(AuthError):
    """The token endpoint's refusal of an address that guessed too often: wait and retry."""

    status_code = 429
    code = "too_many_attempts"

    def __init__(self, translated: str, retry_after: int) -> None:
        super().__init__()
        self.translated = translated
        self.retry_after = max(1, retry_after)

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class DeviceNotStaff(AuthError):
    code = "device_not_staff"
    template = N_("A device opens only its own screen, never staff functions.")


class RoleRefused(AuthError):
    code = "role_refused"
    template = N_("Your role ({role}) may not do this.")
    translated_params = ("role",)


class NotAtWorkplace(AuthError):
    code = "not_at_workplace"
    template = N_("You are signed in at {signed_in}, not at {workplace}.")


class NoWorkplace(AuthError):
    code = "no_workplace"
    template = N_("Sign in at a workplace or cabinet to call visitors.")


class NotYourReception(AuthError):
    code = "not_your_reception"
    template = N_(
        "Reception request {key} is received in {cabinet} on its own day; only its official "
        "there, or the reception desk, records it."
    )


class NotYourRequest(AuthError):
    code = "not_your_request"
    template = N_(
        "Reception request {key} is booked to {cabinet}; only its official there, or the "
        "reception desk, may read it."
    )


class TicketNotYours(AuthError):
    code = "ticket_not_yours"
    template = N_("Ticket {display} is not at your workplace {workplace}.")


class CsrfRefused(AuthError):
    code = "csrf"
    template = N_(
        "The form's security token is missing or out of date. Reload the page and try again."
    )


class DeviceRequired(AuthError):
    status_code = 401
    code = "device_required"
    template = N_(
        "This screen is not paired. Open the pairing link the administrator created for it."
    )


class WrongDevice(AuthError):
    code = "wrong_device"
    template = N_("This device may not open this screen.")


class DeviceNotFound(Refusal):
    status_code = 404
    code = "device_not_found"
    template = N_("Device {key} was not found.")


class TabletNeedsWorkplace(Refusal):
    status_code = 422
    code = "tablet_needs_workplace"
    template = N_(
        "A feedback tablet belongs to one workplace: choose the one it stands at ({allowed})."
    )


class DeviceTakesNoWorkplace(Refusal):
    status_code = 422
    code = "device_takes_no_workplace"
    template = N_(
        "Only a feedback tablet belongs to a workplace; a kiosk or a board serves the whole hall."
    )


class NotSignedInOrPaired(NotSignedIn):
    code = "not_authenticated"
    template = N_("Sign in, or open this screen on a paired device.")
    login_redirect = False


class PairingLinkInvalid(AuthError):
    status_code = 401
    code = "pairing_link_invalid"
    template = N_(
        "This pairing link is unknown or was revoked. Ask the administrator for a new one."
    )


class UnknownWorkplace(AuthError):
    status_code = 422
    code = "unknown_workplace"
    template = N_("Unknown workplace {workplace}; choose one of: {allowed}.")
