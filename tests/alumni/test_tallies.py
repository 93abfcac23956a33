"""The directory's stored counts (lms.alumni.tallies) follow every write that makes someone an
alumna or not, moves her to another country or lists her or not, and the directory's page
count read from them is what counting the people themselves gives."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import insert, select

from lms.accounts.models import User
from lms.accounts.services import deactivate_user, reactivate_user, update_profile
from lms.alumni import queries, services, tallies
from lms.alumni.models import AlumniProfile
from lms.alumni.tallies import AlumniCohortTally, AlumniTally
from lms.programs.models import (
    Cohort,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    ProgramKind,
)
from lms.programs.standing import is_alumnus
from tests.alumni.conftest import alumnus, completed, profile


def stored(db) -> dict[tuple[str, bool], int]:
    db.flush()
    return {(row.country, row.listed): row.count
            for row in db.scalars(select(AlumniTally)) if row.count}


def counted(db) -> dict[tuple[str, bool], int]:
    """Each person asked whether she is an alumna, under which country and whether listed."""
    places: Counter[tuple[str, bool]] = Counter()
    for user in db.scalars(select(User)):
        if not is_alumnus(db, user):
            continue
        own = db.scalar(select(AlumniProfile).where(AlumniProfile.user_id == user.id))
        country = own.country if own is not None and own.country is not None else user.country
        places[(country or "", bool(own is not None and own.listed and user.is_active))] += 1
    return dict(places)


def cohorts_stored(db) -> dict[int, int]:
    db.flush()
    return {row.cohort_id: row.count for row in db.scalars(select(AlumniCohortTally))
            if row.count}


def cohorts_counted(db) -> dict[int, int]:
    """Each enrollment asked whether it made its trainee an alumna of its cohort."""
    alumni: Counter[int] = Counter()
    rows = db.execute(select(Enrollment.cohort_id, Enrollment.role, Enrollment.status,
                             Program.kind)
                      .join(Cohort, Cohort.id == Enrollment.cohort_id)
                      .join(Program, Program.id == Cohort.program_id))
    for cohort_id, role, status, kind in rows:
        if (kind == ProgramKind.YEAR_LONG and role == EnrollmentRole.TRAINEE
                and status == EnrollmentStatus.COMPLETED):
            alumni[cohort_id] += 1
    return dict(alumni)


def agree(db) -> dict[tuple[str, bool], int]:
    """The stored counts, by country and by cohort, are the live ones."""
    figures = stored(db)
    assert figures == counted(db)
    assert cohorts_stored(db) == cohorts_counted(db)
    return figures


def test_alumni_are_counted_as_they_complete_list_themselves_and_move(db, world):
    assert agree(db) == {("ID", False): 1, ("TH", False): 1, ("PH", False): 1}
    profile(db, world["alumna"])  # listed, in her account's country
    assert agree(db)[("ID", True)] == 1
    profile(db, world["alumna"], country="JP")
    assert agree(db) == {("JP", True): 1, ("TH", False): 1, ("PH", False): 1}
    profile(db, world["other"], listed=False, country="VN")
    assert agree(db)[("VN", False)] == 1
    # Without a profile, the account's country; with one, the profile's.
    update_profile(db, world["twice"], "Rodel Bautista", "KH", None, "Asia/Tokyo")
    update_profile(db, world["alumna"], "Putri Handayani", "MY", None, "Asia/Tokyo")
    db.commit()
    assert agree(db) == {("JP", True): 1, ("VN", False): 1, ("KH", False): 1}

    deactivate_user(db, world["staff"], world["alumna"])
    db.commit()
    assert agree(db)[("JP", False)] == 1
    reactivate_user(db, world["staff"], world["alumna"])
    db.commit()
    assert agree(db)[("JP", True)] == 1


def test_an_enrollment_completed_withdrawn_or_deleted_is_counted(db, world):
    trainee = world["trainee"]
    enrollment = db.scalar(select(Enrollment).where(Enrollment.user_id == trainee.id))
    enrollment.status = EnrollmentStatus.COMPLETED
    db.commit()
    assert agree(db)[("PH", False)] == 2  # the trainee's account is in the Philippines
    enrollment.role = EnrollmentRole.MENTOR
    db.commit()
    assert agree(db)[("PH", False)] == 1
    enrollment.role = EnrollmentRole.TRAINEE
    db.commit()
    # One of two completed years gone: still an alumna, counted once.
    twice = db.scalars(select(Enrollment).where(Enrollment.user_id == world["twice"].id)).all()
    db.delete(twice[0])
    db.commit()
    assert agree(db)[("PH", False)] == 2
    db.delete(twice[1])
    db.commit()
    assert agree(db)[("PH", False)] == 1


def test_a_new_alumna_a_profile_deleted_and_a_person_deleted_are_counted(db, world):
    # A person and her enrollment written in one flush, her id given by it.
    newcomer = User(email="new@example.org", display_name="Nguyen Van A", country="VN")
    db.add(newcomer)
    completed(db, world["c35"], newcomer)
    db.add(AlumniProfile(user=newcomer, listed=True, country=None))
    db.commit()
    assert agree(db)[("VN", True)] == 1
    db.delete(db.scalar(select(AlumniProfile).where(AlumniProfile.user_id == newcomer.id)))
    db.commit()
    assert agree(db)[("VN", False)] == 1
    # People are deactivated, not deleted; should one be, with her enrollment, in one flush.
    db.delete(db.scalar(select(Enrollment).where(Enrollment.user_id == newcomer.id)))
    db.delete(newcomer)
    db.commit()
    assert ("VN", False) not in agree(db)
    alumnus(db, world["c36"], "late@example.org", "Late Comer", "LK")
    db.commit()
    assert agree(db)[("LK", False)] == 1


def test_a_cohort_moved_to_another_program_counts_everyone_again(db, world):
    short = Program(slug="short", kind=ProgramKind.FOLLOW_UP, code="SHORT",
                    title="A follow-up training")
    db.add(short)
    db.flush()
    world["c36"].program_id = short.id
    db.commit()
    assert agree(db) == {("PH", False): 1}  # only the 35th's alumnus remains
    world["c35"].program.kind = short.kind
    db.commit()
    assert agree(db) == {}


def test_writes_that_bypass_the_orm_are_counted_again_on_request(db, world):
    user_id = db.execute(insert(User).values(email="bulk@example.org", display_name="Bulk",
                                             country="NP", timezone="Asia/Tokyo")
                         .returning(User.id)).scalar_one()
    db.execute(insert(Enrollment).values(cohort_id=world["c35"].id, user_id=user_id,
                                         role=EnrollmentRole.TRAINEE,
                                         status=EnrollmentStatus.COMPLETED))
    assert ("NP", False) not in stored(db)
    tallies.recount(db)
    assert agree(db)[("NP", False)] == 1


@pytest.mark.parametrize("who", ["staff", "alumna"])
@pytest.mark.parametrize("country", [None, "PH", "TH", "JP"])
def test_the_directory_page_count_is_the_people_counted(db, world, who, country):
    profile(db, world["alumna"], country="JP")
    profile(db, world["twice"], listed=True)
    profile(db, world["other"], listed=False)
    viewer = world[who]
    page = queries.directory(db, viewer, queries.DirectoryFilters(country=country), 1)
    _listing, count = queries._directory_listing(who != "staff", country is not None,
                                                 False, False, False)
    assert page.total == (db.scalar(count, {"country": country} if country else {}) or 0)
    assert page.total == len(page.items)  # one page holds them all
    if country is None and who == "alumna":
        assert page.total == 2


def test_saving_a_profile_through_the_service_is_seen_at_once(db, world):
    viewer = world["staff"]
    before = queries.directory(db, world["alumna"], queries.DirectoryFilters(), 1).total
    services.save_profile(db, world["other"], services.ProfileDetails(
        listed=True, country="TH", organization="", current_role="", fields=[], bio="",
        shared=[]))
    # Not committed yet: the same transaction reads the flushed count.
    assert queries.directory(db, world["alumna"], queries.DirectoryFilters(), 1).total \
        == before + 1
    assert queries.directory(db, viewer, queries.DirectoryFilters(), 1).total == 3


def test_the_cohort_filter_offers_the_cohorts_with_alumni_as_enrollments_change(db, world):
    def offered() -> list[int]:
        return [cohort_id for cohort_id, _title in queries.alumni_cohorts(db)]

    c35, c36, current = world["c35"], world["c36"], world["current"]
    assert offered() == [c36.id, c35.id]
    trainee = db.scalar(select(Enrollment).where(Enrollment.user_id == world["trainee"].id))
    trainee.status = EnrollmentStatus.COMPLETED
    db.commit()
    agree(db)
    assert offered() == [current.id, c36.id, c35.id]
    # An enrollment moved to another cohort takes its alumna with it.
    trainee.cohort_id = c35.id
    db.commit()
    assert agree(db) and offered() == [c36.id, c35.id]
    twice = db.scalar(select(Enrollment).where(Enrollment.user_id == world["twice"].id,
                                               Enrollment.cohort_id == c35.id))
    twice.status = EnrollmentStatus.WITHDRAWN
    trainee.status = EnrollmentStatus.ACTIVE
    db.commit()
    agree(db)
    assert offered() == [c36.id]
