def N_(message: str) -> str:
    """Marks an English message for the translation catalogs; the edge translates it."""
    return message
