"""The whole schema: every table module, registered on SQLModel's metadata. Loaded where the
schema as a whole is needed (Alembic's env.py, the migration tests); each table module
imports only what it refers to."""

from __future__ import annotations

from sqlmodel import SQLModel

# Each import registers its tables (imported for that alone).
import app.tables.feedback
import app.tables.kiosk
import app.tables.printing
import app.tables.queue
import app.tables.reception
import app.tables.staff
import app.tables.statistics  # noqa: F401

metadata = SQLModel.metadata
