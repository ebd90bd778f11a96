"""The status page's rating (issue 14.1): once the visit is over `/t/{token}` asks for 1–5
stars and an optional comment, posted to `/t/{token}/feedback` (303 back, which thanks and
never asks again); a refusal is the page again with why, 422/409, nothing stored."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.domain.feedback import COMMENT_MAX
from app.edge.state import AppState
from tests.conftest import Clock
from tests.feedback.conftest import Serve, ratings


def form_of(html: str) -> str | None:
    found = re.search(r'<form class="rating".*?</form>', html, re.S)
    return found.group(0) if found else None


def test_the_form_appears_in_the_live_part_once_the_visit_is_over(
    serve: Serve, anonymous_client: TestClient
) -> None:
    visit = serve(finish=False)
    serving = anonymous_client.get(f"/t/{visit.token}/live?lang=en")
    assert form_of(serving.text) is None
    assert 'hx-trigger="every 10s"' in serving.text  # still polling
    # Finished meanwhile: the next poll brings the form, and polling stops.
    done = serve(at="window-2")  # another visit, finished: its page shows what this one will
    live = anonymous_client.get(f"/t/{done.token}/live?lang=en")
    assert "<html" not in live.text
    form = form_of(live.text)
    assert form is not None
    assert "hx-trigger" not in live.text
    assert f'action="/t/{done.token}/feedback?lang=en"' in form
    assert "<fieldset" in form
    assert "<legend>How was your visit? Please rate it</legend>" in form
    for n in range(1, 6):  # each star a labelled radio of the one `score`
        assert f'<input type="radio" id="score-{n}" name="score" value="{n}"' in form
        assert f'<label class="star" for="score-{n}">' in form
        assert f"{n} of 5" in form
    assert f'maxlength="{COMMENT_MAX}"' in form
    assert 'name="csrf_token"' not in form  # deliberately none: kiosk/status.py says why


def test_rate_then_thanks_and_never_asked_again(
    serve: Serve, anonymous_client: TestClient, state: AppState
) -> None:
    visit = serve(at="window-3", language="ru")
    page = anonymous_client.get(f"/t/{visit.token}")
    assert '<html lang="ru">' in page.text  # the ticket's language
    assert form_of(page.text) is not None
    sent = anonymous_client.post(
        f"/t/{visit.token}/feedback?lang=ru",
        data={"score": "5", "comment": "Помогли быстро"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/t/{visit.token}?lang=ru#rated"
    assert sent.headers["referrer-policy"] == "no-referrer"
    [stored] = ratings(state)
    assert (stored.score, stored.comment, stored.source) == (5, "Помогли быстро", "status_page")
    assert (stored.zone, stored.workplace) == ("consultation", "window-3")

    after = anonymous_client.get(f"/t/{visit.token}?lang=en")
    assert form_of(after.text) is None
    assert 'id="rated"' in after.text
    assert "Thank you for your rating!" in after.text
    assert "Помогли быстро" not in after.text  # a comment is never shown on a public page

    again = anonymous_client.post(f"/t/{visit.token}/feedback?lang=en", data={"score": "1"})
    assert again.status_code == 409
    assert f"Ticket {visit.display} has already been rated" in again.text
    assert form_of(again.text) is None
    assert [r.score for r in ratings(state)] == [5]


def test_no_star_chosen_is_the_page_again_with_why(
    serve: Serve, anonymous_client: TestClient, state: AppState
) -> None:
    visit = serve()
    answer = anonymous_client.post(
        f"/t/{visit.token}/feedback?lang=en", data={"comment": "Long wait"}
    )
    assert answer.status_code == 422
    assert 'role="alert"' in answer.text
    assert "Choose a score from 1 to 5 stars." in answer.text
    form = form_of(answer.text)
    assert form is not None
    assert ">Long wait</textarea>" in form
    too_long = anonymous_client.post(
        f"/t/{visit.token}/feedback?lang=en",
        data={"score": "2", "comment": "ә" * (COMMENT_MAX + 1)},
    )
    assert too_long.status_code == 422
    assert f"at most {COMMENT_MAX} characters; it has {COMMENT_MAX + 1}" in too_long.text
    form = form_of(too_long.text)
    assert form is not None
    assert 'value="2" checked' in form
    assert ratings(state) == []


def test_a_ticket_still_in_the_queue_gets_no_form_and_its_rating_is_refused(
    serve: Serve, anonymous_client: TestClient, state: AppState
) -> None:
    visit = serve(finish=False)
    answer = anonymous_client.post(f"/t/{visit.token}/feedback?lang=en", data={"score": "4"})
    assert answer.status_code == 409
    assert f"Ticket {visit.display} can be rated once its visit is over." in answer.text
    assert form_of(answer.text) is None
    unknown = anonymous_client.post("/t/NoSuchTicketToken123/feedback", data={"score": "4"})
    assert unknown.status_code == 404
    assert ratings(state) == []


def test_the_form_stays_for_rating_days_on_later_days(
    serve: Serve, anonymous_client: TestClient, clock: Clock, state: AppState
) -> None:
    visit = serve()
    clock.advance(days=2)
    later = anonymous_client.get(f"/t/{visit.token}?lang=en")
    assert "This ticket was for 24.11.2026." in later.text
    assert form_of(later.text) is not None
    clock.advance(days=state.centre.feedback.rating_days)
    closed = anonymous_client.get(f"/t/{visit.token}?lang=en")
    assert form_of(closed.text) is None
    assert "Your visit is over" in closed.text
