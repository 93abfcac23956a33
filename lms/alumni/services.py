"""Alumni: the opt-in directory profile and reports from home.

The report workflow (a move not listed is refused; who may make it is in the table):

    draft → submitted                  the author, when the report is ready
    submitted → approved | returned    staff; returning needs a note the author reads
    returned → submitted               the author, after editing
    approved → returned                staff take a published report down again, with a note

Staff never decide on a report of their own (a staff member may also be an alumna).

The author edits only while a report is a draft or returned, so what staff approved is what
everyone reads. Staff read submitted, approved and returned reports, never drafts; other alumni
read approved ones only. Every change writes an audit event in the same transaction.
Services flush, never commit.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import IO

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms import audit, uploads
from lms.accounts.models import Role, User
from lms.alumni.models import AlumniProfile, AlumniReport, ReportPicture, ReportStatus
from lms.alumni.pictures import store_picture
from lms.clock import utcnow
from lms.errors import NotAllowed, ServiceError
from lms.i18n import _l, country_names
from lms.notifications import services as notifications
from lms.programs.standing import require_alumnus
from lms.urls import external_url

#: Fields of practice an alumna may pick for her profile. The keys are stored; add new keys
#: at will, but renaming one orphans what profiles hold.
FIELDS_OF_PRACTICE = {
    "older_people": _l("Older people"),
    "disability": _l("Disability"),
    "children_families": _l("Children and families"),
    "community_development": _l("Community development"),
    "poverty_livelihoods": _l("Poverty and livelihoods"),
    "mental_health": _l("Mental health"),
    "medical_social_work": _l("Medical social work"),
    "disaster_response": _l("Disaster response"),
    "women_gender": _l("Women and gender"),
    "social_welfare_policy": _l("Social welfare policy"),
}

#: What an alumna may choose to show other alumni. Name, country, cohort and fields are shown
#: whenever she is listed.
SHARE_ITEMS = {
    "email": _l("Email address"),
    "organization": _l("Organization"),
    "role": _l("Current role"),
    "bio": _l("Short bio"),
}

TITLE_LIMIT = 200
BODY_LIMIT = 50_000
BIO_LIMIT = 1_000
TEXT_LIMIT = 200
NOTE_LIMIT = 5_000
MAX_PICTURES = 8


def _check_country(code: str | None, field: str = "country") -> str:
    if not code or code not in {known for known, _name in country_names("en")}:
        raise ServiceError(_l("Choose a country from the list."), field=field)
    return code


# Profile ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileDetails:
    listed: bool
    country: str | None
    organization: str
    current_role: str
    fields: list[str]
    bio: str
    shared: list[str]


def save_profile(db_session: Session, actor: User, details: ProfileDetails) -> AlumniProfile:
    """Save the actor's own profile. There is no way to name someone else's: whose profile
    it is comes from who is acting."""
    require_alumnus(db_session, actor)
    unknown = set(details.fields) - set(FIELDS_OF_PRACTICE)
    if unknown:
        raise ServiceError(_l("Choose fields of practice from the list."), field="fields")
    if set(details.shared) - set(SHARE_ITEMS):
        raise ServiceError(_l("Choose what to share from the list."), field="shared")
    organization, role, bio = (details.organization.strip(), details.current_role.strip(),
                               details.bio.strip())
    if len(organization) > TEXT_LIMIT:
        raise ServiceError(_l("Use at most %(count)d characters.", count=TEXT_LIMIT),
                           field="organization")
    if len(role) > TEXT_LIMIT:
        raise ServiceError(_l("Use at most %(count)d characters.", count=TEXT_LIMIT),
                           field="current_role")
    if len(bio) > BIO_LIMIT:
        raise ServiceError(_l("Use at most %(count)d characters.", count=BIO_LIMIT), field="bio")
    country = _check_country(details.country) if details.country else None
    profile, created = _own_profile(db_session, actor)
    before = None if created else profile_snapshot(profile)
    profile.listed = details.listed
    profile.country = country
    profile.organization = organization
    profile.current_role = role
    # Kept in the vocabulary's order, so two profiles with the same fields look the same.
    profile.fields = [key for key in FIELDS_OF_PRACTICE if key in details.fields]
    profile.bio = bio
    profile.share_email = "email" in details.shared
    profile.share_organization = "organization" in details.shared
    profile.share_role = "role" in details.shared
    profile.share_bio = "bio" in details.shared
    profile.updated_at = utcnow()
    db_session.flush()
    audit.record(db_session, actor, "alumni_profile_saved", profile, before=before,
                 after=profile_snapshot(profile))
    return profile


def _own_profile(db_session: Session, actor: User) -> tuple[AlumniProfile, bool]:
    """The actor's profile row, and whether it was made just now."""
    profile = db_session.scalar(select(AlumniProfile).where(AlumniProfile.user_id == actor.id))
    if profile is not None:
        return profile, False
    profile = AlumniProfile(user_id=actor.id, fields=[])
    try:
        with db_session.begin_nested():
            db_session.add(profile)
    except IntegrityError:  # the same person saved in another tab a moment ago
        return db_session.scalars(select(AlumniProfile).where(
            AlumniProfile.user_id == actor.id)).one(), False
    return profile, True


def profile_snapshot(profile: AlumniProfile) -> dict[str, object]:
    return {"listed": profile.listed, "country": profile.country,
            "organization": profile.organization, "current_role": profile.current_role,
            "fields": list(profile.fields), "shared": shared_items(profile)}


def shared_items(profile: AlumniProfile) -> list[str]:
    flags = {"email": profile.share_email, "organization": profile.share_organization,
             "role": profile.share_role, "bio": profile.share_bio}
    return [key for key in SHARE_ITEMS if flags[key]]


# Reports: the workflow --------------------------------------------------------------------------


class Mover(enum.StrEnum):
    AUTHOR = "author"
    STAFF = "staff"


TRANSITIONS: dict[tuple[ReportStatus, ReportStatus], Mover] = {
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED): Mover.AUTHOR,
    (ReportStatus.RETURNED, ReportStatus.SUBMITTED): Mover.AUTHOR,
    (ReportStatus.SUBMITTED, ReportStatus.APPROVED): Mover.STAFF,
    (ReportStatus.SUBMITTED, ReportStatus.RETURNED): Mover.STAFF,
    (ReportStatus.APPROVED, ReportStatus.RETURNED): Mover.STAFF,
}

#: The author changes the text and pictures only in these states.
EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})

STATUS_LABELS = {
    ReportStatus.DRAFT: _l("Draft"),
    ReportStatus.SUBMITTED: _l("Waiting for staff approval"),
    ReportStatus.APPROVED: _l("Published"),
    ReportStatus.RETURNED: _l("Returned to the author"),
}


def check_transition(report: AlumniReport, wanted: ReportStatus, actor: User) -> None:
    mover = TRANSITIONS.get((report.status, wanted))
    if mover is None:
        raise ServiceError(_l("A report that is “%(current)s” cannot become “%(wanted)s”.",
                              current=str(STATUS_LABELS[report.status]),
                              wanted=str(STATUS_LABELS[wanted])))
    if mover == Mover.AUTHOR and report.author_id != actor.id:
        raise NotAllowed(_l("Only the author can send this report."))
    if mover == Mover.STAFF and not actor.has_role(Role.STAFF):
        raise NotAllowed(_l("Only program staff can approve or return reports."))
    if mover == Mover.STAFF and report.author_id == actor.id:
        # Approval is a second pair of eyes; a staff member who is also an alumna asks a colleague.
        raise NotAllowed(_l("Another staff member reviews your own report."))


def _move(db_session: Session, actor: User, report: AlumniReport, wanted: ReportStatus,
          **values: object) -> ReportStatus:
    """Change the status only if nobody changed it since it was read: of two staff deciding
    at the same moment, the second is told, never silently overruled."""
    check_transition(report, wanted, actor)
    current = report.status
    db_session.flush()
    moved = db_session.execute(
        update(AlumniReport)
        .where(AlumniReport.id == report.id, AlumniReport.status == current)
        .values(status=wanted, **values)
        .execution_options(synchronize_session=False))
    db_session.refresh(report)
    if moved.rowcount == 0:
        raise ServiceError(_l("Someone else changed this report a moment ago. Reload the page "
                              "to see where it stands."))
    return current


# Reports: the author's side ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReportDraft:
    title: str
    body: str
    country: str | None


def _check_draft(draft: ReportDraft) -> tuple[str, str, str]:
    title, body = draft.title.strip(), draft.body.strip()
    if not title:
        raise ServiceError(_l("Give the report a title."), field="title")
    if len(title) > TITLE_LIMIT:
        raise ServiceError(_l("Use at most %(count)d characters.", count=TITLE_LIMIT),
                           field="title")
    if len(body) > BODY_LIMIT:
        raise ServiceError(_l("Use at most %(count)d characters.", count=BODY_LIMIT),
                           field="body")
    return title, body, _check_country(draft.country)


def _check_author_may_edit(db_session: Session, actor: User, report: AlumniReport) -> None:
    if report.author_id != actor.id:
        raise NotAllowed(_l("Only the author can change this report."))
    require_alumnus(db_session, actor)
    if report.status not in EDITABLE:
        raise ServiceError(_l("This report is with staff or published, so it cannot be changed "
                              "now. Staff can return it to you if something needs changing."))


def default_country(db_session: Session, user: User) -> str | None:
    """Where an alumna reports from unless she says otherwise: her profile's country, else
    her account's."""
    profile_country = db_session.scalar(select(AlumniProfile.country).where(
        AlumniProfile.user_id == user.id))
    return profile_country or user.country


def create_report(db_session: Session, actor: User, draft: ReportDraft) -> AlumniReport:
    require_alumnus(db_session, actor)
    title, body, country = _check_draft(draft)
    report = AlumniReport(author_id=actor.id, title=title, body=body, country=country,
                          status=ReportStatus.DRAFT)
    db_session.add(report)
    db_session.flush()
    audit.record(db_session, actor, "alumni_report_created", report,
                 after={"title": title, "country": country})
    return report


def update_report(db_session: Session, actor: User, report: AlumniReport,
                  draft: ReportDraft) -> AlumniReport:
    _check_author_may_edit(db_session, actor, report)
    title, body, country = _check_draft(draft)
    if (report.title, report.body, report.country) != (title, body, country):
        audit.record(db_session, actor, "alumni_report_edited", report,
                     before={"title": report.title, "country": report.country},
                     after={"title": title, "country": country})
        report.title, report.body, report.country = title, body, country
        report.updated_at = utcnow()
    db_session.flush()
    return report


def add_picture(db_session: Session, actor: User, report: AlumniReport, stream: IO[bytes],
                alt_text: str, caption: str = "") -> ReportPicture:
    """Store a picture for the report: JPEG, PNG or WebP, within the upload limit."""
    _check_author_may_edit(db_session, actor, report)
    alt_text, caption = alt_text.strip(), caption.strip()
    if not alt_text:
        raise ServiceError(_l("Describe the picture for people who cannot see it."),
                           field="alt_text")
    if len(alt_text) > 300:
        raise ServiceError(_l("Use at most %(count)d characters.", count=300), field="alt_text")
    if len(caption) > 300:
        raise ServiceError(_l("Use at most %(count)d characters.", count=300), field="caption")
    if len(report.pictures) >= MAX_PICTURES:
        raise ServiceError(_l("A report can have up to %(count)d pictures.",
                              count=MAX_PICTURES), field="picture")
    try:
        stored = store_picture(db_session, stream)
    except uploads.FileTooLarge:
        raise ServiceError(_l("The picture is larger than %(mb)d MB. Send a smaller one.",
                              mb=uploads.max_bytes() // (1024 * 1024)),
                           field="picture") from None
    picture = ReportPicture(report=report, stored_name=stored.stored_name,
                            content_type=stored.content_type, size=stored.size,
                            sha256=stored.sha256, alt_text=alt_text, caption=caption)
    db_session.add(picture)
    db_session.flush()
    audit.record(db_session, actor, "alumni_report_picture_added", report,
                 after={"picture_id": picture.id, "size": stored.size,
                        "type": stored.content_type})
    return picture


def remove_picture(db_session: Session, actor: User, picture: ReportPicture) -> None:
    report = picture.report
    _check_author_may_edit(db_session, actor, report)
    audit.record(db_session, actor, "alumni_report_picture_removed", report,
                 before={"picture_id": picture.id, "alt_text": picture.alt_text})
    stored_name = picture.stored_name
    report.pictures.remove(picture)
    db_session.flush()
    uploads.remove_when_committed(db_session, stored_name)


def submit_report(db_session: Session, actor: User, report: AlumniReport) -> AlumniReport:
    """Send the report to staff. Sending it again while it waits changes nothing."""
    if report.status == ReportStatus.SUBMITTED and report.author_id == actor.id:
        return report  # a second press of the same button
    _check_author_may_edit(db_session, actor, report)
    if not report.body.strip():
        raise ServiceError(_l("Write the report before sending it to staff."), field="body")
    now = utcnow()
    before = _move(db_session, actor, report, ReportStatus.SUBMITTED, submitted_at=now,
                   updated_at=now)
    audit.record(db_session, actor, "alumni_report_submitted", report,
                 before={"status": before.value}, after={"status": report.status.value})
    return report


# Reports: staff review --------------------------------------------------------------------------


def approve_report(db_session: Session, actor: User, report: AlumniReport,
                   note: str = "") -> AlumniReport:
    note = _check_note(note, required=False)
    now = utcnow()
    before = _move(db_session, actor, report, ReportStatus.APPROVED, staff_note=note,
                   reviewed_at=now, reviewed_by_id=actor.id, approved_at=now)
    audit.record(db_session, actor, "alumni_report_approved", report,
                 before={"status": before.value}, after={"status": "approved", "note": note})
    _tell_author(db_session, report, _l("Your report is published: %(title)s",
                                        title=report.title))
    return report


def return_report(db_session: Session, actor: User, report: AlumniReport,
                  note: str) -> AlumniReport:
    """Send the report back to its author with a note; for a published one this also takes
    it down until staff approve it again."""
    note = _check_note(note, required=True)
    before = _move(db_session, actor, report, ReportStatus.RETURNED, staff_note=note,
                   reviewed_at=utcnow(), reviewed_by_id=actor.id)
    audit.record(db_session, actor, "alumni_report_returned", report,
                 before={"status": before.value}, after={"status": "returned", "note": note})
    _tell_author(db_session, report, _l("Your report needs changes: %(title)s",
                                        title=report.title))
    return report


def _check_note(note: str, required: bool) -> str:
    note = note.strip()
    if required and not note:
        raise ServiceError(_l("Tell the author what to change: the note is sent to them."),
                           field="note")
    if len(note) > NOTE_LIMIT:
        raise ServiceError(_l("Use at most %(count)d characters.", count=NOTE_LIMIT),
                           field="note")
    return note


def _tell_author(db_session: Session, report: AlumniReport, subject: object) -> None:
    notifications.notify(db_session, report.author, "report_reviewed", subject,
                         "lms/alumni/mail/report_reviewed.txt", report=report,
                         link=external_url("lms.alumni.report", report_id=report.id))
