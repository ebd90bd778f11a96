"""Every query on staff accounts, tokens and devices. Never commits: the caller's
transaction does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from app.tables.staff import AuthToken, RegisteredDevice, StaffUser


@dataclass
class StaffRepository:
    session: Session

    # staff -----------------------------------------------------------------------------------

    def user_named(self, username: str, *, for_update: bool = False) -> StaffUser | None:
        query = select(StaffUser).where(StaffUser.username == username)
        if for_update:  # PostgreSQL: concurrent wrong passwords must all be counted
            query = query.with_for_update()
        return self.session.exec(query).first()

    def user(self, user_id: int, *, for_update: bool = False) -> StaffUser | None:
        query = select(StaffUser).where(col(StaffUser.id) == user_id)
        if for_update:
            query = query.with_for_update()
        return self.session.exec(query).first()

    def users(self) -> Sequence[StaffUser]:
        return self.session.exec(select(StaffUser).order_by(col(StaffUser.username))).all()

    def add(self, row: StaffUser | AuthToken | RegisteredDevice) -> None:
        self.session.add(row)
        self.session.flush()  # assigns the id

    def save(self, row: StaffUser | AuthToken | RegisteredDevice) -> None:
        self.session.add(row)

    # tokens ----------------------------------------------------------------------------------

    def token_with_user(self, hashed: str) -> tuple[AuthToken, StaffUser] | None:
        found = self.session.exec(
            select(AuthToken, StaffUser)
            .join(StaffUser, col(StaffUser.id) == col(AuthToken.user_id))
            .where(AuthToken.token_hash == hashed)
        ).first()
        return None if found is None else (found[0], found[1])

    def token(self, token_id: int) -> AuthToken | None:
        return self.session.get(AuthToken, token_id)

    def purge_dead_tokens(self, user_id: int, now: datetime) -> None:
        """Forget a person's expired and revoked tokens (done at each sign-in)."""
        self.session.execute(
            delete(AuthToken).where(
                col(AuthToken.user_id) == user_id,
                or_(col(AuthToken.revoked), col(AuthToken.expires_at) <= now),
            )
        )

    def revoke_tokens(self, user_id: int) -> None:
        self.session.execute(
            update(AuthToken).where(col(AuthToken.user_id) == user_id).values(revoked=True)
        )

    # devices ---------------------------------------------------------------------------------

    def devices(self) -> Sequence[RegisteredDevice]:
        return self.session.exec(select(RegisteredDevice).order_by(col(RegisteredDevice.id))).all()

    def device(self, device_id: int) -> RegisteredDevice | None:
        return self.session.get(RegisteredDevice, device_id)
