"""Demo follow-up trainings, for alumni of the year-long program.

- Follow-up Training 2024 (20 January – 7 February 2025): completed, four alumni, as history;
- Follow-up Training 2026 (18 January – 5 February 2027, four places): applications closed on
  15 November 2026; six alumni applied, four were selected (and enrolled) and two are on the
  waitlist: Nusrat Jahan and the demo alumna, Putri Handayani, who can withdraw, or be
  selected by staff once a place frees;
- Follow-up Training 2027 (17 January – 4 February 2028, four places): open for applications
  until 31 October 2027, with two applications waiting for a decision. The demo alumna has
  not applied, so a tester can apply as her and, as staff, select.

People are the fictional alumni of lms/demo/cohorts.py; the applications of the 2026 cohort
are imported as sent in October 2026 (its call has closed since), and the selection is made
through the selection service, which enrolls, audits and mails as it would for staff.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.clock import utcnow
from lms.curriculum.models import Course
from lms.followup import services
from lms.followup.models import ApplicationStatus, FollowUpApplication, FollowUpCall
from lms.programs import services as program_services
from lms.programs.models import (
    Cohort,
    CohortStatus,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
)

PROGRAM_SLUG = COURSE_SLUG = "aswwtp-follow-up"
CAPACITY = 4

INTRO = (
    "The follow-up training brings alumni of the Asian Social Welfare Workers' Training "
    "Program back to Japan for about three weeks: to look again at their practice at home, "
    "review the progress of their action plans, and learn with alumni from other countries.\n\n"
    "- Lectures on what has changed in Japan's social welfare since your training\n"
    "- Visits to facilities and community programs in Tokyo and one other prefecture\n"
    "- Peer exchange: each participant presents a case from their work\n\n"
    "The council pays for travel, lodging and meals. Write a short motivation: what you work "
    "on now, and what you wish to bring back.")


@dataclass(frozen=True)
class DemoApplication:
    email: str
    motivation: str
    submitted_on: dt.date


@dataclass(frozen=True)
class DemoFollowUp:
    fiscal_year: int
    title: str
    starts_on: dt.date
    ends_on: dt.date
    last_day: dt.date
    applications: tuple[DemoApplication, ...]


HISTORY = DemoFollowUp(2024, "Follow-up Training 2024", dt.date(2025, 1, 20),
                       dt.date(2025, 2, 7), dt.date(2024, 10, 31), (
    DemoApplication("kim.jihye@example.org",
                    "Ten years after my training I coordinate volunteers at a community welfare "
                    "centre in Seoul. I would like to learn how Japanese councils of social "
                    "welfare train and support local volunteers, and share our own experience "
                    "with neighbourhood watch for older people living alone.",
                    dt.date(2024, 9, 12)),
    DemoApplication("lin.yuting@example.org",
                    "Our day centre in Taichung now serves many people living with dementia. I "
                    "wish to see how Japanese day services and dementia cafés involve families, "
                    "and to discuss with alumni how we train care workers.",
                    dt.date(2024, 9, 20)),
    DemoApplication("choi.eunji@example.org",
                    "I lead a team for home-visit services in Gwangju. I hope to compare how "
                    "care managers in Japan plan services with older people and their families, "
                    "and bring back ideas for our case conferences.",
                    dt.date(2024, 10, 2)),
    DemoApplication("huang.peishan@example.org",
                    "At our family support centre in Tainan we see more young carers. I would "
                    "like to learn about Japan's work with young carers and schools, and share "
                    "the peer-group programme we started after my training.",
                    dt.date(2024, 10, 15)),
))

CURRENT = DemoFollowUp(2026, "Follow-up Training 2026", dt.date(2027, 1, 18),
                       dt.date(2027, 2, 5), dt.date(2026, 11, 15), (
    DemoApplication("maricel.dizon@example.org",
                    "Since my training I have worked in disaster response in Iloilo. After the "
                    "last typhoons many older persons lost their homes and their neighbours. I "
                    "wish to learn how Japanese communities support older people in temporary "
                    "housing, and to share what our barangay volunteers did.",
                    dt.date(2026, 10, 5)),
    DemoApplication("supaporn.t@example.org",
                    "Our home for persons with disabilities in Nonthaburi is preparing some "
                    "residents to live in the community. I want to study Japanese group homes "
                    "and employment support, and discuss with alumni how to convince families "
                    "and local officials.",
                    dt.date(2026, 10, 8)),
    DemoApplication("mohd.faizal@example.org",
                    "Villages in my district of Kedah are ageing fast as young people move to "
                    "the cities. I hope to learn how Japan's commissioned welfare volunteers "
                    "and community salons keep older people connected, and to adapt this for "
                    "our village committees.",
                    dt.date(2026, 10, 13)),
    DemoApplication("kasun.fernando@example.org",
                    "I work on alternatives to institutional care for children in Matara. I "
                    "would like to learn about foster care and family support in Japan, and "
                    "share our experience in reuniting children with their families.",
                    dt.date(2026, 10, 20)),
    DemoApplication("nusrat.jahan@example.org",
                    "I manage a women's shelter in Chattogram. I wish to see how Japanese "
                    "women's consultation centres work with the police and the courts, and to "
                    "improve our follow-up after women leave the shelter.",
                    dt.date(2026, 10, 28)),
    DemoApplication("alumna@kakehashi.example",
                    "Our foundation in Bandung runs home care for older people with volunteers "
                    "from the neighbourhood. I want to learn how Japan's community-based "
                    "integrated care brings health and welfare services together, and share "
                    "how our volunteers keep in touch with families.",
                    dt.date(2026, 11, 3)),
))
#: In the order staff ticked them; the rest of CURRENT's applicants go on the waitlist.
SELECTED = ("maricel.dizon@example.org", "supaporn.t@example.org", "mohd.faizal@example.org",
            "kasun.fernando@example.org")

NEXT = DemoFollowUp(2027, "Follow-up Training 2027", dt.date(2028, 1, 17),
                    dt.date(2028, 2, 4), dt.date(2027, 10, 31), (
    DemoApplication("chen.weiling@example.org",
                    "I now lead the training of care workers at a long-term care centre in "
                    "Kaohsiung. I would like to learn how Japanese facilities bring in care "
                    "workers from abroad and support them, as we do the same in Taiwan.",
                    dt.date(2026, 11, 10)),
    DemoApplication("jerome.villanueva@example.org",
                    "In Bohol our office started a programme for persons with disabilities in "
                    "remote barangays. I hope to learn about community-based rehabilitation "
                    "and transport services in rural Japan, and to share our plan with alumni.",
                    dt.date(2026, 11, 18)),
))


def seed_followup(db_session: Session) -> None:
    program = db_session.scalar(select(Program).where(Program.slug == PROGRAM_SLUG))
    staff = user_by_email(db_session, "staff@kakehashi.example")
    if program is None or staff is None:
        raise RuntimeError("seed_people and seed_cohorts must run before seed_followup")
    course = db_session.scalar(select(Course).where(Course.slug == COURSE_SLUG))
    _history(db_session, staff, program, course)
    _current(db_session, staff, program, course)
    _next(db_session, staff, program, course)
    db_session.flush()


def _cohort(db_session: Session, staff: User, program: Program, spec: DemoFollowUp,
            course: Course | None) -> tuple[Cohort, bool]:
    cohort = db_session.scalar(select(Cohort).where(Cohort.program_id == program.id,
                                                    Cohort.fiscal_year == spec.fiscal_year))
    if cohort is not None:
        return cohort, False
    cohort = program_services.create_cohort(db_session, staff, program,
                                            program_services.CohortDetails(
        number=None, fiscal_year=spec.fiscal_year, title=spec.title, starts_on=spec.starts_on,
        ends_on=spec.ends_on, timezone="Asia/Tokyo", capacity=CAPACITY,
        course_id=course.id if course else None))
    return cohort, True


def _sent_at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 30), dt.UTC)


def _imported_call(db_session: Session, staff: User, cohort: Cohort,
                   spec: DemoFollowUp) -> None:
    """A call that has closed already: recorded as history, as the service opens only calls
    that close in the future."""
    db_session.add(FollowUpCall(cohort_id=cohort.id, intro=INTRO,
                                closes_at=services.closing_time(cohort, spec.last_day),
                                opened_at=_sent_at(spec.applications[0].submitted_on
                                                   - dt.timedelta(days=30)),
                                opened_by_id=staff.id))


def _imported_applications(db_session: Session, cohort: Cohort,
                           spec: DemoFollowUp) -> dict[str, FollowUpApplication]:
    applications = {}
    for demo in spec.applications:
        user = user_by_email(db_session, demo.email)
        if user is None:
            continue
        application = FollowUpApplication(cohort_id=cohort.id, user_id=user.id,
                                          motivation=demo.motivation,
                                          status=ApplicationStatus.SUBMITTED,
                                          submitted_at=_sent_at(demo.submitted_on))
        db_session.add(application)
        applications[demo.email] = application
    db_session.flush()
    return applications


def _history(db_session: Session, staff: User, program: Program, course: Course | None) -> None:
    cohort, created = _cohort(db_session, staff, program, HISTORY, course)
    if not created:
        return
    _imported_call(db_session, staff, cohort, HISTORY)
    applications = _imported_applications(db_session, cohort, HISTORY)
    program_services.change_cohort_status(db_session, staff, cohort, CohortStatus.ACTIVE)
    for application in applications.values():
        enrollment = program_services.enroll(db_session, staff, cohort, application.user,
                                             EnrollmentRole.TRAINEE)
        enrollment.status = EnrollmentStatus.COMPLETED
        application.enrollment = enrollment
        application.status = ApplicationStatus.SELECTED
        application.decided_at = _sent_at(dt.date(2024, 11, 15))
        application.decided_by_id = staff.id
    # A past training imported as history: its outcomes are known and recorded as such.
    cohort.status = CohortStatus.COMPLETED


def _current(db_session: Session, staff: User, program: Program, course: Course | None) -> None:
    cohort, created = _cohort(db_session, staff, program, CURRENT, course)
    if not created:
        return
    _imported_call(db_session, staff, cohort, CURRENT)
    applications = _imported_applications(db_session, cohort, CURRENT)
    chosen = [applications[email].id for email in SELECTED if email in applications]
    if chosen:
        services.select_applicants(db_session, staff, cohort, chosen)


def _next(db_session: Session, staff: User, program: Program, course: Course | None) -> None:
    cohort, created = _cohort(db_session, staff, program, NEXT, course)
    if not created or services.closing_time(cohort, NEXT.last_day) <= utcnow():
        return  # the demo is run after this call would have closed: leave it unopened
    services.open_call(db_session, staff, cohort, INTRO, NEXT.last_day)
    for demo in NEXT.applications:
        user = user_by_email(db_session, demo.email)
        if user is not None:
            services.apply(db_session, user, cohort, demo.motivation)
