"""Demo seminars of the Asian Social Welfare Seminar program.

- The 7th seminar, 2–6 December 2019 in Tokyo, up to 10 participants from each country:
  country reports, a keynote on community-based integrated care, site visits each followed by
  a summary session, a panel discussion. Its registrations are history: the alumni of the
  31st–35th cohorts and the trainees of the 36th, then in Japan, recorded as they were.
- The 8th seminar, 1–4 February 2027 in Tokyo (a fictional date: the five-year cycle slipped
  after the pandemic years), open for registration until 15 January 2027, with a cap of two
  per country that Filipino alumni have already filled. The Filipino demo trainee is refused
  with the cap's message; the Indonesian demo alumna can still register.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.programs import services as program_services
from lms.programs.models import Cohort, CohortStatus, Program
from lms.seminars import services
from lms.seminars.models import RegistrationStatus, SeminarRegistration, SeminarSession
from lms.seminars.models import SessionKind as Kind  # the program below reads as a table

VENUE = "Shin-Kasumigaseki Building, conference hall"
FACILITY_VISIT_NOTE = "Participants are split into groups; each group visits one facility."


@dataclass(frozen=True)
class DemoSession:
    day: int
    starts: str
    ends: str
    kind: Kind
    title: str
    place: str | None = None
    description: str = ""


@dataclass(frozen=True)
class DemoSeminar:
    number: int
    fiscal_year: int
    starts_on: dt.date
    ends_on: dt.date
    capacity: int
    per_country_cap: int
    registration_closes_on: dt.date
    description: str
    sessions: tuple[DemoSession, ...]
    status: CohortStatus


def _reports(day: int, start_hour: int, countries: tuple[str, ...]) -> tuple[DemoSession, ...]:
    """Country reports of 40 minutes each, back to back."""
    sessions = []
    minutes = start_hour * 60
    for country in countries:
        sessions.append(DemoSession(
            day, f"{minutes // 60:02d}:{minutes % 60:02d}",
            f"{(minutes + 40) // 60:02d}:{(minutes + 40) % 60:02d}", Kind.COUNTRY_REPORT,
            f"Country report: {country}",
            description="Alumni of the country present its social welfare today and the work "
                        "they have done since their training."))
        minutes += 45
    return tuple(sessions)


SEVENTH = DemoSeminar(
    number=7, fiscal_year=2019, starts_on=dt.date(2019, 12, 2), ends_on=dt.date(2019, 12, 6),
    capacity=80, per_country_cap=10, registration_closes_on=dt.date(2019, 10, 31),
    status=CohortStatus.COMPLETED,
    description="Alumni of the Asian Social Welfare Workers' Training Program and the trainees "
                "of the 36th cohort meet in Tokyo to report on social welfare in their "
                "countries, visit welfare facilities and discuss community-based integrated "
                "care.",
    sessions=(
        DemoSession(1, "09:30", "10:00", Kind.OPENING, "Opening ceremony"),
        DemoSession(1, "10:00", "11:30", Kind.LECTURE,
                    "Keynote: community-based integrated care in Japan",
                    description="How medical care, long-term care, prevention, housing and "
                                "daily-life support come together in each neighbourhood, and "
                                "what the social welfare councils contribute."),
        *_reports(1, 13, ("Korea", "Taiwan", "Philippines", "Thailand")),
        DemoSession(1, "16:15", "17:15", Kind.DISCUSSION,
                    "Discussion of the first day's country reports"),
        *_reports(2, 9, ("Malaysia", "Indonesia", "Sri Lanka", "Bangladesh")),
        DemoSession(2, "13:30", "16:30", Kind.DISCUSSION,
                    "Panel discussion: ageing societies and the role of social workers",
                    description="Four alumni and a Japanese practitioner compare how their "
                                "countries support older people to live at home."),
        DemoSession(3, "09:00", "12:30", Kind.SITE_VISIT,
                    "Site visits: special nursing homes and day-care centres for older people",
                    place="Setagaya and Nerima wards, Tokyo", description=FACILITY_VISIT_NOTE),
        DemoSession(3, "14:00", "16:00", Kind.SUMMARY,
                    "Summary session: what we saw at the facilities for older people"),
        DemoSession(4, "09:00", "12:30", Kind.SITE_VISIT,
                    "Site visits: a community general support centre and a children's cafeteria "
                    "run by volunteers",
                    place="Kita ward, Tokyo", description=FACILITY_VISIT_NOTE),
        DemoSession(4, "14:00", "16:00", Kind.SUMMARY,
                    "Summary session: community welfare and volunteers"),
        DemoSession(4, "16:15", "17:30", Kind.LECTURE,
                    "Lecture: building inclusive communities, the role of the social welfare "
                    "council"),
        DemoSession(5, "09:30", "11:30", Kind.DISCUSSION,
                    "Panel discussion: from training in Japan to practice at home"),
        DemoSession(5, "11:30", "12:00", Kind.CLOSING, "Closing ceremony"),
    ),
)

EIGHTH = DemoSeminar(
    number=8, fiscal_year=2026, starts_on=dt.date(2027, 2, 1), ends_on=dt.date(2027, 2, 4),
    capacity=40, per_country_cap=2, registration_closes_on=dt.date(2027, 1, 15),
    status=CohortStatus.PLANNED,
    description="Places are few this time: up to two participants from each country, among "
                "alumni and the trainees of the fiscal 2026 cohort.",
    sessions=(
        DemoSession(1, "09:30", "10:00", Kind.OPENING, "Opening ceremony"),
        DemoSession(1, "10:00", "11:30", Kind.LECTURE,
                    "Keynote: community-based integrated care after the pandemic"),
        *_reports(1, 13, ("Korea", "Taiwan", "Philippines", "Thailand")),
        *_reports(2, 9, ("Malaysia", "Indonesia", "Sri Lanka", "Bangladesh")),
        DemoSession(2, "13:30", "16:00", Kind.DISCUSSION,
                    "Discussion: welfare services when people cannot meet"),
        DemoSession(3, "09:00", "12:30", Kind.SITE_VISIT,
                    "Site visit: a small-scale multifunctional home care facility",
                    place="Hachioji, Tokyo"),
        DemoSession(3, "14:00", "16:00", Kind.SUMMARY, "Summary session of the site visit"),
        DemoSession(4, "09:30", "11:30", Kind.DISCUSSION,
                    "Panel discussion: alumni projects funded by the grant program"),
        DemoSession(4, "11:30", "12:00", Kind.CLOSING, "Closing ceremony"),
    ),
)

# Who came to the 7th: most alumni of the 31st–35th cohorts, and the whole 36th, then in
# Japan. Two alumni could not travel that year.
SEVENTH_PARTICIPANTS = (
    "kim.jihye@example.org", "lin.yuting@example.org", "maricel.dizon@example.org",
    "chamari.w@example.org", "rina.wulandari@example.org",
    "choi.eunji@example.org", "jonalyn.cruz@example.org", "supaporn.t@example.org",
    "nadeesha.p@example.org",
    "mohd.faizal@example.org", "dian.sari@example.org", "rashed.karim@example.org",
    "yoon.hyejin@example.org",
    "ma.theresa.lim@example.org", "wichai.b@example.org", "tsai.mingche@example.org",
    "siti.rahmah@example.org", "agus.setiawan@example.org", "nusrat.jahan@example.org",
    "han.sora@example.org", "jerome.villanueva@example.org",
    "park.seoyeon@example.org", "chen.weiling@example.org", "rodel.bautista@example.org",
    "siriporn.k@example.org", "nurul.aisyah@example.org", "alumna@kakehashi.example",
)

# The 8th so far: the Philippines' two places are taken, Thailand has one left; one alumna
# registered and then cancelled.
EIGHTH_PARTICIPANTS = (
    "maricel.dizon@example.org", "jerome.villanueva@example.org", "kim.jihye@example.org",
    "wichai.b@example.org", "farhana.akter@example.org", "chen.weiling@example.org",
)
EIGHTH_CANCELLED = ("nurul.aisyah@example.org",)


def seed_seminars(db_session: Session) -> None:
    staff = user_by_email(db_session, "staff@kakehashi.example")
    program = db_session.scalar(select(Program).where(Program.slug == "asw-seminar"))
    if staff is None or program is None:
        raise RuntimeError("seed_people and seed_cohorts must run before seed_seminars")
    seventh = _seminar(db_session, staff, program, SEVENTH)
    if not _has_registrations(db_session, seventh):
        _record_history(db_session, seventh, SEVENTH_PARTICIPANTS,
                        dt.datetime(2019, 9, 2, 1, 0, tzinfo=dt.UTC))
    if seventh.status != SEVENTH.status:
        # A past seminar imported as history: it took place, so it is recorded as completed.
        seventh.status = SEVENTH.status
    eighth = _seminar(db_session, staff, program, EIGHTH)
    if not _has_registrations(db_session, eighth):
        _register_now(db_session, eighth)
    db_session.flush()


def _seminar(db_session: Session, staff: User, program: Program, spec: DemoSeminar) -> Cohort:
    cohort = db_session.scalar(select(Cohort).where(Cohort.program_id == program.id,
                                                    Cohort.number == spec.number))
    if cohort is None:
        cohort = program_services.create_cohort(
            db_session, staff, program, program_services.CohortDetails(
                number=spec.number, fiscal_year=spec.fiscal_year,
                title=f"{spec.number}th Asian Social Welfare Seminar",
                starts_on=spec.starts_on, ends_on=spec.ends_on, timezone="Asia/Tokyo",
                capacity=spec.capacity, course_id=None))
    if cohort.status not in services.OPEN_STATUSES:
        return cohort  # seeded before and since completed: nothing more to add
    if services.seminar_of(db_session, cohort) is None:
        services.save_details(db_session, staff, cohort, services.SeminarDetails(
            venue=VENUE, city="Tokyo", per_country_cap=spec.per_country_cap,
            registration_closes_on=spec.registration_closes_on,
            description=spec.description))
    has_sessions = db_session.scalar(select(SeminarSession.id).where(
        SeminarSession.cohort_id == cohort.id).limit(1)) is not None
    if not has_sessions:
        for session in spec.sessions:
            services.add_session(db_session, staff, cohort, services.SessionDetails(
                kind=session.kind, title=session.title,
                day=spec.starts_on + dt.timedelta(days=session.day - 1),
                starts=dt.time.fromisoformat(session.starts),
                ends=dt.time.fromisoformat(session.ends), place=session.place,
                description=session.description))
    return cohort


def _has_registrations(db_session: Session, cohort: Cohort) -> bool:
    return db_session.scalar(select(SeminarRegistration.id).where(
        SeminarRegistration.cohort_id == cohort.id).limit(1)) is not None


def _record_history(db_session: Session, cohort: Cohort, emails: tuple[str, ...],
                    first_at: dt.datetime, status: RegistrationStatus =
                    RegistrationStatus.REGISTERED) -> None:
    """Registrations made back then, when the registrants were alumni or trainees and
    registration was open; today's rules would refuse them, so they are written as records."""
    for index, email in enumerate(emails):
        person = user_by_email(db_session, email)
        if person is None or person.country is None:
            continue
        at = first_at + dt.timedelta(days=index % 40, hours=index % 7)
        db_session.add(SeminarRegistration(
            cohort_id=cohort.id, user_id=person.id, country=person.country, status=status,
            registered_at=at,
            cancelled_at=at + dt.timedelta(days=3)
            if status == RegistrationStatus.CANCELLED else None,
            cancelled_by_id=person.id if status == RegistrationStatus.CANCELLED else None))
    db_session.flush()


def _register_now(db_session: Session, cohort: Cohort) -> None:
    """Through the registration service while it is open; once the window has passed (the
    demo seeded later), as records."""
    seminar = services.seminar_of(db_session, cohort)
    if not services.registration_is_open(cohort, seminar):
        _record_history(db_session, cohort, EIGHTH_PARTICIPANTS,
                        dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC))
        _record_history(db_session, cohort, EIGHTH_CANCELLED,
                        dt.datetime(2026, 11, 3, 1, 0, tzinfo=dt.UTC),
                        RegistrationStatus.CANCELLED)
        return
    for email in EIGHTH_PARTICIPANTS + EIGHTH_CANCELLED:
        person = user_by_email(db_session, email)
        if person is None:
            continue
        registration = services.register(db_session, person, cohort)
        if email in EIGHTH_CANCELLED:
            services.cancel_registration(db_session, person, cohort, registration)
