"""The self-service zone's work (001 p.11): each visitor helped, by kind and outcome."""

from __future__ import annotations

from app.repositories.unit import Unit
from app.services.site import Site


class Assistances:
    def __init__(self, unit: Unit, site: Site) -> None:
        self._unit = unit
        self.site = site
