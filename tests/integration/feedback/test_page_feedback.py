"""'Is this page useful?' and 'Report a problem with this page': on every public page,
with and without JavaScript, keeping the page, language, answer and day only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from inclusion.feedback.models import PageFeedback
from inclusion.sessions.references import manage_token
from tests.factories.loans import make_device_type, make_request
from tests.factories.staff import sign_in

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver.local/find"}
SCRIPT = '<script>alert("x")</script><b onmouseover="x">'


def answers(db_session) -> list[PageFeedback]:
    db_session.expire_all()
    return list(db_session.scalars(select(PageFeedback).order_by(PageFeedback.id)))


def answer(client, path="/find", useful="yes", headers=None, **fields):
    data = {"path": path, "useful": useful, **fields}
    return client.post("/feedback/page", data, headers=headers or {})


@pytest.mark.parametrize(
    "url", ["/", "/find?postcode=NE29", "/places/wallsend-library", "/sessions", "/devices"]
)
def test_every_public_page_asks_if_it_was_useful(client, url):
    html = client.get(url).text
    assert "Is this page useful?" in html
    assert 'hx-post="/feedback/page"' in html and 'hx-swap="outerHTML"' in html
    path = url.split("?")[0]
    assert f'<input type="hidden" name="path" value="{path}">' in html
    assert f'href="/feedback/problem?path={path}"' in html
    assert "Thank you for your feedback" not in html


def test_back_office_and_private_links_do_not_ask(client, db_session, clock, librarian):
    assert "Is this page useful?" not in client.get("/staff/sign-in").text
    loan = make_request(db_session, make_device_type(db_session), clock())
    db_session.commit()
    token = manage_token(client.client.app.state.settings.secret_key, loan.reference, "loan")
    track = client.get(f"/loans/{loan.reference}?token={token}")
    assert track.status_code == 200 and "Is this page useful?" not in track.text
    sign_in(client, librarian, clock())
    assert "Is this page useful?" not in client.get("/staff").text
    # No route matched, so no CSRF token: an answer from there could not be sent.
    assert "Is this page useful?" not in client.get("/no/such/page").text


def test_without_javascript_the_answer_comes_back_to_the_page_thanked(client, db_session, clock):
    response = answer(client, "/find?postcode=NE29 6TE", "yes", locale="pl")
    assert response.status_code == 303
    assert response.headers["location"] == "/find?page-feedback=thanks#page-feedback"
    [stored] = answers(db_session)
    assert (stored.path, stored.locale, stored.useful) == ("/find", "pl", True)
    assert stored.day == clock().date()  # the day alone: no time is kept
    assert (stored.what_doing, stored.what_went_wrong) == (None, None)

    page = client.get(response.headers["location"]).text
    assert "Thank you for your feedback" in page
    assert "Is this page useful?" not in page
    assert "Report a problem with this page" in page


def test_with_htmx_only_the_thank_you_comes_back(client, db_session):
    client.get("/find?lang=ar")
    response = answer(client, "/find", "no", headers=HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div class="govuk-!-margin-top-8')
    assert 'id="page-feedback"' in response.text
    assert "<h1" not in response.text and "<html" not in response.text
    assert "autofocus" in response.text
    [stored] = answers(db_session)
    assert (stored.path, stored.locale, stored.useful) == ("/find", "ar", False)


def test_no_answer_stores_nothing_and_asks_again(client, db_session):
    plain = answer(client, "/find", "maybe")
    assert plain.status_code == 303 and plain.headers["location"] == "/find#page-feedback"
    fragment = answer(client, "/find", "", headers=HTMX)
    assert fragment.status_code == 200 and "Is this page useful?" in fragment.text
    assert answers(db_session) == []


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "",
        "/" + "x" * 300,
    ],
)
def test_an_answer_never_redirects_off_the_site(client, db_session, path):
    response = answer(client, path)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert answers(db_session) == []


def test_odd_but_harmless_input(client, db_session):
    unicode_path = answer(client, "/places/مكتبة")
    assert unicode_path.headers["location"].startswith("/places/%D9%85")
    repeated = client.post(
        "/feedback/page", {"path": ["/find", "//evil.example"], "useful": ["no", "yes"]}
    )
    assert repeated.headers["location"] == "/find?page-feedback=thanks#page-feedback"
    scripted = answer(client, "/find/" + SCRIPT, locale=SCRIPT)
    assert scripted.status_code == 303
    assert "<" not in scripted.headers["location"]
    missing = client.post("/feedback/page", {})
    assert missing.status_code == 303 and missing.headers["location"] == "/"
    stored = answers(db_session)
    assert [a.path for a in stored] == ["/places/مكتبة", "/find", "/find/" + SCRIPT]
    assert stored[-1].locale == "en"  # not a language we ship: the request's own


def test_an_answer_needs_the_csrf_token(client, db_session):
    response = client.post("/feedback/page", {"path": "/find", "useful": "yes"}, csrf=False)
    assert response.status_code == 403
    assert answers(db_session) == []


def report(client, **fields):
    data = {"path": "/find", "what-doing": "", "what-went-wrong": "", **fields}
    return client.post("/feedback/problem", data)


def test_reporting_a_problem_with_a_page(client, db_session, clock):
    page = client.get("/feedback/problem?path=/places/wallsend-library%3Fx%3D1")
    assert page.status_code == 200
    assert '<input type="hidden" name="path" value="/places/wallsend-library">' in page.text
    assert "Do not include personal details" in page.text
    assert "Is this page useful?" not in page.text

    empty = report(client)
    assert empty.status_code == 200
    assert "Error: Report a problem with this page" in empty.text
    assert empty.text.count("Enter what you were doing or what went wrong") == 2

    sent = report(client, **{"what-went-wrong": "  The map link is broken  "})
    assert sent.status_code == 303
    assert sent.headers["location"] == "/feedback/problem/sent?path=/find"
    thanks = client.get(sent.headers["location"])
    assert "Thank you for reporting a problem" in thanks.text
    assert 'href="/find"' in thanks.text
    [stored] = answers(db_session)
    assert stored.useful is None and stored.path == "/find" and stored.day == clock().date()
    assert (stored.what_doing, stored.what_went_wrong) == (None, "The map link is broken")


def test_a_problem_report_without_a_page_is_general_feedback(client):
    for url in ("/feedback/problem", "/feedback/problem?path=//x"):
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/feedback"


def test_long_and_hostile_problem_reports(client, db_session):
    too_long = report(client, **{"what-doing": "a" * 10_000, "what-went-wrong": "b" * 1001})
    assert too_long.status_code == 200
    assert "What you were doing must be 1,000 characters or fewer" in too_long.text
    assert "What went wrong must be 1,000 characters or fewer" in too_long.text
    hostile = report(client, **{"what-doing": SCRIPT, "what-went-wrong": SCRIPT, "path": "/find"})
    assert hostile.status_code == 303
    thanks = client.get(hostile.headers["location"])
    assert SCRIPT not in thanks.text
    [stored] = answers(db_session)
    assert stored.what_doing == SCRIPT  # kept as typed; escaped wherever it is shown


def test_a_filled_honeypot_looks_sent_but_stores_nothing(client, db_session, caplog):
    response = report(client, **{"what-went-wrong": "Buy cheap pills", "website": "spam.example"})
    assert response.status_code == 303
    assert response.headers["location"].startswith("/feedback/problem/sent")
    assert answers(db_session) == []
    [logged] = [r.getMessage() for r in caplog.records if r.name.startswith("inclusion.feedback")]
    assert logged == "A problem report filled the hidden box; nothing stored"


def test_a_flood_of_problem_reports_is_stopped_with_a_clear_message(client, db_session, clock):
    cap = client.client.app.state.settings.feedback_per_address_per_hour
    for number in range(cap):
        assert report(client, **{"what-went-wrong": f"Report {number}"}).status_code == 303
    over = report(client, **{"what-went-wrong": "One too many"})
    assert over.status_code == 429
    assert "You have sent a lot of feedback in the last hour" in over.text
    assert "One too many" in over.text  # what they typed is still there
    assert [a.what_went_wrong for a in answers(db_session)] == [f"Report {n}" for n in range(cap)]
    clock.advance(hours=1, seconds=1)
    assert report(client, **{"what-went-wrong": "Later"}).status_code == 303


def test_page_answers_count_only_towards_the_general_ceiling(client, db_session):
    cap = client.client.app.state.settings.feedback_per_address_per_hour
    for _ in range(cap + 5):
        assert answer(client, "/find", "yes").status_code == 303
    assert report(client, **{"what-went-wrong": "Still allowed"}).status_code == 303
    assert len(answers(db_session)) == cap + 6


def test_the_thank_you_marker_is_the_only_thing_the_page_changes(client):
    html = client.get("/places/wallsend-library?page-feedback=thanks").text
    assert re.search(r'id="page-feedback-thanks"[^>]*>Thank you for your feedback<', html)
