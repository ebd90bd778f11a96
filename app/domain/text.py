from datetime import date


def dotted(day: date | None) -> str:
    """A date as the centre writes it to a person: «23.11.2026», never ISO."""
    return day.strftime("%d.%m.%Y") if day else ""


def N_(message: str) -> str:  # noqa: N802  (gettext's conventional marker name)
    """Marks an English message for the translation catalogs; the edge translates it."""
    return message


# Characters no text of the centre has, which a name must not smuggle in: control characters
# (NUL among them) and the direction marks that make a name display as another (bidi).
_HIDDEN = frozenset(
    [chr(c) for c in range(0x20) if chr(c) not in "\n\r\t"]
    + ["\x7f", "\u200e", "\u200f", "\u061c"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)


def hidden_characters(text: str, *, lines: bool = True) -> bool:
    """Whether `text` has characters a person cannot see or that change how it shows;
    `lines=False` for one-line texts (names), where line breaks and tabs count too."""
    return any(c in _HIDDEN or (not lines and c in "\n\r\t") for c in text)
