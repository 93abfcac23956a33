"""Demo grant rounds of the fund committee, for alumni's welfare programs at home.

- Fiscal 2019 (open 3 June – 31 July 2019, the committee met on 20 September): ten
  applications from alumni of the 31st–35th cohorts (the 36th was still in Japan); eight
  programs approved in the Philippines, Sri Lanka, Bangladesh and Indonesia, run from October
  2019 and all closed with their final reports accepted in late 2020; two not funded.
- Fiscal 2020 (open 1 June – 31 July 2020, during the pandemic): ten programs approved in
  Indonesia, the Philippines, Thailand and Korea, among them job coaching and market access
  for entrepreneurs with disabilities in Yogyakarta and the demo alumna's home visits in
  Bandung (her report from home tells how it went); one not funded, one not eligible (running
  costs) and one draft withdrawn. Two projects were held up by lockdowns (and in Bohol by
  Typhoon Odette): staff extended the round's final report deadline to ten days after seeding,
  so one final report waits for staff and the other is a draft that `flask lms reminders send`
  reminds its grantee of.
- Fiscal 2026, open now for four more weeks (budget ¥8,000,000, largest award ¥1,200,000):
  the demo alumna's draft (two sections left to write before she can submit), other drafts, one
  application just submitted, six with the committee with reviews in every state (on one of
  them a committee member declared a conflict of interest: a former colleague), one not
  eligible and one waiting for more information; another alumna withdrew hers.

Everything goes through the grant and review services, so every rule holds (alumni only,
one application per person and round, awards within the budget and the request, the
workflow's moves, conflicts of interest). The services stamp the present moment, and submit
only to an open round, so each past round is opened around the present while its applications
are written and submitted, then put back to its real dates; every step is then dated as it
happened: the rows, their audit events and the mail the applicants were sent at the time.
People and organizations are invented; exchange rates are the period's, roughly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.accounts.queries import user_by_email
from lms.clock import utcnow
from lms.curriculum.models import Course
from lms.demo.timeline import Timeline
from lms.grants import applying, projects, services
from lms.grants.applying import ApplicationInput, BudgetLineInput
from lms.grants.decisions import DecisionInput, decide, decide_many
from lms.grants.models import (
    ApplicationStatus,
    ApplicationVersion,
    BudgetCategory,
    DecisionOutcome,
    GrantApplication,
    GrantRound,
    ReportKind,
)
from lms.grants.services import RoundInput
from lms.reviews import services as reviews
from lms.reviews.models import Recommendation, ReviewSubject

S = ApplicationStatus
C = BudgetCategory
ZONE = "Asia/Tokyo"
TOKYO = zoneinfo.ZoneInfo(ZONE)
STAFF_EMAIL = "staff@kakehashi.example"
MEMBER_EMAILS = ("committee@kakehashi.example", "committee2@kakehashi.example")
GUIDE_SLUG = "grant-guide"


@dataclass(frozen=True)
class Line:
    category: BudgetCategory
    description: str
    amount: int  # in the applicant's currency


@dataclass(frozen=True)
class Project:
    email: str
    title: str
    organization: str
    role: str
    problem: str = ""
    learning: str = ""
    objectives: str = ""
    activities: str = ""
    beneficiaries: str = ""
    count: int | None = None
    lines: tuple[Line, ...] = ()
    indicators: str = ""
    risks: str = ""
    co_funding: str = ""


# How a past application ended.
CLOSED = "closed"  # final report accepted
FINAL_SUBMITTED = "final report submitted"  # waiting for staff
FINAL_DRAFT = "final report in draft"
REJECTED = "rejected"
INELIGIBLE = "ineligible"
WITHDRAWN = "withdrawn"
AWARDED_FATES = (CLOSED, FINAL_SUBMITTED, FINAL_DRAFT)


@dataclass(frozen=True)
class PastApplication:
    project: Project
    fate: str
    #: The two committee members' overall view, 0–5, from which their scores are drawn.
    marks: tuple[int, int] = (4, 4)
    #: The award when less than the request; None for the full request.
    award: int | None = None
    #: The decision's message, or the reason it was not eligible.
    message: str = ""
    reached: int | None = None
    result: str = ""


@dataclass(frozen=True)
class PastRound:
    fiscal_year: int
    opens_on: dt.date
    closes_on: dt.date
    budget: int
    largest_award: int
    meeting: dt.date
    progress_due: dt.date
    final_due: dt.date
    rates: dict[str, str]
    progress_note: str
    applications: tuple[PastApplication, ...]
    #: Days from seeding to the final report deadline, when staff extended it for late projects.
    extended_final_due_in: int | None = None

    @property
    def title(self) -> str:
        return f"Alumni project grants, fiscal {self.fiscal_year}"


def _tokyo(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), TOKYO).astimezone(dt.UTC)


# Fiscal 2019 ------------------------------------------------------------------------------------

FY2019 = PastRound(
    fiscal_year=2019, opens_on=dt.date(2019, 6, 3), closes_on=dt.date(2019, 7, 31),
    budget=7_000_000, largest_award=1_000_000, meeting=dt.date(2019, 9, 20),
    progress_due=dt.date(2020, 3, 31), final_due=dt.date(2020, 10, 31),
    rates={"PHP": "2.10", "LKR": "0.61", "BDT": "1.29", "IDR": "0.0077", "MYR": "26.3"},
    progress_note="From mid-March the COVID-19 lockdown stopped group activities; we keep in "
                  "touch with participants by phone and will resume when it is allowed.",
    applications=(
        PastApplication(Project(
            "maricel.dizon@example.org",
            "Disaster preparedness with older persons and persons with disabilities in coastal "
            "barangays of Iloilo",
            "Municipal social welfare and development office, Iloilo (fictional)",
            "Social welfare officer II",
            problem="In the five coastal barangays our office serves, older persons and persons "
                    "with disabilities are the last to be evacuated when a typhoon warning "
                    "comes, and some are not reached at all. Barangay responders have no list "
                    "of who needs help to leave.",
            learning="During my practicum at a municipal council of social welfare in Tokyo I "
                     "joined a drill based on the neighbourhood's list of people who need help "
                     "in an evacuation. We will adapt the list and the drill to the purok "
                     "system of our barangays.",
            objectives="Every older person and person with a disability who needs help to "
                       "evacuate is listed with a named neighbour; each barangay holds one "
                       "drill a year.",
            activities="Months 1–2: training of 50 barangay responders and purok leaders. "
                       "Months 2–4: house-to-house listing. Months 5–6: a drill in each "
                       "barangay. Months 7–12: the senior citizens' associations update the "
                       "list every quarter.",
            beneficiaries="Older persons and persons with disabilities in five coastal "
                          "barangays, with their families and neighbours",
            count=420,
            lines=(Line(C.TRAINING, "Two-day training for 50 responders and purok leaders",
                        96_000),
                   Line(C.MATERIALS, "Printed lists, ID cards and household visit forms",
                        38_000),
                   Line(C.EQUIPMENT, "Handheld radios for five barangay response teams", 75_000),
                   Line(C.TRAVEL, "Transport for house-to-house listing", 48_000),
                   Line(C.VENUE, "Drills: meals and venue in five barangays", 60_000),
                   Line(C.ADMINISTRATION, "Bank charges and audit", 8_000)),
            indicators="People listed with a named neighbour; drills held; time taken to "
                       "evacuate the listed people in each drill.",
            risks="New barangay officials may not know the list: the senior citizens' "
                  "associations keep a copy and brief them.",
            co_funding="The municipality provides the evacuation centres and the responders' "
                       "time."),
            CLOSED, marks=(4, 5), reached=455,
            result="All five barangays have a list of older persons and persons with "
                   "disabilities who need help to evacuate, each with a named neighbour. Four "
                   "drills were held before March 2020; in the fifth barangay the list was "
                   "used instead to deliver food packs house to house during the lockdown."),
        PastApplication(Project(
            "ma.theresa.lim@example.org", "Reconnecting older residents with their families in "
            "Davao", "Bahay kalinga for older persons, Davao (fictional)",
            "House parent supervisor",
            problem="Forty-two older persons live in our home; most were found abandoned and "
                    "only nine have any contact with family. Many have relatives in Mindanao "
                    "who do not know where they are.",
            learning="At a special nursing home in Japan I saw how staff keep families "
                     "involved through letters and visiting days. We will trace families, "
                     "hold family days, and support families who wish to take a relative "
                     "home.",
            objectives="Trace the families of 25 residents; hold a family day every quarter; "
                       "support at least five residents to return to a family home.",
            activities="Family tracing with barangay social workers, with each resident's "
                       "consent; quarterly family days; home visits before and after a "
                       "resident returns; a transport allowance for visiting families.",
            beneficiaries="Older residents of the home and their families", count=60,
            lines=(Line(C.PERSONNEL, "Part-time social worker for family tracing (12 months)",
                        144_000),
                   Line(C.TRAVEL, "Travel for family tracing and home visits", 90_000),
                   Line(C.VENUE, "Quarterly family days: meals", 40_000),
                   Line(C.TRAVEL, "Transport allowance for visiting families", 36_000),
                   Line(C.MATERIALS, "Records and tracing forms", 10_000)),
            indicators="Families traced; residents visited by family each quarter; residents "
                       "returned home and still there after six months.",
            risks="Some families refuse contact: we respect a refusal, and the resident "
                  "decides whether we trace at all."),
            CLOSED, marks=(4, 4), reached=58,
            result="The families of 21 residents were traced and 17 residents now have regular "
                   "visits. Six residents returned to live with family; five were still at "
                   "home at the six-month visit. Family days moved to video calls from March "
                   "2020."),
        PastApplication(Project(
            "chamari.w@example.org", "Family reintegration support for children leaving "
            "residential care in Kandy", "Children's home, Kandy (fictional)", "Probation officer",
            problem="Children in the homes of our district stay for years, often because their "
                    "families are poor rather than unable to care for them. When they return "
                    "home nobody follows them up, and some come back.",
            learning="In Japan I learned how child guidance centres plan a child's return home "
                     "with the family over months, with visits before and after. We will do "
                     "the same for children in two homes in Kandy.",
            objectives="Thirty children return to their families with a plan and are visited "
                       "for a year after.",
            activities="Assessment of each child's family; family conferences; home visits "
                       "before the return and monthly for a year; school materials.",
            beneficiaries="Children in two children's homes of Kandy district and their "
                          "families", count=30,
            lines=(Line(C.TRAINING, "Training of probation and child rights officers in family "
                                    "conferencing", 220_000),
                   Line(C.TRAVEL, "Home visits for 12 months", 480_000),
                   Line(C.MATERIALS, "School materials for children returning home", 300_000),
                   Line(C.VENUE, "Family conferences: meals and venue", 150_000),
                   Line(C.ADMINISTRATION, "Bank charges and audit", 40_000)),
            indicators="Children returned with a plan; children still living with their family "
                       "after 12 months; school attendance.",
            risks="A return that goes wrong: every plan says what the family and the officer "
                  "do if the child is at risk."),
            CLOSED, marks=(5, 4), reached=27,
            result="Twenty-seven children returned to their families; 24 were still living there "
                   "after a year and all 24 attend school. During the 2020 school closures the "
                   "officers kept in touch by phone."),
        PastApplication(Project(
            "kasun.fernando@example.org", "Village child rights monitoring committees in Matara "
            "district", "Probation and child care services, Matara (fictional)",
            "Child rights promotion officer",
            problem="Abuse and school drop-out in our villages are noticed by neighbours, "
                    "teachers and monks long before they are reported. Village child rights "
                    "committees exist on paper, but most have never met.",
            learning="I saw Japanese commissioned child welfare volunteers visit families and "
                     "link them with services. Our committees will be trained to notice, "
                     "visit and refer in the same way.",
            objectives="Twenty village committees meet monthly and refer children at risk to "
                       "the probation office.",
            activities="Training of 20 committees in two rounds; a monthly meeting in each "
                       "village; a referral form and a phone line to the divisional child "
                       "rights officer.",
            beneficiaries="Children and families in 20 villages of Matara district", count=1200,
            lines=(Line(C.TRAINING, "Training of 20 village committees (two rounds)", 520_000),
                   Line(C.MATERIALS, "Referral forms and awareness posters", 180_000),
                   Line(C.TRAVEL, "Travel for the officer's monthly visits", 260_000),
                   Line(C.VENUE, "Meals for monthly committee meetings", 240_000)),
            indicators="Committees meeting monthly; children referred; referrals followed up "
                       "within two weeks.",
            risks="Committees may lose interest: they meet with the village's regular "
                  "development meeting."),
            CLOSED, marks=(4, 4), reached=1350,
            result="Eighteen of the twenty committees met every month until March 2020 and "
                   "again from July; 64 children were referred and 59 followed up within two "
                   "weeks."),
        PastApplication(Project(
            "rashed.karim@example.org", "Flood preparedness and savings groups for women in "
            "three haor villages of Sunamganj",
            "Community health and welfare NGO, Sylhet (fictional)", "Project manager",
            problem="Every year the haor villages are cut off by floods for months. Families "
                    "lose their rice, sell livestock cheaply and borrow at high interest; women, "
                    "older people and persons with disabilities are hit first.",
            learning="In Japan I studied community disaster preparedness and the role of "
                     "neighbourhood associations. Savings groups will give each village a fund "
                     "for the flood season, and a plan of who helps whom.",
            objectives="Nine savings groups of women with a flood plan and an emergency fund; a "
                       "list of households that need help to move.",
            activities="Forming and training nine savings groups; flood planning with the union "
                       "parishad; raised platforms for storing grain; first aid training.",
            beneficiaries="Women and their households in three haor villages", count=900,
            lines=(Line(C.TRAINING, "Training of nine savings groups", 180_000),
                   Line(C.MATERIALS, "Ledgers, cash boxes and flood plan materials", 60_000),
                   Line(C.EQUIPMENT, "Raised grain storage platforms in three villages",
                        240_000),
                   Line(C.TRAINING, "First aid training and kits", 90_000),
                   Line(C.TRAVEL, "Boat transport in the flood season", 72_000),
                   Line(C.ADMINISTRATION, "Bank charges and audit", 18_000)),
            indicators="Groups meeting and saving every month; households borrowing from their "
                       "group rather than money lenders in the flood season.",
            risks="An early flood: training is held in the dry months and the platforms are "
                  "built first."),
            CLOSED, marks=(4, 3), award=800_000,
            message="The committee approves ¥800,000 and asks you to share the cost of the "
                    "grain platforms with the union parishad.",
            reached=930,
            result="Nine groups with 262 women saved every month; in the 2020 floods 140 "
                   "households borrowed from their group instead of money lenders, and the "
                   "platforms kept the rice of 86 households dry."),
        PastApplication(Project(
            "nusrat.jahan@example.org", "Livelihood training and follow-up for women leaving the "
            "shelter in Chattogram", "Women's shelter, Chattogram (fictional)",
            "Shelter coordinator",
            problem="Women who leave our shelter after violence often return to the same home "
                    "because they have no income, and we have no staff to follow them after "
                    "they leave.",
            learning="At a women's consultation centre in Japan I learned how support continues "
                     "step by step after a woman leaves a shelter. We will train women in a "
                     "trade and visit them for six months after they leave.",
            objectives="Forty women trained in a trade; thirty earning an income six months "
                       "after leaving the shelter.",
            activities="Tailoring and small-trade courses in the shelter; starter kits; monthly "
                       "follow-up visits for six months; a peer group meeting at the shelter.",
            beneficiaries="Women survivors of violence leaving the shelter, and their children",
            count=100,
            lines=(Line(C.TRAINING, "Tailoring and small-trade courses (four courses)", 240_000),
                   Line(C.EQUIPMENT, "Sewing machines and starter kits for 40 women", 280_000),
                   Line(C.PERSONNEL, "Part-time follow-up worker (12 months)", 180_000),
                   Line(C.TRAVEL, "Follow-up visits", 48_000)),
            indicators="Women completing a course; women earning an income six months after "
                       "leaving.",
            risks="A woman's safety when she is visited: visits are agreed with her and made "
                  "where she chooses."),
            CLOSED, marks=(5, 4), award=900_000,
            message="The committee approves ¥900,000: 36 starter kits rather than 40 in the "
                    "first year.",
            reached=92,
            result="Thirty-eight women completed a course and received a starter kit; 29 were "
                   "earning an income six months after leaving. The peer group met by phone "
                   "during the 2020 lockdown."),
        PastApplication(Project(
            "dian.sari@example.org", "Positive parenting groups in three kampung of Surabaya",
            "Child protection NGO, Surabaya (fictional)", "Case manager",
            problem="Many children referred to us after violence at home live in three crowded "
                    "kampung near the port. Parents tell us they hit their children because "
                    "they know no other way.",
            learning="In Japan I joined parenting classes at a child and family support centre. "
                     "Our groups will be led by trained parents from the kampung themselves, "
                     "with our case managers.",
            objectives="Ninety parents complete an eight-session course; twelve parents are "
                       "trained as group leaders.",
            activities="Training of twelve parent leaders; eight-session groups in each "
                       "kampung, twice; home visits to families our case managers follow.",
            beneficiaries="Parents and children in three kampung of Surabaya", count=300,
            lines=(Line(C.TRAINING, "Training of 12 parent group leaders", 18_000_000),
                   Line(C.VENUE, "Group sessions: venue and snacks (six groups)", 24_000_000),
                   Line(C.MATERIALS, "Course booklets", 9_000_000),
                   Line(C.PERSONNEL, "Allowance for parent leaders", 21_600_000),
                   Line(C.TRAVEL, "Case managers' transport", 8_400_000)),
            indicators="Parents completing the course; parents' own account of punishment at "
                       "the start and the end.",
            risks="Parents may feel judged: groups are led by parents from the same kampung."),
            CLOSED, marks=(4, 4), reached=260,
            result="Eighty-four parents completed the course in five groups; the sixth stopped "
                   "in March 2020 and finished online. Parents reported using less physical "
                   "punishment at the end of the course."),
        PastApplication(Project(
            "agus.setiawan@example.org", "Family peer groups for people living with "
            "psychosocial disabilities in Makassar",
            "Social rehabilitation centre, Makassar (fictional)", "Social worker",
            problem="After leaving the centre, many residents return to families who feel alone "
                    "and ashamed; some relapse or are confined at home (pasung).",
            learning="In Japan I visited family associations of people with mental illness that "
                     "support each other and speak to the local government. We will start "
                     "family groups in four sub-districts.",
            objectives="Four family groups meet monthly; no participant is confined at home; "
                       "families know where to find help in a crisis.",
            activities="Starting four family groups with the community health centres; monthly "
                       "meetings; home visits with the puskesmas nurse; a guide for families.",
            beneficiaries="People with psychosocial disabilities and their families in four "
                          "sub-districts of Makassar", count=160,
            lines=(Line(C.PERSONNEL, "Group facilitator allowance (12 months)", 30_000_000),
                   Line(C.VENUE, "Monthly meetings: venue and snacks", 19_200_000),
                   Line(C.MATERIALS, "Family guide: writing and printing", 12_000_000),
                   Line(C.TRAVEL, "Home visits with the puskesmas nurse", 24_000_000)),
            indicators="Families attending; people confined at home released and treated.",
            risks="Stigma keeps families away: the first meetings are held at the health "
                  "centre, not in public halls."),
            CLOSED, marks=(4, 5), reached=150,
            result="Four family groups met every month and 46 families took part; three people "
                   "who had been confined at home were released and connected with the "
                   "community health centre."),
        PastApplication(Project(
            "jonalyn.cruz@example.org", "Livelihood starter kits for families in Pampanga",
            "Provincial social welfare office, Pampanga (fictional)",
            "Provincial social welfare and development officer",
            problem="Families who graduate from the conditional cash transfer programme lose "
                    "its support, and many fall back into poverty.",
            learning="In Japan I saw how public assistance is linked with employment support.",
            objectives="Sixty families start a small business.",
            activities="Starter kits (sari-sari stores, food carts) and a one-day business "
                       "training.",
            beneficiaries="Families graduating from the conditional cash transfer programme",
            count=60,
            lines=(Line(C.EQUIPMENT, "Starter kits for 60 families", 420_000),
                   Line(C.TRAINING, "One-day business training", 30_000)),
            indicators="Businesses operating after six months.",
            risks="Some businesses will fail."),
            REJECTED, marks=(2, 2),
            message="The committee did not fund this application: most of the budget is "
                    "starter kits like those of the national livelihood programme, and the "
                    "application does not say what this project adds. The committee would "
                    "welcome a new application with more follow-up of the families."),
        PastApplication(Project(
            "mohd.faizal@example.org", "Community salons for older people in three Kedah "
            "villages", "Department of Social Welfare, Kedah district office (fictional)",
            "Assistant welfare officer",
            problem="Villages in our district are ageing as young people move to the cities; "
                    "older people stay home alone.",
            learning="Japan's community salons, run by volunteers, keep older people connected.",
            objectives="Three salons meeting weekly.",
            activities="Renovating a room in each village hall; furniture and a television; "
                       "weekly salons.",
            beneficiaries="Older people in three villages", count=90,
            lines=(Line(C.EQUIPMENT, "Furniture, television and sound system for three halls",
                        21_000),
                   Line(C.OTHER, "Renovation of three village hall rooms", 12_000),
                   Line(C.VENUE, "Weekly refreshments", 3_600)),
            indicators="Salons held; older people attending.",
            risks="Volunteers may stop coming."),
            REJECTED, marks=(3, 2),
            message="The committee did not fund this application: most of the budget is "
                    "renovation and equipment, and the application does not show that the "
                    "village committees will run the salons. The committee encourages you to "
                    "apply again with the villages' agreement."),
    ),
)

# Fiscal 2020 ------------------------------------------------------------------------------------

FY2020 = PastRound(
    fiscal_year=2020, opens_on=dt.date(2020, 6, 1), closes_on=dt.date(2020, 7, 31),
    budget=8_000_000, largest_award=1_000_000, meeting=dt.date(2020, 9, 25),
    progress_due=dt.date(2021, 3, 31), final_due=dt.date(2021, 10, 31),
    rates={"IDR": "0.0073", "PHP": "2.14", "THB": "3.42", "KRW": "0.089", "TWD": "3.60"},
    progress_note="Activities go on under the health rules: groups meet in small numbers, "
                  "and by phone when meeting is not allowed.",
    extended_final_due_in=10,
    applications=(
        PastApplication(Project(
            "rina.wulandari@example.org", "Job coaching and market access for entrepreneurs with "
            "disabilities in Yogyakarta", "Disability service NGO, Yogyakarta",
            "Programme coordinator",
            problem="Persons with disabilities in the villages around Yogyakarta who run small "
                    "businesses (batik, snacks, phone repair) lost most of their customers in "
                    "2020. Few have a bank account or sell online, and the regency's job "
                    "programmes do not reach them.",
            learning="At a job support centre in Osaka I saw job coaches work beside people "
                     "with disabilities until they could work alone. We will train coaches from "
                     "our community-based rehabilitation volunteers, and add market access: "
                     "online shops and a monthly market stall.",
            objectives="Forty entrepreneurs with disabilities keep or grow their business, 25 "
                       "of them selling online within a year.",
            activities="Months 1–2: training eight job coaches. Months 2–12: weekly coaching "
                       "visits, bookkeeping and online-shop workshops, a monthly stall at the "
                       "Sunday market, and help to open bank accounts.",
            beneficiaries="Entrepreneurs with physical, visual, hearing and intellectual "
                          "disabilities in Sleman and Bantul, and their families", count=40,
            lines=(Line(C.TRAINING, "Training of eight job coaches", 16_000_000),
                   Line(C.PERSONNEL, "Job coaches' allowance (8 coaches, 10 months)",
                        48_000_000),
                   Line(C.TRAINING, "Bookkeeping and online shop workshops", 14_000_000),
                   Line(C.EQUIPMENT, "Ten shared smartphones for online selling", 18_000_000),
                   Line(C.VENUE, "Monthly market stall and transport", 24_000_000),
                   Line(C.ADMINISTRATION, "Bank charges and audit", 4_000_000)),
            indicators="Businesses still trading after a year; monthly sales; entrepreneurs "
                       "selling online; bank accounts opened.",
            risks="Lockdowns may close the market: coaching continues by phone and sales move "
                  "online.",
            co_funding="The regency's social office lends the workshop room; the market "
                       "committee gives the stall at half price."),
            CLOSED, marks=(5, 5), reached=42,
            result="Forty-two entrepreneurs were coached; 38 were still trading after a year and "
                   "27 sell online. Monthly sales rose by about a third from their 2020 level, "
                   "and two of the coaches now work for the regency's disability service."),
        PastApplication(Project(
            "alumna@kakehashi.example", "Volunteer home visits for older people living alone "
            "in Bandung", "Elderly care foundation, Bandung (fictional)", "Programme manager",
            problem="In our two neighbourhoods, older people living alone stopped going to the "
                    "village health post when the pandemic began; several were found ill at "
                    "home days after they needed help.",
            learning="During my practicum in Japan I visited older people with the "
                     "neighbourhood's welfare volunteers, who know everyone in their district. "
                     "Volunteers from each RT will visit the same older people every week.",
            objectives="Sixty older people living alone visited every week, and referred to the "
                       "community health centre when needed.",
            activities="Mapping older people with the RT heads; training 20 volunteers; weekly "
                       "visits; a weekly volunteers' meeting; referrals to the puskesmas.",
            beneficiaries="Older people living alone in two neighbourhoods of Bandung", count=60,
            lines=(Line(C.TRAINING, "Training of 20 volunteers", 12_000_000),
                   Line(C.PERSONNEL, "Coordinator allowance (12 months)", 36_000_000),
                   Line(C.TRAVEL, "Volunteers' transport allowance", 28_800_000),
                   Line(C.MATERIALS, "Blood pressure monitors, masks and visit records",
                        9_600_000),
                   Line(C.VENUE, "Weekly volunteers' meetings", 9_600_000)),
            indicators="Older people visited each week; referrals to the health centre.",
            risks="Volunteers catching or spreading COVID-19: masks, visits at the door, and "
                  "no visits when a volunteer is unwell."),
            CLOSED, marks=(4, 5), reached=71,
            result="Twenty-six volunteers were trained and 71 older people were visited every "
                   "week; 18 were referred to the community health centre. The weekly "
                   "volunteers' meeting goes on without the grant."),
        PastApplication(Project(
            "rodel.bautista@example.org", "Peer support for family caregivers of older people in "
            "Cebu", "Barangay senior citizens' association, Cebu City (fictional)",
            "Social welfare officer III, adviser to the association",
            problem="Family members caring for bedridden older people in our barangays, mostly "
                    "daughters and wives, carry the work alone; during the 2020 quarantine they "
                    "had no respite and no one to ask.",
            learning="In Japan I saw family caregivers' meetings at a community general support "
                     "centre, where caregivers share advice and are linked with services. We "
                     "will start caregiver groups with the barangay health workers.",
            objectives="Six caregiver peer groups meeting monthly; every caregiver trained in "
                       "safe transfer, feeding and skin care.",
            activities="Training barangay health workers as facilitators; a six-session "
                       "caregiver course; monthly peer meetings; a respite day each quarter.",
            beneficiaries="Family caregivers of older people, and the older people they care "
                          "for, in six barangays of Cebu City", count=240,
            lines=(Line(C.TRAINING, "Training of 12 barangay health workers as facilitators",
                        60_000),
                   Line(C.TRAINING, "Six-session caregiver course (six groups)", 108_000),
                   Line(C.VENUE, "Monthly peer meetings: snacks and venue", 72_000),
                   Line(C.OTHER, "Quarterly respite days", 60_000),
                   Line(C.MATERIALS, "Caregiving kits: transfer belts, gloves, booklets",
                        66_000)),
            indicators="Caregivers trained; groups meeting monthly; caregivers' own rating of "
                       "their strain at the start and the end.",
            risks="Caregivers cannot leave the person they care for: a health worker stays "
                  "with the older person during meetings."),
            CLOSED, marks=(5, 4), reached=236,
            result="One hundred and eighteen caregivers completed the course and six groups met "
                   "every month, online during the quarantine and in person from 2021. Thirty-"
                   "one older people were linked with home visits by the health centre."),
        PastApplication(Project(
            "jerome.villanueva@example.org", "Disability-inclusive evacuation planning in four "
            "barangays of Bohol", "Municipal social welfare office, Bohol (fictional)",
            "Municipal social welfare and development officer",
            problem="Our municipality's list of persons with disabilities is years old, and our "
                    "evacuation centres have no ramps or accessible toilets.",
            learning="In Japan I learned how individual evacuation plans are made with each "
                     "person who needs help, and with their neighbours.",
            objectives="An individual evacuation plan for every person with a disability in four "
                       "barangays; ramps and an accessible toilet in two evacuation centres.",
            activities="Updating the list with the persons with disabilities affairs office; "
                       "individual plans; ramps and toilets; training of barangay responders.",
            beneficiaries="Persons with disabilities in four barangays and their families",
            count=180,
            lines=(Line(C.TRAINING, "Training of barangay responders", 64_000),
                   Line(C.PERSONNEL, "Enumerators for the updated list", 48_000),
                   Line(C.OTHER, "Ramps and an accessible toilet in two evacuation centres",
                        220_000),
                   Line(C.MATERIALS, "Plan forms and ID cards", 18_000)),
            indicators="Persons with an individual plan; evacuation centres with a ramp and an "
                       "accessible toilet.",
            risks="Building costs rise: the municipality has agreed to add its share."),
            FINAL_SUBMITTED, marks=(4, 4), award=700_000,
            message="The committee approves ¥700,000 and asks the municipality to fund the "
                    "second accessible toilet.",
            reached=164,
            result="The list and the individual plans were made in 2021 for 164 persons with "
                   "disabilities. Typhoon Odette struck in December 2021 before the ramps were "
                   "finished and damaged one evacuation centre; the ramps and the toilet were "
                   "completed this year with the municipality's share."),
        PastApplication(Project(
            "jonalyn.cruz@example.org", "Savings groups and livelihood coaching for solo parents "
            "in Pampanga", "Provincial social welfare office, Pampanga (fictional)",
            "Provincial social welfare and development officer",
            problem="Solo parents in our province lost work in the 2020 quarantine and many "
                    "borrowed from lenders at 20% a month. Few are reached by the programmes "
                    "for solo parents.",
            learning="Following the committee's advice on my 2019 application, this builds on "
                     "the step-by-step employment support I saw in Japan: coaching over months, "
                     "not a single kit.",
            objectives="Ten savings groups of solo parents; 80 solo parents with a household "
                       "budget and an income plan.",
            activities="Forming savings groups with the solo parents' associations of four "
                       "municipalities; monthly coaching on budgeting and livelihood; a seed "
                       "fund for each group.",
            beneficiaries="Solo parents and their children in four municipalities of Pampanga",
            count=320,
            lines=(Line(C.TRAINING, "Group formation and monthly coaching (10 groups)",
                        150_000),
                   Line(C.OTHER, "Seed fund for ten savings groups", 100_000),
                   Line(C.MATERIALS, "Ledgers and training materials", 20_000),
                   Line(C.TRAVEL, "Coaches' transport", 48_000)),
            indicators="Groups saving every month; members with a household budget; members "
                       "with a new or larger income.",
            risks="Members leave when they find work far away: groups may keep a member's "
                  "savings until she returns."),
            CLOSED, marks=(4, 4), reached=300,
            result="Ten groups with 104 solo parents saved every month; 71 members have a "
                   "household budget and 52 a new or larger income. Nine groups still meet."),
        PastApplication(Project(
            "siriporn.k@example.org", "Elders' clubs and village health volunteers checking on "
            "older people living alone in Khon Kaen",
            "Provincial social development office, Khon Kaen (fictional)",
            "Social development worker",
            problem="In the villages of our province many older people live alone while their "
                    "children work in Bangkok. During the 2020 lockdown, village health "
                    "volunteers found older people without food or medicine.",
            learning="In Japan I learned how watching networks link volunteers, shops and "
                     "services around older people living alone. The elders' clubs and the "
                     "volunteers will make one network in each village.",
            objectives="In eight villages every older person living alone is visited weekly and "
                       "known to the sub-district health promoting hospital.",
            activities="A shared list kept by the volunteers and the elders' club; training; "
                       "weekly visits; a monthly meeting with the health promoting hospital.",
            beneficiaries="Older people living alone in eight villages", count=200,
            lines=(Line(C.TRAINING, "Training of volunteers and elders' club leaders", 64_000),
                   Line(C.TRAVEL, "Volunteers' allowance for weekly visits", 96_000),
                   Line(C.VENUE, "Monthly network meetings", 38_400),
                   Line(C.MATERIALS, "Visit records and phone credit", 24_000)),
            indicators="Older people on the list visited weekly; referrals to the hospital.",
            risks="Volunteers are already busy: visits are shared with the elders' club."),
            CLOSED, marks=(4, 4), reached=214,
            result="All eight villages keep a shared list; 214 older people living alone were "
                   "visited every week and 37 were referred to the health promoting hospital."),
        PastApplication(Project(
            "supaporn.t@example.org", "Supported employment for young adults with intellectual "
            "disabilities in Nonthaburi",
            "Home for persons with disabilities, Nonthaburi (fictional)", "Social worker",
            problem="Young adults with intellectual disabilities leave our vocational training "
                    "with skills but no job; employers say they do not know how to support "
                    "them.",
            learning="In Japan I saw job coaches support workers with intellectual disabilities "
                     "in ordinary workplaces, with employers learning alongside.",
            objectives="Fifteen young adults in paid work with a job coach; ten employers "
                       "trained.",
            activities="Training two job coaches; visiting employers; placements with coaching; "
                       "a monthly employers' meeting.",
            beneficiaries="Young adults with intellectual disabilities and their families",
            count=15,
            lines=(Line(C.PERSONNEL, "Two part-time job coaches (10 months)", 120_000),
                   Line(C.TRAINING, "Employer workshops", 30_000),
                   Line(C.TRAVEL, "Transport to workplaces", 36_000),
                   Line(C.MATERIALS, "Picture-based work instructions", 12_000)),
            indicators="Young adults in paid work after six months; employers trained.",
            risks="Employers may hesitate: placements start with a trial month."),
            FINAL_DRAFT, marks=(4, 3), reached=12,
            result="Placements stopped twice during the 2021 lockdowns and started again in "
                   "2022. Twelve young adults have been placed; nine are still working."),
        PastApplication(Project(
            "wichai.b@example.org", "Community kitchens for older people in hardship in Udon "
            "Thani", "Social welfare protection centre, Udon Thani (fictional)", "Social worker",
            problem="Older people in the town's poorest communities lost the small income they "
                    "made selling at markets in 2020, and many eat one meal a day.",
            learning="In Japan I saw community cafeterias run by volunteers, which are also "
                     "places to notice who needs help.",
            objectives="Two community kitchens serving a meal three times a week, linked with "
                       "the welfare office.",
            activities="Setting up two kitchens with the community committees; volunteers cook; "
                       "social workers come once a week to meet the older people.",
            beneficiaries="Older people in hardship in two urban communities of Udon Thani",
            count=120,
            lines=(Line(C.EQUIPMENT, "Kitchen equipment for two community kitchens", 46_000),
                   Line(C.MATERIALS, "Food for 12 months (with the temple's share)", 144_000),
                   Line(C.PERSONNEL, "Cook's allowance", 36_000),
                   Line(C.ADMINISTRATION, "Bank charges and audit", 4_000)),
            indicators="Meals served; older people linked with allowances and services.",
            risks="Food prices rise: the temple and the market vendors give rice and "
                  "vegetables.",
            co_funding="The temple gives rice; the municipality lends the halls."),
            CLOSED, marks=(4, 4), reached=126,
            result="Both kitchens served meals three times a week for the whole year, 11,800 "
                   "meals in all, and the temple and the municipality carry them on. Social "
                   "workers met 126 older people there and linked 23 with the old age "
                   "allowance."),
        PastApplication(Project(
            "park.seoyeon@example.org", "Weekly check-in calls by neighbourhood volunteers for "
            "older people living alone in Busan",
            "Social welfare council of a district in Busan (fictional)", "Community organizer",
            problem="Our district has one of the highest shares of older people living alone in "
                    "Busan; when the senior centres closed in 2020, people who died alone were "
                    "found only days later.",
            learning="In Japan I joined volunteers of a watching network who call and visit "
                     "older people living alone. Our volunteers will do the same by phone, "
                     "with a visit when a call is not answered.",
            objectives="Every older person living alone in four neighbourhoods is called weekly; "
                       "no one is found days after dying alone.",
            activities="Recruiting and training 40 volunteers; each calls ten people weekly; a "
                       "visit after two missed calls; monthly case meetings.",
            beneficiaries="Older people living alone in four neighbourhoods", count=400,
            lines=(Line(C.TRAINING, "Volunteer training", 2_400_000),
                   Line(C.OTHER, "Volunteers' phone costs", 3_600_000),
                   Line(C.PERSONNEL, "Part-time coordinator", 3_000_000),
                   Line(C.MATERIALS, "Call records and emergency cards", 900_000)),
            indicators="People called weekly; people found in need and helped the same day.",
            risks="Volunteers tire: each calls no more than ten people."),
            CLOSED, marks=(5, 4), reached=396,
            result="Forty-two volunteers called 396 older people every week; 27 were found "
                   "fallen, ill or without food and helped the same day. No one in the four "
                   "neighbourhoods died alone unnoticed during the project."),
        PastApplication(Project(
            "yoon.hyejin@example.org", "Peer counselling for independent living of persons with "
            "disabilities in Incheon",
            "Welfare centre for persons with disabilities, Incheon (fictional)", "Team leader",
            problem="Persons with disabilities who leave residential facilities to live on their "
                    "own often return within a year: they have nobody who has done it before "
                    "to ask.",
            learning="In Japan I visited centres for independent living run by persons with "
                     "disabilities themselves, which train peer counsellors.",
            objectives="Ten peer counsellors trained; forty people supported in their first "
                       "year of living on their own.",
            activities="Peer counsellor training; monthly peer meetings; home visits by peer "
                       "counsellors.",
            beneficiaries="Persons with disabilities moving to their own homes", count=40,
            lines=(Line(C.TRAINING, "Peer counsellor training", 3_000_000),
                   Line(C.PERSONNEL, "Peer counsellors' allowance", 4_800_000),
                   Line(C.VENUE, "Monthly peer meetings", 1_200_000)),
            indicators="People still living on their own after a year.",
            risks="Counsellors' own health: each has a co-counsellor and supervision."),
            CLOSED, marks=(4, 4), reached=37,
            result="Eleven peer counsellors were trained and supported 37 people; 33 were still "
                   "living on their own after a year."),
        PastApplication(Project(
            "kim.jihye@example.org", "Smartphone classes for older people living alone in Seoul",
            "Seoul community welfare centre (fictional)", "Head of the case management team",
            problem="Older people living alone could not use the apps needed during the "
                    "pandemic: QR check-in, video calls and delivery.",
            learning="In Japan I saw smartphone classes for older people at a community centre.",
            objectives="Sixty older people able to make video calls and order deliveries.",
            activities="Ten-week classes with tablets lent to each participant.",
            beneficiaries="Older people living alone", count=60,
            lines=(Line(C.EQUIPMENT, "Tablets for 60 older people", 8_400_000),
                   Line(C.TRAINING, "Ten-week classes", 2_400_000)),
            indicators="Participants making a video call at the end of the course.",
            risks="Tablets lost or broken."),
            REJECTED, marks=(3, 2),
            message="The committee did not fund this application: most of the budget is "
                    "tablets, which the city's digital inclusion programme already lends. The "
                    "committee would welcome a project that builds on it."),
        PastApplication(Project(
            "tsai.mingche@example.org", "Running costs of the Hualien community care station",
            "Community care station, Hualien (fictional)", "Care station coordinator",
            problem="Our care station's government subsidy was cut in 2020.",
            learning="In Japan I saw how day services keep older people active.",
            objectives="Keep the care station open for a year.",
            activities="Staff salaries and rent for twelve months.",
            beneficiaries="Older people attending the care station", count=35,
            lines=(Line(C.PERSONNEL, "Care station staff salaries (12 months)", 180_000),
                   Line(C.VENUE, "Rent (12 months)", 60_000)),
            indicators="Days open.", risks="The subsidy is not restored."),
            INELIGIBLE,
            message="The call funds welfare programs with a defined purpose and time frame, not "
                    "an organization's ordinary running costs: this application asks for the "
                    "care station's salaries and rent for a year. You are welcome to apply for "
                    "a new activity of the station."),
        PastApplication(Project(
            "chen.weiling@example.org", "Training family caregivers in Kaohsiung",
            "Long-term care centre, Kaohsiung", "Care manager",
            problem="Families caring for older people at home in Kaohsiung get little "
                    "training."),
            WITHDRAWN),
    ),
)

# Fiscal 2026, open now --------------------------------------------------------------------------

CURRENT_BUDGET = 8_000_000
CURRENT_LARGEST = 1_200_000
CURRENT_RATES = {"IDR": "0.0092", "PHP": "2.6", "THB": "4.5", "BDT": "1.22", "TWD": "4.8",
                 "MYR": "34", "KRW": "0.106", "LKR": "0.50"}

# What the committee members did with an application assigned to them.
NOT_ASSIGNED, ASSIGNED, DRAFT_REVIEW, SUBMITTED_REVIEW, CONFLICT = (
    "not assigned", "assigned", "draft review", "submitted review", "conflict")


@dataclass(frozen=True)
class CurrentApplication:
    project: Project
    state: ApplicationStatus
    #: When it was last saved (a draft) or submitted, in days before seeding.
    days_ago: int
    reviews: tuple[str, str] = (NOT_ASSIGNED, NOT_ASSIGNED)
    marks: tuple[int, int] = (4, 4)
    #: The screening reason, the committee's question, or the second member's conflict.
    note: str = ""


CURRENT = (
    CurrentApplication(Project(
        "alumna@kakehashi.example", "Training home-visit volunteers to notice early signs of "
        "dementia in Bandung", "Elderly care foundation, Bandung (fictional)",
        "Programme manager",
        problem="Our volunteers now visit more than 70 older people living alone every week. "
                "They tell us that some are becoming forgetful, get lost or stop eating, and "
                "that families hide it; nobody in the neighbourhood knows what dementia is or "
                "where to go.",
        learning="In Japan I took part in a dementia supporter course and visited a dementia "
                 "café run by a community general support centre. We will train our volunteers "
                 "with a course adapted to Sundanese families, and start a monthly café at the "
                 "village health post.",
        objectives="Every volunteer can notice early signs of dementia and knows where to "
                   "refer; forty families of people living with dementia are supported.",
        activities="Months 1–2: a dementia course for 30 volunteers with the puskesmas doctor. "
                   "Months 3–12: weekly visits go on; referrals for assessment; a monthly "
                   "dementia café for families at the posyandu lansia.",
        beneficiaries="Older people living alone and with their families in three "
                      "neighbourhoods of Bandung, and family caregivers", count=120,
        lines=(Line(C.TRAINING, "Dementia course for 30 volunteers", 18_000_000),
               Line(C.PERSONNEL, "Coordinator allowance (12 months)", 42_000_000),
               Line(C.VENUE, "Monthly dementia café: venue and snacks", 14_400_000),
               Line(C.TRAVEL, "Volunteers' transport allowance", 24_000_000),
               Line(C.MATERIALS, "Course booklets in Sundanese and Indonesian", 6_600_000)),
        co_funding="The puskesmas doctor teaches the course; the village lends the hall."),
        S.DRAFT, days_ago=1),
    CurrentApplication(Project(
        "kim.jihye@example.org", "Digital inclusion for older people living alone in Seoul",
        "Seoul community welfare centre (fictional)", "Head of the case management team",
        problem="Since the pandemic, banks, clinics and the ward office expect appointments "
                "and forms online; older people living alone are left out.",
        lines=(Line(C.TRAINING, "Volunteer digital helpers' training", 2_000_000),
               Line(C.PERSONNEL, "Part-time coordinator", 0))),
        S.DRAFT, days_ago=5),
    CurrentApplication(Project(
        "nadeesha.p@example.org", "An elders' committee for every ward of Colombo North",
        "Elders' day centre, Colombo (fictional)", "Manager"),
        S.DRAFT, days_ago=3),
    CurrentApplication(Project(
        "maricel.dizon@example.org", "Older persons in temporary shelters after typhoons in "
        "Iloilo", "Municipal social welfare and development office, Iloilo (fictional)",
        "Social welfare officer II"),
        S.WITHDRAWN, days_ago=10),
    CurrentApplication(Project(
        "han.sora@example.org", "Meals and check-ins for older men living alone in Ulsan",
        "Community welfare centre, Ulsan (fictional)", "Social worker",
        problem="Older men living alone in our district rarely come to the senior centre, eat "
                "poorly and drink alone; three were found dead at home last year.",
        learning="In Japan I saw a men's cooking class and a café run by retired men at a "
                 "community centre, which brought isolated men out of their homes.",
        objectives="Sixty older men living alone cook and eat together weekly; each is "
                   "checked on by a fellow member between meetings.",
        activities="A weekly cooking class and meal; pairs of members call each other; a "
                   "social worker attends monthly.",
        beneficiaries="Older men living alone in two neighbourhoods of Ulsan", count=60,
        lines=(Line(C.MATERIALS, "Ingredients for weekly meals", 4_800_000),
               Line(C.TRAINING, "Cooking instructor", 2_400_000),
               Line(C.VENUE, "Kitchen rental", 1_800_000),
               Line(C.ADMINISTRATION, "Bank charges and audit", 500_000)),
        indicators="Men attending each week; men with a partner who calls; drinking reported "
                   "at the start and the end.",
        risks="Men may not come: the first invitations are brought by the dong's welfare "
              "officers in person."),
        S.SUBMITTED, days_ago=2),
    CurrentApplication(Project(
        "rodel.bautista@example.org", "Keeping Cebu's list of older people up to date with "
        "barangay volunteers", "Barangay senior citizens' association, Cebu City (fictional)",
        "Social welfare officer III, adviser to the association",
        problem="The list of older people we made in the 2020 lockdown saved lives, but it is "
                "now out of date: people moved, died or became frail, and nobody is in charge "
                "of it.",
        learning="Japan's welfare volunteers keep their district's records up to date through "
                 "regular visits. We will give the list to trained barangay volunteers, with "
                 "the senior citizens' association checking it every quarter.",
        objectives="An up-to-date list of every person aged 60 and over in eight barangays, "
                   "checked every quarter, used for social pension and disaster response.",
        activities="Training 40 volunteers; house-to-house updating; a simple shared "
                   "spreadsheet; quarterly checks with the association; use in one drill.",
        beneficiaries="Older people in eight barangays of Cebu City", count=2400,
        lines=(Line(C.TRAINING, "Training of 40 barangay volunteers", 80_000),
               Line(C.TRAVEL, "Volunteers' transport for house-to-house updating", 96_000),
               Line(C.EQUIPMENT, "Four tablets for the association", 72_000),
               Line(C.PERSONNEL, "Data clerk (part-time, 12 months)", 72_000),
               Line(C.VENUE, "Quarterly checking meetings", 20_000)),
        indicators="Barangays with a list checked in the last quarter; people found through "
                   "the list who were not known to the office.",
        risks="Personal data: the list stays with the association and the office, on "
              "password-protected tablets, with each person's consent.",
        co_funding="The city pays for the barangay volunteers' insurance."),
        S.IN_REVIEW, days_ago=16, reviews=(SUBMITTED_REVIEW, SUBMITTED_REVIEW), marks=(5, 4)),
    CurrentApplication(Project(
        "siriporn.k@example.org", "Dementia-friendly villages in Khon Kaen",
        "Provincial social development office, Khon Kaen (fictional)",
        "Social development worker",
        problem="Village health volunteers in our network find more older people with "
                "dementia who wander or are kept indoors by their families, who are ashamed "
                "and exhausted.",
        learning="In Japan I saw how whole neighbourhoods train as dementia supporters and run "
                 "search drills for people who wander.",
        objectives="Six villages trained as dementia-friendly, with a search plan and a "
                   "monthly family group.",
        activities="Dementia supporter training for villagers, shopkeepers and monks; a "
                   "search drill; monthly family groups at the health promoting hospital.",
        beneficiaries="Older people with dementia and their families in six villages",
        count=180,
        lines=(Line(C.TRAINING, "Dementia supporter training in six villages", 72_000),
               Line(C.VENUE, "Monthly family groups", 43_200),
               Line(C.MATERIALS, "Identity bracelets and leaflets", 30_000),
               Line(C.TRAVEL, "Trainers' travel", 48_000),
               Line(C.ADMINISTRATION, "Bank charges and audit", 16_800)),
        indicators="Villagers trained; families in the groups; people who wandered found "
                   "within a day.",
        risks="Families may not want to be known: groups meet at the hospital, not in the "
              "village."),
        S.IN_REVIEW, days_ago=14, reviews=(SUBMITTED_REVIEW, DRAFT_REVIEW), marks=(4, 4)),
    CurrentApplication(Project(
        "jonalyn.cruz@example.org", "Disaster-ready savings groups for solo parents in "
        "Pampanga", "Provincial social welfare office, Pampanga (fictional)",
        "Provincial social welfare and development officer",
        problem="The solo parents' savings groups started with our 2020 grant lose their "
                "savings whenever a typhoon or flood hits; members withdraw everything at "
                "once and the group stops.",
        learning="In Japan I learned how communities prepare before a disaster. The groups "
                 "will keep an emergency fund and a plan for who checks on whom.",
        objectives="Nine groups with an emergency fund and a disaster plan; no group stops "
                   "after a disaster.",
        activities="Training on disaster planning with the municipal disaster office; "
                   "emergency funds; a phone tree; an annual drill.",
        beneficiaries="Solo parents and their children in four municipalities of Pampanga",
        count=300,
        lines=(Line(C.TRAINING, "Disaster planning training (nine groups)", 108_000),
               Line(C.OTHER, "Matching emergency funds", 135_000),
               Line(C.MATERIALS, "Waterproof ledgers and go-bags", 45_000),
               Line(C.TRAVEL, "Coaches' transport", 12_000)),
        indicators="Groups with an emergency fund; groups still meeting three months after a "
                   "disaster.",
        risks="A disaster before the funds are built: the matching funds are paid first."),
        S.IN_REVIEW, days_ago=12, reviews=(SUBMITTED_REVIEW, CONFLICT), marks=(4, 4),
        note="Jonalyn Cruz was my colleague at the provincial social welfare office in "
             "Pampanga until 2023, and I supervised her work on the livelihood programme."),
    CurrentApplication(Project(
        "nusrat.jahan@example.org", "Legal aid referral and follow-up for survivors of "
        "violence in Chattogram", "Women's shelter, Chattogram (fictional)",
        "Shelter coordinator",
        problem="Women in our shelter who go to court wait months, alone, and many drop their "
                "cases under pressure from their families.",
        learning="In Japan I saw how women's consultation centres accompany women to the "
                 "police and the courts, with a lawyer and a support worker together.",
        objectives="Sixty women accompanied through their cases; fewer cases dropped.",
        activities="An agreement with a legal aid organization; a support worker accompanies "
                   "each woman; monthly case reviews with the lawyer.",
        beneficiaries="Women survivors of violence at the shelter", count=60,
        lines=(Line(C.PERSONNEL, "Support worker (12 months)", 360_000),
               Line(C.TRAVEL, "Transport to police stations and courts", 180_000),
               Line(C.OTHER, "Court fees and copies", 150_000),
               Line(C.TRAINING, "Training with the legal aid lawyers", 90_000)),
        indicators="Women accompanied; cases continued to a hearing.",
        risks="Threats to the women or staff: accompaniment is always by two people."),
        S.IN_REVIEW, days_ago=11, reviews=(DRAFT_REVIEW, ASSIGNED), marks=(4, 5)),
    CurrentApplication(Project(
        "lin.yuting@example.org", "A network of dementia cafés in Taichung",
        "Taichung senior day centre (fictional)", "Centre director",
        problem="Our day centre's dementia café is full; families from other districts travel "
                "an hour to come.",
        learning="We learned dementia cafés from Japan; now we want to help other centres "
                 "start their own.",
        objectives="Five new dementia cafés in other districts, each meeting monthly.",
        activities="Training the staff of five centres; a start-up kit; a monthly meeting of "
                   "the cafés' organizers.",
        beneficiaries="People living with dementia and their families in five districts",
        count=250,
        lines=(Line(C.TRAINING, "Training for five centres' staff", 60_000),
               Line(C.MATERIALS, "Start-up kits for five cafés", 50_000),
               Line(C.VENUE, "Organizers' monthly meetings", 30_000),
               Line(C.PERSONNEL, "Coordinator (part-time)", 50_000)),
        indicators="Cafés meeting monthly; families attending.",
        risks="Centres without staff time: each names a volunteer co-organizer."),
        S.IN_REVIEW, days_ago=9, reviews=(ASSIGNED, SUBMITTED_REVIEW), marks=(3, 4)),
    CurrentApplication(Project(
        "siti.rahmah@example.org", "Discharge planning and home follow-up for older people in "
        "Johor Bahru", "Welfare home for older persons, Johor (fictional)", "Welfare officer",
        problem="Older people discharged from the district hospital often go home to nobody "
                "and are readmitted within weeks.",
        learning="In Japan I followed discharge planning conferences that bring the hospital, "
                 "care managers and families together before an older person goes home.",
        objectives="A discharge plan for 80 older people; fewer readmissions within a month.",
        activities="Discharge conferences at the hospital; home visits in the first month; a "
                   "list of community services for families.",
        beneficiaries="Older people discharged from the district hospital", count=80,
        lines=(Line(C.PERSONNEL, "Part-time discharge coordinator", 14_400),
               Line(C.TRAVEL, "Home visits", 6_000),
               Line(C.MATERIALS, "Service directory for families", 2_600),
               Line(C.TRAINING, "Training with the hospital's nurses", 3_000)),
        indicators="Plans made; readmissions within 30 days.",
        risks="The hospital's staff time: the conferences replace a meeting they already "
              "hold."),
        S.IN_REVIEW, days_ago=6, reviews=(ASSIGNED, ASSIGNED), marks=(4, 4)),
    CurrentApplication(Project(
        "mohd.faizal@example.org", "Community salons for older people in three Kedah "
        "villages", "Department of Social Welfare, Kedah district office (fictional)",
        "Assistant welfare officer",
        problem="Villages in our district are ageing fast as young people move to the cities; "
                "older people spend days alone at home.",
        learning="After my follow-up training I visited community salons run by volunteers in "
                 "Japan. This time the village committees asked us for the salons and will "
                 "run them.",
        objectives="Three salons meeting weekly, run by the village committees' volunteers.",
        activities="Training volunteers; weekly salons with exercise and a meal; monthly "
                   "health checks with the klinik desa.",
        beneficiaries="Older people in three villages of Kedah", count=90,
        lines=(Line(C.TRAINING, "Volunteer training", 6_000),
               Line(C.VENUE, "Weekly salons: refreshments", 7_200),
               Line(C.TRAVEL, "Transport for older people without a ride", 9_600),
               Line(C.MATERIALS, "Exercise materials", 1_200)),
        indicators="Salons held; older people attending; health checks.",
        risks="Volunteers leave: two are trained for each salon."),
        S.MORE_INFORMATION, days_ago=18, reviews=(SUBMITTED_REVIEW, SUBMITTED_REVIEW),
        marks=(3, 4),
        note="Before deciding, the committee asks for a letter of support from each village "
             "committee, and for the transport line: how many trips a week, and how far."),
    CurrentApplication(Project(
        "chen.weiling@example.org", "Recruiting and training foreign care workers for our "
        "long-term care centre", "Long-term care centre, Kaohsiung", "Care manager",
        problem="Our centre cannot find enough care workers.",
        learning="In Japan I saw how facilities train care workers from abroad.",
        objectives="Ten care workers recruited and trained.",
        activities="Recruitment abroad; language and care training; wages during training.",
        beneficiaries="Residents of the centre", count=90,
        lines=(Line(C.PERSONNEL, "Care workers' wages during training", 150_000),
               Line(C.TRAINING, "Language and care training", 50_000)),
        indicators="Care workers still employed after a year.",
        risks="Workers leave for other centres."),
        S.INELIGIBLE, days_ago=8,
        note="The call funds welfare programs for people in the community, not the staffing "
             "of a facility: this application asks for the centre's recruitment and care "
             "workers' wages."),
)

# Reviews ----------------------------------------------------------------------------------------

# Each criterion of the default scheme moves from the reviewer's overall view by these steps.
SCORE_STEPS = (0, 1, -1, 0, 1, 0, -1)
COMMENTS = {
    Recommendation.YES: (
        "A clear problem and a plan the organization can carry out; the link with the "
        "practicum in Japan is well explained.",
        "Realistic budget and good value for the number of people reached.",
        "The people served took part in shaping the project, and the indicators can really "
        "be collected.",
        "A thoughtful adaptation of what was seen in Japan to the local setting."),
    Recommendation.MAYBE: (
        "Worth funding, but the timeline looks tight for the training phase.",
        "A good idea; the indicators should say how the information will be collected."),
    Recommendation.NO: (
        "The activities overlap with an existing government programme, and the application "
        "does not say what this project adds.",
        "Most of the budget is equipment, with little for the activities themselves."),
}


def _review_input(scheme_criteria: list[dict[str, Any]], mark: int, seed: int,
                  complete: bool = True) -> reviews.ReviewInput:
    keys = [criterion["key"] for criterion in scheme_criteria]
    scores: dict[str, int | None] = {
        key: max(0, min(5, mark + SCORE_STEPS[(seed + index) % len(SCORE_STEPS)]))
        for index, key in enumerate(keys)}
    if not complete:  # a draft: half scored, no recommendation yet
        scores = {key: (score if index < len(keys) // 2 else None)
                  for index, (key, score) in enumerate(scores.items())}
        return reviews.ReviewInput(scores, None, "")
    recommendation = (Recommendation.YES if mark >= 4 else
                      Recommendation.MAYBE if mark == 3 else Recommendation.NO)
    options = COMMENTS[recommendation]
    return reviews.ReviewInput(scores, recommendation, options[seed % len(options)])


# Seeding ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def _open_around_now(grant_round: GrantRound) -> Iterator[None]:
    """A past round, open for the moment its applications are written and submitted."""
    opens_at, closes_at = grant_round.opens_at, grant_round.closes_at
    now = utcnow()
    grant_round.opens_at, grant_round.closes_at = now - dt.timedelta(hours=1), \
        now + dt.timedelta(hours=1)
    try:
        yield
    finally:
        grant_round.opens_at, grant_round.closes_at = opens_at, closes_at


def seed_grants(db_session: Session) -> None:
    staff = user_by_email(db_session, STAFF_EMAIL)
    members = [user_by_email(db_session, email) for email in MEMBER_EMAILS]
    if staff is None or None in members:
        raise RuntimeError("seed_people must run before seed_grants")
    committee = [member for member in members if member is not None]
    for spec in (FY2019, FY2020):
        if not _round_exists(db_session, spec.fiscal_year):
            _past_round(db_session, staff, committee, spec)
    if not _round_exists(db_session, 2026):
        _current_round(db_session, staff, committee)
    db_session.flush()


def _round_exists(db_session: Session, fiscal_year: int) -> bool:
    return db_session.scalar(select(GrantRound.id).where(
        GrantRound.fiscal_year == fiscal_year).limit(1)) is not None


def _application_input(project: Project, country: str | None,
                       rates: dict[str, str]) -> ApplicationInput:
    currency = applying.LOCAL_CURRENCIES.get(country or "")
    complete_budget = bool(project.lines) and all(line.amount for line in project.lines)
    rate = rates.get(currency or "") if complete_budget else None
    return ApplicationInput(
        title=project.title, country=country, organization=project.organization,
        applicant_role=project.role, problem=project.problem,
        use_of_learning=project.learning, objectives=project.objectives,
        activities=project.activities, beneficiaries=project.beneficiaries,
        beneficiary_count=project.count, local_currency=currency,
        exchange_rate=decimal.Decimal(rate) if rate else None,
        stated_total=sum(line.amount for line in project.lines) if complete_budget else None,
        co_funding=project.co_funding, indicators=project.indicators, risks=project.risks,
        budget_lines=[BudgetLineInput(line.category, line.description, line.amount)
                      for line in project.lines])


def _write(db_session: Session, clock: Timeline, grant_round: GrantRound, applicant: User,
           project: Project, rates: dict[str, str], started: dt.datetime,
           saved: dt.datetime) -> GrantApplication:
    application = applying.start_application(db_session, applicant, grant_round)
    clock.happened(started, (application, "created_at", "updated_at"))
    applying.save_draft(db_session, applicant, application,
                        _application_input(project, applicant.country, rates))
    clock.happened(saved, (application, "updated_at"))
    return application


def _submit(db_session: Session, clock: Timeline, applicant: User,
            application: GrantApplication, moment: dt.datetime) -> None:
    applying.submit(db_session, applicant, application)
    version = db_session.scalar(select(ApplicationVersion).where(
        ApplicationVersion.application_id == application.id,
        ApplicationVersion.number == application.version))
    clock.happened(moment, (application, "updated_at", "submitted_at"),
                   (version, "submitted_at"))


def _screen(db_session: Session, clock: Timeline, staff: User, application: GrantApplication,
            eligible: bool, reason: str, moment: dt.datetime) -> None:
    services.screen(db_session, staff, application, eligible, reason)
    rows: list[tuple[Any, ...]] = [(application, "updated_at")]
    if application.review_subject_id is not None:
        rows.append((db_session.get(ReviewSubject, application.review_subject_id),
                     "created_at"))
    clock.happened(moment, *rows)


def _review(db_session: Session, clock: Timeline, staff: User, application: GrantApplication,
            member: User, plan: str, mark: int, seed: int, assigned: dt.datetime,
            reviewed: dt.datetime, conflict_reason: str = "") -> None:
    if plan == NOT_ASSIGNED:
        return
    assignment = services.assign_reviewer(db_session, staff, application, member)
    clock.happened(assigned, (assignment, "assigned_at"))
    if plan == CONFLICT:
        reviews.declare_conflict(db_session, member, assignment, conflict_reason)
        clock.happened(reviewed, (assignment, "conflict_declared_at"))
    elif plan in (DRAFT_REVIEW, SUBMITTED_REVIEW):
        submit = plan == SUBMITTED_REVIEW
        review = reviews.save_review(
            db_session, member, assignment,
            _review_input(application.round.review_scheme.criteria, mark, seed, submit),
            submit=submit)
        clock.happened(reviewed, (review, "saved_at", *(("submitted_at",) if submit else ())))


def _past_round(db_session: Session, staff: User, committee: list[User],
                spec: PastRound) -> None:
    clock = Timeline(db_session)
    grant_round = services.create_round(db_session, staff, RoundInput(
        fiscal_year=spec.fiscal_year, title=spec.title, timezone=ZONE,
        opens_at=dt.datetime.combine(spec.opens_on, dt.time(10)),
        closes_at=dt.datetime.combine(spec.closes_on, dt.time(17)),
        budget=spec.budget, largest_award=spec.largest_award,
        progress_report_due_on=spec.progress_due, final_report_due_on=spec.final_due))
    clock.happened(_tokyo(spec.opens_on - dt.timedelta(days=24)), (grant_round, "created_at"))

    written: list[tuple[PastApplication, User, GrantApplication]] = []
    with _open_around_now(grant_round):
        for index, past in enumerate(spec.applications):
            applicant = user_by_email(db_session, past.project.email)
            if applicant is None:
                continue
            started = _tokyo(spec.opens_on + dt.timedelta(days=2 + 3 * index), 9 + index % 8)
            sent = started + dt.timedelta(days=14, hours=5)
            application = _write(db_session, clock, grant_round, applicant, past.project,
                                 spec.rates, started, sent - dt.timedelta(days=2))
            if past.fate == WITHDRAWN:
                applying.withdraw(db_session, applicant, application)
                clock.happened(sent, (application, "updated_at", "withdrawn_at"))
                continue
            _submit(db_session, clock, applicant, application, sent)
            written.append((past, applicant, application))

    decisions: list[tuple[GrantApplication, DecisionInput]] = []
    for index, (past, _applicant, application) in enumerate(written):
        screened = _tokyo(spec.closes_on + dt.timedelta(days=6), 10 + index % 7)
        eligible = past.fate != INELIGIBLE
        _screen(db_session, clock, staff, application, eligible,
                "" if eligible else past.message, screened)
        if not eligible:
            continue
        for number, member in enumerate(committee):
            _review(db_session, clock, staff, application, member, SUBMITTED_REVIEW,
                    past.marks[number], index + number, screened + dt.timedelta(hours=1),
                    screened + dt.timedelta(days=8 + (index + 3 * number) % 9))
        if past.fate == REJECTED:
            decisions.append((application, DecisionInput(DecisionOutcome.REJECTED,
                                                         message=past.message)))
        else:
            decisions.append((application, DecisionInput(
                DecisionOutcome.APPROVED, past.award or application.requested_amount,
                past.message or "The committee approves your project as you proposed it.")))
    meeting = _tokyo(spec.meeting, 16)
    for record, (application, _decision) in zip(
            decide_many(db_session, staff, grant_round, decisions), decisions,
            strict=True):
        clock.happened(meeting, (record, "decided_at"), (application, "updated_at",
                                                          "decided_at"))

    for index, (past, applicant, application) in enumerate(written):
        if past.fate in AWARDED_FATES:
            _run_project(db_session, clock, staff, spec, index, past, applicant, application)
    if spec.extended_final_due_in is not None and any(
            past.fate in (FINAL_SUBMITTED, FINAL_DRAFT) for past in spec.applications):
        _extend_final_due(db_session, clock, staff, grant_round, spec)
        for index, (past, applicant, application) in enumerate(written):
            if past.fate in (FINAL_SUBMITTED, FINAL_DRAFT):
                _late_final_report(db_session, clock, spec, index, past, applicant,
                                   application)


def _spending(application: GrantApplication, share: float, seed: int) -> dict[int, int | None]:
    """What was spent on each line by a report: the award's share of each line, give or take
    a few percent, as real projects spend."""
    scale = (application.awarded_amount or 0) / max(application.requested_amount, 1)
    variation = (1.0, 0.97, 1.02, 0.94, 1.0, 0.99)
    return {line.id: round(line.local_amount * scale * share
                           * variation[(seed + line.position) % len(variation)])
            for line in application.budget_lines}


def _report(db_session: Session, clock: Timeline, applicant: User,
            application: GrantApplication, kind: ReportKind, narrative: str, reached: int,
            spending: dict[int, int | None], submit: bool, moment: dt.datetime) -> None:
    report = projects.save_report(db_session, applicant, application, kind,
                                  projects.ReportInput(narrative, reached, spending), submit)
    clock.happened(moment, (report, "updated_at", *(("submitted_at",) if submit else ())))


def _accept_report(db_session: Session, clock: Timeline, staff: User,
                   application: GrantApplication, kind: ReportKind, note: str,
                   moment: dt.datetime) -> None:
    report = projects.report_of(db_session, application, kind)
    projects.review_report(db_session, staff, report, True, note)
    rows: list[tuple[Any, ...]] = [(report, "reviewed_at")]
    if kind == ReportKind.FINAL:
        rows.append((application, "updated_at", "closed_at"))
    clock.happened(moment, *rows)


def _pay(db_session: Session, clock: Timeline, staff: User, application: GrantApplication,
         amount: int, day: dt.date, reference: str) -> None:
    payment = projects.record_disbursement(db_session, staff, application, day, amount,
                                           reference)
    clock.happened(_tokyo(day, 11), (payment, "recorded_at"))


def _run_project(db_session: Session, clock: Timeline, staff: User, spec: PastRound,
                 index: int, past: PastApplication, applicant: User,
                 application: GrantApplication) -> None:
    """Terms, two payments, the progress report, and the final report when it was on time."""
    award = application.awarded_amount or 0
    accepted = _tokyo(spec.meeting + dt.timedelta(days=5 + index % 6), 14)
    projects.accept_terms(db_session, applicant, application)
    clock.happened(accepted, (application, "updated_at", "terms_accepted_at"))
    first = award * 8 // 10 // 1000 * 1000
    reference = f"FY{spec.fiscal_year}-G{index + 1:02d}"
    _pay(db_session, clock, staff, application, first,
         accepted.date() + dt.timedelta(days=9), f"{reference}-1")

    count = application.beneficiary_count or 0
    halfway = min(past.reached or 0, count) // 2
    sent = _tokyo(spec.progress_due - dt.timedelta(days=8 - index % 5), 15)
    _report(db_session, clock, applicant, application, ReportKind.PROGRESS,
            f"Six months in, {halfway} of the {count} people planned have taken part. "
            f"{spec.progress_note}", halfway, _spending(application, 0.5, index), True, sent)
    reviewed = sent + dt.timedelta(days=4 + index % 3)
    _accept_report(db_session, clock, staff, application, ReportKind.PROGRESS,
                   "Thank you: the second payment follows.", reviewed)
    _pay(db_session, clock, staff, application, award - first,
         reviewed.date() + dt.timedelta(days=10), f"{reference}-2")
    if past.fate != CLOSED:
        return
    sent = _tokyo(spec.final_due - dt.timedelta(days=10 - index % 7), 15)
    _report(db_session, clock, applicant, application, ReportKind.FINAL, past.result,
            past.reached or 0, _spending(application, 1.0, index), True, sent)
    _accept_report(db_session, clock, staff, application, ReportKind.FINAL,
                   "Thank you for the report: the grant is closed.",
                   sent + dt.timedelta(days=6 + index % 4))


def _extend_final_due(db_session: Session, clock: Timeline, staff: User,
                      grant_round: GrantRound, spec: PastRound) -> None:
    """Staff moved the final report deadline for the projects the pandemic held up."""
    zone = grant_round.zone
    today = utcnow().astimezone(zone).date()
    services.update_round(db_session, staff, grant_round, RoundInput(
        fiscal_year=grant_round.fiscal_year, title=grant_round.title,
        timezone=grant_round.timezone,
        opens_at=grant_round.opens_at.astimezone(zone).replace(tzinfo=None),
        closes_at=grant_round.closes_at.astimezone(zone).replace(tzinfo=None),
        budget=grant_round.budget, largest_award=grant_round.largest_award,
        currency=grant_round.currency, guide_course_id=grant_round.guide_course_id,
        allow_several=grant_round.allow_several,
        progress_report_due_on=grant_round.progress_report_due_on,
        final_report_due_on=today + dt.timedelta(days=spec.extended_final_due_in or 0)))
    clock.happened(_tokyo(today - dt.timedelta(days=60), 11))


def _late_final_report(db_session: Session, clock: Timeline, spec: PastRound, index: int,
                       past: PastApplication, applicant: User,
                       application: GrantApplication) -> None:
    submit = past.fate == FINAL_SUBMITTED
    today = utcnow().astimezone(TOKYO).date()
    _report(db_session, clock, applicant, application, ReportKind.FINAL, past.result,
            past.reached or 0, _spending(application, 1.0 if submit else 0.8, index), submit,
            _tokyo(today - dt.timedelta(days=5 if submit else 20), 14))


def _current_round(db_session: Session, staff: User, committee: list[User]) -> None:
    clock = Timeline(db_session)
    today = utcnow().astimezone(TOKYO).date()
    guide = db_session.scalar(select(Course.id).where(Course.slug == GUIDE_SLUG))
    opens_on, closes_on = today - dt.timedelta(days=42), today + dt.timedelta(days=28)
    grant_round = services.create_round(db_session, staff, RoundInput(
        fiscal_year=2026, title="Alumni project grants, fiscal 2026", timezone=ZONE,
        opens_at=dt.datetime.combine(opens_on, dt.time(10)),
        closes_at=dt.datetime.combine(closes_on, dt.time(17)),
        budget=CURRENT_BUDGET, largest_award=CURRENT_LARGEST, guide_course_id=guide,
        progress_report_due_on=closes_on + dt.timedelta(days=270),
        final_report_due_on=closes_on + dt.timedelta(days=450)))
    clock.happened(_tokyo(opens_on - dt.timedelta(days=14)), (grant_round, "created_at"))

    for index, current in enumerate(CURRENT):
        applicant = user_by_email(db_session, current.project.email)
        if applicant is None:
            continue
        moment = _tokyo(today - dt.timedelta(days=current.days_ago), 9 + index % 8)
        application = _write(db_session, clock, grant_round, applicant, current.project,
                             CURRENT_RATES, moment - dt.timedelta(days=9),
                             moment - dt.timedelta(days=1 if current.state != S.DRAFT else 0))
        if current.state == S.DRAFT:
            continue
        if current.state == S.WITHDRAWN:
            applying.withdraw(db_session, applicant, application)
            clock.happened(moment, (application, "updated_at", "withdrawn_at"))
            continue
        _submit(db_session, clock, applicant, application, moment)
        if current.state == S.SUBMITTED:
            continue
        screened = moment + dt.timedelta(days=2)
        eligible = current.state != S.INELIGIBLE
        _screen(db_session, clock, staff, application, eligible,
                "" if eligible else current.note, screened)
        if not eligible:
            continue
        for number, member in enumerate(committee):
            plan = current.reviews[number]
            done = min(screened + dt.timedelta(days=2 + 2 * number, hours=3),
                       _tokyo(today - dt.timedelta(days=1), 18))
            _review(db_session, clock, staff, application, member, plan,
                    current.marks[number], index + number, screened + dt.timedelta(hours=1),
                    done, current.note if plan == CONFLICT else "")
        if current.state == S.MORE_INFORMATION:
            record = decide(db_session, staff, application, DecisionInput(
                DecisionOutcome.MORE_INFORMATION, message=current.note))
            clock.happened(_tokyo(today - dt.timedelta(days=1), 15),
                           (record, "decided_at"), (application, "updated_at", "decided_at"))
