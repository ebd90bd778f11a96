"""All queries live here; services never build SQL and never commit."""
