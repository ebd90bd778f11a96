"""Problem-issue monitoring by district or city (003 App.2 p.7(1)–(5)): the repository counts
the period's and the previous period's requests and appeals by topic and district; the pure
core (app.domain.monitoring) lays them out against the centre file's lists."""

from __future__ import annotations

from datetime import date

from app.domain.monitoring import Monitoring, What, monitoring, previous_period
from app.domain.statistics import ensure_period
from app.repositories.unit import Unit
from app.services.site import Site


def district_monitoring(unit: Unit, site: Site, first: date, last: date, what: What) -> Monitoring:
    """The topics × districts table of `first`–`last` (centre-local days, both included) with
    the change against the period of the same length just before it. The period's limits are
    the statistics' own: in order, at most 400 days."""
    ensure_period(first, last)
    before = previous_period(first, last)
    return monitoring(
        unit.monitoring.counts(first, last, what),
        unit.monitoring.counts(*before, what),
        topics=[t.code for t in site.centre.topics],
        districts=[d.code for d in site.centre.districts],
        first=first,
        last=last,
        what=what,
    )
