"""Every kind of notification, with how it is delivered until the person chooses otherwise.

One list for all domains: the settings page offers a choice per kind, so the kinds must be
known without asking each domain."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString

from lms.i18n import _l
from lms.notifications.models import Delivery


@dataclass(frozen=True)
class Kind:
    key: str
    label: LazyString
    default: Delivery = Delivery.IMMEDIATE
    #: Mail that must arrive (a decision on one's own application) is mailed at once whatever
    #: the person chose; the choice then only adds the digest or not.
    always_mailed: bool = False


_ALL = [
    Kind("work_graded", _l("Your work was graded or returned for revision")),
    Kind("extension", _l("An extension or a changed deadline for you")),
    Kind("deadline_reminder", _l("Reminders of deadlines coming up")),
    Kind("submission_received", _l("A trainee of yours handed in work")),
    Kind("certificate", _l("Your certificate")),
    Kind("review_assigned", _l("An application for you to review")),
    Kind("application_received", _l("Your application was received")),
    Kind("application_decision", _l("A decision on your application"), always_mailed=True),
    Kind("nomination", _l("Your nominator's letter")),
    Kind("interview", _l("An interview you attend or hold")),
    Kind("grant_project", _l("Your grant project and its reports")),
    Kind("report_reviewed", _l("Your report from home was reviewed")),
    Kind("registration", _l("Your registration for a seminar, or its cancellation")),
    Kind("announcement", _l("Announcements for you")),
    Kind("message", _l("Messages to you")),
    Kind("evaluation", _l("Your supervisor's evaluation of your placement")),
    Kind("journal_comment", _l("Comments on the journals shared with a facility supervisor")),
    # Asked after a disaster: it must reach the person whatever they chose for other news.
    Kind("safety_check", _l("Safety checks: are you safe?"), always_mailed=True),
    # A concern can be about someone's safety: it must not wait for a digest.
    Kind("concern", _l("A confidential concern you raised or handle"), always_mailed=True),
]

KINDS: dict[str, Kind] = {kind.key: kind for kind in _ALL}
