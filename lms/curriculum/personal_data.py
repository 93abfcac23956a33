"""The curriculum's part of a person's data: the lessons they marked done."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import User
from lms.curriculum.models import Course, Item, LessonProgress
from lms.personal_data import iso
from lms.programs.models import Enrollment


def parts(db_session: Session, user: User) -> dict[str, Any]:
    rows = db_session.execute(
        select(LessonProgress.enrollment_id, LessonProgress.completed_at,
               Course.title, Item.slug, Item.title)
        .join(Enrollment, Enrollment.id == LessonProgress.enrollment_id)
        .join(Item, Item.id == LessonProgress.item_id)
        .join(Course, Course.id == Item.course_id)
        .where(Enrollment.user_id == user.id)
        .order_by(LessonProgress.completed_at, LessonProgress.id))
    return {"lesson_progress": [{
        "enrollment_id": enrollment_id,
        "course": course_title,
        "lesson": lesson_slug,
        "lesson_title": lesson_title,
        "completed_at": iso(completed_at),
    } for enrollment_id, completed_at, course_title, lesson_slug, lesson_title in rows]}
