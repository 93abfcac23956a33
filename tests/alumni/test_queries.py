from __future__ import annotations

import pytest

from lms.alumni import queries


@pytest.mark.parametrize("listed_only", [True, False])
def test_the_directory_page_walks_the_name_index_and_asks_each_person(db, listed_only):
    """SQLite plans without statistics, so its plan is the same for three alumni or 2,000:
    the page reads people in name order and stops at its last row, asking of each by her id
    whether she is an alumna. An index that made it gather and sort everyone, or look for
    enrollments by another column first, would cost milliseconds on a large directory."""
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("the plan of SQLite, the embedded default")
    listing, _count = queries._directory_listing(listed_only, False, False, False, False)
    compiled = listing.page.compile(db.get_bind())
    values = {**compiled.params, "page_limit": 50, "page_offset": 0}
    plan = [row[3] for row in db.connection().exec_driver_sql(
        f"EXPLAIN QUERY PLAN {compiled}",
        tuple(compiled.construct_params(values)[key] for key in compiled.positiontup))]
    assert any("USING INDEX ix_lms_users_display_name" in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
    assert any("lms_enrollments USING INDEX ix_lms_enrollments_user_id (user_id=?)" in step
               for step in plan), plan


def test_one_countrys_listed_alumni_are_found_by_the_profiles_index(db):
    """Other alumni's directory of one country starts from that country's listed profiles
    (a few hundred, then sorted by name) rather than walking every alumnus by name."""
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("the plan of SQLite, the embedded default")
    listing, _count = queries._directory_listing(True, True, False, False, False)
    compiled = listing.page.compile(db.get_bind())
    values = {**compiled.params, "country": "PH", "page_limit": 50, "page_offset": 0}
    plan = [row[3] for row in db.connection().exec_driver_sql(
        f"EXPLAIN QUERY PLAN {compiled}",
        tuple(compiled.construct_params(values)[key] for key in compiled.positiontup))]
    assert any("USING INDEX ix_lms_alumni_profiles_listed_country (listed=? AND country=?)"
               in step for step in plan), plan
    assert not any("SCAN lms_users" in step for step in plan), plan


@pytest.mark.parametrize("known", [True, False])
def test_a_cards_cohorts_are_named_oldest_first_even_one_not_yet_among_the_cohorts_read(
        db, world, known):
    """The page names its people's cohorts from the cohorts with alumni read for its filter;
    a cohort that had its first alumna in between is still named, asked of the database."""
    cohorts = queries.alumni_cohorts(db) if known else []
    page = queries.directory(db, world["staff"], queries.DirectoryFilters(), 1,
                             cohorts=cohorts)
    cards = {card.name: card.cohorts for card in page.items}
    assert cards == {"Putri Handayani": ["36th cohort"], "Rodel Bautista": ["35th cohort",
                                                                           "36th cohort"],
                     "Siriporn Kaewmanee": ["36th cohort"]}
