"""What waits for graders on the home page: a mentor's trainees' work and who of them is at
risk, and for staff the work that has waited too long."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from markupsafe import Markup, escape
from sqlalchemy import and_, case, func, literal_column, select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.assignments.models import Grade, Submission, SubmissionStatus
from lms.clock import utcnow
from lms.curriculum.models import Item
from lms.curriculum.queries import trainees_at_work
from lms.curriculum.standing import Level
from lms.home_words import words
from lms.homepage import Lines, Pending, Section, gather, line
from lms.i18n import _
from lms.links import link_to
from lms.names import name_column
from lms.navigation import fixed_url
from lms.programs.models import Cohort, Enrollment
from lms.programs.queries import current_mentorships, current_trainees
from lms.programs.standing import viewer_is_mentor
from lms.security import is_staff

#: How many of the oldest waiting submissions a home lists; the count says how many in all.
SHOWN = 5
#: The most waiting submissions a home counts: past it, the home says "more than" this. A
#: mentor or the office grades the oldest first whatever the number, and counting every one of
#: tens of thousands cost more than the rest of the page, growing with the cohort.
COUNTED_UP_TO = 1000
#: The most trainees whose standing a mentor's home judges. The judge reads each trainee's
#: whole course and work, so a mentor who follows more (a program has a handful per cohort)
#: is sent to the progress pages, which judge a page of trainees at a time.
JUDGED_AT_MOST = 20


def _grade_url() -> Callable[[int], str]:
    # Built once for the list (lms.links): a url_for a submission cost more than its row.
    return link_to("lms.assignments.grade", "submission_id")


def grading_overdue_before() -> dt.datetime:
    return utcnow() - dt.timedelta(days=current_app.config["LMS_GRADING_DAYS"])


def _waiting(*, before: Any = None) -> Any:
    conditions = [Submission.status == SubmissionStatus.SUBMITTED]
    if before is not None:
        conditions.append(Submission.submitted_at < before)
    return and_(*conditions)


def _waiting_lines(kind: str, condition: Any) -> Any:
    return (line(kind, id=Submission.id, ref=Enrollment.cohort_id, title=Item.title,
                 detail=User.display_name, at=Submission.submitted_at)
            .select_from(Submission).join(Item, Item.id == Submission.item_id)
            .join(Enrollment, Enrollment.id == Submission.enrollment_id)
            .join(User, User.id == Enrollment.user_id)
            .where(condition).order_by(Submission.submitted_at, Submission.id).limit(SHOWN))


def _counts(user_id: Any, before: Any, count_limit: Any) -> list[Any]:
    """How many wait past the grading time, and how many wait in all, each counted no further
    than ``count_limit`` (one past COUNTED_UP_TO). A mentor's (``user_id``) are found from
    each trainee she follows, her mentorships joined to the submissions' index as they are
    read, so counting stops at the limit: a list of all her trainees made first (a mentor of
    10,000) cost more than the rest of the page. All waiting rather than those waiting since
    the grading time: a mentor of thousands with none of those would have each of her
    trainees asked for them, where the count of all stops at the limit if any is past it
    (and then nothing more is said).

    Those past the grading time are counted first: all that wait are at least as many, so
    when that count reached the limit, the count of all is not made."""
    def capped(condition: Any, *gates: Any) -> Any:
        if user_id is None:
            # A constant rather than the id: SQLite counts on the index of state and time
            # without reading each entry's id, a third less for the thousand counted.
            waiting = select(literal_column("1")).select_from(Submission).where(
                condition, *gates)
        else:
            # An outer join whose missing rows are left out, so that SQLite reads her
            # mentorships first and each trainee's work on its index: joined, it read the
            # submissions' index first and asked each one's mentorship, several times slower.
            # (Joined to the mentorships' own FROM: as a subquery, SQLite flattened it and
            # chose the other order again.)
            followed = current_mentorships("trainee", mentor_user_id=user_id)
            waiting = (followed.outerjoin(Submission, and_(
                Submission.enrollment_id == followed.selected_columns[0], condition))
                .with_only_columns(Submission.id).where(Submission.id.is_not(None), *gates))
        return select(func.count().label("number")).select_from(
            waiting.limit(count_limit).subquery())

    # A mentor's are counted only if any of hers is past the grading time, found from the
    # oldest of all on their index: when none is, counting from each of her trainees would
    # ask every one of them (all of a cohort of 10,000) to find none.
    any_overdue = ([] if user_id is None else [select(Submission.id).where(
        _waiting(before=before), current_mentorships(
            "trainee", mentor_user_id=user_id,
            trainee_enrollment_id=Submission.enrollment_id).exists()).exists()])
    overdue = capped(_waiting(before=before), *any_overdue).cte("overdue")
    # Reading the overdue count, the count of all stops at once when that reached the limit.
    waiting = case((overdue.c.number >= count_limit, count_limit), else_=capped(
        _waiting(), overdue.c.number < count_limit).scalar_subquery())
    return [line("overdue_count", number=overdue.c.number).select_from(overdue),
            line("waiting_count", number=waiting).select_from(overdue)]


def _last_graded(enrollment_ids: Any) -> Any:
    # The newest grade first, on its index, until one of these trainees' is found.
    graded = select(Grade.graded_at).order_by(Grade.graded_at.desc()).limit(1)
    if enrollment_ids is not None:
        graded = graded.where(select(Submission.id).where(
            Submission.id == Grade.submission_id,
            Submission.enrollment_id.in_(enrollment_ids)).exists())
    return line("last_graded", at=graded.scalar_subquery())


def _mentor_lines(user_id: Any, overdue_before: Any, count_limit: Any) -> list[Any]:
    # No line reads a list of all her trainees made first (an IN list, a CTE the database
    # keeps): for a mentor of 10,000 trainees making it cost more than the rest of the page.
    # Each line reads her mentorships as far as it needs: joined to what it counts, or asked
    # on their index for each submission read in order.
    # Her cohorts from her own enrollments, each asked whether it has a mentorship of hers.
    mentoring = current_mentorships("mentor_enrollment", mentor_user_id=user_id)
    cohorts = (line("cohort", id=Cohort.id, title=name_column(Cohort))
               .select_from(Enrollment).join(Cohort, Cohort.id == Enrollment.cohort_id)
               .where(Enrollment.user_id == user_id,
                      mentoring.where(mentoring.selected_columns[0] == Enrollment.id).exists())
               .order_by(Cohort.starts_on.desc()))
    # Counted only as far as the at-risk section needs to choose, one past JUDGED_AT_MOST.
    followed = line("trainee_count", number=select(func.count()).select_from(
        current_mentorships("trainee", mentor_user_id=user_id).distinct()
        .limit(JUDGED_AT_MOST + 1).subquery()).scalar_subquery())
    # The oldest waiting first, each asked whether she follows its trainee.
    hers = current_mentorships("trainee", mentor_user_id=user_id,
                               trainee_enrollment_id=Submission.enrollment_id).exists()
    return [cohorts, followed, _waiting_lines("waiting", and_(_waiting(), hers)),
            *_counts(user_id, overdue_before, count_limit)]


def _mentor_last_graded(user_id: Any) -> list[Any]:
    return [_last_graded(current_mentorships("trainee", mentor_user_id=user_id))]


@dataclass(frozen=True)
class Waiting:
    """All waiting and how many of those past the grading time, each at most COUNTED_UP_TO;
    ``more`` and ``more_overdue`` when a count stopped there."""

    waiting: int
    overdue: int
    more: bool
    more_overdue: bool


def _waiting_counts(lines: Lines) -> Waiting:
    overdue, waiting = lines.number("overdue_count"), lines.number("waiting_count")
    return Waiting(waiting=min(waiting, COUNTED_UP_TO), overdue=min(overdue, COUNTED_UP_TO),
                   more=waiting > COUNTED_UP_TO, more_overdue=overdue > COUNTED_UP_TO)


def mentor_section(db_session: Session, user: User) -> Section | None:
    if not viewer_is_mentor():  # asked once a request already, for the navigation
        return None
    lines = gather(db_session, _mentor_lines, user_id=user.id,
                   overdue_before=grading_overdue_before(), count_limit=COUNTED_UP_TO + 1)
    if not lines.of("cohort"):
        return None
    counts = _waiting_counts(lines)
    # Asked only when nothing waits, the one time the home says it: finding her trainees'
    # newest grade reads the list of all of them once more.
    last_graded = (None if counts.waiting else
                   gather(db_session, _mentor_last_graded, user_id=user.id).at("last_graded"))
    return Section("mentoring", 20, _("Your trainees"), "lms/assignments/home_section.html",
                   {"lines": lines, "counts": counts, "last_graded": last_graded,
                    "grade_url": _grade_url(),
                    "grading_days": current_app.config["LMS_GRADING_DAYS"]},
                   count=counts.waiting, count_more=counts.more)


def at_risk_section(db_session: Session, user: User, mentoring: Section) -> Section:
    """The mentor's trainees at risk, each with why, as the one standing function judges them
    (lms.certificates.standing): a section of its own, since the judge reads each trainee's
    course and work row by row, which the grading section's union of lines cannot carry.
    Beyond JUDGED_AT_MOST trainees it sends the mentor to the cohorts' progress pages."""
    lines: Lines = mentoring.context["lines"]
    followed = lines.number("trainee_count")
    if followed > JUDGED_AT_MOST:
        return Section("at-risk", 21, _("Trainees at risk"),
                       "lms/assignments/at_risk_section.html",
                       {"followed": followed, "judged_at_most": JUDGED_AT_MOST,
                        "cohorts": lines.of("cohort")})
    trainees = trainees_at_work(db_session, current_trainees(user))
    at_risk = sorted((trainee for trainee in trainees if trainee.work is not None
                      and trainee.work.standing.level == Level.AT_RISK),
                     key=lambda trainee: (trainee.enrollment.user.display_name,
                                          trainee.enrollment.id))
    return Section("at-risk", 21, _("Trainees at risk"), "lms/assignments/at_risk_section.html",
                   {"at_risk": at_risk}, count=len(at_risk))


def _staff_lines(overdue_before: Any, count_limit: Any) -> list[Any]:
    return [_waiting_lines("waiting", _waiting(before=overdue_before)),
            *_counts(None, overdue_before, count_limit), _last_graded(None)]


def staff_section() -> Pending:
    """The staff's grading section, its lines read with the other staff sections'."""
    return Pending(_staff_lines, {"overdue_before": grading_overdue_before(),
                                  "count_limit": COUNTED_UP_TO + 1}, _staff_sections)


def _staff_sections(lines: Lines) -> list[Section]:
    counts = _waiting_counts(lines)
    return [Section("staff-grading", 41, words().gettext("Grading"), "",
                    {"lines": lines, "counts": counts}, count=counts.overdue,
                    count_more=counts.more_overdue,
                    html=_staff_html(lines, counts, current_app.config["LMS_GRADING_DAYS"]))]


def _staff_html(lines: Lines, counts: Waiting, days: int) -> Markup:
    """The staff's grading section, written here rather than by its template (the page's
    words and links looked up once, lms.home_words and lms.links): its sentences and rows
    cost a staff home more in the template than its query did. Byte for byte what the
    template wrote before."""
    text = words()
    _, ngettext = text.gettext, text.ngettext
    overdue = lines.of("waiting")
    if overdue:
        said = (_("More than %(num)d submissions have waited more than %(days)d days for "
                  "grading.", num=counts.overdue, days=days) if counts.more_overdue else
                ngettext("%(num)d submission has waited more than %(days)d days for grading.",
                         "%(num)d submissions have waited more than %(days)d days for grading.",
                         counts.overdue, days=days))
        in_all = (_("More than %(num)d wait in all.", num=counts.waiting) if counts.more else
                  ngettext("%(num)d waits in all.", "%(num)d wait in all.", counts.waiting))
        grade_url = _grade_url()
        rows = []
        for row in overdue:
            work = _("%(assignment)s by %(trainee)s", assignment=row.title, trainee=row.detail)
            handed_in = _("handed in %(when)s", when=text.format_when(row.at))
            rows.append(f'\n  <li><a href="{escape(grade_url(row.id))}">{escape(work)}</a>\n'
                        f'    <span class="muted">{escape(handed_in)}</span></li>\n  ')
        body = (f'<p>{escape(said)}\n  {escape(in_all)}</p>\n<ol class="item-list">\n  '
                f'{"".join(rows)}\n</ol>')
    elif counts.more:
        body = "<p>{}</p>".format(escape(_(
            "Nothing has waited more than %(days)d days; more than %(num)d submissions wait "
            "for grading.", num=counts.waiting, days=days)))
    elif counts.waiting:
        body = "<p>{}</p>".format(escape(ngettext(
            "Nothing has waited more than %(days)d days; %(num)d submission waits for grading.",
            "Nothing has waited more than %(days)d days; %(num)d submissions wait for grading.",
            counts.waiting, days=days)))
    elif (last_graded := lines.at("last_graded")) is not None:
        body = "<p>{}</p>".format(escape(_(
            "Nothing to grade — the last submission was graded on %(day)s.",
            day=text.format_day(last_graded))))
    else:
        body = "<p>{}</p>".format(escape(_("Nothing to grade — no work has been handed in yet.")))
    queue = escape(fixed_url("lms.assignments.queue"))
    # The blank lines are those the template's tags left, kept for the page to stay the same.
    return Markup(  # noqa: S704 - each value is escaped above
        f'\n\n\n\n\n{body}\n\n<p><a href="{queue}">{escape(_("Grading queue"))}</a></p>')


def sections(db_session: Session, user: User) -> list[Section | Pending]:
    found: list[Section | Pending] = [] if not is_staff(user) else [staff_section()]
    mentoring = mentor_section(db_session, user)
    if mentoring is None:
        return found
    return [*found, mentoring, at_risk_section(db_session, user, mentoring)]
