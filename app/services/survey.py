"""The selective telephone survey (000 p.38): draw a sample, record each call."""

from __future__ import annotations

from app.repositories.unit import Unit
from app.services.site import Site


class Survey:
    def __init__(self, unit: Unit, site: Site) -> None:
        self._unit = unit
        self.site = site
