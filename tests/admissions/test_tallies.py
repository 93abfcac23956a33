"""A call's stored tallies (lms.admissions.tallies) follow every write of its applications,
and the call's page figures read from them are those of counting the applications."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from lms.accounts.services import update_profile
from lms.admissions import applying, queries, retention, selection, tallies
from lms.admissions.models import AdmissionApplication, ApplicationStatus
from lms.admissions.tallies import AdmissionCallTally
from lms.clock import utcnow
from tests.admissions.conftest import complete_input, eligible, submitted

S = ApplicationStatus


def stored(db, call_id: int) -> dict[tuple[str, S, bool], int]:
    return {(row.country, row.status, row.sent): row.count
            for row in db.scalars(select(AdmissionCallTally)
                                  .where(AdmissionCallTally.call_id == call_id)) if row.count}


def counted(db, call_id: int) -> dict[tuple[str, S, bool], int]:
    a = AdmissionApplication
    return {(country or "", status, sent): count for country, status, sent, count in db.execute(
        select(a.country, a.status, a.submitted_at.is_not(None), func.count())
        .where(a.call_id == call_id)
        .group_by(a.country, a.status, a.submitted_at.is_not(None)))}


def overview_counted(db, call) -> dict[tuple[str, S], int]:
    """The call page's list sizes as the applications themselves count them."""
    a = AdmissionApplication
    country = queries.quota_country()
    rows = db.execute(select(country, a.status, func.count())
                      .where(a.call_id == call.id, queries.sent_to_staff())
                      .group_by(country, a.status))
    return {(country or "", status): count for country, status, count in rows}


def test_every_step_of_an_application_is_counted(db, world):
    call = world["call"]
    draft = applying.start_application(db, world["maria"], call)
    assert stored(db, call.id) == counted(db, call.id) == {("PH", S.DRAFT, False): 1}
    applying.save_draft(db, world["maria"], draft, complete_input(country="TH"))
    assert stored(db, call.id) == {("TH", S.DRAFT, False): 1}
    sent = submitted(db, world["jose"], call)
    screened = eligible(db, world["staff"], world["somchai"], call)
    selection.decide(db, world["staff"], screened, S.SELECTED, "")
    applying.withdraw(db, world["jose"], sent)
    db.commit()
    assert stored(db, call.id) == counted(db, call.id)
    assert stored(db, call.id)[("TH", S.SELECTED, True)] == 1
    # The calls' list reads its figures from the tallies: sent ones and drafts, by state.
    by_state: dict[S, int] = {}
    for (_country, status, sent), count in counted(db, call.id).items():
        if sent or status == S.DRAFT:
            by_state[status] = by_state.get(status, 0) + count
    assert queries.call_figures(db, [call])[call.id].counts == by_state
    assert by_state == {S.DRAFT: 1, S.SELECTED: 1, S.WITHDRAWN: 1}


def test_a_change_to_an_expired_application_moves_it(db, world):
    """After a commit every application is expired: the old state is read from its row."""
    call = world["call"]
    application = submitted(db, world["nimal"], call)
    db.commit()
    application.status = S.INELIGIBLE
    db.flush()
    assert stored(db, call.id) == counted(db, call.id) == {("LK", S.INELIGIBLE, True): 1}
    db.rollback()
    assert stored(db, call.id) == {("LK", S.SUBMITTED, True): 1}


def test_an_anonymized_or_deleted_application_stays_counted_rightly(db, world):
    call = world["call"]
    application = submitted(db, world["ana"], call)
    selection.screen(db, world["staff"], application, eligible=False, reason="Too few years.")
    db.commit()
    retention.anonymize(db, application)
    assert stored(db, call.id) == counted(db, call.id) == {("PH", S.INELIGIBLE, True): 1}
    db.delete(application)
    db.flush()
    assert stored(db, call.id) == counted(db, call.id) == {}


def test_recount_after_a_bulk_insert(db, world):
    call = world["call"]
    db.execute(insert(AdmissionApplication), [
        {"call_id": call.id, "country": "PH", "status": S.SUBMITTED, "submitted_at": utcnow()},
        {"call_id": call.id, "country": None, "status": S.DRAFT}])
    tallies.recount(db, [call.id])
    assert stored(db, call.id) == counted(db, call.id)
    tallies.recount(db)
    assert stored(db, call.id) == counted(db, call.id)


def test_the_call_page_counts_an_enrolled_trainee_for_the_country_of_the_enrollment(db, world):
    """The trainee's application says Thailand; the enrollment (the Philippines) counts."""
    call = world["call"]
    eligible(db, world["staff"], world["maria"], call)
    trainee = world["trainee"]
    update_profile(db, trainee, trainee.display_name, "TH", "en", "Asia/Bangkok")
    assert eligible(db, world["staff"], trainee, call).country == "TH"
    applying.start_application(db, world["nimal"], call)
    db.commit()
    overview = queries.call_overview(db, call)
    assert overview.by_country_and_status == overview_counted(db, call) == {("PH", S.ELIGIBLE): 2}
    assert [(row.country, row.applications) for row in overview.countries] == [("PH", 2)]
    assert overview.figures.counts == {S.ELIGIBLE: 2, S.DRAFT: 1}
    assert overview.listed(S.ELIGIBLE, "PH") == 2 and overview.listed(None, "TH") == 0
