def N_(message: str) -> str:  # noqa: N802  (gettext's conventional marker name)
    """Marks an English message for the translation catalogs; the edge translates it."""
    return message
