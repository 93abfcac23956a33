"""Demo programs and cohorts of the year-long training.

- fiscal 2014: the 31st cohort, completed, five trainees;
- fiscal 2015–2018: the 32nd to 35th cohorts, completed, four or five trainees each;
- fiscal 2019: the 36th cohort, 14 March 2019 – 25 February 2020, six trainees from six
  countries, completed;
- fiscal 2020: the 37th cohort, cancelled because of the COVID-19 pandemic;
- fiscal 2026: a cohort in progress, March 2026 – February 2027, with partial progress;
- fiscal 2027: the next cohort, planned, starting in March 2027.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.accounts.services import create_user
from lms.clock import utcnow
from lms.curriculum.models import Course, Item, ItemType, LessonProgress, Module
from lms.curriculum.sync import sync_courses
from lms.demo.people import DEMO_PASSWORD, DemoLogin
from lms.programs import services
from lms.programs.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    ProgramKind,
)

PROGRAMS = (
    ("aswwtp", ProgramKind.YEAR_LONG, "ASWWTP", "Asian Social Welfare Workers' Training Program",
     "A year in Japan for social welfare workers from Asian countries: Japanese, lectures and "
     "facility visits, two facility practicums, and a completion report."),
    ("aswwtp-follow-up", ProgramKind.FOLLOW_UP, "ASWWTP-FU", "Follow-up Training for Ex-trainees",
     "A short training for alumni of the year-long program, on their practice at home."),
    ("asw-seminar", ProgramKind.SEMINAR, "ASWS", "Asian Social Welfare Seminar",
     "Alumni and current trainees meet every five years to share their countries' welfare."),
)


@dataclass(frozen=True)
class DemoTrainee:
    email: str
    name: str
    country: str
    affiliation: str


@dataclass(frozen=True)
class DemoCohort:
    number: int | None
    fiscal_year: int
    title: str
    starts_on: dt.date
    ends_on: dt.date
    status: CohortStatus
    trainees: tuple[DemoTrainee, ...]
    cancellation_reason: str | None = None


COHORTS = (
    DemoCohort(31, 2014, "31st cohort (fiscal 2014)", dt.date(2014, 3, 13), dt.date(2015, 2, 26),
               CohortStatus.COMPLETED, (
        DemoTrainee("kim.jihye@example.org", "Kim Ji-hye", "KR", "Seoul community welfare centre"),
        DemoTrainee("lin.yuting@example.org", "Lin Yu-ting", "TW", "Taichung senior day centre"),
        DemoTrainee("maricel.dizon@example.org", "Maricel Dizon", "PH",
                    "Municipal social welfare and development office, Iloilo"),
        DemoTrainee("chamari.w@example.org", "Chamari Wickramasinghe", "LK",
                    "Children's home, Kandy"),
        DemoTrainee("rina.wulandari@example.org", "Rina Wulandari", "ID",
                    "Disability service NGO, Yogyakarta"),
    )),
    DemoCohort(32, 2015, "32nd cohort (fiscal 2015)", dt.date(2015, 3, 12), dt.date(2016, 2, 25),
               CohortStatus.COMPLETED, (
        DemoTrainee("choi.eunji@example.org", "Choi Eun-ji", "KR",
                    "Senior welfare centre, Gwangju"),
        DemoTrainee("jonalyn.cruz@example.org", "Jonalyn Cruz", "PH",
                    "Provincial social welfare office, Pampanga"),
        DemoTrainee("supaporn.t@example.org", "Supaporn Thongchai", "TH",
                    "Home for persons with disabilities, Nonthaburi"),
        DemoTrainee("nadeesha.p@example.org", "Nadeesha Perera", "LK",
                    "Elders' day centre, Colombo"),
    )),
    DemoCohort(33, 2016, "33rd cohort (fiscal 2016)", dt.date(2016, 3, 10), dt.date(2017, 2, 23),
               CohortStatus.COMPLETED, (
        DemoTrainee("huang.peishan@example.org", "Huang Pei-shan", "TW",
                    "Family support centre, Tainan"),
        DemoTrainee("mohd.faizal@example.org", "Mohd Faizal bin Ismail", "MY",
                    "Department of Social Welfare district office, Kedah"),
        DemoTrainee("dian.sari@example.org", "Dian Sari", "ID", "Child protection NGO, Surabaya"),
        DemoTrainee("rashed.karim@example.org", "Rashed Karim", "BD",
                    "Community health and welfare NGO, Sylhet"),
        DemoTrainee("yoon.hyejin@example.org", "Yoon Hye-jin", "KR",
                    "Welfare centre for persons with disabilities, Incheon"),
    )),
    DemoCohort(34, 2017, "34th cohort (fiscal 2017)", dt.date(2017, 3, 16), dt.date(2018, 2, 22),
               CohortStatus.COMPLETED, (
        DemoTrainee("ma.theresa.lim@example.org", "Ma. Theresa Lim", "PH",
                    "Bahay kalinga for older persons, Davao"),
        DemoTrainee("wichai.b@example.org", "Wichai Boonmee", "TH",
                    "Social welfare protection centre, Udon Thani"),
        DemoTrainee("tsai.mingche@example.org", "Tsai Ming-che", "TW",
                    "Community care station, Hualien"),
        DemoTrainee("kasun.fernando@example.org", "Kasun Fernando", "LK",
                    "Probation and child care services, Matara"),
    )),
    DemoCohort(35, 2018, "35th cohort (fiscal 2018)", dt.date(2018, 3, 15), dt.date(2019, 2, 21),
               CohortStatus.COMPLETED, (
        DemoTrainee("siti.rahmah@example.org", "Siti Rahmah binti Yusof", "MY",
                    "Welfare home for older persons, Johor"),
        DemoTrainee("agus.setiawan@example.org", "Agus Setiawan", "ID",
                    "Social rehabilitation centre, Makassar"),
        DemoTrainee("nusrat.jahan@example.org", "Nusrat Jahan", "BD",
                    "Women's shelter, Chattogram"),
        DemoTrainee("han.sora@example.org", "Han So-ra", "KR", "Community welfare centre, Ulsan"),
        DemoTrainee("jerome.villanueva@example.org", "Jerome Villanueva", "PH",
                    "Municipal social welfare office, Bohol"),
    )),
    DemoCohort(36, 2019, "36th cohort (fiscal 2019)", dt.date(2019, 3, 14), dt.date(2020, 2, 25),
               CohortStatus.COMPLETED, (
        DemoTrainee("park.seoyeon@example.org", "Park Seo-yeon", "KR",
                    "Social welfare council of a district in Busan"),
        DemoTrainee("chen.weiling@example.org", "Chen Wei-ling", "TW",
                    "Long-term care centre, Kaohsiung"),
        DemoTrainee("rodel.bautista@example.org", "Rodel Bautista", "PH",
                    "Department of Social Welfare and Development field office, Cebu"),
        DemoTrainee("siriporn.k@example.org", "Siriporn Kaewmanee", "TH",
                    "Provincial social development office, Khon Kaen"),
        DemoTrainee("nurul.aisyah@example.org", "Nurul Aisyah binti Hassan", "MY",
                    "Community-based rehabilitation centre, Selangor"),
        DemoTrainee("alumna@kakehashi.example", "Putri Handayani", "ID",
                    "Elderly care foundation, Bandung"),
    )),
    DemoCohort(37, 2020, "37th cohort (fiscal 2020)", dt.date(2020, 3, 12), dt.date(2021, 2, 24),
               CohortStatus.CANCELLED, (),
               cancellation_reason="Cancelled because of the COVID-19 pandemic: trainees could "
                                   "not travel to Japan."),
    DemoCohort(None, 2026, "Fiscal 2026 cohort", dt.date(2026, 3, 12), dt.date(2027, 2, 24),
               CohortStatus.ACTIVE, (
        DemoTrainee("trainee@kakehashi.example", "Amihan Reyes", "PH",
                    "City social welfare office, Quezon City"),
        DemoTrainee("farhana.akter@example.org", "Farhana Akter", "BD",
                    "Women and children support NGO, Dhaka"),
        DemoTrainee("tharindu.j@example.org", "Tharindu Jayasinghe", "LK",
                    "Divisional secretariat social services unit, Galle"),
        DemoTrainee("kittipong.s@example.org", "Kittipong Srisuk", "TH",
                    "Home for older persons, Chiang Mai"),
        DemoTrainee("lee.minjun@example.org", "Lee Min-jun", "KR",
                    "Disability welfare centre, Daejeon"),
        DemoTrainee("ayu.pratiwi@example.org", "Ayu Pratiwi", "ID",
                    "Village social welfare programme, Central Java"),
    )),
    DemoCohort(None, 2027, "Fiscal 2027 cohort", dt.date(2027, 3, 11), dt.date(2028, 2, 23),
               CohortStatus.PLANNED, ()),
)

# Host facilities are invented; the kinds of facility are the ones trainees are placed at.
MENTORS = (
    ("mentor@kakehashi.example", "Tanaka Hiroko",
     "Special nursing home for the elderly Midori-no-sato (fictional), Tokyo"),
    ("suzuki.kenta@example.org", "Suzuki Kenta",
     "Children's home Hikari-no-ie (fictional), Kanagawa"),
    ("yamamoto.aya@example.org", "Yamamoto Aya",
     "Municipal council of social welfare (fictional ward), Tokyo"),
)

# Share of the opened lessons each current trainee has done, so the pages show real spread.
CURRENT_PROGRESS = (0.9, 0.75, 0.6, 0.85, 0.4, 0.7)


def seed_cohorts(db_session: Session, courses_dir: Path | None) -> list[DemoLogin]:
    year_course = _course(db_session, courses_dir, "aswwtp-year")
    programs = {slug: _program(db_session, slug, kind, code, title, text)
                for slug, kind, code, title, text in PROGRAMS}
    staff = user_by_email(db_session, "staff@kakehashi.example")
    if staff is None:
        raise RuntimeError("seed_people must run before seed_cohorts")
    current = None
    for spec in COHORTS:
        cohort = _cohort(db_session, staff, programs["aswwtp"], spec, year_course)
        enrollments = [_enroll(db_session, staff, cohort, trainee)
                       for trainee in spec.trainees]
        if spec.status == CohortStatus.COMPLETED:
            # A past year imported as history: its outcomes are known and recorded as such.
            for enrollment in enrollments:
                enrollment.status = EnrollmentStatus.COMPLETED
            cohort.status = CohortStatus.COMPLETED
        if spec.status == CohortStatus.ACTIVE:
            current = cohort
            mentors = [_mentor(db_session, staff, cohort, *mentor) for mentor in MENTORS]
            for index, trainee in enumerate(enrollments):
                services.assign_mentor(db_session, staff, mentors[index % len(mentors)], trainee)
            _progress(db_session, cohort, enrollments)
    db_session.flush()
    logins = [DemoLogin("trainee", "trainee@kakehashi.example"),
              DemoLogin("mentor", "mentor@kakehashi.example"),
              DemoLogin("alumna (36th cohort)", "alumna@kakehashi.example")]
    return logins if current is not None else []


def _course(db_session: Session, courses_dir: Path | None, slug: str) -> Course | None:
    if courses_dir is not None and courses_dir.is_dir():
        sync_courses(db_session, courses_dir)
    return db_session.scalar(select(Course).where(Course.slug == slug))


def _program(db_session: Session, slug: str, kind: ProgramKind, code: str, title: str,
             description: str) -> Program:
    program = db_session.scalar(select(Program).where(Program.slug == slug))
    if program is None:
        program = Program(slug=slug, kind=kind, code=code, title=title, description=description)
        db_session.add(program)
        db_session.flush()
    return program


def _cohort(db_session: Session, staff: User, program: Program, spec: DemoCohort,
            course: Course | None) -> Cohort:
    cohort = db_session.scalar(select(Cohort).where(Cohort.program_id == program.id,
                                                    Cohort.fiscal_year == spec.fiscal_year))
    if cohort is not None:
        return cohort
    cohort = services.create_cohort(db_session, staff, program, services.CohortDetails(
        number=spec.number, fiscal_year=spec.fiscal_year, title=spec.title,
        starts_on=spec.starts_on, ends_on=spec.ends_on, timezone="Asia/Tokyo",
        capacity=6, course_id=course.id if course else None))
    if spec.status == CohortStatus.CANCELLED:
        services.change_cohort_status(db_session, staff, cohort, CohortStatus.CANCELLED,
                                      spec.cancellation_reason)
    elif spec.status in (CohortStatus.ACTIVE, CohortStatus.COMPLETED):
        services.change_cohort_status(db_session, staff, cohort, CohortStatus.ACTIVE)
    return cohort


def _person(db_session: Session, email: str, name: str, country: str) -> User:
    user = user_by_email(db_session, email)
    if user is None:
        user = create_user(db_session, email, name, DEMO_PASSWORD, country=country,
                           locale="en")
    return user


def _enroll(
    db_session: Session, staff: User, cohort: Cohort, trainee: DemoTrainee
) -> Enrollment:
    user = _person(db_session, trainee.email, trainee.name, trainee.country)
    enrollment = db_session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.user_id == user.id))
    return enrollment or services.enroll(db_session, staff, cohort, user,
                                         EnrollmentRole.TRAINEE, trainee.affiliation)


def _mentor(db_session: Session, staff: User, cohort: Cohort, email: str, name: str,
            facility: str) -> Enrollment:
    user = _person(db_session, email, name, "JP")
    enrollment = db_session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.user_id == user.id,
        Enrollment.role == EnrollmentRole.MENTOR))
    return enrollment or services.enroll(db_session, staff, cohort, user,
                                         EnrollmentRole.MENTOR, facility)


def _progress(db_session: Session, cohort: Cohort, enrollments: list[Enrollment]) -> None:
    if cohort.course_id is None:
        return
    today = cohort.day_at(utcnow())
    lessons = list(db_session.scalars(
        select(Item).join(Module, Item.module_id == Module.id)
        .where(Item.course_id == cohort.course_id, Item.type == ItemType.LESSON,
               Item.archived_at.is_(None), Module.opens_day <= today)
        .order_by(Module.position, Item.position)))
    done = {(row.enrollment_id, row.item_id) for row in db_session.scalars(
        select(LessonProgress).where(LessonProgress.enrollment_id.in_(
            [enrollment.id for enrollment in enrollments])))}
    for enrollment, share in zip(enrollments, CURRENT_PROGRESS, strict=False):
        for lesson in lessons[:round(len(lessons) * share)]:
            if (enrollment.id, lesson.id) not in done:
                db_session.add(LessonProgress(enrollment_id=enrollment.id, item_id=lesson.id))

