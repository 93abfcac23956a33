"""The cohort page: what staff do every day comes first; cancelling the cohort is last."""

from __future__ import annotations

from lms.accounts.models import Role
from tests import factories


def test_cancelling_an_active_cohort_is_a_small_action_at_the_bottom(client, db, logged_in):
    logged_in(Role.STAFF)
    cohort = factories.cohort(db)
    db.commit()
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    cancel = page.index(">Cancel the cohort<")
    assert 'class="button-small-danger"' in page[cancel - 200:cancel]
    # After the trainees and mentors, and no full-size button anywhere on the page says it.
    assert page.index('id="trainees-heading"') < page.index('id="mentors-heading"') < cancel
    assert 'class="button-danger"' not in page
