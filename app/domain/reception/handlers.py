"""Who may take an appeal filed at a reception (000 p.37): never an employee who handled it
before. Employees are compared by name with case and spacing ignored, so "A. Serikov" and
"a.  serikov" are one person to the rule."""

from __future__ import annotations

from collections.abc import Iterable


def employee_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def handled_before(assignee: str, earlier: Iterable[str]) -> bool:
    """True when `assignee` is among the employees who handled the appeal before."""
    key = employee_key(assignee)
    return any(employee_key(name) == key for name in earlier)
