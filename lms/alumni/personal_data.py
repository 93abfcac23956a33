"""The alumni's part of a person's data: their directory profile and their reports from home,
with the descriptions of their pictures (not the pictures)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import User
from lms.alumni.models import AlumniProfile, AlumniReport
from lms.personal_data import iso


def parts(db_session: Session, user: User) -> dict[str, Any]:
    profile = db_session.scalar(select(AlumniProfile).where(AlumniProfile.user_id == user.id))
    reports = db_session.scalars(
        select(AlumniReport).options(selectinload(AlumniReport.pictures))
        .where(AlumniReport.author_id == user.id)
        .order_by(AlumniReport.created_at, AlumniReport.id))
    return {
        "alumni_profile": None if profile is None else {
            "listed": profile.listed,
            "country": profile.country,
            "organization": profile.organization,
            "current_role": profile.current_role,
            "fields": profile.fields,
            "bio": profile.bio,
            "share_email": profile.share_email,
            "share_organization": profile.share_organization,
            "share_role": profile.share_role,
            "share_bio": profile.share_bio,
            "updated_at": iso(profile.updated_at),
        },
        "alumni_reports": [{
            "id": report.id,
            "title": report.title,
            "body": report.body,
            "country": report.country,
            "status": report.status.value,
            "staff_note": report.staff_note,
            "pictures": [{"alt_text": picture.alt_text, "caption": picture.caption,
                          "content_type": picture.content_type, "size": picture.size,
                          "uploaded_at": iso(picture.uploaded_at)}
                         for picture in report.pictures],
            "created_at": iso(report.created_at),
            "updated_at": iso(report.updated_at),
            "submitted_at": iso(report.submitted_at),
            "reviewed_at": iso(report.reviewed_at),
            "approved_at": iso(report.approved_at),
        } for report in reports],
    }
