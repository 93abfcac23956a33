"""A committee meeting's decisions: the table leads to a confirmation page that records
nothing, and only the confirmation's button records the decisions and mails the applicants."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from lms.audit import AuditEvent
from lms.grants import applying, services
from lms.grants import decisions as grant_decisions
from lms.grants.decisions import DecisionInput
from lms.grants.models import ApplicationStatus, GrantApplication, GrantDecision
from lms.grants.services import DecisionOutcome
from lms.mail import OutboxMessage
from tests.conftest import csrf_token
from tests.grants.conftest import complete_input, in_review, round_input
from tests.grants.test_staff_views import as_user, more_applicants, send, text

S = ApplicationStatus


class _HiddenFields(HTMLParser):
    """The hidden fields of the page's confirming form, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields = MultiDict()
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.inside = (found.get("action") or "").endswith("/decisions/confirm")
        elif self.inside and tag == "input" and found.get("type") == "hidden":
            self.fields.add(found["name"], found.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def hidden_fields(page: str) -> MultiDict:
    parser = _HiddenFields()
    parser.feed(page)
    assert parser.fields, "no confirming form on the page"
    return parser.fields


def table_url(world) -> str:
    return f"/grants/staff/rounds/{world['round'].id}/decisions"


def _counts(db) -> tuple[int, int, int]:
    db.expire_all()
    return (db.scalar(select(func.count()).select_from(GrantDecision)),
            db.scalar(select(func.count()).select_from(OutboxMessage)),
            db.scalar(select(func.count()).select_from(AuditEvent)
                      .where(AuditEvent.action == "grant_decision_recorded")))


@pytest.fixture
def meeting(db, world):
    """Two applications with the committee and one nobody decides on; a budget of a million."""
    world["round"].budget = 1_000_000
    world["round"].largest_award = 1_000_000
    first = in_review(db, world["staff"], world["alumna"], world["round"])
    second = in_review(db, world["staff"], world["alumnus"], world["round"], country="KR",
                       currency="KRW", rate="0.11", lines=(5_000_000,),
                       title="Home care for older people")
    untouched = more_applicants(db, world, 1)[0]
    db.commit()
    return {"first": first, "second": second, "untouched": untouched,
            "shown": [first.id, second.id, untouched.id]}


def _choose(meeting, first: str = "approved", amount: str = "900000") -> dict:
    first_id, second_id = meeting["first"].id, meeting["second"].id
    return {"shown": meeting["shown"], f"a{first_id}-outcome": first,
            f"a{first_id}-amount": amount, f"a{first_id}-message": 'Well "planned".',
            f"a{second_id}-outcome": "rejected", f"a{second_id}-message": "Not this year.",
            f"a{meeting['untouched'].id}-outcome": ""}


def _confirmation(client, world, meeting, **choices) -> str:
    as_user(client, world["staff"].email)
    response = send(client, table_url(world), _choose(meeting, **choices))
    assert response.status_code == 200
    return text(response)


def _confirm(client, world, page: str):
    return client.post(f"{table_url(world)}/confirm", data=hidden_fields(page))


def test_the_table_records_nothing_and_the_confirmation_says_what_will_happen(
        client, db, world, meeting):
    before = _counts(db)
    page = _confirmation(client, world, meeting)
    assert _counts(db) == before  # no decision, no mail, no audit event
    assert {a.status for a in db.scalars(select(GrantApplication))} == {S.IN_REVIEW}
    rows = page[page.index('id="confirm-caption"'):page.index('id="budget-heading"')]
    for words in ("Job coaching for entrepreneurs with disabilities", "Putri Handayani",
                  "approved", "¥900,000", "Well &#34;planned&#34;.",
                  "Home care for older people", "Kim Min-jun", "not funded", "Not this year."):
        assert words in rows, words
    assert "Project 000" not in rows  # left at "no change"
    budget = page[page.index('id="budget-heading"'):]
    for fact, figure in (("Budget", "¥1,000,000"), ("Awarded so far", "¥0"),
                         ("Awarded after these decisions", "¥900,000"),
                         ("Left after these decisions", "¥100,000")):
        assert f"<dt>{fact}</dt><dd>{figure}</dd>" in budget, fact
    assert "each of their applicants is told by mail" in page
    assert "This cannot be undone." in page
    assert f'action="{table_url(world)}/confirm"' in page
    sent = hidden_fields(page)
    assert sent[f"a{meeting['first'].id}-message"] == 'Well "planned".'
    assert f"a{meeting['untouched'].id}-outcome" not in sent


def test_the_confirming_post_records_the_decisions_and_mails_each_applicant(
        client, db, world, meeting):
    page = _confirmation(client, world, meeting)
    decisions, mails, _events = _counts(db)
    response = _confirm(client, world, page)
    assert response.status_code == 302
    assert _counts(db) == (decisions + 2, mails + 2, 2)
    statuses = {a.id: (a.status, a.awarded_amount) for a in db.scalars(select(GrantApplication))}
    assert statuses == {meeting["first"].id: (S.APPROVED, 900_000),
                        meeting["second"].id: (S.REJECTED, None),
                        meeting["untouched"].id: (S.IN_REVIEW, None)}
    told = db.scalars(select(OutboxMessage.to_address).order_by(OutboxMessage.id.desc())
                      .limit(2)).all()
    assert set(told) == {"putri@example.org", "jun@example.org"}
    assert db.get(GrantApplication, meeting["first"].id).decision_message == 'Well "planned".'
    assert "2 decisions recorded" in text(client.get(response.headers["Location"]))
    # Pressed again (the back button, a double click): the service refuses, nothing doubles.
    again = _confirm(client, world, page)
    assert again.status_code == 200 and "Nothing was recorded" in text(again)
    assert _counts(db) == (decisions + 2, mails + 2, 2)


def test_what_the_service_would_refuse_is_shown_in_the_table_first(client, db, world, meeting):
    as_user(client, world["staff"].email)
    choices = _choose(meeting)
    choices[f"a{meeting['second'].id}-outcome"] = "approved"
    choices[f"a{meeting['second'].id}-amount"] = "200000"
    refused = text(send(client, table_url(world), choices))
    assert "Nothing was recorded" in refused and "confirm-caption" not in refused
    assert ("Home care for older people: Only ¥100,000 of the round&#39;s budget is left: "
            "¥200,000 would take it over." in refused)
    assert f'id="a{meeting["second"].id}-amount-error"' in refused
    nothing = text(send(client, table_url(world), {"shown": meeting["shown"]}))
    assert "Choose a decision in at least one row." in nothing
    assert _counts(db)[0] == 0


def test_the_budget_is_checked_again_when_confirming(client, db, world, meeting):
    page = _confirmation(client, world, meeting)
    # Another member of staff awards money from the same round meanwhile.
    other = more_applicants(db, world, 1, start=1)[0]
    grant_decisions.decide(db, world["staff"], other,
                           DecisionInput(DecisionOutcome.APPROVED, amount=200_000))
    db.commit()
    before = _counts(db)
    refused = text(_confirm(client, world, page))
    assert "Nothing was recorded" in refused
    assert "Only ¥800,000 of the round&#39;s budget is left" in refused
    assert _counts(db) == before
    # The table comes back with the choices kept, to change them and confirm again.
    assert '<option selected value="approved">' in refused


def test_a_confirmation_for_an_application_changed_meanwhile_is_refused(
        client, db, world, meeting):
    page = _confirmation(client, world, meeting, first="rejected", amount="")
    # Meanwhile the committee asks for more, the alumna sends a new version, and staff pass it
    # back to the committee: it is in review again, but not the application confirmed.
    first = meeting["first"]
    grant_decisions.decide(db, world["staff"], first, DecisionInput(
        DecisionOutcome.MORE_INFORMATION, message="Which partner?"))
    applying.save_draft(db, world["alumna"], first, complete_input(title="With a partner"))
    applying.submit(db, world["alumna"], first)
    services.screen(db, world["staff"], first, eligible=True, reason="")
    db.commit()
    before = _counts(db)
    refused = text(_confirm(client, world, page))
    assert ("With a partner: It has changed since the confirmation page was shown: nothing "
            "was recorded.") in refused
    assert _counts(db) == before
    assert db.get(GrantApplication, first.id).status == S.IN_REVIEW
    assert db.get(GrantApplication, meeting["second"].id).status == S.IN_REVIEW


def test_the_confirming_post_validates_its_fields_again(client, db, world, meeting):
    page = _confirmation(client, world, meeting)
    first = meeting["first"].id
    for changed in ({f"a{first}-amount": "lots"}, {f"a{first}-amount": "2000000"},
                    {f"a{first}-seen": ""}):
        tampered = hidden_fields(page)
        for name, value in changed.items():
            tampered[name] = value  # replaces, where update() would add a second value
        refused = client.post(f"{table_url(world)}/confirm", data=tampered)
        assert refused.status_code == 200 and "Nothing was recorded" in text(refused), changed
    no_seen = hidden_fields(page)
    no_seen.pop(f"a{first}-seen")
    assert "It has changed since" in text(client.post(f"{table_url(world)}/confirm",
                                                       data=no_seen))
    assert _counts(db)[0] == 0


def test_change_these_decisions_comes_back_to_the_table_with_the_choices(
        client, db, world, meeting):
    page = _confirmation(client, world, meeting)
    assert 'name="change"' in page
    fields = hidden_fields(page)
    fields.add("change", "1")
    table = text(client.post(table_url(world), data=fields))
    assert "confirm-caption" not in table and "Nothing was recorded" not in table
    assert 'Well &#34;planned&#34;.</textarea>' in table
    assert f'name="a{meeting["untouched"].id}-outcome"' in table
    assert _counts(db)[0] == 0


@pytest.mark.parametrize("who", ["alumna", "member"])
def test_only_staff_confirm(client, db, world, meeting, who):
    page = _confirmation(client, world, meeting)
    as_user(client, world[who].email)
    fields = hidden_fields(page)
    fields["csrf_token"] = csrf_token(client, "/")
    for url in (table_url(world), f"{table_url(world)}/confirm"):
        assert client.post(url, data=fields).status_code == 403, url
    assert _counts(db)[0] == 0


def test_a_meeting_refuses_rows_of_another_round(client, db, world):
    other_round = services.create_round(db, world["staff"], round_input(title="Other round"))
    foreign = in_review(db, world["staff"], world["alumna"], other_round)
    db.commit()
    as_user(client, world["staff"].email)
    for url in (table_url(world), f"{table_url(world)}/confirm"):
        response = send(client, url, {"shown": [foreign.id], f"a{foreign.id}-outcome": "rejected"},
                        page=table_url(world))
        assert "Choose a decision in at least one row." in text(response)
    db.refresh(foreign)
    assert foreign.status == S.IN_REVIEW


def test_the_confirmation_costs_the_same_for_few_or_many_rows(client, db, world,
                                                              count_queries):
    made = more_applicants(db, world, 12)
    as_user(client, world["staff"].email)
    token_page = table_url(world)

    def confirm_page(applications) -> int:
        data = {"shown": [a.id for a in applications],
                **{f"a{a.id}-outcome": "rejected" for a in applications}}
        data["csrf_token"] = csrf_token(client, token_page)
        with count_queries() as counted:
            response = client.post(table_url(world), data=data)
        assert response.status_code == 200 and "confirm-caption" in text(response)
        return counted.count

    assert confirm_page(made[:2]) == confirm_page(made)
