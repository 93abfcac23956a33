"""Browser tests: a live Kakehashi server driven by Debian's chromium through Playwright.

Self-contained on purpose: no fixture here comes from tests/conftest.py (only the small
course written by ``tests.factories.write_course`` is shared). Playwright never
downloads a browser; it drives the system chromium (``apt-get install chromium``). Without it
the tests are skipped, unless LMS_REQUIRE_BROWSER is set (as CI does), when they fail.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from flask import Flask
    from playwright.sync_api import Browser, Page
    from sqlalchemy.orm import Session

    from lms.accounts.models import User
    from lms.programs.models import Cohort, Enrollment, Program

BROWSER_TESTS = Path(__file__).parent

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Long enough and unguessable enough for the password policy (12+ characters, zxcvbn >= 3).
PASSWORD = "quiet-harbour-lantern-42"


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    roles: tuple[str, ...]
    password: str = PASSWORD


STAFF = Person("staff@browser.kakehashi.example", "Aiko Tanaka", ("staff",))
ADMIN = Person("admin@browser.kakehashi.example", "Kenta Mori", ("admin",))
COMMITTEE = Person("committee@browser.kakehashi.example", "Lina Reyes", ("committee_member",))
PLAIN = Person("plain@browser.kakehashi.example", "Minh Nguyen", ())
PEOPLE = (STAFF, ADMIN, COMMITTEE, PLAIN)

# The cohort's people: no role on the account, a place in the cohort instead.
TRAINEE = Person("trainee@browser.kakehashi.example", "Amihan Reyes", ())
CLASSMATE = Person("classmate@browser.kakehashi.example", "Siriporn Kittisak", ())
MENTOR = Person("mentor@browser.kakehashi.example", "Hiroko Sato", ())
#: The trainee of the second cohort, the one the assignment tests use (mentored by MENTOR).
CARE_TRAINEE = Person("care-trainee@browser.kakehashi.example", "Dewi Lestari", ())
#: The trainees of the third cohort, the one the certificate journey completes: the first meets
#: the completion rule, the second has not handed in the presentation.
GRADUATE = Person("graduate@browser.kakehashi.example", "Nimal Perera", ())
UNFINISHED = Person("unfinished@browser.kakehashi.example", "Farida Rahman", ())
#: Alumni: trainees of an earlier cohort of the year-long program, completed years ago. The
#: first writes a report and lists herself in the directory, the second reads it (and applies to
#: the follow-up training), the third registers for the seminar, from the country of TRAINEE.
ALUMNA = Person("alumna@browser.kakehashi.example", "Kim Ji-yeon", ())
FELLOW_ALUMNA = Person("fellow-alumna@browser.kakehashi.example", "Bayarmaa Dorj", ())
SEMINAR_ALUMNUS = Person("seminar-alumnus@browser.kakehashi.example", "Jerome Villanueva", ())
ALUMNI = (
    (ALUMNA, "KR", "Seoul Community Welfare Centre"),
    (FELLOW_ALUMNA, "MN", "Ulaanbaatar Social Welfare Office"),
    (SEMINAR_ALUMNUS, "PH", "Cebu City Social Welfare Office"),
)
COHORT_PEOPLE = (
    (TRAINEE, "PH"),
    (CLASSMATE, "TH"),
    (MENTOR, "JP"),
    (CARE_TRAINEE, "ID"),
    (GRADUATE, "LK"),
    (UNFINISHED, "BD"),
    *((person, country) for person, country, _organization in ALUMNI),
)

COHORT_TIMEZONE = "Asia/Tokyo"
#: Today is this day of the cohort: the first module (day 1) is open, the second (day 30) not.
COHORT_DAY_TODAY = 20
#: Today is this day of the second cohort: the module "Long-term care" (day 30) is open and
#: its assignment "Visit note" (due on day 40) is due in a few days.
CARE_COHORT_DAY_TODAY = 36
#: Today is this day of the third cohort: near the end of its year, every module open.
COMPLETION_COHORT_DAY_TODAY = 340
#: The assignment the third cohort's second trainee never handed in.
UNFINISHED_ASSIGNMENT = "presentation"
#: The completed cohort whose trainees are the alumni, a few years back.
ALUMNI_COHORT_NUMBER = 35
ALUMNI_COHORT_STARTS_ON = dt.date(2018, 3, 15)
#: The follow-up cohort (planned) starts this many days from today; its call closes earlier.
FOLLOW_UP_STARTS_IN_DAYS = 90
FOLLOW_UP_CALL_DAYS = 30
#: The seminar starts this many days from today and lasts five days; one place per country.
SEMINAR_STARTS_IN_DAYS = 120
SEMINAR_CAP_PER_COUNTRY = 1


@dataclass(frozen=True)
class Accounts:
    staff: Person = STAFF
    admin: Person = ADMIN
    committee: Person = COMMITTEE
    plain: Person = PLAIN
    trainee: Person = TRAINEE
    classmate: Person = CLASSMATE
    mentor: Person = MENTOR
    care_trainee: Person = CARE_TRAINEE
    graduate: Person = GRADUATE
    unfinished: Person = UNFINISHED
    alumna: Person = ALUMNA
    fellow_alumna: Person = FELLOW_ALUMNA
    seminar_alumnus: Person = SEMINAR_ALUMNUS


@pytest.fixture(scope="session")
def accounts() -> Accounts:
    """The seeded people (tests take them from here rather than importing this conftest)."""
    return Accounts()


@dataclass(frozen=True)
class Seeded:
    """What the seeding made that tests need to address: ids, titles, dates."""

    cohort_id: int
    cohort_title: str
    course_title: str
    starts_on: dt.date
    #: The second cohort, where the assignments are open, and its trainee's enrollment.
    care_cohort_id: int
    care_cohort_title: str
    care_starts_on: dt.date
    care_enrollment_id: int
    #: The third cohort, for completion and certificates, and its two trainees' enrollments.
    #: Completing it cannot be undone, so only the certificate journey touches it.
    completion_cohort_id: int
    completion_cohort_title: str
    graduate_enrollment_id: int
    unfinished_enrollment_id: int
    #: The completed cohort of the year-long program whose trainees are the alumni.
    alumni_cohort_id: int
    alumni_cohort_title: str
    #: The follow-up training (planned, taking applications) and the seminar (planned, with
    #: its details and two sessions).
    follow_up_cohort_id: int
    follow_up_cohort_title: str
    seminar_id: int
    seminar_title: str


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/browser is a browser test (`-m "not browser"` leaves them out)."""
    for item in items:
        if BROWSER_TESTS in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


# The browser -----------------------------------------------------------------------------------


def find_chromium() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        if os.environ.get("LMS_REQUIRE_BROWSER"):
            pytest.fail(
                "LMS_REQUIRE_BROWSER is set but Debian's chromium is not installed "
                "(apt-get install chromium); the browser tests cannot run.",
                pytrace=False,
            )
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


# The live server -------------------------------------------------------------------------------


@dataclass
class LiveServer:
    url: str
    app: Flask
    seeded: Seeded

    def reset_languages(self) -> None:
        """Forget the language each seeded person chose, so every test starts in English.

        Switching the language while signed in is saved on the account, and the accounts
        live as long as the server."""
        from sqlalchemy import update

        from lms.accounts.models import User
        from lms.db import session

        with self.app.app_context():
            session.execute(update(User).values(locale=None))
            session.commit()

    def _outside_completion_cohort(self, enrollment_id: Any) -> Any:
        """A condition on an enrollment id column: not one of the third cohort's enrollments,
        whose seeded coursework is what its completion judges."""
        from sqlalchemy import select

        from lms.programs.models import Enrollment

        return enrollment_id.not_in(
            select(Enrollment.id).where(Enrollment.cohort_id == self.seeded.completion_cohort_id)
        )

    def reset_assignments(self) -> None:
        """Forget the work handed in, the grades and the extensions of earlier tests (their
        audit events stay: nothing reads them back). The third cohort's seeded work stays."""
        from sqlalchemy import delete, select

        from lms.assignments.models import Attachment, Extension, Grade, Submission
        from lms.db import session

        with self.app.app_context():
            submissions = select(Submission.id).where(
                self._outside_completion_cohort(Submission.enrollment_id)
            )
            session.execute(delete(Grade).where(Grade.submission_id.in_(submissions)))
            session.execute(delete(Attachment).where(Attachment.submission_id.in_(submissions)))
            session.execute(
                delete(Submission).where(self._outside_completion_cohort(Submission.enrollment_id))
            )
            session.execute(
                delete(Extension).where(self._outside_completion_cohort(Extension.enrollment_id))
            )
            session.commit()

    def reset_placements(self) -> None:
        """Forget the host facilities, placements (with their readiness, evaluations and
        comments) and safety checks of earlier tests."""
        from sqlalchemy import delete

        from lms.db import session
        from lms.placements.models import (
            Evaluation,
            HostFacility,
            JournalComment,
            Placement,
            ReadinessItem,
        )
        from lms.safety.models import SafetyAnswer, SafetyCheck, SafetyRecipient

        with self.app.app_context():
            for model in (JournalComment, Evaluation, ReadinessItem, Placement, HostFacility,
                          SafetyAnswer, SafetyRecipient, SafetyCheck):
                session.execute(delete(model))
            session.commit()

    def reset_alumni_activity(self) -> None:
        """Forget the alumni profiles and reports, the follow-up applications (and the
        enrollments selecting made) and the seminar registrations of earlier tests."""
        from sqlalchemy import delete

        from lms.alumni.models import AlumniProfile, AlumniReport, ReportPicture
        from lms.db import session
        from lms.events.models import Registration
        from lms.followup.models import FollowUpApplication
        from lms.programs.models import Enrollment

        with self.app.app_context():
            session.execute(delete(ReportPicture))
            session.execute(delete(AlumniReport))
            session.execute(delete(AlumniProfile))
            session.execute(delete(FollowUpApplication))
            session.execute(
                delete(Enrollment).where(Enrollment.cohort_id == self.seeded.follow_up_cohort_id)
            )
            session.execute(delete(Registration))
            session.commit()

    def reset_progress(self) -> None:
        """Forget the lessons marked done and the calendar addresses made by earlier tests (but
        not the third cohort's seeded lessons)."""
        from sqlalchemy import delete

        from lms.calendar.models import CalendarFeed
        from lms.curriculum.models import LessonProgress
        from lms.db import session

        with self.app.app_context():
            session.execute(
                delete(LessonProgress).where(
                    self._outside_completion_cohort(LessonProgress.enrollment_id)
                )
            )
            session.execute(delete(CalendarFeed))
            session.commit()


def _cohort_start(today: dt.date, day_today: int = COHORT_DAY_TODAY) -> dt.date:
    return today - dt.timedelta(days=day_today - 1)


def _meet_completion_rule(
    db: Session, grader: User, trainee: User, enrollment: Enrollment, skip: str | None = None
) -> None:
    """The trainee marks every required lesson done, and every required assignment but ``skip``
    is handed in and graded at full points by ``grader``.

    The work is handed in as rows (as tests/certificates' ``meet_rule`` does): the service
    refuses work after a deadline that closes the assignment, and these deadlines are long past.
    Lessons and grades go through their services."""
    from sqlalchemy import select

    from lms.assignments import grading
    from lms.assignments.models import Submission, SubmissionStatus
    from lms.clock import utcnow
    from lms.curriculum import services as curriculum
    from lms.curriculum.models import Item, ItemType

    items = db.scalars(
        select(Item)
        .where(Item.course_id == enrollment.cohort.course_id, Item.required.is_(True))
        .order_by(Item.id)
    ).all()
    for item in items:
        if item.slug == skip:
            continue
        if item.type == ItemType.LESSON:
            curriculum.mark_done(db, trainee, enrollment, item)
            continue
        submission = Submission(
            enrollment_id=enrollment.id,
            item_id=item.id,
            attempt=1,
            status=SubmissionStatus.SUBMITTED,
            text="Handed in on time.",
            submitted_at=utcnow(),
        )
        db.add(submission)
        db.flush()
        if item.rubric:
            scores = {
                criterion["criterion"]: max(level["points"] for level in criterion["levels"])
                for criterion in item.rubric
            }
        else:
            scores = {"score": item.points or 0}
        grading.grade(
            db, grader, submission, grading.Assessment(scores, "Well done.", False), 0
        )
    db.flush()


def _seed_alumni(db: Session, staff: User, program: Program, users: dict[Person, User]) -> Cohort:
    """A completed cohort of the year-long program, its trainees the seeded alumni.

    Recorded as history, as lms/demo/cohorts.py does: enrolled through the services, then the
    outcomes set on the rows (the completion page is for cohorts run in Kakehashi)."""
    from lms.programs import services
    from lms.programs.models import CohortStatus, EnrollmentRole, EnrollmentStatus

    cohort = services.create_cohort(
        db,
        staff,
        program,
        services.CohortDetails(
            number=ALUMNI_COHORT_NUMBER,
            fiscal_year=ALUMNI_COHORT_STARTS_ON.year,
            title=f"{ALUMNI_COHORT_NUMBER}th cohort",
            starts_on=ALUMNI_COHORT_STARTS_ON,
            ends_on=ALUMNI_COHORT_STARTS_ON + dt.timedelta(days=348),
            timezone=COHORT_TIMEZONE,
            capacity=6,
            course_id=None,
        ),
    )
    services.change_cohort_status(db, staff, cohort, CohortStatus.ACTIVE)
    for person, _country, organization in ALUMNI:
        enrollment = services.enroll(
            db, staff, cohort, users[person], EnrollmentRole.TRAINEE, organization
        )
        enrollment.status = EnrollmentStatus.COMPLETED
    cohort.status = CohortStatus.COMPLETED
    db.flush()
    return cohort


def _seed_follow_up(db: Session, staff: User, today: dt.date) -> Cohort:
    """A follow-up program with a planned cohort taking applications (its call is open)."""
    from lms.followup import services as followup
    from lms.programs import services
    from lms.programs.models import Program, ProgramKind

    program = Program(
        slug="aswwtp-follow-up",
        kind=ProgramKind.FOLLOW_UP,
        code="ASWWTP-FU",
        title="ASWWTP Follow-up Training",
    )
    db.add(program)
    db.flush()
    starts_on = today + dt.timedelta(days=FOLLOW_UP_STARTS_IN_DAYS)
    cohort = services.create_cohort(
        db,
        staff,
        program,
        services.CohortDetails(
            number=1,
            fiscal_year=starts_on.year,
            title="Follow-up training on community care",
            starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(days=13),
            timezone=COHORT_TIMEZONE,
            capacity=3,
            course_id=None,
        ),
    )
    followup.open_call(
        db,
        staff,
        cohort,
        "Two weeks in Tokyo for alumni who **lead a community care project** at home.",
        today + dt.timedelta(days=FOLLOW_UP_CALL_DAYS),
    )
    return cohort


def _seed_seminar(db: Session, staff: User, today: dt.date) -> Cohort:
    """A seminar program with an upcoming seminar: its place, one participant per country,
    and two sessions of its program."""
    from lms.events import program as seminar_program
    from lms.events import services as seminars
    from lms.events.models import SessionKind
    from lms.programs import services
    from lms.programs.models import Program, ProgramKind

    program = Program(
        slug="asw-seminar",
        kind=ProgramKind.SEMINAR,
        code="ASWS",
        title="Asian Social Welfare Seminar",
    )
    db.add(program)
    db.flush()
    starts_on = today + dt.timedelta(days=SEMINAR_STARTS_IN_DAYS)
    cohort = services.create_cohort(
        db,
        staff,
        program,
        services.CohortDetails(
            number=8,
            fiscal_year=starts_on.year,
            title="8th Asian Social Welfare Seminar",
            starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(days=4),
            timezone=COHORT_TIMEZONE,
            capacity=60,
            course_id=None,
        ),
    )
    seminars.save_details(
        db,
        staff,
        cohort,
        seminars.EditionDetails(
            venue="Shin-Kasumigaseki Building",
            city="Tokyo",
            per_country_cap=SEMINAR_CAP_PER_COUNTRY,
            registration_closes_on=None,
            description="Alumni and current trainees report on social welfare at home.",
        ),
    )
    for day, kind, title, starts, ends, place in (
        (0, SessionKind.COUNTRY_REPORT, "Country reports: ageing at home", 10, 12, None),
        (1, SessionKind.SITE_VISIT, "Visit to a day-care centre", 9, 12, "Setagaya, Tokyo"),
    ):
        seminar_program.add_session(
            db,
            staff,
            cohort,
            seminar_program.SessionDetails(
                kind=kind,
                title=title,
                day=starts_on + dt.timedelta(days=day),
                starts=dt.time(starts),
                ends=dt.time(ends),
                place=place,
            ),
        )
    return cohort


def _seed(app: Flask, tmp: Path) -> Seeded:
    """The seeded accounts, then the test course synced from files, a program and an active
    cohort using it, two trainees and a mentor following the first one only; then a second
    active cohort further into the same course, whose one trainee that mentor follows too; then
    a third active cohort near the end of its year, whose two trainees did their coursework, one
    all of it and one all but the presentation. Then the alumni: a cohort of the same program
    completed years ago (see _seed_alumni); a follow-up training taking applications and an
    upcoming seminar. All made through the services, with the staff member as the actor, except
    the third cohort's work handed in (see _meet_completion_rule) and the alumni's outcomes."""
    from zoneinfo import ZoneInfo

    from sqlalchemy import select

    from lms.accounts.models import Role
    from lms.accounts.services import create_user
    from lms.curriculum.models import Course
    from lms.curriculum.sync import sync_courses
    from lms.db import session
    from lms.programs import services
    from lms.programs.models import CohortStatus, EnrollmentRole, Program, ProgramKind
    from tests.factories import write_course

    with app.app_context():
        users = {
            person: create_user(
                session,
                person.email,
                person.name,
                person.password,
                [Role(role) for role in person.roles],
                country="JP",
            )
            for person in PEOPLE
        }
        for person, country in COHORT_PEOPLE:
            users[person] = create_user(
                session, person.email, person.name, person.password, country=country
            )
        session.flush()
        staff = users[STAFF]

        sync_courses(session, write_course(tmp / "courses"))
        session.flush()
        course = session.scalars(select(Course).where(Course.slug == "year-course")).one()

        program = Program(
            slug="aswwtp",
            kind=ProgramKind.YEAR_LONG,
            code="ASWWTP",
            title="Asian Social Welfare Workers' Training Program",
        )
        session.add(program)
        session.flush()

        def active_cohort(number: int, day_today: int) -> Cohort:
            """An active cohort on the test course, ``day_today`` days into its year."""
            today = dt.datetime.now(ZoneInfo(COHORT_TIMEZONE)).date()
            starts_on = _cohort_start(today, day_today)
            created = services.create_cohort(
                session,
                staff,
                program,
                services.CohortDetails(
                    number=number,
                    fiscal_year=starts_on.year,
                    title=f"{number}th cohort",
                    starts_on=starts_on,
                    ends_on=starts_on + dt.timedelta(days=347),
                    timezone=COHORT_TIMEZONE,
                    capacity=6,
                    course_id=course.id,
                ),
            )
            services.change_cohort_status(session, staff, created, CohortStatus.ACTIVE)
            return created

        cohort = active_cohort(36, COHORT_DAY_TODAY)
        trainee = services.enroll(
            session,
            staff,
            cohort,
            users[TRAINEE],
            EnrollmentRole.TRAINEE,
            "Quezon City Social Welfare Office",
        )
        services.enroll(session, staff, cohort, users[CLASSMATE], EnrollmentRole.TRAINEE)
        mentor = services.enroll(session, staff, cohort, users[MENTOR], EnrollmentRole.MENTOR)
        services.assign_mentor(session, staff, mentor, trainee)

        care_cohort = active_cohort(37, CARE_COHORT_DAY_TODAY)
        care_trainee = services.enroll(
            session,
            staff,
            care_cohort,
            users[CARE_TRAINEE],
            EnrollmentRole.TRAINEE,
            "Yogyakarta Social Services Agency",
        )
        care_mentor = services.enroll(
            session, staff, care_cohort, users[MENTOR], EnrollmentRole.MENTOR
        )
        services.assign_mentor(session, staff, care_mentor, care_trainee)

        completion_cohort = active_cohort(38, COMPLETION_COHORT_DAY_TODAY)
        graduate = services.enroll(
            session,
            staff,
            completion_cohort,
            users[GRADUATE],
            EnrollmentRole.TRAINEE,
            "Department of Social Services, Colombo",
        )
        unfinished = services.enroll(
            session,
            staff,
            completion_cohort,
            users[UNFINISHED],
            EnrollmentRole.TRAINEE,
            "Department of Social Services, Dhaka",
        )
        _meet_completion_rule(session, staff, users[GRADUATE], graduate)
        _meet_completion_rule(
            session, staff, users[UNFINISHED], unfinished, skip=UNFINISHED_ASSIGNMENT
        )

        today = dt.datetime.now(ZoneInfo(COHORT_TIMEZONE)).date()
        alumni_cohort = _seed_alumni(session, staff, program, users)
        follow_up = _seed_follow_up(session, staff, today)
        seminar = _seed_seminar(session, staff, today)
        session.commit()
        return Seeded(
            cohort_id=cohort.id,
            cohort_title=cohort.title,
            course_title=course.title,
            starts_on=cohort.starts_on,
            care_cohort_id=care_cohort.id,
            care_cohort_title=care_cohort.title,
            care_starts_on=care_cohort.starts_on,
            care_enrollment_id=care_trainee.id,
            completion_cohort_id=completion_cohort.id,
            completion_cohort_title=completion_cohort.title,
            graduate_enrollment_id=graduate.id,
            unfinished_enrollment_id=unfinished.id,
            alumni_cohort_id=alumni_cohort.id,
            alumni_cohort_title=alumni_cohort.title,
            follow_up_cohort_id=follow_up.id,
            follow_up_cohort_title=follow_up.title,
            seminar_id=seminar.id,
            seminar_title=seminar.title,
        )


def browser_app(tmp: str, **config: Any) -> Flask:
    """A Kakehashi app on a fresh SQLite database in ``tmp``, its tables made."""
    import lms
    from lms.models import Base

    app = lms.create_app(
        {
            "LMS_ENV": "testing",
            "LMS_DATABASE_URL": f"sqlite:///{tmp}/browser.sqlite",
            "SECRET_KEY": "browser-tests-only-" + "x" * 48,
            "LMS_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "LMS_RATELIMIT_ENABLED": False,
            "LMS_COURSES_DIR": f"{tmp}/courses",
            **config,
        }
    )
    if not app.config.get("LMS_UPLOAD_DIR"):  # not the instance folder of a checkout
        app.config["LMS_UPLOAD_DIR"] = f"{tmp}/uploads"
    Base.metadata.create_all(app.extensions["lms"].engine)
    return app


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free local port in a thread, for as long as the block runs; its
    address."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    # Links in mail and credentials come from the configured address, never the request's.
    app.config["LMS_BASE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, name="lms-live-server", daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        app.extensions["lms"].engine.dispose()


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    with tempfile.TemporaryDirectory(prefix="lms-browser-") as tmp:
        app = browser_app(tmp)
        seeded = _seed(app, Path(tmp))
        with serving(app) as url:
            yield LiveServer(url=url, app=app, seeded=seeded)


# One fresh context per test --------------------------------------------------------------------


@pytest.fixture
def server(live_server: LiveServer) -> LiveServer:
    live_server.reset_languages()
    live_server.reset_progress()
    live_server.reset_assignments()
    live_server.reset_alumni_activity()
    live_server.reset_placements()
    return live_server


@pytest.fixture
def seeded(server: LiveServer) -> Seeded:
    """The seeded cohort's id and titles (and, through ``server``, a clean slate)."""
    return server.seeded


@pytest.fixture
def page(browser: Browser, server: LiveServer) -> Iterator[Page]:
    """A page in a brand-new browser context (no cookies), English preferred."""
    context = browser.new_context(base_url=server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def new_page(browser: Browser, server: LiveServer) -> Iterator[Callable[..., Page]]:
    """A factory for pages, each in a fresh context, taking ``browser.new_context`` options.

    The accessibility checks need no ``bypass_csp=True``: axe is injected with
    ``page.evaluate()``, which the pages' Content-Security-Policy does not block."""
    contexts = []

    def open_page(**options: object) -> Page:
        context = browser.new_context(base_url=server.url, locale="en-GB", **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


# Helpers ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sign_in() -> Callable[[Page, Person], None]:
    """Sign in through the login form, as a person would, and wait for the home page."""

    def do_sign_in(page: Page, person: Person) -> None:
        page.goto("/login")
        page.get_by_label("Email address").fill(person.email)
        page.get_by_label("Password").fill(person.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")

    return do_sign_in


# WCAG 2.2 A and AA only; best-practice rules are advice, not the bar these tests hold.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="session")
def assert_accessible() -> Callable[[Page, str], None]:
    """Run axe-core on the page as it is now; print the report and fail on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page: Page, what: str) -> None:
        results = axe.run(page, options=AXE_OPTIONS)
        report = results.generate_report()
        if results.violations_count:
            print(report)
        assert results.violations_count == 0, f"{what}:\n{report}"

    return check


@pytest.fixture(scope="session")
def switch_language() -> Callable[[Page, str], None]:
    """Choose a language in the header's form and press the button next to it."""

    def do_switch(page: Page, language: str) -> None:
        form = page.locator("header form").filter(has=page.locator("select[name=locale]"))
        form.locator("select[name=locale]").select_option(label=language)
        with page.expect_navigation():
            form.get_by_role("button").click()

    return do_switch


@pytest.fixture(scope="session")
def assert_accessible_in_japanese(
    switch_language: Callable[[Page, str], None], assert_accessible: Callable[[Page, str], None]
) -> Callable[..., None]:
    """axe on the page as it is, in Japanese (whatever is translated by now), then back to
    English unless ``back_to_english=False``. Only for pages reached by GET: switching the
    language reloads the same address."""

    def check(page: Page, what: str, *, back_to_english: bool = True) -> None:
        address = page.url.split("#")[0]
        switch_language(page, "日本語")
        assert page.url.split("#")[0] == address
        assert page.locator("html").get_attribute("lang") == "ja"
        assert_accessible(page, f"{what} in Japanese")
        if back_to_english:
            switch_language(page, "English")
            assert page.locator("html").get_attribute("lang") == "en"

    return check
