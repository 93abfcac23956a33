"""Every kind of event, an edition's facts, caps for named countries, who may register,
participants who are not alumni, and the retention of what they declared."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from lms.accounts.models import User
from lms.audit import AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.events import queries, retention, services
from lms.events.models import CountryCap, Registration, RegistrationStatus, TourDirection
from lms.programs import services as program_services
from lms.programs.models import EVENT_KINDS, Program, ProgramKind, is_event
from tests import factories
from tests.events.conftest import user

DETAILS = {"venue": "Hall", "city": "Seoul", "per_country_cap": None,
           "registration_closes_on": None}


def event_program(db, kind: ProgramKind) -> Program:
    program = Program(slug=f"event-{kind.value}", kind=kind, code=kind.value[:8].upper(),
                      title=f"A {kind.value}")
    db.add(program)
    db.flush()
    return program


def make_edition(db, kind=ProgramKind.EXCHANGE, capacity=20, **details):
    cohort = program_services.create_cohort(
        db, factories.staff(db), event_program(db, kind), program_services.CohortDetails(
            number=1, fiscal_year=2026, title="Japan–Korea exchange 2026",
            starts_on=dt.date(2026, 12, 14), ends_on=dt.date(2026, 12, 18),
            timezone="Asia/Tokyo", capacity=capacity, course_id=None))
    services.save_details(db, factories.staff(db), cohort,
                          services.EditionDetails(**{**DETAILS, **details}))
    db.commit()
    return cohort


def outsider(db, email, name="Kim Minji", confirmed=True) -> User:
    person = factories.person(db, email, name, "KR")
    if not confirmed:
        person.email_confirmed_at = None
    db.flush()
    return person


def declare(country="KR", organization="Seoul Welfare Foundation"):
    return services.Declaration(country=country, organization=organization)


# Kinds ----------------------------------------------------------------------------------------


def test_every_event_kind_is_an_event_and_the_training_programs_are_not():
    assert {ProgramKind.SEMINAR, ProgramKind.EXCHANGE, ProgramKind.STUDY_TOUR,
            ProgramKind.FORUM, ProgramKind.ONLINE_SESSION, ProgramKind.SITE_VISITS,
            ProgramKind.LECTURE} == EVENT_KINDS
    assert not is_event(ProgramKind.YEAR_LONG) and not is_event(ProgramKind.FOLLOW_UP)


@pytest.mark.parametrize("kind", sorted(EVENT_KINDS - {ProgramKind.STUDY_TOUR}))
def test_an_edition_of_each_kind_is_found_and_takes_registrations(db, world, kind):
    cohort = make_edition(db, kind)
    assert queries.seminar_cohort(db, cohort.id) == cohort
    registration = services.register(db, user(db, "alumna@example.org"), cohort)
    assert registration.country == "ID"


def test_a_study_tour_says_which_way_it_goes(db, world):
    with pytest.raises(ServiceError) as refused:
        make_edition(db, ProgramKind.STUDY_TOUR)
    assert refused.value.field == "direction"
    db.rollback()
    cohort = make_edition(db, ProgramKind.STUDY_TOUR, direction=TourDirection.OUTBOUND)
    assert services.seminar_of(db, cohort).direction is TourDirection.OUTBOUND


def test_other_kinds_keep_no_direction(db, world):
    cohort = make_edition(db, direction=TourDirection.INBOUND)
    assert services.seminar_of(db, cohort).direction is None


# Facts ----------------------------------------------------------------------------------------


def test_an_editions_facts_are_saved_and_audited(db, world):
    cohort = make_edition(db, host_organization="Korea National Council on Social Welfare",
                          host_country="KR", organizing_partner="KNCSW",
                          registration_opens_on=dt.date(2026, 11, 1), retention_days=90,
                          country_caps={"KR": 10, "JP": 10})
    edition = services.seminar_of(db, cohort)
    assert (edition.host_country, edition.organizing_partner, edition.retention_days) == \
        ("KR", "KNCSW", 90)
    assert services.country_caps(db, cohort) == {"JP": 10, "KR": 10}
    audited = db.scalars(select(AuditEvent).where(
        AuditEvent.action == "seminar_details_saved").order_by(AuditEvent.id.desc())).first()
    assert audited.after["country_caps"] == {"JP": 10, "KR": 10}
    assert audited.after["host_country"] == "KR"


def test_a_seminar_keeps_its_people_by_default(db, world):
    edition = services.seminar_of(db, world["seminar"])
    assert edition.open_to_alumni and edition.open_to_trainees and not edition.open_to_public
    assert edition.retention_days == 365 and not edition.online


def test_an_online_edition_needs_no_venue(db, world):
    cohort = make_edition(db, ProgramKind.ONLINE_SESSION, venue="", city="", online=True)
    assert services.seminar_of(db, cohort).online


@pytest.mark.parametrize("change,field", [
    ({"venue": ""}, "venue"),
    ({"host_country": "XX"}, "host_country"),
    ({"country_caps": {"ZZ": 3}}, "country_caps"),
    ({"country_caps": {"KR": 0}}, "country_caps"),
    ({"open_to_alumni": False, "open_to_trainees": False}, "open_to_alumni"),
    ({"registration_opens_on": dt.date(2026, 12, 1),
      "registration_closes_on": dt.date(2026, 11, 30)}, "registration_opens_on"),
    ({"registration_opens_on": dt.date(2027, 1, 1)}, "registration_opens_on"),
    ({"retention_days": -1}, "retention_days"),
    ({"retention_days": 3651}, "retention_days"),
])
def test_facts_are_validated_beside_their_fields(db, world, change, field):
    with pytest.raises(ServiceError) as refused:
        services.save_details(db, world["staff"], world["seminar"],
                              services.EditionDetails(**{**DETAILS, **change}))
    assert refused.value.field == field


def test_saving_caps_again_replaces_them(db, world):
    cohort = make_edition(db, country_caps={"KR": 10, "JP": 10})
    services.save_details(db, world["staff"], cohort,
                          services.EditionDetails(**DETAILS, country_caps={"KR": 5}))
    assert services.country_caps(db, cohort) == {"KR": 5}
    assert len(db.scalars(select(CountryCap)).all()) == 1


# The registration window ----------------------------------------------------------------------


def test_registration_opens_at_the_start_of_its_first_day_in_the_editions_zone(db, world):
    cohort = make_edition(db, registration_opens_on=dt.date(2026, 11, 10))
    with pytest.raises(ServiceError, match="is closed"):
        services.register(db, user(db, "alumna@example.org"), cohort)
    db.rollback()
    # Midnight in Tokyo on 10 November is 15:00 UTC on the 9th.
    with time_machine.travel(dt.datetime(2026, 11, 9, 14, 59, tzinfo=dt.UTC), tick=False):
        assert not services.registration_is_open(cohort, services.seminar_of(db, cohort))
    with time_machine.travel(dt.datetime(2026, 11, 9, 15, 0, tzinfo=dt.UTC), tick=False):
        assert services.registration_is_open(cohort, services.seminar_of(db, cohort))
        assert services.register(db, user(db, "alumna@example.org"), cohort)


# Who may register -----------------------------------------------------------------------------


def test_an_edition_for_alumni_only_refuses_a_current_trainee(db, world):
    cohort = make_edition(db, open_to_trainees=False)
    with pytest.raises(NotAllowed):
        services.register(db, user(db, "trainee@example.org"), cohort)
    assert services.register(db, user(db, "alumna@example.org"), cohort)


def test_an_edition_for_trainees_only_refuses_an_alumna(db, world):
    cohort = make_edition(db, open_to_alumni=False)
    with pytest.raises(NotAllowed):
        services.register(db, user(db, "alumna@example.org"), cohort)
    assert services.register(db, user(db, "trainee@example.org"), cohort)


def test_anyone_confirmed_registers_for_an_open_edition_with_what_they_declare(db, world):
    cohort = make_edition(db, open_to_public=True)
    person = outsider(db, "minji@example.org")
    registration = services.register(db, person, cohort, declare())
    assert (registration.country, registration.organization) == \
        ("KR", "Seoul Welfare Foundation")
    # Not made a trainee nor an alumna by it.
    assert not services.may_register(db, person)
    audited = db.scalar(select(AuditEvent).where(AuditEvent.action == "seminar_registered"))
    assert audited.after["declared"] is True


def test_an_unconfirmed_address_or_a_closed_edition_refuses_outsiders(db, world):
    open_one = make_edition(db, open_to_public=True)
    with pytest.raises(NotAllowed):
        services.register(db, outsider(db, "new@example.org", confirmed=False), open_one,
                          declare())
    closed_one = make_edition(db, ProgramKind.FORUM)
    with pytest.raises(NotAllowed):
        services.register(db, outsider(db, "minji@example.org"), closed_one, declare())


@pytest.mark.parametrize("declared,field", [
    (None, "country"), (declare(country=""), "country"), (declare(country="ZZ"), "country"),
    (declare(organization="  "), "organization"),
])
def test_an_outsider_declares_a_country_and_an_organization(db, world, declared, field):
    cohort = make_edition(db, open_to_public=True)
    with pytest.raises(ServiceError) as refused:
        services.register(db, outsider(db, "minji@example.org"), cohort, declared)
    assert refused.value.field == field


def test_an_alumna_counts_for_her_training_country_even_where_all_may_come(db, world):
    cohort = make_edition(db, open_to_public=True)
    registration = services.register(db, user(db, "alumna@example.org"), cohort,
                                     declare(country="KR"))
    assert registration.country == "ID" and registration.organization is None


def test_the_list_and_the_page_show_others_only_what_is_open_to_them(db, world):
    public = make_edition(db, ProgramKind.FORUM, open_to_public=True)
    alumni_only = make_edition(db, ProgramKind.LECTURE, open_to_trainees=False)
    person = outsider(db, "minji@example.org")
    assert services.may_see_seminars(db, person)
    listed = {row.cohort.id for row in queries.seminars_page(db, person, 1).items}
    assert listed == {public.id}
    assert services.may_see_edition(db, person, public)
    assert not services.may_see_edition(db, person, alumni_only)
    trainee = user(db, "trainee@example.org")
    assert not services.may_see_edition(db, trainee, alumni_only)
    assert alumni_only.id not in {row.cohort.id
                                  for row in queries.seminars_page(db, trainee, 1).items}


# Caps for named countries ---------------------------------------------------------------------


def test_a_named_countrys_cap_refuses_the_next_person_from_it(db, world):
    cohort = make_edition(db, open_to_public=True, per_country_cap=5,
                          country_caps={"KR": 1})
    services.register(db, outsider(db, "minji@example.org"), cohort, declare())
    with pytest.raises(ServiceError, match="this event takes up to 1 from"):
        services.register(db, outsider(db, "jiho@example.org", "Park Jiho"), cohort, declare())
    # Other countries keep the uniform cap.
    for email in ("maricel@example.org", "jerome@example.org"):
        services.register(db, user(db, email), cohort)


def test_a_named_cap_may_be_above_the_uniform_one(db, world):
    cohort = make_edition(db, per_country_cap=1, country_caps={"PH": 2})
    for email in ("maricel@example.org", "jerome@example.org"):
        services.register(db, user(db, email), cohort)
    with pytest.raises(ServiceError, match="this event takes up to 2 from"):
        services.register(db, user(db, "trainee@example.org"), cohort)


def test_a_declared_country_counts_against_its_cap_beside_alumni_of_it(db, world):
    cohort = make_edition(db, open_to_public=True, country_caps={"PH": 1})
    services.register(db, user(db, "maricel@example.org"), cohort)
    with pytest.raises(ServiceError, match="taken"):
        services.register(db, outsider(db, "juan@example.org", "Juan"), cohort,
                          declare(country="PH"))


# Retention ------------------------------------------------------------------------------------


def test_declared_data_is_erased_after_the_end_and_the_retention_days(db, world):
    cohort = make_edition(db, open_to_public=True, retention_days=30)
    services.register(db, outsider(db, "minji@example.org"), cohort, declare())
    services.register(db, user(db, "alumna@example.org"), cohort)
    db.commit()
    # The edition ends on 18 December; thirty days later is 17 January.
    on_day = dt.datetime(2027, 1, 17, 12, 0, tzinfo=dt.UTC)
    assert retention.apply_retention(db, on_day) == 0
    after = dt.datetime(2027, 1, 18, 12, 0, tzinfo=dt.UTC)
    assert retention.apply_retention(db, after, dry_run=True) == 1
    assert db.scalar(select(Registration.organization).where(
        Registration.country == "KR")) == "Seoul Welfare Foundation"
    assert retention.apply_retention(db, after) == 1
    kept = db.scalar(select(Registration).where(Registration.country == "KR"))
    assert kept.organization is None and kept.anonymized_at is not None
    assert kept.status is RegistrationStatus.REGISTERED  # still counted for Korea
    assert retention.apply_retention(db, after) == 0
    assert db.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "seminar_registration_anonymized"))


def test_the_retention_command_reports_event_registrations(app, db, world):
    cohort = make_edition(db, open_to_public=True, retention_days=0)
    services.register(db, outsider(db, "minji@example.org"), cohort, declare())
    db.commit()
    runner = app.test_cli_runner()
    with time_machine.travel(dt.datetime(2027, 2, 1, tzinfo=dt.UTC), tick=False):
        dry = runner.invoke(args=["lms", "retention", "apply", "--dry-run"])
        assert "1 event registrations anonymized" in dry.output and "dry run" in dry.output
        db.expire_all()
        assert db.scalar(select(Registration.organization)) == "Seoul Welfare Foundation"
        done = runner.invoke(args=["lms", "retention", "apply"])
        assert "1 event registrations anonymized" in done.output
    db.expire_all()
    assert db.scalar(select(Registration.organization)) is None


# Other domains treat every kind alike ---------------------------------------------------------


def test_announcements_and_safety_checks_reach_any_edition_as_an_event(db, world):
    from lms.announcements import queries as announcement_queries
    from lms.announcements import services as announcements
    from lms.announcements.models import Audience
    from lms.safety import services as safety
    from lms.safety.models import SafetyAudience

    exchange = make_edition(db)
    with pytest.raises(ServiceError) as refused:
        announcements.create(db, world["staff"], announcements.AnnouncementInput(
            title="T", body="B", audience=Audience.COHORT, cohort_id=exchange.id))
    assert refused.value.field == "cohort_id"
    with pytest.raises(ServiceError) as refused:
        safety.start(db, world["staff"], safety.CheckInput(
            "Safe?", SafetyAudience.COHORT, cohort_id=exchange.id))
    assert refused.value.field == "cohort_id"
    targets = announcement_queries.targets(db)
    assert exchange.id not in {cohort_id for cohort_id, _name in targets.cohorts}
    assert exchange.id in {cohort_id for cohort_id, _name in targets.seminars}
    created = announcements.create(db, world["staff"], announcements.AnnouncementInput(
        title="T", body="B", audience=Audience.SEMINAR, seminar_id=exchange.id))
    assert created.cohort_id == exchange.id
