"""Demo calls for applications: the next year of the training, and an exchange seminar.

- The call for the fiscal 2027 cohort (11 March 2027 – 23 February 2028), open now: it opened
  seven weeks ago and closes in a little over three. Six places, at most one trainee from each
  country, three years in social welfare and advanced English, with a CV, passport, diploma
  and certificate of employment. Twenty applications from the eight countries of the alumni,
  in every state: the committee decided a first round ten days ago (five places offered, one
  kept for later applications); the Korean and Thai trainees confirmed
  (the Korean one has given her arrival and staff have ticked half her checklist), the Sri
  Lankan one declined, and her place went to the Filipino applicant on the waiting list, past
  the Korean one whose country's place is taken. Later applications are with the committee
  (an interview in three days), waiting for screening, or still drafts — among them the demo
  applicant's (applicant@kakehashi.example), which needs three documents before she can send
  it, and an Indonesian draft whose nominator has not answered yet.
- The call for the Korea–Japan Social Welfare Exchange Seminar (Tokyo, 22–26 February 2027),
  closed five weeks ago: up to ten young social workers and graduate students from each
  country, twenty places, all given; most have confirmed, some are on the waiting list and a
  few were not selected.

Everything goes through the admissions, review and onboarding services as the people
involved, so every rule holds (the call open when people apply and submit, documents and
nominations complete, quotas and capacity, the workflow's moves). The services stamp the
present moment, so each step is then dated as it happened, with its audit events and mail
(marked sent: it is history). The closed call is opened around the present while its
applications are written and sent, then put back to its real dates. People, organizations
and documents are invented.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import textwrap
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.accounts.services import create_user
from lms.admissions import applying, onboarding, selection, services
from lms.admissions.applying import ApplicationInput
from lms.admissions.models import (
    AdmissionApplication,
    AdmissionCall,
    ApplicationStatus,
    ChecklistItem,
    ChecklistItemKind,
    DocumentKind,
    Gender,
    LanguageLevel,
    NominationMethod,
)
from lms.admissions.nominations import (
    NOMINATION_DAYS,
    NominatorInput,
    answer_nomination,
    invite_nominator,
)
from lms.admissions.services import CallInput
from lms.admissions.workflow import TRANSITIONS
from lms.clock import utcnow
from lms.demo.people import DEMO_PASSWORD, DemoLogin
from lms.demo.timeline import Timeline
from lms.mail import OutboxMessage
from lms.programs import services as programs
from lms.programs.models import Cohort, CohortStatus, Program, ProgramKind
from lms.reviews import services as reviews
from lms.reviews.models import Recommendation
from lms.seminars import services as seminars
from lms.seminars.models import SessionKind
from lms.urls import external_url

S = ApplicationStatus
L = LanguageLevel
D = DocumentKind
F, M = Gender.FEMALE, Gender.MALE
ZONE = "Asia/Tokyo"
TOKYO = zoneinfo.ZoneInfo(ZONE)
STAFF_EMAIL = "staff@kakehashi.example"
OFFICER_EMAIL = "program.officer@kakehashi.example"
MEMBER_EMAILS = ("committee@kakehashi.example", "committee2@kakehashi.example")
APPLICANT_EMAIL = "applicant@kakehashi.example"

COUNTRY_NAMES = {"KR": "Korea", "TW": "Taiwan", "PH": "Philippines", "TH": "Thailand",
                 "MY": "Malaysia", "LK": "Sri Lanka", "ID": "Indonesia", "BD": "Bangladesh",
                 "JP": "Japan"}


@dataclass(frozen=True)
class Applicant:
    email: str
    name: str
    country: str
    timezone: str
    gender: Gender
    born: dt.date
    phone: str
    organization: str
    position: str
    profession: str
    years: int
    languages: tuple[tuple[str, LanguageLevel], ...]
    #: Their own words about their work: the motivation begins with it.
    work: str


@dataclass(frozen=True)
class Nominator:
    name: str
    email: str
    organization: str
    position: str
    #: Their statement when they confirmed; None while they have not answered.
    statement: str | None = None


# How far each committee member got with an application's review.
ASSIGNED = "assigned"
DRAFT_REVIEW = "draft"
SUBMITTED_REVIEW = "submitted"


@dataclass(frozen=True)
class Story:
    """Where one application ends up, and when things happened, in days before today."""

    applicant: Applicant
    fate: ApplicationStatus
    #: Sent that many days ago; for a draft, last saved then.
    days_ago: int
    nominator: Nominator | None = None
    #: Each committee member's overall view 0–5, and how far their review got.
    marks: tuple[int, int] = (4, 4)
    reviews: tuple[str, str] = (SUBMITTED_REVIEW, SUBMITTED_REVIEW)
    #: The reason it is not eligible, or the decision's message.
    message: str = ""
    #: A draft's documents not uploaded yet.
    missing: tuple[DocumentKind, ...] = ()
    #: Days from today to an interview not yet held (the decided ones were all interviewed).
    interview_in: int | None = None
    #: A draft only just begun: the motivation is one sentence so far.
    just_begun: bool = False


def _tokyo(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), TOKYO).astimezone(dt.UTC)


# The fiscal 2027 cohort's call -------------------------------------------------------------------

NEXT_COHORT_STARTS = dt.date(2027, 3, 11)
NEXT_COHORT_ENDS = dt.date(2028, 2, 23)

OPEN_CALL_GUIDANCE = """\
## The training

The Asian Social Welfare Workers' Training Program brings up to six social welfare workers
from Asian countries to Japan for a year, from **11 March 2027 to 23 February 2028**. It is
full time: trainees live in Japan for the whole year.

- **Japanese language**: intensive classes for the first three months, then weekly lessons,
  so that you can talk with the people you support and the staff you work with.
- **Lectures** on Japan's social welfare: long-term care insurance, child welfare, services
  for persons with disabilities, public assistance, and community welfare with the councils
  of social welfare and the commissioned welfare volunteers (*minsei-iin*).
- **Facility visits** to special nursing homes, children's homes, disability services,
  community general support centres and councils of social welfare.
- **Two placements** of about three months each at host facilities chosen for your field,
  with a supervisor. You write a journal every week of each placement; your supervisor and
  the program staff read it and answer.
- **Completion report**: in the last months you write a report on what you learned and how
  you will use it at home, and present it to the council in February 2028.

## What the program pays

- A return economy air ticket between your country and Japan.
- Accommodation in Tokyo and near your placements.
- A monthly living allowance, and the cost of study trips and placements.
- Japanese classes, books and materials.
- Health and accident insurance for the year in Japan.

It does not pay for family members to come with you. Your employer is asked to give you
leave for the year and keep your post for your return.

## How selection works

Program staff check each application against the requirements and tell you if it is not
eligible, and why. The selection committee reads and scores the eligible applications and
interviews short-listed applicants by video call; the interview time is shown in your own
time zone. At most **one trainee from each country** is selected. The committee decides
applications in rounds, so you may hear before the call closes. If you are selected you have
**14 days** to confirm your place; if a place is declined, it goes to the waiting list.

## Before you apply

Have your documents ready as PDF files: your CV, the page of your passport with your photo,
the diploma of your highest degree, and a certificate of employment that shows your years in
social welfare. You are nominated either by a letter from your organization, which you
upload, or by a nominator whom you invite here and who confirms by email.
"""

OPEN_CALL_ELIGIBILITY = (
    "Social workers and other practitioners employed in public or private social welfare "
    "services in an Asian country, with at least three years' practice in social welfare, "
    "advanced English, nominated by their organization or a national council of social "
    "welfare, and able to spend the whole year in Japan.")

LEARN = (
    "In Japan I want to learn how community-based integrated care brings medical care, "
    "long-term care and daily-life support together in each neighbourhood, and how the "
    "councils of social welfare and the commissioned welfare volunteers reach people who never "
    "come to an office. I am especially interested in how workers from different services meet "
    "to plan support for one person, and how they keep the family involved.",
    "I hope to learn in practice and not only from books: the placements would let me see how "
    "a care plan is made, reviewed and changed with the person and the family, how staff are "
    "supervised and trained, and how a facility works with the municipality and the "
    "neighbourhood around it. Learning Japanese would let me talk with residents and staff "
    "directly rather than through an interpreter.",
    "What I want to study most is prevention: how Japanese municipalities find people at risk "
    "early, through home visits, community salons and watch networks, before a crisis brings "
    "them to us. Our services mostly respond after something has gone wrong, and I believe the "
    "year in Japan would show me how a system organised around prevention is built, staffed "
    "and paid for.",
)
USE = (
    "When I return, my organization has agreed that I will train our team and the volunteers "
    "we work with, and write a proposal to the local government for a pilot based on what I "
    "learn. I also want to share my completion report with our national association of social "
    "workers so that others can use it.",
    "After the training I will go back to the same post, and my director has asked me to lead "
    "a small project that adapts one practice from Japan to our district. I know that not "
    "everything can be copied, so I will use my placement journals to judge carefully what "
    "fits our culture, our laws and our budget.",
    "At home I will share what I learn through the monthly case conferences of my office and "
    "the training our department gives to new social workers. In the longer term I would like "
    "to help build a network of the program's alumni in my country, so that what each of us "
    "learned in Japan is not lost.",
)
OPEN_CALL_CLOSING = ("I have read the guidance and understand that the training lasts a full "
                     "year, which I will spend in Japan.")


def _person(email: str, name: str, country: str, zone: str, gender: Gender, born: dt.date,
            phone: str, organization: str, position: str, profession: str, years: int,
            languages: tuple[tuple[str, LanguageLevel], ...], work: str) -> Applicant:
    return Applicant(email, name, country, zone, gender, born, phone, organization, position,
                     profession, years, languages, work)


JUNG = _person(
    "jung.daeun@example.org", "Jung Da-eun", "KR", "Asia/Seoul", F, dt.date(1992, 6, 18),
    "+82 10 4821 3153", "Mapo-gu community welfare centre, Seoul (fictional)",
    "Social worker, case management team", "Social worker", 7,
    (("ko", L.FLUENT), ("en", L.ADVANCED), ("ja", L.BASIC)),
    "For seven years I have worked in the case management team of a community welfare centre "
    "in Seoul. I visit older people who live alone, many of them in semi-basement rooms, and "
    "coordinate meals, home care and health checks with the district office and the hospital.")
KANG = _person(
    "kang.minseok@example.org", "Kang Min-seok", "KR", "Asia/Seoul", M, dt.date(1989, 11, 2),
    "+82 10 7719 2046", "Welfare centre for older persons, Daegu (fictional)",
    "Senior social worker", "Social worker", 9,
    (("ko", L.FLUENT), ("en", L.ADVANCED), ("ja", L.INTERMEDIATE)),
    "I lead the day programme of a welfare centre for older persons in Daegu, where about two "
    "hundred people come every week. Many of them have early dementia, and their families ask "
    "us for support we cannot yet give.")
SEO = _person(
    "seo.jihoon@example.org", "Seo Ji-hoon", "KR", "Asia/Seoul", M, dt.date(1993, 2, 9),
    "+82 10 5530 8812", "Regional self-sufficiency centre, Gwangju (fictional)",
    "Employment support social worker", "Social worker", 5,
    (("ko", L.FLUENT), ("en", L.ADVANCED)),
    "I support people on low incomes into work at a regional self-sufficiency centre in "
    "Gwangju: job training, social enterprises, and the long path back to work for people who "
    "have been out of it for years.")
WU = _person(
    "wu.chiahao@example.org", "Wu Chia-hao", "TW", "Asia/Taipei", M, dt.date(1991, 3, 27),
    "+886 912 345 087", "Social affairs bureau, Taoyuan city government (fictional unit)",
    "Social worker, child protection", "Social worker", 6,
    (("zh", L.FLUENT), ("en", L.ADVANCED), ("ja", L.INTERMEDIATE)),
    "I am a child protection social worker in Taoyuan. I investigate reports of abuse and "
    "neglect and work with the families afterwards, and I have seen how often children are "
    "placed away from home because nobody can support the family in time.")
LIN = _person(
    "lin.peiyu@example.org", "Lin Pei-yu", "TW", "Asia/Taipei", F, dt.date(1995, 9, 30),
    "+886 933 208 614", "Community care station, Pingtung (fictional)", "Care coordinator",
    "Social worker", 4,
    (("zh", L.FLUENT), ("en", L.ADVANCED), ("ja", L.BASIC)),
    "I coordinate a community care station in a rural township of Pingtung, where older "
    "people come for meals, exercise and company, and volunteers from the village visit those "
    "who can no longer come.")
REYES = _person(
    "markanthony.reyes@example.org", "Mark Anthony Reyes", "PH", "Asia/Manila", M,
    dt.date(1990, 8, 14), "+63 917 845 2210",
    "City social welfare and development office, Cagayan de Oro (fictional)",
    "Social welfare officer II", "Social worker", 8,
    (("fil", L.FLUENT), ("en", L.FLUENT), ("ja", L.BASIC)),
    "I am a social welfare officer in Cagayan de Oro, in charge of persons with disabilities "
    "and older persons in twelve barangays. After Typhoon Sendong I worked in the evacuation "
    "centres, and I still see how the most vulnerable are the last to be helped.")
MENDOZA = _person(
    "kristinejoy.mendoza@example.org", "Kristine Joy Mendoza", "PH", "Asia/Manila", F,
    dt.date(1994, 5, 3), "+63 918 602 7735", "Bahay Pag-asa youth home, Batangas (fictional)",
    "Houseparent supervisor", "Social worker", 5,
    (("fil", L.FLUENT), ("en", L.FLUENT)),
    "I supervise the houseparents of a youth home in Batangas for children in conflict with "
    "the law, and I lead the group sessions that prepare the children to return to their "
    "families and schools.")
NATTAYA = _person(
    "nattaya.c@example.org", "Nattaya Chaiyasit", "TH", "Asia/Bangkok", F, dt.date(1993, 1, 9),
    "+66 81 552 0943",
    "Provincial office of social development and human security, Nakhon Ratchasima "
    "(fictional unit)", "Social development worker", "Social worker", 6,
    (("th", L.FLUENT), ("en", L.ADVANCED)),
    "I work for the provincial office of social development in Nakhon Ratchasima, with older "
    "people and persons with disabilities in rural districts. I train village volunteers and "
    "follow up the families who receive the disability allowance.")
PIMCHANOK = _person(
    "pimchanok.s@example.org", "Pimchanok Saelim", "TH", "Asia/Bangkok", F, dt.date(1994, 7, 22),
    "+66 89 310 4478", "Home for older persons, Lampang (fictional)", "Social worker",
    "Social worker", 5, (("th", L.FLUENT), ("en", L.ADVANCED), ("ja", L.BASIC)),
    "I am the social worker of a public home for older persons in Lampang. Most residents "
    "came to us because there was nobody left to care for them at home, and I work to keep "
    "their ties with their villages.")
NUR = _person(
    "nur.izzati@example.org", "Nur Izzati binti Abdullah", "MY", "Asia/Kuala_Lumpur", F,
    dt.date(1994, 4, 21), "+60 12 408 7731",
    "Department of Social Welfare, Seberang Perai district office (fictional)",
    "Assistant social welfare officer", "Social welfare officer", 5,
    (("ms", L.FLUENT), ("en", L.FLUENT)),
    "I am an assistant social welfare officer in Seberang Perai. I handle applications for "
    "financial assistance from older people and persons with disabilities, and I visit them "
    "at home to see what help they really need.")
RAVI = _person(
    "ravi.chandran@example.org", "Ravi Chandran", "MY", "Asia/Kuala_Lumpur", M,
    dt.date(1992, 10, 11), "+60 16 557 2019",
    "Community-based rehabilitation centre, Ipoh (fictional)", "Centre supervisor",
    "Rehabilitation worker", 4, (("ta", L.FLUENT), ("ms", L.ADVANCED), ("en", L.ADVANCED)),
    "I supervise a community-based rehabilitation centre in Ipoh for children and young "
    "adults with disabilities, with four staff and a group of parent volunteers.")
DILANI = _person(
    "dilani.r@example.org", "Dilani Rathnayake", "LK", "Asia/Colombo", F, dt.date(1991, 2, 16),
    "+94 77 381 2290",
    "Department of Probation and Child Care Services, Kurunegala (fictional unit)",
    "Child rights promotion officer", "Social worker", 6,
    (("si", L.FLUENT), ("en", L.ADVANCED)),
    "I am a child rights promotion officer in Kurunegala district. I follow children in "
    "children's homes and work with village committees to prevent children from being placed "
    "away from their families at all.")
RUWAN = _person(
    "ruwan.s@example.org", "Ruwan Senanayake", "LK", "Asia/Colombo", M, dt.date(1990, 12, 1),
    "+94 71 920 4461", "Elders' home, Negombo (fictional)", "Administrative officer",
    "Administrator", 4, (("si", L.FLUENT), ("en", L.ADVANCED)),
    "I am the administrative officer of an elders' home in Negombo, responsible for its "
    "accounts, purchasing and staff rosters, and I help the matron when residents are "
    "admitted.")
KAVINDI = _person(
    "kavindi.j@example.org", "Kavindi Jayawardena", "LK", "Asia/Colombo", F,
    dt.date(1996, 3, 8), "+94 76 448 1302", "Elders' day centre, Galle (fictional)",
    "Social worker", "Social worker", 3, (("si", L.FLUENT), ("en", L.ADVANCED)),
    "I run the activities of an elders' day centre in Galle.")
DEWI = _person(
    "dewi.lestari@example.org", "Dewi Lestari", "ID", "Asia/Jakarta", F, dt.date(1991, 12, 5),
    "+62 812 2750 9913", "Social service office of Sleman regency (fictional unit)",
    "Social worker (pekerja sosial)", "Social worker", 7,
    (("id", L.FLUENT), ("en", L.ADVANCED), ("ja", L.BASIC)),
    "I am a social worker of the social service office of Sleman regency. I support older "
    "people and persons with disabilities in villages on the slopes of Mount Merapi, and I "
    "helped plan their evacuation during the eruptions.")
BUDI = _person(
    "budi.santoso@example.org", "Budi Santoso", "ID", "Asia/Jakarta", M, dt.date(1988, 6, 25),
    "+62 813 6112 4087", "Orphanage foundation, Medan (fictional)", "Programme officer",
    "Social worker", 5, (("id", L.FLUENT), ("en", L.ADVANCED)),
    "I am the programme officer of an orphanage foundation in Medan that cares for sixty "
    "children, most of whom have parents who are too poor to keep them.")
RIZKY = _person(
    "rizky.ramadhan@example.org", "Rizky Ramadhan", "ID", "Asia/Jakarta", M, dt.date(1995, 1, 17),
    "+62 821 4490 3325", "Disability service NGO, Malang (fictional)", "Field coordinator",
    "Community worker", 4, (("id", L.FLUENT), ("en", L.ADVANCED)),
    "I coordinate the field staff of a disability service NGO in Malang. We run "
    "community-based rehabilitation in twenty villages and help families claim the services "
    "they are entitled to.")
TANVIR = _person(
    "tanvir.ahmed@example.org", "Tanvir Ahmed", "BD", "Asia/Dhaka", M, dt.date(1990, 4, 4),
    "+880 1711 582 930", "Department of Social Services, Rajshahi upazila office (fictional)",
    "Social welfare officer", "Social welfare officer", 6,
    (("bn", L.FLUENT), ("en", L.ADVANCED)),
    "I am a social welfare officer of the Department of Social Services in Rajshahi. I manage "
    "the old age and disability allowances of the upazila and the probation of young people "
    "released by the courts.")
SHARMIN = _person(
    "sharmin.sultana@example.org", "Sharmin Sultana", "BD", "Asia/Dhaka", F, dt.date(1992, 9, 12),
    "+880 1819 334 205", "Women's shelter NGO, Khulna (fictional)", "Case worker",
    "Social worker", 5, (("bn", L.FLUENT), ("en", L.ADVANCED)),
    "I am a case worker at a shelter for women and children leaving violence in Khulna. I "
    "plan each woman's stay with her, go with her to the police and the courts, and help her "
    "find work and a home afterwards.")
NILUFAR = _person(
    APPLICANT_EMAIL, "Nilufar Yasmin", "BD", "Asia/Dhaka", F, dt.date(1993, 8, 28),
    "+880 1912 640 118", "Community health and welfare NGO, Sylhet (fictional)",
    "Programme officer, older persons", "Social worker", 5,
    (("bn", L.FLUENT), ("en", L.ADVANCED), ("ja", L.BASIC)),
    "I am a programme officer at a community health and welfare NGO in Sylhet, in charge of "
    "our older persons' clubs in tea garden communities, where many older workers have no "
    "pension and their children have left for the cities.")

#: The confirmed trainee whose pre-arrival checklist is under way.
ONBOARDED = JUNG

WAITLISTED_FOR_QUOTA = (
    "The committee rated your application highly, but the call takes at most one trainee "
    "from each country and the place for your country is given. If it is freed, it is "
    "offered to you first.")
NOT_SELECTED = (
    "Thank you for applying. The committee received many strong applications this year and "
    "could not offer you a place. We hope you will apply again: the interview showed real "
    "commitment to your work.")

OPEN_CALL_STORIES = (
    # The first round: sent in the first weeks, interviewed, decided ten days ago.
    Story(JUNG, S.CONFIRMED, 44, marks=(5, 4),
          message="The committee is glad to offer you a place in the fiscal 2027 cohort."),
    Story(DILANI, S.DECLINED, 43, marks=(4, 5),
          message="The committee is glad to offer you a place in the fiscal 2027 cohort."),
    Story(NATTAYA, S.CONFIRMED, 42, marks=(4, 4),
          nominator=Nominator(
              "Somsak Wongsuwan", "somsak.w@example.org",
              "Provincial office of social development and human security, Nakhon Ratchasima "
              "(fictional unit)", "Director",
              "Ms Nattaya has worked in our office for six years and is one of our most "
              "trusted field staff. She trains the village volunteers of four districts. We "
              "nominate her without reservation and will keep her post for her return."),
          message="The committee is glad to offer you a place in the fiscal 2027 cohort."),
    Story(WU, S.SELECTED, 41, marks=(4, 4),
          message="The committee is glad to offer you a place in the fiscal 2027 cohort."),
    Story(KANG, S.WAITLISTED, 40, marks=(4, 4), message=WAITLISTED_FOR_QUOTA),
    Story(NUR, S.SELECTED, 39, marks=(5, 4),
          message="The committee is glad to offer you a place in the fiscal 2027 cohort."),
    # Moves up when the Sri Lankan place is declined: the Korean ahead of him cannot.
    Story(REYES, S.WAITLISTED, 38, marks=(4, 3),
          message="The committee keeps the last place until the call closes. You are on the "
                  "waiting list and will be offered the first place that opens for you."),
    Story(PIMCHANOK, S.WAITLISTED, 37, marks=(3, 4), message=WAITLISTED_FOR_QUOTA),
    Story(RAVI, S.NOT_SELECTED, 36, marks=(3, 2), message=NOT_SELECTED),
    Story(BUDI, S.NOT_SELECTED, 35, marks=(2, 3), message=NOT_SELECTED),
    Story(MENDOZA, S.WITHDRAWN, 34),
    # Since then.
    Story(RUWAN, S.INELIGIBLE, 26,
          message="Your certificate of employment shows that you have been the home's "
                  "administrative officer (accounts, purchasing and rosters) since 2022, and "
                  "your earlier posts were outside social welfare. The call asks for three "
                  "years' practice in social welfare, such as casework or care. You are "
                  "welcome to apply again once you have it."),
    Story(DEWI, S.ELIGIBLE, 21, marks=(5, 4), interview_in=3),
    Story(SHARMIN, S.ELIGIBLE, 16, marks=(4, 3), reviews=(SUBMITTED_REVIEW, DRAFT_REVIEW)),
    Story(LIN, S.ELIGIBLE, 11, marks=(3, 4), reviews=(DRAFT_REVIEW, ASSIGNED)),
    Story(TANVIR, S.SUBMITTED, 3),
    Story(SEO, S.SUBMITTED, 1),
    # Drafts.
    Story(RIZKY, S.DRAFT, 7, nominator=Nominator(
        "Agus Prasetyo", "agus.prasetyo@example.org", "Disability service NGO, Malang "
        "(fictional)", "Executive director")),
    Story(KAVINDI, S.DRAFT, 4, just_begun=True,
          missing=(D.PASSPORT, D.DIPLOMA, D.EMPLOYMENT_CERTIFICATE, D.NOMINATION_LETTER)),
    Story(NILUFAR, S.DRAFT, 2,
          missing=(D.PASSPORT, D.EMPLOYMENT_CERTIFICATE, D.NOMINATION_LETTER)),
)


# The Korea–Japan exchange seminar's call ---------------------------------------------------------

SEMINAR_PROGRAM = ("kj-exchange-seminar", "KJSWES", "Korea–Japan Social Welfare Exchange Seminar",
                   "Young social workers and graduate students of social welfare from Korea and "
                   "Japan meet for five days of lectures, site visits and discussion.")
SEMINAR_STARTS, SEMINAR_ENDS = dt.date(2027, 2, 22), dt.date(2027, 2, 26)
SEMINAR_VENUE = "Shin-Kasumigaseki Building, conference hall"

SEMINAR_GUIDANCE = """\
## The seminar

The Korea–Japan Social Welfare Exchange Seminar brings together **up to 10 participants from
each country**, young social workers and graduate students of social welfare, in Tokyo from
**22 to 26 February 2027**. Lectures and discussions are interpreted between Korean and
Japanese.

- Lectures on community welfare in both countries, and a country report from each side.
- Site visits to a community general support centre, a special nursing home, a children's
  home and a children's cafeteria run by volunteers, each followed by a summary session.
- Group work in mixed Korean–Japanese groups, ending with each group's proposal on the last
  day.

## What the program pays

Accommodation in Tokyo for five nights, meals during the program, and local transport to the
site visits. Participants from Korea also receive a return air ticket between Seoul and
Tokyo. Participants from Japan pay their own travel to Tokyo.

## How selection works

Program staff check each application; the selection committee reads the eligible ones. At
most ten participants are selected from each country; others may be put on the waiting list.
Those selected have 28 days to confirm their place.
"""

SEMINAR_WHY = (
    "I apply to the exchange seminar because Korea and Japan face the same questions at almost "
    "the same time: fast ageing, fewer children, more people living alone, and young social "
    "workers leaving the profession. I would like to hear how colleagues of my generation on "
    "the other side of the sea deal with them in everyday practice, and to visit facilities I "
    "have only read about.",
    "I want to compare how our two countries support people to live at home, and to learn "
    "from practitioners of my own age rather than only from textbooks. The site visits and the "
    "group work are what interest me most, and I would like to bring a question from my own "
    "work to discuss with the participants from the other country.",
)
SEMINAR_AFTER = (
    "After the seminar I will report to my team and write a short article for our "
    "association's newsletter. I also hope to keep in touch with the participants I meet, so "
    "that we can go on exchanging what we learn from our practice after the five days are "
    "over.",
    "Afterwards I will share what I learn in my graduate seminar and with the practitioners I "
    "meet during my field research, and I intend to use the comparison in my thesis. I would "
    "also like to stay in contact with the other participants and take part in future "
    "exchanges.",
)
SEMINAR_CLOSING = ("I can take part in the whole seminar, from 22 to 26 February 2027, and I "
                   "have the agreement of my employer or, as a student, of my supervisor. I "
                   "look forward to the discussions in mixed groups.")

SEMINAR_CRITERIA: list[dict[str, Any]] = [
    {"key": "motivation", "label": "Motivation and what they bring to the exchange",
     "weight": 3},
    {"key": "practice", "label": "Practice or research in social welfare", "weight": 2},
    {"key": "sharing", "label": "Sharing what they learn afterwards", "weight": 1},
]

SEMINAR_SESSIONS = (
    (1, "09:30", "10:00", SessionKind.OPENING, "Opening and introductions", None),
    (1, "10:00", "12:00", SessionKind.LECTURE,
     "Lecture: community welfare in Japan and the councils of social welfare", None),
    (1, "13:30", "15:00", SessionKind.COUNTRY_REPORT,
     "Country report: Korea, community welfare centres and case management", None),
    (1, "15:15", "16:45", SessionKind.COUNTRY_REPORT,
     "Country report: Japan, community-based integrated care", None),
    (2, "09:00", "12:30", SessionKind.SITE_VISIT,
     "Site visits: a community general support centre and a special nursing home",
     "Setagaya ward, Tokyo"),
    (2, "14:00", "16:00", SessionKind.SUMMARY, "Summary session of the site visits", None),
    (3, "09:00", "12:30", SessionKind.SITE_VISIT,
     "Site visits: a children's home and a children's cafeteria run by volunteers",
     "Kita ward, Tokyo"),
    (3, "14:00", "16:30", SessionKind.DISCUSSION,
     "Discussion: young social workers, supervision and burnout", None),
    (4, "09:30", "16:00", SessionKind.DISCUSSION,
     "Group work in mixed Korean–Japanese groups", None),
    (5, "09:30", "11:30", SessionKind.DISCUSSION, "Presentations of the groups' proposals",
     None),
    (5, "11:30", "12:00", SessionKind.CLOSING, "Closing ceremony", None),
)

# (name, email, gender, year of birth, organization, position, profession, years in welfare,
#  what they do, fate)
KOREAN_PARTICIPANTS = (
    ("Kim Seo-yun", "kim.seoyun", F, 1998, "Gangbuk-gu community welfare centre, Seoul",
     "Social worker", "Social worker", 3,
     "I run the centre's programmes for families with young children", S.CONFIRMED),
    ("Lee Ji-woo", "lee.jiwoo", F, 2000, "Graduate school of social welfare, Hanbit "
     "University, Seoul", "Master's student", "Graduate student in social welfare", 1,
     "I study how older people living alone use community services", S.CONFIRMED),
    ("Park Min-ji", "park.minji", F, 1997, "Senior welfare centre, Suwon", "Social worker",
     "Social worker", 4, "I organise the centre's lunch and exercise programmes", S.CONFIRMED),
    ("Choi Hyun-woo", "choi.hyunwoo", M, 1996,
     "Welfare centre for persons with disabilities, Daejeon",
     "Social worker, vocational rehabilitation", "Social worker", 5,
     "I help young adults with disabilities find and keep work", S.CONFIRMED),
    ("Jeong Su-bin", "jeong.subin", F, 1999, "Child protection agency, Incheon",
     "Child protection worker", "Social worker", 2,
     "I investigate reports of child abuse and follow the families", S.CONFIRMED),
    ("Kang Ye-jin", "kang.yejin", F, 2001, "Department of social welfare, Haean University, "
     "Busan", "Master's student", "Graduate student in social welfare", 0,
     "I study support for young carers", S.CONFIRMED),
    ("Cho Dong-hyun", "cho.donghyun", M, 1995, "Mental health welfare centre, Gwangju",
     "Mental health social worker", "Social worker", 6,
     "I support people with long-term mental illness living in the community", S.CONFIRMED),
    ("Yoon Ha-eun", "yoon.haeun", F, 1998, "Home care service centre, Jeonju",
     "Care coordinator", "Social worker", 3,
     "I plan home care for older people and train the care workers", S.CONFIRMED),
    ("Lim Chae-won", "lim.chaewon", F, 2000, "Graduate school of social work, Hanbit "
     "University, Seoul", "Doctoral student", "Graduate student in social work", 2,
     "I research social isolation among young adults", S.SELECTED),
    ("Han Ji-min", "han.jimin", F, 1999, "Multicultural family support centre, Ansan",
     "Case manager", "Social worker", 3,
     "I support migrant women and their children", S.SELECTED),
    ("Oh Jun-seo", "oh.junseo", M, 1998, "Youth counselling and welfare centre, Cheongju",
     "Youth counsellor", "Social worker", 3,
     "I counsel young people who have left school", S.WAITLISTED),
    ("Shin Yu-na", "shin.yuna", F, 2001, "Graduate school of social welfare, Hanbit "
     "University, Seoul", "Master's student", "Graduate student in social welfare", 0,
     "I study hospice social work", S.WAITLISTED),
    ("Kwon Tae-yang", "kwon.taeyang", M, 1996, "Regional self-sufficiency centre, Ulsan",
     "Social worker", "Social worker", 4,
     "I run job training for people on low incomes", S.NOT_SELECTED),
    ("Bae Soo-ah", "bae.sooah", F, 1999, "Welfare centre for older persons, Changwon",
     "Social worker", "Social worker", 2,
     "I lead the centre's dementia prevention classes", S.NOT_SELECTED),
)
JAPANESE_PARTICIPANTS = (
    ("Sato Haruka", "sato.haruka", F, 1998, "Council of social welfare of a ward in Tokyo",
     "Community social worker", "Certified social worker", 3,
     "I support neighbourhood salons and the volunteers who run them", S.CONFIRMED),
    ("Suzuki Yuto", "suzuki.yuto", M, 1999, "Graduate school of social welfare, Sakura "
     "University, Tokyo", "Master's student", "Graduate student in social welfare", 1,
     "I study children's cafeterias run by volunteers", S.CONFIRMED),
    ("Takahashi Misaki", "takahashi.misaki", F, 1997,
     "Community general support centre, Yokohama", "Certified social worker",
     "Certified social worker", 4,
     "I answer older people's and families' questions about care", S.CONFIRMED),
    ("Tanaka Riku", "tanaka.riku", M, 1996, "Special nursing home for the elderly, Saitama",
     "Life counsellor", "Certified social worker", 5,
     "I handle admissions and work with the residents' families", S.CONFIRMED),
    ("Watanabe Aoi", "watanabe.aoi", F, 2000, "Child guidance centre, Chiba",
     "Child welfare officer", "Certified social worker", 2,
     "I work with families whose children are in temporary protection", S.CONFIRMED),
    ("Ito Sota", "ito.sota", M, 1998, "Support centre for persons with disabilities, Osaka",
     "Support worker", "Certified social worker", 3,
     "I plan services with persons with intellectual disabilities", S.CONFIRMED),
    ("Kimura Yui", "kimura.yui", F, 2001, "Graduate school of human welfare, Sakura "
     "University, Kyoto", "Master's student", "Graduate student in social welfare", 0,
     "I study support for foreign residents in Japan", S.CONFIRMED),
    ("Hayashi Kaito", "hayashi.kaito", M, 1997, "General hospital, Nagoya",
     "Medical social worker", "Certified social worker", 4,
     "I plan patients' discharge home with their families", S.CONFIRMED),
    ("Kato Mio", "kato.mio", F, 1999, "Children's home, Sendai", "Child care worker",
     "Child care worker", 3, "I care for children who cannot live with their parents",
     S.CONFIRMED),
    ("Yoshida Ren", "yoshida.ren", M, 1998, "Municipal welfare office, Fukuoka",
     "Caseworker, public assistance", "Certified social worker", 3,
     "I visit households receiving public assistance", S.SELECTED),
    ("Yamada Sakura", "yamada.sakura", F, 2000, "Graduate school of social welfare, a "
     "university in Sapporo", "Master's student", "Graduate student in social welfare", 1,
     "I study community care in depopulating towns", S.WAITLISTED),
    ("Matsumoto Daiki", "matsumoto.daiki", M, 1997, "Day service centre, Hiroshima",
     "Care worker", "Certified care worker", 4,
     "I lead the day service's rehabilitation activities", S.WAITLISTED),
    ("Inoue Hina", "inoue.hina", F, 2001, "Residential facility for persons with "
     "disabilities, Kobe", "Support worker", "Support worker", 1,
     "I support residents in their daily life", S.NOT_SELECTED),
)


SEMINAR_MESSAGES = {
    S.CONFIRMED: "We are glad to invite you to the exchange seminar in Tokyo.",
    S.SELECTED: "We are glad to invite you to the exchange seminar in Tokyo.",
    S.WAITLISTED: "The ten places for your country are given. You are on the waiting list "
                  "and will be told at once if one is freed.",
    S.NOT_SELECTED: "Thank you for applying. We had more applications than places this year "
                    "and could not offer you one; we hope to see you at a future exchange.",
}


def _seminar_stories() -> tuple[Story, ...]:
    stories = []
    for country, people in (("KR", KOREAN_PARTICIPANTS), ("JP", JAPANESE_PARTICIPANTS)):
        for index, (name, email, gender, year, organization, position, profession, years,
                    work, fate) in enumerate(people):
            korean = country == "KR"
            languages = ((("ko", L.FLUENT), ("ja", (L.BASIC, L.INTERMEDIATE)[index % 2]),
                          ("en", L.INTERMEDIATE)) if korean else
                         (("ja", L.FLUENT), ("en", L.INTERMEDIATE),
                          *((("ko", L.BASIC),) if index % 3 == 0 else ())))
            applicant = _person(
                f"{email}@example.org", name, country, "Asia/Seoul" if korean else ZONE, gender,
                dt.date(year, 1 + (index * 5) % 12, 1 + (index * 7) % 28),
                f"+82 10 {3100 + index * 37} {4200 + index * 91}" if korean
                else f"+81 90 {5100 + index * 43} {2300 + index * 67}",
                f"{organization} (fictional)", position, profession, years,
                languages, f"{work}, as a {position.lower()} at {organization}.")
            marks = {S.CONFIRMED: (4, 5), S.SELECTED: (4, 4), S.WAITLISTED: (3, 4),
                     S.NOT_SELECTED: (2, 3)}[fate]
            stories.append(Story(applicant, fate, 70 - 2 * index - (1 if korean else 0),
                                 marks=marks, message=SEMINAR_MESSAGES[fate]))
    return tuple(stories)


# Reviews -----------------------------------------------------------------------------------------

SCORE_STEPS = (0, 1, -1, 0, 1, 0, -1)
COMMENTS = {
    Recommendation.YES: (
        "Solid practice, a clear idea of what to learn, and an employer committed to using "
        "it afterwards.",
        "A thoughtful applicant; the plan for sharing the training at home is realistic.",
        "Strong casework experience and good English; ready for a demanding year."),
    Recommendation.MAYBE: (
        "Good experience, but the learning goals are still general.",
        "Motivated; the plan for after the training needs the employer's support in "
        "writing."),
    Recommendation.NO: (
        "The motivation does not yet connect the training with the applicant's own work.",
        "Too little hands-on practice for a placement at this level."),
}


def _review_input(criteria: list[dict[str, Any]], mark: int, seed: int,
                  complete: bool) -> reviews.ReviewInput:
    keys = [criterion["key"] for criterion in criteria]
    scores: dict[str, int | None] = {
        key: max(0, min(5, mark + SCORE_STEPS[(seed + index) % len(SCORE_STEPS)]))
        for index, key in enumerate(keys)}
    if not complete:  # a draft: half scored, no recommendation yet
        return reviews.ReviewInput({key: (score if index < len(keys) // 2 else None)
                                    for index, (key, score) in enumerate(scores.items())},
                                   None, "")
    recommendation = (Recommendation.YES if mark >= 4 else
                      Recommendation.MAYBE if mark == 3 else Recommendation.NO)
    options = COMMENTS[recommendation]
    return reviews.ReviewInput(scores, recommendation, options[seed % len(options)])


# Documents ---------------------------------------------------------------------------------------


def _pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and some lines of text, like a scanned form's text layer."""

    def text(value: str) -> bytes:
        raw = value.replace("–", "-").replace("’", "'").encode("latin-1", "replace")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    content = b"BT /F1 16 Tf 72 770 Td (" + text(title) + b") Tj /F1 11 Tf 0 -30 Td 15 TL"
    for line in lines:
        for part in textwrap.wrap(line, 85) or [""]:
            content += b" (" + text(part) + b") Tj T*"
    content += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def _document(kind: DocumentKind, person: Applicant, purpose: str) -> tuple[str, bytes]:
    """The file an applicant would upload for ``kind``: its name and its bytes."""
    country = COUNTRY_NAMES[person.country]
    since = utcnow().year - person.years
    born = person.born.strftime("%d %B %Y")
    pages = {
        D.CV: ("Curriculum vitae", [
            person.name, f"Born {born}, {country}", "",
            f"{person.position}, {person.organization}",
            f"{person.years} years in social welfare ({person.profession.lower()})", "",
            "Education: Bachelor's degree in social work",
            "Languages: " + ", ".join(code for code, _level in person.languages)]),
        D.PASSPORT: ("Passport: page with photograph (demo specimen)", [
            f"Name: {person.name.upper()}", f"Nationality: {country}",
            f"Date of birth: {born}", "", "A demo specimen: not a real passport."]),
        D.DIPLOMA: ("Diploma (demo specimen)", [
            f"This certifies that {person.name} has been awarded the degree of Bachelor of "
            "Social Work."]),
        D.EMPLOYMENT_CERTIFICATE: ("Certificate of employment", [
            f"This certifies that {person.name} has been employed by {person.organization} "
            f"since {since}, and is at present {person.position.lower()}.", "",
            "The Director (signature)"]),
        D.NOMINATION_LETTER: ("Letter of nomination", [
            "To the selection committee,", "",
            f"We nominate {person.name}, {person.position.lower()} at {person.organization}, "
            f"for {purpose}. {person.name} has worked in social welfare for {person.years} "
            "years and we will give leave for the whole program.", "",
            "The Director (signature)"]),
        D.HEALTH_CERTIFICATE: ("Health certificate", [
            f"{person.name} was examined on the date below and is fit to travel and to take "
            "part in a year's training abroad.", "", "The examining physician (signature)"]),
    }
    title, lines = pages[kind]
    return f"{kind.value.replace('_', '-')}-{person.name.split()[0].lower()}.pdf", \
        _pdf(title, lines)


# Seeding -----------------------------------------------------------------------------------------


def _moved(application: AdmissionApplication, *fields: str) -> tuple[Any, ...]:
    """The application's fields a move dates, with ``ended_at`` when it reached an end."""
    ended = ("ended_at",) if not TRANSITIONS[application.status] else ()
    return (application, "updated_at", *fields, *ended)


@contextlib.contextmanager
def _open_around_now(call: AdmissionCall) -> Iterator[None]:
    """A closed call, open for the moment its applications are written and sent."""
    opens_at, closes_at = call.opens_at, call.closes_at
    now = utcnow()
    call.opens_at, call.closes_at = now - dt.timedelta(hours=1), now + dt.timedelta(hours=1)
    try:
        yield
    finally:
        call.opens_at, call.closes_at = opens_at, closes_at


@dataclass
class _CallPlan:
    """One call's dates (days from today, in Tokyo) and what its applicants take part in."""

    call: AdmissionCall
    #: When the call really opened: a closed call is opened around now while people apply.
    opens_at: dt.datetime
    purpose: str
    documents: tuple[DocumentKind, ...]
    learn: tuple[str, ...]
    after: tuple[str, ...]
    closing: str
    today: dt.date

    def day(self, days_from_today: int, hour: int = 10, minute: int = 0) -> dt.datetime:
        return _tokyo(self.today + dt.timedelta(days=days_from_today), hour, minute)


def _account(db_session: Session, person: Applicant) -> User:
    user = user_by_email(db_session, person.email)
    if user is None:
        user = create_user(db_session, person.email, person.name, DEMO_PASSWORD,
                           country=person.country, timezone=person.timezone,
                           locale="ja" if person.country == "JP" else "en")
    return user


def _motivation(plan: _CallPlan, story: Story, index: int) -> str:
    person = story.applicant
    if story.just_begun:
        return person.work
    return "\n\n".join((person.work, plan.learn[index % len(plan.learn)],
                        plan.after[(index + 1) % len(plan.after)], plan.closing))


def _nominator_link_token(db_session: Session, email: str) -> str:
    """The secret in the link the nominator was mailed, read from the mail as they would."""
    placeholder = "NOMINATION-TOKEN"
    before, after = external_url("lms.admissions.nominate", token=placeholder).split(placeholder)
    body = db_session.scalar(select(OutboxMessage.body).where(OutboxMessage.to_address == email)
                             .order_by(OutboxMessage.id.desc()).limit(1)) or ""
    start = body.index(before) + len(before)
    end = body.index(after, start) if after else len(body)
    return body[start:end].split()[0]


def _write(db_session: Session, clock: Timeline, plan: _CallPlan, story: Story,
           index: int) -> tuple[User, AdmissionApplication]:
    """The applicant's account and application, written over the days before it was sent."""
    person = story.applicant
    sent = plan.day(-story.days_ago, 9 + index % 9, (index * 13) % 60)
    started = max(sent - dt.timedelta(days=9), plan.opens_at + dt.timedelta(hours=3))
    user = _account(db_session, person)
    application = applying.start_application(db_session, user, plan.call)
    clock.happened(started, (application, "created_at", "updated_at"))
    method = NominationMethod.NOMINATOR if story.nominator else NominationMethod.LETTER
    applying.save_draft(db_session, user, application, ApplicationInput(
        full_name=person.name, date_of_birth=person.born, gender=person.gender,
        country=person.country, phone=person.phone, organization=person.organization,
        position=person.position, profession=person.profession,
        years_in_welfare=person.years,
        languages=[(code, int(level)) for code, level in person.languages],
        motivation=_motivation(plan, story, index), nomination_method=method))
    clock.happened(started + dt.timedelta(hours=1), (application, "updated_at"))
    kinds = [*plan.documents, *((D.NOMINATION_LETTER,) if story.nominator is None else ())]
    for number, kind in enumerate(kinds):
        if kind in story.missing:
            continue
        name, content = _document(kind, person, plan.purpose)
        document = applying.add_document(db_session, user, application, kind,
                                         io.BytesIO(content), name)
        clock.happened(started + dt.timedelta(days=1 + number % 3, hours=number),
                       (document, "uploaded_at"), (application, "updated_at"))
    if story.nominator is not None:
        _nominate(db_session, clock, user, application, story.nominator, started)
    if story.fate == S.DRAFT:
        clock.happened(sent, (application, "updated_at"))
        return user, application
    applying.submit(db_session, user, application)
    clock.happened(sent, _moved(application, "submitted_at"))
    return user, application


def _nominate(db_session: Session, clock: Timeline, user: User,
              application: AdmissionApplication, nominator: Nominator,
              started: dt.datetime) -> None:
    invited = started + dt.timedelta(days=1, hours=2)
    nomination = invite_nominator(db_session, user, application, NominatorInput(
        nominator.name, nominator.email, nominator.organization, nominator.position))
    clock.happened(invited, (application, "updated_at"))
    if nominator.statement is not None:
        # Answered through the link while it is valid, then dated back with the invitation.
        token = _nominator_link_token(db_session, nominator.email)
        answer_nomination(db_session, token, True, nominator.statement)
        clock.happened(invited + dt.timedelta(days=2, hours=5), (nomination, "answered_at"))
    nomination.sent_at = invited
    nomination.expires_at = invited + dt.timedelta(days=NOMINATION_DAYS)


def _screen(db_session: Session, clock: Timeline, staff: User, application: AdmissionApplication,
            story: Story, moment: dt.datetime) -> None:
    eligible = story.fate != S.INELIGIBLE
    selection.screen(db_session, staff, application, eligible,
                     "" if eligible else story.message)
    rows: list[tuple[Any, ...]] = [_moved(application)]
    if application.review_subject is not None:
        rows.append((application.review_subject, "created_at"))
    clock.happened(moment, *rows)


def _review(db_session: Session, clock: Timeline, plan: _CallPlan, staff: User,
            committee: list[User], application: AdmissionApplication, story: Story, seed: int,
            screened: dt.datetime) -> None:
    criteria = plan.call.review_scheme.criteria
    for number, member in enumerate(committee):
        assignment = selection.assign_reviewer(db_session, staff, application, member)
        clock.happened(screened + dt.timedelta(hours=1), (assignment, "assigned_at"))
        state = story.reviews[number]
        if state == ASSIGNED:
            continue
        submit = state == SUBMITTED_REVIEW
        review = reviews.save_review(
            db_session, member, assignment,
            _review_input(criteria, story.marks[number], seed + number, submit), submit=submit)
        done = min(screened + dt.timedelta(days=2 + (seed + 3 * number) % 5, hours=4),
                   plan.day(-1, 18))
        clock.happened(done, (review, "saved_at", *(("submitted_at",) if submit else ())))


def _interview(db_session: Session, clock: Timeline, interviewer: User, staff: User,
               application: AdmissionApplication, starts_at: dt.datetime,
               scheduled: dt.datetime) -> None:
    interview = selection.schedule_interview(
        db_session, staff, application, selection.InterviewInput(
            starts_at=starts_at, minutes=30, interviewer_id=interviewer.id,
            place="Video call: https://meet.kakehashi.example/aswwtp-2027 (the program office "
                  "sends the passcode the day before)"))
    clock.happened(scheduled, (interview, "updated_at"))


def _decide(db_session: Session, clock: Timeline, staff: User,
            application: AdmissionApplication, story: Story, moment: dt.datetime,
            reply_days: int) -> None:
    outcome = story.fate if story.fate in (S.WAITLISTED, S.NOT_SELECTED) else S.SELECTED
    selection.decide(db_session, staff, application, outcome, story.message)
    if outcome == S.SELECTED:
        application.reply_by = moment + dt.timedelta(days=reply_days)
    clock.happened(moment, _moved(application, "decided_at"))


def _reply(db_session: Session, clock: Timeline, user: User, application: AdmissionApplication,
           story: Story, moment: dt.datetime) -> list[AdmissionApplication]:
    """Confirm or decline; a decline returns those the waiting list moved up."""
    if story.fate == S.CONFIRMED:
        selection.confirm_place(db_session, user, application)
        rows: list[tuple[Any, ...]] = [_moved(application, "replied_at")]
        if application.enrollment is not None:
            rows.append((application.enrollment, "enrolled_at"))
        clock.happened(moment, *rows)
        return []
    waiting = set(db_session.scalars(select(AdmissionApplication.id).where(
        AdmissionApplication.call_id == application.call_id,
        AdmissionApplication.status == S.WAITLISTED)))
    selection.decline_place(db_session, user, application)
    moved_up = [db_session.get(AdmissionApplication, application_id)
                for application_id in waiting]
    offered = [row for row in moved_up if row is not None and row.status == S.SELECTED]
    for row in offered:
        row.reply_by = moment + dt.timedelta(days=application.call.reply_days)
    clock.happened(moment, _moved(application, "replied_at"),
                   *(_moved(row, "decided_at") for row in offered))
    return offered


# The open call -----------------------------------------------------------------------------------


def _next_cohort(db_session: Session, staff: User) -> Cohort | None:
    """The year-long program's cohort starting in March 2027 (seed_cohorts plans it)."""
    program = db_session.scalar(select(Program).where(Program.kind == ProgramKind.YEAR_LONG)
                                .order_by(Program.id).limit(1))
    if program is None:
        return None
    cohort = db_session.scalar(select(Cohort).where(
        Cohort.program_id == program.id, Cohort.starts_on == NEXT_COHORT_STARTS))
    if cohort is None:
        cohort = programs.create_cohort(db_session, staff, program, programs.CohortDetails(
            number=None, fiscal_year=2027, title="Fiscal 2027 cohort",
            starts_on=NEXT_COHORT_STARTS, ends_on=NEXT_COHORT_ENDS, timezone=ZONE, capacity=6,
            course_id=None))
    return cohort


def _call_of(db_session: Session, cohort: Cohort) -> AdmissionCall | None:
    return db_session.scalar(select(AdmissionCall).where(AdmissionCall.cohort_id == cohort.id))


def _create_call(db_session: Session, clock: Timeline, staff: User, data: CallInput,
                 created: dt.datetime,
                 criteria: list[dict[str, Any]] | None = None) -> AdmissionCall:
    call = services.create_call(db_session, staff, data, criteria)
    clock.happened(created, (call, "created_at"))
    return call


def _naive_tokyo(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def _open_call(db_session: Session, staff: User, officer: User, committee: list[User],
               cohort: Cohort) -> None:
    clock = Timeline(db_session)
    today = utcnow().astimezone(TOKYO).date()
    call = _create_call(db_session, clock, staff, CallInput(
        cohort_id=cohort.id,
        title="Asian Social Welfare Workers' Training Program: fiscal 2027 cohort",
        timezone=ZONE,
        opens_at=_naive_tokyo(today - dt.timedelta(days=49), 10),
        closes_at=_naive_tokyo(today + dt.timedelta(days=24), 17),
        capacity=6, country_quota=1, min_years_in_welfare=3, required_language="en",
        required_language_level=int(L.ADVANCED),
        required_documents=[D.CV.value, D.PASSPORT.value, D.DIPLOMA.value,
                            D.EMPLOYMENT_CERTIFICATE.value],
        eligibility=OPEN_CALL_ELIGIBILITY, guidance=OPEN_CALL_GUIDANCE, reply_days=14,
        keep_unsuccessful_days=365), _tokyo(today - dt.timedelta(days=56), 11))
    plan = _CallPlan(call, call.opens_at,
                     "the Asian Social Welfare Workers' Training Program, fiscal 2027",
                     (D.CV, D.PASSPORT, D.DIPLOMA, D.EMPLOYMENT_CERTIFICATE), LEARN, USE,
                     OPEN_CALL_CLOSING, today)

    written = []
    for index, story in enumerate(OPEN_CALL_STORIES):
        user, application = _write(db_session, clock, plan, story, index)
        if story.fate == S.WITHDRAWN:
            applying.withdraw(db_session, user, application)
            clock.happened(plan.day(-story.days_ago + 3, 20), _moved(application))
        elif story.fate not in (S.DRAFT, S.SUBMITTED):
            written.append((index, story, user, application))

    decided = []
    for index, story, user, application in written:
        screened = plan.day(-story.days_ago + 3, 11)
        _screen(db_session, clock, staff, application, story, screened)
        if story.fate == S.INELIGIBLE:
            continue
        _review(db_session, clock, plan, staff, committee, application, story, index,
                screened)
        interviewer = (committee[0], officer)[index % 2]
        if story.interview_in is not None:
            _interview(db_session, clock, interviewer, staff, application,
                       plan.day(story.interview_in, 15), plan.day(-2, 14))
        elif story.fate != S.ELIGIBLE:
            _interview(db_session, clock, interviewer, staff, application,
                       plan.day(-17 + index % 3, 14 + index % 3),
                       plan.day(-21, 16))
            decided.append((index, story, user, application))

    # The first round: places before the waiting list, so the list's order is the committee's.
    order = (S.CONFIRMED, S.DECLINED, S.SELECTED, S.WAITLISTED, S.NOT_SELECTED)
    for _index, story, _user, application in sorted(
            decided, key=lambda row: (order.index(row[1].fate), row[0])):
        _decide(db_session, clock, staff, application, story, plan.day(-10, 16),
                call.reply_days)
    replies = [row for row in decided if row[1].fate in (S.CONFIRMED, S.DECLINED)]
    for number, (_index, story, user, application) in enumerate(replies):
        _reply(db_session, clock, user, application, story, plan.day(-7 + 2 * number, 9))
    for _index, story, user, application in replies:
        if story.applicant is ONBOARDED:
            _onboard(db_session, clock, plan, staff, user, application, story.applicant)


def _onboard(db_session: Session, clock: Timeline, plan: _CallPlan, staff: User, user: User,
             application: AdmissionApplication, person: Applicant) -> None:
    """Arrival given, travel documents and flight ticked, the health certificate sent but
    not yet checked by staff."""
    arrival = NEXT_COHORT_STARTS - dt.timedelta(days=3)
    onboarding.set_arrival(db_session, user, application, arrival,
                           "Korean Air from Incheon, landing at Narita at 11:30.")
    clock.happened(plan.day(-3, 20), (application, "updated_at"))
    items = {item.kind: item for item in db_session.scalars(select(ChecklistItem).where(
        ChecklistItem.application_id == application.id))}
    for kind, note in ((ChecklistItemKind.TRAVEL_DOCUMENTS,
                        "Passport valid until 2031; visa application sent to the embassy."),
                       (ChecklistItemKind.ARRIVAL_DATE,
                        "Met at Narita by the program office.")):
        onboarding.tick(db_session, staff, items[kind], True, note)
        clock.happened(plan.day(-2, 11), (items[kind], "done_at"))
    name, content = _document(D.HEALTH_CERTIFICATE, person, plan.purpose)
    document = applying.add_document(db_session, user, application, D.HEALTH_CERTIFICATE,
                                     io.BytesIO(content), name)
    clock.happened(plan.day(-1, 19), (document, "uploaded_at"), (application, "updated_at"))


# The exchange seminar's call ---------------------------------------------------------------------


def _exchange_seminar(db_session: Session, staff: User) -> Cohort:
    slug, code, title, description = SEMINAR_PROGRAM
    program = db_session.scalar(select(Program).where(Program.slug == slug))
    if program is None:
        program = Program(slug=slug, kind=ProgramKind.SEMINAR, code=code, title=title,
                          description=description)
        db_session.add(program)
        db_session.flush()
    cohort = db_session.scalar(select(Cohort).where(Cohort.program_id == program.id,
                                                    Cohort.starts_on == SEMINAR_STARTS))
    if cohort is not None:
        return cohort
    cohort = programs.create_cohort(db_session, staff, program, programs.CohortDetails(
        number=None, fiscal_year=2026, title=title, starts_on=SEMINAR_STARTS,
        ends_on=SEMINAR_ENDS, timezone=ZONE, capacity=20, course_id=None))
    return cohort


def _seminar_details(db_session: Session, staff: User, cohort: Cohort,
                     closes_on: dt.date) -> None:
    seminars.save_details(db_session, staff, cohort, seminars.SeminarDetails(
        venue=SEMINAR_VENUE, city="Tokyo", per_country_cap=10,
        registration_closes_on=closes_on,
        description="Participants are chosen through the call for applications: up to ten "
                    "from Korea and ten from Japan. Lectures and discussions are interpreted "
                    "between Korean and Japanese."))
    for day, starts, ends, kind, title, place in SEMINAR_SESSIONS:
        seminars.add_session(db_session, staff, cohort, seminars.SessionDetails(
            kind=kind, title=title, day=SEMINAR_STARTS + dt.timedelta(days=day - 1),
            starts=dt.time.fromisoformat(starts), ends=dt.time.fromisoformat(ends),
            place=place))


def _seminar_call(db_session: Session, staff: User, committee: list[User],
                  cohort: Cohort) -> None:
    clock = Timeline(db_session)
    today = utcnow().astimezone(TOKYO).date()
    closes_on = today - dt.timedelta(days=35)
    _seminar_details(db_session, staff, cohort, closes_on)
    call = _create_call(db_session, clock, staff, CallInput(
        cohort_id=cohort.id, title="Korea–Japan Social Welfare Exchange Seminar 2027",
        timezone=ZONE, opens_at=_naive_tokyo(today - dt.timedelta(days=84), 10),
        closes_at=_naive_tokyo(closes_on, 17), capacity=20, country_quota=10,
        eligibility="Social workers in their first years of practice and graduate students "
                    "of social welfare, living and working or studying in Korea or Japan, "
                    "nominated by their employer or their supervisor.",
        guidance=SEMINAR_GUIDANCE, required_documents=[D.CV.value], reply_days=28,
        keep_unsuccessful_days=365), _tokyo(today - dt.timedelta(days=92), 11),
        SEMINAR_CRITERIA)
    plan = _CallPlan(call, call.opens_at, "the Korea-Japan Social Welfare Exchange Seminar 2027",
                     (D.CV,), SEMINAR_WHY, SEMINAR_AFTER, SEMINAR_CLOSING, today)

    stories = _seminar_stories()
    written = []
    with _open_around_now(call):
        for index, story in enumerate(stories):
            written.append((index, story, *_write(db_session, clock, plan, story, index)))
    db_session.flush()  # the call's real dates back in place

    for index, story, _user, application in written:
        screened = plan.day(-32, 10 + index % 8)
        _screen(db_session, clock, staff, application, story, screened)
        _review(db_session, clock, plan, staff, committee[:1], application, story, index,
                screened)
    order = (S.CONFIRMED, S.SELECTED, S.WAITLISTED, S.NOT_SELECTED)
    for _index, story, _user, application in sorted(
            written, key=lambda row: (order.index(row[1].fate), row[0])):
        _decide(db_session, clock, staff, application, story, plan.day(-21, 15),
                call.reply_days)
    for number, (_index, story, user, application) in enumerate(
            row for row in written if row[1].fate == S.CONFIRMED):
        _reply(db_session, clock, user, application, story, plan.day(-20 + number // 2, 12))


def seed_admissions(db_session: Session) -> list[DemoLogin]:
    staff = user_by_email(db_session, STAFF_EMAIL)
    officer = user_by_email(db_session, OFFICER_EMAIL)
    members = [user_by_email(db_session, email) for email in MEMBER_EMAILS]
    if staff is None or officer is None or None in members:
        raise RuntimeError("seed_people must run before seed_admissions")
    committee = [member for member in members if member is not None]
    cohort = _next_cohort(db_session, staff)
    if cohort is not None and cohort.status == CohortStatus.PLANNED \
            and _call_of(db_session, cohort) is None:
        _open_call(db_session, staff, officer, committee, cohort)
    seminar = _exchange_seminar(db_session, staff)
    if seminar.status == CohortStatus.PLANNED and _call_of(db_session, seminar) is None:
        _seminar_call(db_session, staff, committee, seminar)
    db_session.flush()
    return [DemoLogin("applicant", APPLICANT_EMAIL)]
