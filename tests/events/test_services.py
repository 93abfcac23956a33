from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import func, select

from lms.accounts.services import update_profile
from lms.audit import AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.events import places as seminar_places
from lms.events import program, queries, services
from lms.events.models import (
    EventSession,
    Registration,
    RegistrationStatus,
    SessionKind,
)
from lms.mail import OutboxMessage
from lms.programs.country import change_country
from lms.programs.models import CohortStatus, Enrollment
from tests import factories
from tests.events.conftest import make_seminar, user


def register(db, email, cohort):
    registration = services.register(db, user(db, email), cohort)
    db.commit()
    return registration


def registrations(db):
    return db.scalar(select(func.count()).select_from(Registration))


# Who may register -----------------------------------------------------------------------------


def test_an_alumna_registers_with_her_country_audited_and_told_by_mail(db, world):
    registration = register(db, "alumna@example.org", world["seminar"])
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.country == "ID"
    assert db.scalar(select(AuditEvent.action).where(
        AuditEvent.object_type == "Registration")) == "seminar_registered"
    mail = db.scalars(select(OutboxMessage)).one()
    assert mail.to_address == "alumna@example.org"
    assert "8th Asian Social Welfare Seminar" in mail.subject
    assert "Shin-Kasumigaseki Building, Tokyo" in mail.body
    assert f"/events/{world['seminar'].id}" in mail.body


def test_a_current_trainee_may_register(db, world):
    assert register(db, "trainee@example.org", world["seminar"]).country == "PH"


@pytest.mark.parametrize("email", ["plain@example.org", "notdone@example.org",
                                   "staff@example.org"])
def test_people_who_are_neither_alumni_nor_current_trainees_are_refused(db, world, email):
    with pytest.raises(NotAllowed, match="open to alumni of the year-long training program "
                                         "and to its current trainees"):
        services.register(db, user(db, email), world["seminar"])
    assert registrations(db) == 0


def test_a_trainee_of_a_cohort_not_yet_started_is_not_a_current_trainee(db, world):
    planned = factories.cohort(db, number=40, starts_on=dt.date(2027, 3, 11), active=False)
    factories.person(db, "next@example.org", "Next Year", "KR")
    factories.enroll(db, planned, "next@example.org")
    with pytest.raises(NotAllowed):
        services.register(db, user(db, "next@example.org"), world["seminar"])


def test_a_withdrawn_trainee_is_not_a_current_trainee(db, world):
    enrollment = next(e for e in world["current"].enrollments
                      if e.user.email == "kittipong@example.org")
    from lms.programs.services import withdraw

    withdraw(db, world["staff"], enrollment, dt.date(2026, 10, 1), "Went home")
    with pytest.raises(NotAllowed):
        services.register(db, user(db, "kittipong@example.org"), world["seminar"])


def test_a_person_without_a_recorded_country_is_told_to_ask_staff(db, world):
    alumna = user(db, "alumna@example.org")
    for enrollment in db.scalars(select(Enrollment).where(Enrollment.user_id == alumna.id)):
        enrollment.country = None
    with pytest.raises(ServiceError, match="no country is recorded with your training"):
        services.register(db, alumna, world["seminar"])


# Caps -----------------------------------------------------------------------------------------


def test_the_cap_per_country_refuses_the_next_person_of_that_country(db, world):
    register(db, "maricel@example.org", world["seminar"])
    register(db, "jerome@example.org", world["seminar"])
    with pytest.raises(ServiceError) as refused:
        services.register(db, user(db, "trainee@example.org"), world["seminar"])
    assert str(refused.value.message) == (
        "The places for participants from Philippines are taken: up to 2 per country.")
    db.rollback()
    # Other countries still have places.
    assert register(db, "alumna@example.org", world["seminar"]).country == "ID"


def test_editing_ones_own_country_does_not_dodge_the_cap(db, world):
    """The attack: refused by the cap, the trainee changes the country of their account and
    tries again. The cap counts the country of their year-program enrollment."""
    register(db, "maricel@example.org", world["seminar"])
    register(db, "jerome@example.org", world["seminar"])
    trainee = user(db, "trainee@example.org")
    with pytest.raises(ServiceError, match="from Philippines are taken"):
        services.register(db, trainee, world["seminar"])
    db.rollback()
    update_profile(db, trainee, trainee.display_name, "TH", "en", "Asia/Tokyo")
    db.commit()
    with pytest.raises(ServiceError, match="from Philippines are taken"):
        services.register(db, trainee, world["seminar"])
    db.rollback()
    assert registrations(db) == 2


def test_a_registration_keeps_the_country_of_the_enrollment(db, world):
    alumna = user(db, "alumna@example.org")
    alumna.country = "PH"  # edited after her enrollment, which says ID
    assert register(db, "alumna@example.org", world["seminar"]).country == "ID"


def test_staff_moving_an_enrollment_to_another_country_moves_its_cap(db, world):
    register(db, "maricel@example.org", world["seminar"])
    register(db, "jerome@example.org", world["seminar"])
    trainee = user(db, "trainee@example.org")
    enrollment = db.scalar(select(Enrollment).where(Enrollment.user_id == trainee.id))
    change_country(db, world["staff"], enrollment, "TH", "Works in Bangkok since April.")
    db.commit()
    assert register(db, "trainee@example.org", world["seminar"]).country == "TH"


def test_without_a_cap_per_country_only_the_overall_places_count(db, world):
    seminar = world["seminar"]
    services.save_details(db, world["staff"], seminar, services.EditionDetails(
        venue="Hall", city="Tokyo", per_country_cap=None, registration_closes_on=None))
    for email in ("maricel@example.org", "jerome@example.org", "trainee@example.org"):
        register(db, email, seminar)
    taken = seminar_places.places_taken(db, seminar, user(db, "trainee@example.org"))
    assert (taken.total, taken.country, taken.from_country) == (3, "PH", 3)


def test_the_overall_capacity_holds(db, world):
    seminar = world["seminar"]
    seminar.capacity = 3
    db.commit()
    for email in ("maricel@example.org", "alumna@example.org", "alumnus@example.org"):
        register(db, email, seminar)
    with pytest.raises(ServiceError, match="The event is full: all 3 places are taken"):
        services.register(db, user(db, "kittipong@example.org"), seminar)


def test_a_seminar_of_one_place_says_so_in_the_singular(db, world):
    seminar = world["seminar"]
    seminar.capacity = 1
    db.commit()
    register(db, "maricel@example.org", seminar)
    with pytest.raises(ServiceError, match="The event is full: its 1 place is taken"):
        services.register(db, user(db, "kittipong@example.org"), seminar)


def test_a_cancelled_registration_frees_the_countrys_place(db, world):
    seminar = world["seminar"]
    first = register(db, "maricel@example.org", seminar)
    register(db, "jerome@example.org", seminar)
    services.cancel_registration(db, user(db, "maricel@example.org"), seminar, first)
    db.commit()
    assert register(db, "trainee@example.org", seminar).status == RegistrationStatus.REGISTERED


def test_the_cap_counts_the_country_given_at_registration(db, world):
    seminar = world["seminar"]
    register(db, "maricel@example.org", seminar)
    moved = user(db, "maricel@example.org")
    moved.country = "JP"  # moved to work in Japan after registering
    db.commit()
    register(db, "jerome@example.org", seminar)
    with pytest.raises(ServiceError, match="Philippines are taken"):
        services.register(db, user(db, "trainee@example.org"), seminar)


# The registration workflow --------------------------------------------------------------------


def test_registering_twice_is_refused(db, world):
    register(db, "alumna@example.org", world["seminar"])
    with pytest.raises(ServiceError, match="You are already registered for this event"):
        services.register(db, user(db, "alumna@example.org"), world["seminar"])


def test_cancelling_then_registering_again_reuses_the_one_row(db, world):
    seminar = world["seminar"]
    alumna = user(db, "alumna@example.org")
    first = register(db, "alumna@example.org", seminar)
    services.cancel_registration(db, alumna, seminar, first)
    db.commit()
    assert first.status == RegistrationStatus.CANCELLED and first.cancelled_at is not None
    with pytest.raises(ServiceError, match="already cancelled"):
        services.cancel_registration(db, alumna, seminar, first)
    again = register(db, "alumna@example.org", seminar)
    assert again.id == first.id and again.status == RegistrationStatus.REGISTERED
    assert again.cancelled_at is None
    assert registrations(db) == 1
    actions = db.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "Registration").order_by(AuditEvent.id)).all()
    assert actions == ["seminar_registered", "seminar_registration_cancelled",
                       "seminar_registered"]
    subjects = [message.subject for message in db.scalars(select(OutboxMessage))]
    assert subjects[1].startswith("Registration cancelled")


def test_the_transition_table_refuses_moves_it_does_not_list(db):
    with pytest.raises(ServiceError):
        services.check_transition(None, RegistrationStatus.CANCELLED)
    services.check_transition(RegistrationStatus.CANCELLED, RegistrationStatus.REGISTERED)


def test_registration_closes_at_the_end_of_the_closing_day_in_tokyo(db, world):
    seminar = world["seminar"]  # registration until 30 November 2026, Tokyo
    with time_machine.travel(dt.datetime(2026, 11, 30, 14, 59, tzinfo=dt.UTC), tick=False):
        assert register(db, "alumna@example.org", seminar)
    with time_machine.travel(dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC), tick=False), \
            pytest.raises(ServiceError, match="Registration for 8th Asian Social Welfare "
                                              "Seminar is closed"):
        services.register(db, user(db, "alumnus@example.org"), seminar)


def test_without_a_closing_day_registration_closes_when_the_seminar_starts(db, world):
    seminar = world["seminar"]
    services.save_details(db, world["staff"], seminar, services.EditionDetails(
        venue="Hall", city="Tokyo", per_country_cap=2, registration_closes_on=None))
    db.commit()
    with time_machine.travel(dt.datetime(2026, 12, 6, 14, 59, tzinfo=dt.UTC), tick=False):
        assert register(db, "alumna@example.org", seminar)
    with time_machine.travel(dt.datetime(2026, 12, 6, 15, 0, tzinfo=dt.UTC), tick=False), \
            pytest.raises(ServiceError, match="is closed"):
        services.register(db, user(db, "alumnus@example.org"), seminar)


def test_no_registration_before_the_details_nor_for_a_past_or_cancelled_seminar(db, world):
    bare = make_seminar(db, number=9, starts_on=dt.date(2027, 12, 6), details=False)
    for cohort in (bare, world["past_seminar"]):
        with pytest.raises(ServiceError, match="is closed"):
            services.register(db, user(db, "alumna@example.org"), cohort)
    from lms.programs.services import change_cohort_status

    change_cohort_status(db, world["staff"], world["seminar"], CohortStatus.CANCELLED,
                         "Typhoon")
    with pytest.raises(ServiceError, match="is closed"):
        services.register(db, user(db, "alumna@example.org"), world["seminar"])


def test_a_year_long_cohort_is_not_a_seminar(db, world):
    with pytest.raises(ServiceError, match="not an event"):
        services.register(db, user(db, "alumna@example.org"), world["current"])


def test_the_registrant_cancels_until_the_seminar_starts_staff_at_any_time(db, world):
    seminar = world["seminar"]
    registration = register(db, "alumna@example.org", seminar)
    with time_machine.travel(dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC), tick=False):
        with pytest.raises(ServiceError, match="has started or ended"):
            services.cancel_registration(db, user(db, "alumna@example.org"), seminar,
                                         registration)
        with pytest.raises(NotAllowed):
            services.cancel_registration(db, user(db, "alumnus@example.org"), seminar,
                                         registration)
        services.cancel_registration(db, world["staff"], seminar, registration)
    db.commit()
    assert registration.status == RegistrationStatus.CANCELLED
    assert registration.cancelled_by_id == world["staff"].id
    mail = db.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert mail.to_address == "alumna@example.org"
    assert "The program staff have cancelled your registration" in mail.body


def test_nobody_cancels_a_registration_once_the_seminar_is_over(db, world):
    seminar = world["seminar"]
    registration = register(db, "alumna@example.org", seminar)
    assert services.registrations_may_change(seminar)
    # The seminar ran 7-11 December 2026 in Tokyo: on the 12th it is over, for staff too.
    with time_machine.travel(dt.datetime(2026, 12, 11, 16, 0, tzinfo=dt.UTC), tick=False):
        assert not services.registrations_may_change(seminar)
        with pytest.raises(ServiceError, match="The event is over"):
            services.cancel_registration(db, world["staff"], seminar, registration)
    assert registration.status == RegistrationStatus.REGISTERED


def test_a_registration_of_another_seminar_cannot_be_cancelled_through_this_one(db, world):
    registration = register(db, "alumna@example.org", world["seminar"])
    with pytest.raises(ServiceError, match="another event"):
        services.cancel_registration(db, world["staff"], world["past_seminar"], registration)


# Details and sessions -------------------------------------------------------------------------


@pytest.mark.parametrize("change,field", [
    ({"per_country_cap": 0}, "per_country_cap"),
    ({"venue": "  "}, "venue"),
    ({"city": ""}, "city"),
    ({"registration_closes_on": dt.date(2026, 12, 12)}, "registration_closes_on"),
])
def test_details_are_validated_beside_their_fields(db, world, change, field):
    details = {"venue": "Hall", "city": "Tokyo", "per_country_cap": 10,
               "registration_closes_on": None, **change}
    with pytest.raises(ServiceError) as refused:
        services.save_details(db, world["staff"], world["seminar"],
                              services.EditionDetails(**details))
    assert refused.value.field == field


def test_details_are_created_on_first_save_and_audited(db, world):
    bare = make_seminar(db, number=9, starts_on=dt.date(2027, 12, 6), details=False)
    assert services.seminar_of(db, bare) is None
    saved = services.save_details(db, world["staff"], bare, services.EditionDetails(
        venue=" Hall ", city="Osaka", per_country_cap=None, registration_closes_on=None))
    assert (saved.venue, saved.city, saved.per_country_cap) == ("Hall", "Osaka", None)
    assert services.seminar_of(db, bare).id == saved.id
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "seminar_details_saved")) == 3  # two in the fixture


def test_only_staff_change_a_seminar_and_only_an_open_one(db, world):
    details = services.EditionDetails(venue="Hall", city="Tokyo", per_country_cap=None,
                                      registration_closes_on=None)
    with pytest.raises(NotAllowed):
        services.save_details(db, user(db, "alumna@example.org"), world["seminar"], details)
    with pytest.raises(ServiceError, match="completed or cancelled"):
        services.save_details(db, world["staff"], world["past_seminar"], details)
    with pytest.raises(ServiceError, match="not an event"):
        services.save_details(db, world["staff"], world["current"], details)


def session_details(**change):
    return program.SessionDetails(**{
        "kind": SessionKind.COUNTRY_REPORT, "title": "Country report: Thailand",
        "day": dt.date(2026, 12, 7), "starts": dt.time(9, 30), "ends": dt.time(10, 15),
        "place": None, **change})


def test_a_session_is_stored_in_utc_from_the_seminars_clock(db, world):
    row = program.add_session(db, world["staff"], world["seminar"], session_details())
    assert row.starts_at == dt.datetime(2026, 12, 7, 0, 30, tzinfo=dt.UTC)
    assert row.ends_at == dt.datetime(2026, 12, 7, 1, 15, tzinfo=dt.UTC)


@pytest.mark.parametrize("change,field", [
    ({"ends": dt.time(9, 0)}, "ends"),
    ({"ends": dt.time(9, 30)}, "ends"),
    ({"day": dt.date(2026, 12, 6)}, "day"),
    ({"day": dt.date(2026, 12, 12)}, "day"),
    ({"title": " "}, "title"),
])
def test_sessions_are_validated_beside_their_fields(db, world, change, field):
    with pytest.raises(ServiceError) as refused:
        program.add_session(db, world["staff"], world["seminar"], session_details(**change))
    assert refused.value.field == field


def test_a_session_at_a_time_the_clocks_skip_is_refused(db, world):
    seminar = world["seminar"]
    seminar.timezone = "America/New_York"
    seminar.starts_on, seminar.ends_on = dt.date(2027, 3, 12), dt.date(2027, 3, 16)
    with pytest.raises(ServiceError) as refused:
        program.add_session(db, world["staff"], seminar, session_details(
            day=dt.date(2027, 3, 14), starts=dt.time(2, 30), ends=dt.time(4, 0)))
    assert refused.value.field == "starts"
    assert "America/New_York" in str(refused.value.message)


def test_sessions_are_changed_and_removed_with_an_audit_trail(db, world):
    seminar = world["seminar"]
    row = program.add_session(db, world["staff"], seminar, session_details())
    program.update_session(db, world["staff"], seminar, row, session_details(
        kind=SessionKind.SITE_VISIT, title="Visit to a day-care centre", place="Setagaya",
        starts=dt.time(13, 0), ends=dt.time(16, 0)))
    assert (row.kind, row.place, row.starts_at.hour) == (SessionKind.SITE_VISIT, "Setagaya", 4)
    with pytest.raises(NotAllowed):
        program.remove_session(db, user(db, "alumna@example.org"), seminar, row)
    other = make_seminar(db, number=9, starts_on=dt.date(2026, 12, 7))
    with pytest.raises(ServiceError, match="another event"):
        program.update_session(db, world["staff"], other, row, session_details())
    program.remove_session(db, world["staff"], seminar, row)
    db.commit()
    assert db.scalar(select(func.count()).select_from(EventSession)) == 0
    assert db.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "EventSession").order_by(AuditEvent.id)).all() == [
        "seminar_session_added", "seminar_session_changed", "seminar_session_removed"]


def test_the_program_is_grouped_by_day_in_the_seminars_zone(db, world):
    seminar = world["seminar"]
    # 08:00 on 8 December in Tokyo is still 7 December in UTC.
    program.add_session(db, world["staff"], seminar, session_details(
        day=dt.date(2026, 12, 8), starts=dt.time(8, 0), ends=dt.time(9, 0), title="Early"))
    program.add_session(db, world["staff"], seminar, session_details(title="First"))
    program.add_session(db, world["staff"], seminar, session_details(
        starts=dt.time(11, 0), ends=dt.time(12, 0), title="Second"))
    days = queries.program_days(db, seminar)
    assert [(day.day, [row.title for row in day.sessions]) for day in days] == [
        (dt.date(2026, 12, 7), ["First", "Second"]), (dt.date(2026, 12, 8), ["Early"])]


# For the alumni home --------------------------------------------------------------------------


def test_open_seminars_for_lists_what_a_person_may_join_in_one_query(db, world, count_queries):
    alumna = user(db, "alumna@example.org")
    with count_queries() as counter:
        found = queries.open_seminars_for(db, alumna)
    assert counter.count == 1
    assert [(item.cohort.id, item.registration, item.registration_open) for item in found] == [
        (world["seminar"].id, None, True)]  # the completed 7th is not listed
    register(db, "alumna@example.org", world["seminar"])
    found = queries.open_seminars_for(db, alumna)
    assert found[0].is_registered


def test_open_seminars_for_shows_others_only_what_they_registered_for(db, world):
    assert queries.open_seminars_for(db, user(db, "plain@example.org")) == []
    assert queries.open_seminars_for(db, world["staff"]) == []
    register(db, "kittipong@example.org", world["seminar"])
    from lms.programs.services import withdraw

    enrollment = next(e for e in world["current"].enrollments
                      if e.user.email == "kittipong@example.org")
    withdraw(db, world["staff"], enrollment, dt.date(2026, 11, 1), "Went home")
    db.commit()
    found = queries.open_seminars_for(db, user(db, "kittipong@example.org"))
    assert [item.cohort.id for item in found] == [world["seminar"].id]


def test_open_seminars_for_drops_a_seminar_once_its_last_day_is_over_in_its_zone(db, world):
    alumna = user(db, "alumna@example.org")
    register(db, "alumna@example.org", world["seminar"])  # ends 11 December 2026, Tokyo
    with time_machine.travel(dt.datetime(2026, 12, 11, 14, 59, tzinfo=dt.UTC), tick=False):
        assert len(queries.open_seminars_for(db, alumna)) == 1
    with time_machine.travel(dt.datetime(2026, 12, 11, 15, 0, tzinfo=dt.UTC), tick=False):
        assert queries.open_seminars_for(db, alumna) == []
