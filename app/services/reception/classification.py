"""What a request or an appeal is filed under for the problem-issue monitoring (003 App.2
p.7): a topic and the applicant's district or city, each a code of the centre file's lists."""

from __future__ import annotations

from app.domain.monitoring import classify, ensure_given
from app.services.reception.context import Reception


def classified(
    reception: Reception, topic: str | None, district: str | None, *, required: bool
) -> tuple[str | None, str | None]:
    """The codes checked against the centre file; `required` (the staff screens): each must be
    given whenever the centre keeps its list."""
    centre = reception.centre
    return classify(
        topic,
        district,
        topics=[t.code for t in centre.topics],
        districts=[d.code for d in centre.districts],
        required=required,
    )


def ensure_classified(reception: Reception, topic: str | None, district: str | None) -> None:
    """Both given, where the centre file lists topics and districts (the staff screens)."""
    centre = reception.centre
    ensure_given(
        topic,
        district,
        topics=[t.code for t in centre.topics],
        districts=[d.code for d in centre.districts],
    )
