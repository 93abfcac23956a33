"""Reflections and the event report, as services: who may write, consent before selection and
publication, the figures by country and by kind, and publishing."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.audit import ACTION_LABELS, AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.events import reflections, reports, services
from lms.events.queries import registration_of
from lms.events.report_models import Reflection
from tests.events.conftest import user
from tests.events.report_world import JAPANESE_NAME, during, populate


@pytest.fixture
def populated(db, world):
    populate(db, world)
    return world


def write(db, email, cohort, body="I learned a lot.", consent=True):
    row = reflections.save_reflection(db, user(db, email), cohort, body, consent)
    db.commit()
    return row


def test_nobody_writes_before_the_event_starts(db, populated):
    with pytest.raises(ServiceError, match="once the event has started"):
        write(db, "alumna@example.org", populated["seminar"])


def test_a_registered_participant_writes_and_edits_after_the_start(db, populated):
    with during():
        first = write(db, "alumna@example.org", populated["seminar"], "First.", consent=False)
        again = write(db, "alumna@example.org", populated["seminar"], "Second.", consent=True)
    assert first.id == again.id
    assert (again.body, again.consent, again.selected) == ("Second.", True, False)


def test_someone_not_registered_or_cancelled_may_not_write(db, populated):
    with during():
        for email in ("notdone@example.org", "plain@example.org", "kittipong@example.org"):
            with pytest.raises(NotAllowed):
                write(db, email, populated["seminar"])
        # Registered for another seminar is not registered for this one.
        with pytest.raises(NotAllowed):
            write(db, "alumna@example.org", populated["past_seminar"])


def test_a_delegation_member_with_an_account_writes_without_registering(db, populated):
    with during():
        assert write(db, "maricel@example.org", populated["seminar"]).id


def test_a_reflection_is_at_most_4000_characters_and_not_empty(db, populated):
    with during():
        with pytest.raises(ServiceError, match="4000"):
            write(db, "alumna@example.org", populated["seminar"], "x" * 4001)
        with pytest.raises(ServiceError):
            write(db, "alumna@example.org", populated["seminar"], "   ")
        assert write(db, "alumna@example.org", populated["seminar"], "x" * 4000)


def test_only_a_consenting_reflection_can_be_selected(db, populated):
    staff, seminar = populated["staff"], populated["seminar"]
    with during():
        shy = write(db, "alumnus@example.org", seminar, consent=False)
        with pytest.raises(ServiceError, match="allows quoting"):
            reflections.set_selected(db, staff, seminar, shy, True)
        willing = write(db, "alumna@example.org", seminar)
        reflections.set_selected(db, staff, seminar, willing, True)
        db.commit()
        assert willing.selected
        # Withdrawing consent takes it out of the report.
        write(db, "alumna@example.org", seminar, consent=False)
    assert not db.get(Reflection, willing.id).selected


def test_the_database_refuses_a_selected_reflection_without_consent(db, populated):
    with during():
        row = write(db, "alumna@example.org", populated["seminar"], consent=False)
    row.selected = True
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_only_staff_select_and_read_every_reflection(db, populated):
    seminar = populated["seminar"]
    with during():
        row = write(db, "alumna@example.org", seminar)
        with pytest.raises(NotAllowed):
            reflections.set_selected(db, user(db, "alumna@example.org"), seminar, row, True)
        with pytest.raises(NotAllowed):
            reflections.reflections(db, user(db, "alumnus@example.org"), seminar)
    # A reflection is never found under another edition.
    assert reflections.reflection_in(db, populated["past_seminar"], row.id) is None


def test_figures_by_country_and_by_kind(db, populated):
    figures = reports.figures(db, populated["seminar"])
    assert {row.key: (row.registered, row.attended) for row in figures.by_country} == {
        "ID": (1, 1), "TH": (1, 0), "PH": (2, 2), "JP": (1, 1), "TW": (2, 0)}
    assert [(row.key, row.registered, row.attended) for row in figures.by_kind] == [
        ("delegation", 3, 1), ("alumnus", 2, 1), ("trainee", 1, 1), ("public", 1, 1)]
    assert (figures.registered, figures.attended, figures.countries) == (7, 4, 5)


def test_an_outbound_delegation_counts_for_japan(db, world):
    from lms.events import delegations
    from lms.events.delegation_models import DelegationDirection, MemberRole

    delegation = delegations.create_delegation(
        db, world["staff"], world["seminar"], delegations.DelegationDetails(
            name="To Mongolia", direction=DelegationDirection.OUTBOUND, country="MN"))
    delegations.add_member(db, world["staff"], world["seminar"], delegation,
                           delegations.MemberDetails(email="", name="Sato Ken",
                                                     role=MemberRole.LEADER))
    figures = reports.figures(db, world["seminar"])
    assert [(row.key, row.registered) for row in figures.by_country] == [("JP", 1)]


def test_the_report_quotes_only_selected_consenting_reflections(db, populated):
    staff, seminar = populated["staff"], populated["seminar"]
    with during():
        chosen = write(db, "hanako@example.org", seminar, "Deeply moving.")
        write(db, "alumna@example.org", seminar, "Not chosen.")
        write(db, "alumnus@example.org", seminar, "Private.", consent=False)
        reflections.set_selected(db, staff, seminar, chosen, True)
        db.commit()
    quotes = reports.quotes(db, seminar)
    assert [(quote.name, quote.country, quote.body) for quote in quotes] == [
        (JAPANESE_NAME, "JP", "Deeply moving.")]


def test_publishing_locks_reflections_and_is_audited(db, populated):
    staff, seminar = populated["staff"], populated["seminar"]
    with pytest.raises(ServiceError, match="once the event has started"):
        reports.publish(db, staff, seminar)
    with during():
        write(db, "alumna@example.org", seminar)
        with pytest.raises(NotAllowed):
            reports.publish(db, user(db, "alumna@example.org"), seminar)
        assert reports.published_report(db, seminar.id) is None
        reports.publish(db, staff, seminar)
        db.commit()
        assert reports.published_report(db, seminar.id) is not None
        assert reports.published_report_ids(db, [seminar.id, populated["past_seminar"].id]) \
            == {seminar.id}
        with pytest.raises(ServiceError, match="published"):
            write(db, "alumna@example.org", seminar, "Changed.")
        reports.unpublish(db, staff, seminar)
        db.commit()
        assert write(db, "alumna@example.org", seminar, "Changed.").body == "Changed."
    actions = db.scalars(select(AuditEvent.action).where(
        AuditEvent.action.like("event_report_%")).order_by(AuditEvent.id)).all()
    assert actions == ["event_report_published", "event_report_unpublished"]
    assert all(action in ACTION_LABELS for action in actions)


def test_published_report_finds_no_cohort_that_is_not_an_event(db, world):
    assert reports.published_report(db, world["current"].id) is None


def test_a_cancelled_registration_after_writing_no_longer_edits(db, populated):
    seminar = populated["seminar"]
    alumna = user(db, "alumna@example.org")
    with during():
        write(db, "alumna@example.org", seminar)
        registration = registration_of(db, seminar, alumna)
        registration.status = services.RegistrationStatus.CANCELLED
        db.commit()
        with pytest.raises(NotAllowed):
            write(db, "alumna@example.org", seminar, "Again.")


def test_every_action_of_reflections_and_reports_has_a_label_in_the_history():
    import re
    from pathlib import Path

    sources = [Path(reflections.__file__), Path(reports.__file__)]
    actions = {name for path in sources
               for name in re.findall(r'"(event_(?:reflection|report)_\w+)"', path.read_text())}
    assert len(actions) == 6
    assert sorted(actions - set(ACTION_LABELS)) == []


def test_registering_records_what_each_came_as(db, populated):
    seminar = populated["seminar"]
    came_as = {email: registration_of(db, seminar, user(db, email)).came_as
               for email in ("alumna@example.org", "trainee@example.org", "hanako@example.org")}
    assert came_as == {"alumna@example.org": "alumnus", "trainee@example.org": "trainee",
                       "hanako@example.org": "public"}


def test_the_report_counts_a_trainee_as_she_came_even_once_she_is_no_longer_one(db, populated):
    from lms.programs.models import Enrollment, EnrollmentStatus

    trainee = user(db, "trainee@example.org")
    for enrollment in db.scalars(select(Enrollment).where(Enrollment.user_id == trainee.id)):
        enrollment.status = EnrollmentStatus.WITHDRAWN
    db.commit()
    kinds = {row.key: row.registered for row in reports.figures(db, populated["seminar"]).by_kind}
    assert kinds["trainee"] == 1 and kinds["public"] == 1

    # A registration from before what she came as was recorded: her standing today.
    registration_of(db, populated["seminar"], trainee).came_as = None
    db.commit()
    kinds = {row.key: row.registered for row in reports.figures(db, populated["seminar"]).by_kind}
    assert "trainee" not in kinds and kinds["public"] == 2
