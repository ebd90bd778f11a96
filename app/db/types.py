from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, DateTime, Enum
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Stores instants in UTC and gives them back timezone-aware, on SQLite too
    (which would otherwise drop the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; instants must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def instant_column(nullable: bool = True) -> Column[datetime]:
    """An instant, stored in UTC."""
    return Column(UTCDateTime(), nullable=nullable)


def enum_column(enum: type[StrEnum], length: int) -> Column[str]:
    """An enum stored as its plain string values (no database enum type), so adding a value
    needs no migration of a type."""
    return Column(
        Enum(
            enum, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
        ),
        nullable=False,
    )
