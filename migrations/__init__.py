"""Alembic migrations. Applied by `qabyldau migrate` and on every start of the server."""
