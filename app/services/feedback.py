"""Visitors' ratings of their visit (000 p.38): from the status page or a feedback tablet."""

from __future__ import annotations

from app.repositories.unit import Unit
from app.services.site import Site


class Feedback:
    def __init__(self, unit: Unit, site: Site) -> None:
        self._unit = unit
        self.site = site
