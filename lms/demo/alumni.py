"""Demo alumni profiles and reports from home.

Most alumni of the 31st–36th cohorts have a profile, most of them listed; a few chose not to be
listed and a few have not written one. Four reports are published (Cebu and Bandung during and
after the 2020 lockdown, Thai village health volunteers, a Korean district's check-in calls),
one from Bohol waits for staff, and one of the demo alumna's is back with her with a note.
People and organizations are invented; the events and programs they describe are real.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.alumni import services
from lms.alumni.models import AlumniProfile, AlumniReport, ReportStatus
from lms.clock import utcnow
from lms.mail import OutboxMessage


@dataclass(frozen=True)
class DemoProfile:
    email: str
    listed: bool
    organization: str
    current_role: str
    fields: tuple[str, ...]
    bio: str
    shared: tuple[str, ...] = ("organization", "role")


PROFILES = (
    DemoProfile("kim.jihye@example.org", True, "Seoul community welfare centre (fictional)",
                "Head of the case management team", ("older_people", "community_development"),
                "I coordinate home visits and a neighbourhood watch for older people living "
                "alone.", ("organization", "role", "bio", "email")),
    DemoProfile("lin.yuting@example.org", True, "Taichung senior day centre (fictional)",
                "Centre director", ("older_people",),
                "Day care and dementia cafés; we learned the dementia cafés from Japan.",
                ("organization", "role", "bio")),
    DemoProfile("maricel.dizon@example.org", True,
                "Municipal social welfare and development office, Iloilo (fictional)",
                "Social welfare officer II", ("children_families", "disaster_response"),
                "Family development sessions and evacuation centre management.",
                ("role", "bio")),
    DemoProfile("chamari.w@example.org", True, "Children's home, Kandy (fictional)",
                "Probation officer", ("children_families",),
                "Family reintegration of children leaving residential care."),
    DemoProfile("rina.wulandari@example.org", False, "Disability service NGO, Yogyakarta",
                "Programme coordinator", ("disability", "community_development"),
                "Community-based rehabilitation in villages around Yogyakarta."),
    DemoProfile("choi.eunji@example.org", True, "Senior welfare centre, Gwangju (fictional)",
                "Social worker", ("older_people", "mental_health"),
                "Suicide prevention with older men living alone.", ("organization", "bio")),
    DemoProfile("jonalyn.cruz@example.org", True,
                "Provincial social welfare office, Pampanga (fictional)",
                "Provincial social welfare and development officer",
                ("social_welfare_policy", "poverty_livelihoods"),
                "Conditional cash transfer and sustainable livelihood programmes.",
                ("organization", "role", "email")),
    DemoProfile("supaporn.t@example.org", True,
                "Home for persons with disabilities, Nonthaburi (fictional)", "Social worker",
                ("disability",), "Vocational training with young adults with intellectual "
                "disabilities."),
    DemoProfile("nadeesha.p@example.org", True, "Elders' day centre, Colombo (fictional)",
                "Manager", ("older_people",), "Running an elders' committee and day centre."),
    DemoProfile("huang.peishan@example.org", True, "Family support centre, Tainan (fictional)",
                "Senior social worker", ("children_families", "women_gender"),
                "Support for new immigrant mothers and their children.",
                ("organization", "role", "bio", "email")),
    DemoProfile("mohd.faizal@example.org", True,
                "Department of Social Welfare, Kedah district office (fictional)",
                "Assistant welfare officer", ("social_welfare_policy", "older_people"),
                "Assessment for welfare assistance and community-based care."),
    DemoProfile("dian.sari@example.org", True, "Child protection NGO, Surabaya (fictional)",
                "Case manager", ("children_families", "women_gender"),
                "Case management for children who have experienced violence."),
    DemoProfile("rashed.karim@example.org", True,
                "Community health and welfare NGO, Sylhet (fictional)", "Project manager",
                ("poverty_livelihoods", "disaster_response", "community_development"),
                "Flood preparedness and savings groups in haor villages.",
                ("organization", "role", "bio")),
    DemoProfile("yoon.hyejin@example.org", False,
                "Welfare centre for persons with disabilities, Incheon (fictional)",
                "Team leader", ("disability",), "Independent living support."),
    DemoProfile("ma.theresa.lim@example.org", True,
                "Bahay kalinga for older persons, Davao (fictional)", "House parent supervisor",
                ("older_people",), "Residential care for abandoned older persons."),
    DemoProfile("wichai.b@example.org", True,
                "Social welfare protection centre, Udon Thani (fictional)", "Social worker",
                ("poverty_livelihoods", "older_people"),
                "Protection and shelter for people in hardship."),
    DemoProfile("kasun.fernando@example.org", True,
                "Probation and child care services, Matara (fictional)",
                "Child rights promotion officer", ("children_families",),
                "Village child rights monitoring committees."),
    DemoProfile("siti.rahmah@example.org", True,
                "Welfare home for older persons, Johor (fictional)", "Welfare officer",
                ("older_people", "medical_social_work"),
                "Discharge planning with the district hospital."),
    DemoProfile("agus.setiawan@example.org", True,
                "Social rehabilitation centre, Makassar (fictional)", "Social worker",
                ("mental_health", "disability"),
                "Psychosocial rehabilitation and family support."),
    DemoProfile("nusrat.jahan@example.org", True, "Women's shelter, Chattogram (fictional)",
                "Shelter coordinator", ("women_gender",),
                "Shelter, legal aid referral and livelihood training for survivors of "
                "violence.", ("organization", "role", "bio", "email")),
    DemoProfile("jerome.villanueva@example.org", True,
                "Municipal social welfare office, Bohol (fictional)",
                "Municipal social welfare and development officer",
                ("disaster_response", "disability"),
                "Disability-inclusive disaster response after Typhoon Odette."),
    DemoProfile("park.seoyeon@example.org", True,
                "Social welfare council of a district in Busan (fictional)",
                "Community organizer", ("community_development", "older_people"),
                "Neighbourhood check-in calls and community kitchens.",
                ("organization", "role", "bio")),
    DemoProfile("chen.weiling@example.org", False, "Long-term care centre, Kaohsiung",
                "Care manager", ("older_people", "medical_social_work"), ""),
    DemoProfile("rodel.bautista@example.org", True,
                "Department of Social Welfare and Development field office, Cebu (fictional)",
                "Social welfare officer III", ("older_people", "disaster_response",
                                               "poverty_livelihoods"),
                "Social pension and emergency food assistance for older people.",
                ("organization", "role", "bio", "email")),
    DemoProfile("siriporn.k@example.org", True,
                "Provincial social development office, Khon Kaen (fictional)",
                "Social development worker", ("community_development", "older_people"),
                "Working with village health volunteers and elders' clubs.",
                ("organization", "role", "bio")),
    DemoProfile("alumna@kakehashi.example", True, "Elderly care foundation, Bandung (fictional)",
                "Programme manager", ("older_people", "community_development"),
                "After the 36th cohort I started home visits for older people living alone, "
                "with volunteers from the neighbourhood.", ("organization", "role", "bio")),
)


@dataclass(frozen=True)
class DemoReport:
    email: str
    title: str
    country: str
    body: str
    state: ReportStatus
    sent: dt.datetime
    reviewed: dt.datetime | None = None
    note: str = ""
    with_chart: bool = False


def _history(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 3, 0, tzinfo=dt.UTC)


CEBU = """\
When the enhanced community quarantine began in Cebu City in March 2020, older people in our
barangay could not go to the market, and many lost the small income they had from selling
snacks or doing laundry.

## What we did

- The barangay council, our field office and the senior citizens' association made one list of
  every person aged 60 and over, with who lives with them and who can shop for them.
- Volunteers delivered **food packs** house to house, so nobody had to queue at the hall.
- We paid the **social pension** in advance at home, with the barangay health worker present.

## What we learned

The list was the most useful thing we made. Before the training in Japan I had seen how a
*minsei-iin* knows every older person in the district; the lockdown showed why that matters.

We will keep the list up to date with the senior citizens' association after the pandemic.
"""

KHON_KAEN = """\
Thailand has more than one million village health volunteers (*Or Sor Mor*). In 2020 they went
from house to house in every village to check for fever, explain hand washing and masks, and
record people returning from Bangkok and abroad.

## In our province

Our office worked with the volunteers to find older people living alone and persons with
disabilities who needed food and medicine while markets and temples were closed. The elders'
clubs made cloth masks for the whole village.

## What I want to share

- The volunteers already knew each household, so nobody had to be found from zero.
- Paying volunteers a small allowance during the crisis kept them going for months.
- Social workers and health volunteers need one shared list; we used a simple spreadsheet.
"""

BANDUNG = """\
Our foundation started home visits for older people living alone in two neighbourhoods of
Bandung in 2020. This is our report after the first year.

## Progress

| | Planned | Done |
|---|---|---|
| Volunteers trained | 20 | 26 |
| Older people visited every week | 60 | 71 |
| Referrals to the community health centre | — | 18 |

## What worked

Volunteers from the same *RT* (neighbourhood unit) visit the same people every week. The
weekly meeting where volunteers share what they noticed came from my practicum in Japan.

## Next year

We will add a third neighbourhood and train volunteers to notice early signs of dementia.
"""

BUSAN = """\
Since 2019 our district has called older people living alone every week. During the
COVID-19 pandemic, when senior centres closed, the calls became the main way to know who needed
help.

## How it works

Volunteers from the neighbourhood call the same ten people every week and visit anyone who does
not answer twice. The community welfare centre follows up on anyone who needs services.

## Results

In 2020 the volunteers found several people who had fallen or stopped eating, and no lonely
death was reported in the district that year.
"""

BOHOL = """\
Typhoon Odette (Rai) crossed Bohol on 16 December 2021. In our municipality most houses lost
their roofs and electricity was out for weeks.

## Persons with disabilities in the evacuation centres

We found that our list of persons with disabilities was out of date, and the evacuation centres
had no ramps or accessible toilets. Families carried wheelchair users up the school steps.

## What we are changing

- A new list with the persons with disabilities affairs office, checked every six months.
- Ramps and one accessible toilet in each school used as an evacuation centre.
- Training for barangay responders on assisting persons with disabilities.
"""

CAREGIVERS = """\
A draft about the caregiver training we started with the village health post for older
people (*posyandu lansia*).

We trained 15 family caregivers in six sessions.
"""

REPORTS = (
    DemoReport("rodel.bautista@example.org",
               "How our barangay kept older people fed during the 2020 lockdown", "PH", CEBU,
               ReportStatus.APPROVED, _history(2020, 6, 20), _history(2020, 6, 24),
               with_chart=True),
    DemoReport("siriporn.k@example.org",
               "Village health volunteers and COVID-19 in Khon Kaen", "TH", KHON_KAEN,
               ReportStatus.APPROVED, _history(2020, 9, 2), _history(2020, 9, 7)),
    DemoReport("park.seoyeon@example.org",
               "Weekly check-in calls for older people living alone in Busan", "KR", BUSAN,
               ReportStatus.APPROVED, _history(2021, 1, 12), _history(2021, 1, 15)),
    DemoReport("alumna@kakehashi.example",
               "Home visits for older people in Bandung: our first year", "ID", BANDUNG,
               ReportStatus.APPROVED, _history(2021, 3, 22), _history(2021, 3, 29),
               "Thank you: the table of results is very clear."),
)


def _recent(now: dt.datetime) -> tuple[DemoReport, ...]:
    """Reports of the last few days, so the review queue and the alumna's page have work."""
    return (
        DemoReport("jerome.villanueva@example.org",
                   "After Typhoon Odette: persons with disabilities in Bohol's evacuation "
                   "centres", "PH", BOHOL, ReportStatus.SUBMITTED, now - dt.timedelta(days=2)),
        DemoReport("alumna@kakehashi.example",
                   "Training family caregivers with the village health post", "ID", CAREGIVERS,
                   ReportStatus.RETURNED, now - dt.timedelta(days=9), now - dt.timedelta(days=6),
                   note="Thank you for this. Please say where the training took place and what "
                        "the caregivers said about it, and add a picture of a session if you "
                        "have one (with the participants' permission)."),
    )


CHART_ALT = ("Bar chart of food packs delivered each week from April to June 2020: 120 in the "
             "first week, rising to a peak of 470 in mid-May, then falling to 220 by the end "
             "of June.")
CHART_CAPTION = "Food packs delivered by barangay volunteers each week, April–June 2020"
WEEKLY_PACKS = (120, 180, 260, 340, 410, 450, 470, 460, 430, 380, 300, 220)


def seed_alumni(db_session: Session) -> None:
    staff = user_by_email(db_session, "staff@kakehashi.example")
    if staff is None:
        raise RuntimeError("seed_people must run before seed_alumni")
    first_new_mail = (db_session.scalar(select(func.max(OutboxMessage.id))) or 0) + 1
    for spec in PROFILES:
        _profile(db_session, spec)
    for spec in (*REPORTS, *_recent(utcnow())):
        _report(db_session, staff, spec)
    # The authors were told when these reports were reviewed; that mail is history, not news.
    db_session.execute(update(OutboxMessage).where(OutboxMessage.id >= first_new_mail)
                       .values(sent_at=OutboxMessage.created_at))
    db_session.flush()


def _profile(db_session: Session, spec: DemoProfile) -> None:
    user = user_by_email(db_session, spec.email)
    if user is None or db_session.scalar(select(AlumniProfile.id).where(
            AlumniProfile.user_id == user.id)) is not None:
        return
    services.save_profile(db_session, user, services.ProfileDetails(
        listed=spec.listed, country=user.country, organization=spec.organization,
        current_role=spec.current_role, fields=list(spec.fields), bio=spec.bio,
        shared=list(spec.shared)))


def _report(db_session: Session, staff: User, spec: DemoReport) -> None:
    author = user_by_email(db_session, spec.email)
    if author is None or db_session.scalar(select(AlumniReport.id).where(
            AlumniReport.author_id == author.id, AlumniReport.title == spec.title)) is not None:
        return
    report = services.create_report(db_session, author, services.ReportDraft(
        spec.title, spec.body, spec.country))
    if spec.with_chart:
        services.add_picture(db_session, author, report, io.BytesIO(bar_chart(WEEKLY_PACKS)),
                             CHART_ALT, CHART_CAPTION)
    services.submit_report(db_session, author, report)
    if spec.state == ReportStatus.APPROVED:
        services.approve_report(db_session, staff, report, spec.note)
    elif spec.state == ReportStatus.RETURNED:
        services.return_report(db_session, staff, report, spec.note)
    # Dated as it happened rather than as seeded.
    report.created_at = report.updated_at = spec.sent - dt.timedelta(days=3)
    report.submitted_at = spec.sent
    if spec.reviewed is not None:
        report.reviewed_at = spec.reviewed
        if spec.state == ReportStatus.APPROVED:
            report.approved_at = spec.reviewed
    db_session.flush()


def bar_chart(values: tuple[int, ...], width: int = 480, height: int = 240) -> bytes:
    """A small PNG bar chart, made with the standard library alone."""
    background, bar, axis = b"\xff\xff\xff", b"\x1f\x5f\x8b", b"\x33\x33\x33"
    margin, top = 20, max(values)
    slot = (width - 2 * margin) // len(values)
    heights = [value * (height - 2 * margin) // top for value in values]
    rows = []
    for y in range(height):
        from_bottom = height - margin - y
        row = bytearray(background * width)
        for index, bar_height in enumerate(heights):
            if 0 < from_bottom <= bar_height:
                left = margin + index * slot + slot // 6
                row[left * 3:(left + slot * 2 // 3) * 3] = bar * (slot * 2 // 3)
        if from_bottom == 0:
            row[margin * 3:(width - margin) * 3] = axis * (width - 2 * margin)
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))
