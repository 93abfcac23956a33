"""The main navigation: each domain's items for the signed-in person, in one bar, in one
order, with the page being shown marked."""

from __future__ import annotations

import re

from lms.accounts.models import Role
from lms.programs import services as program_services
from lms.programs.models import EnrollmentRole, EnrollmentStatus
from tests import factories
from tests.conftest import login

LINK = re.compile(r'<a href="([^"]*)"( aria-current="page")?>([^<]+)</a>')


def bar(client, path: str = "/") -> list[tuple[str, str, bool]]:
    """The main navigation's links on ``path``: (label, address, marked current)."""
    page = client.get(path).get_data(as_text=True)
    if '<nav class="main-nav"' not in page:
        return []
    nav = page.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    return [(label, url, bool(current)) for url, current, label in LINK.findall(nav)]


def labels(client, path: str = "/") -> list[str]:
    return [label for label, _url, _current in bar(client, path)]


def test_nobody_signed_in_has_no_bar(client) -> None:
    assert bar(client, "/login") == []


def test_staff_on_the_committees_see_every_staff_page_in_order(client, make_user) -> None:
    user = make_user(roles=(Role.STAFF, Role.COMMITTEE_MEMBER))
    login(client, user.email)
    assert labels(client) == ["Home", "Messages", "Cohorts", "People", "Grading", "Alumni",
                              "Grant rounds", "Admissions", "Announcements", "Safety checks",
                              "Grant reviews", "Selection reviews"]
    assert bar(client, "/cohorts")[2] == ("Cohorts", "/cohorts", True)
    assert [current for _label, _url, current in bar(client, "/people")] == [
        False, False, False, True, False, False, False, False, False, False, False, False]


def test_a_person_without_roles_sees_home_and_admissions(client, make_user) -> None:
    login(client, make_user().email)
    assert bar(client) == [("Home", "/", True), ("Messages", "/messages", False),
                           ("Admissions", "/admissions/", False)]


def test_a_mentor_sees_grading_and_an_alumna_alumni_and_grants(app, db, client) -> None:
    cohort = factories.cohort(db)
    mentor = factories.enroll(db, cohort, "mentor@example.org", EnrollmentRole.MENTOR)
    trainee = factories.enroll(db, cohort, "trainee@example.org")
    program_services.assign_mentor(db, factories.staff(db), mentor, trainee)
    alumna = factories.enroll(db, factories.cohort(db, number=35), "alumna@example.org")
    alumna.status = EnrollmentStatus.COMPLETED
    db.commit()

    login(client, "mentor@example.org")
    assert labels(client) == ["Home", "Messages", "Admissions", "Grading"]
    alumna_client = app.test_client()
    login(alumna_client, "alumna@example.org")
    assert labels(alumna_client) == ["Home", "Messages", "Admissions", "Alumni", "Grants"]
    assert ("Alumni", "/alumni/", True) in bar(alumna_client, "/alumni/")


def test_the_bar_kept_for_people_alike_changes_at_once_with_what_she_is(app, db, client):
    # Kept by roles, facts, language and page: a mentor from the next page on, in her language.
    cohort = factories.cohort(db)
    mentor = factories.enroll(db, cohort, "mentor@example.org", EnrollmentRole.MENTOR)
    trainee = factories.enroll(db, cohort, "trainee@example.org")
    db.commit()
    login(client, "mentor@example.org")
    assert labels(client) == ["Home", "Messages", "Admissions"]
    program_services.assign_mentor(db, factories.staff(db), mentor, trainee)
    db.commit()
    assert labels(client) == ["Home", "Messages", "Admissions", "Grading"]
    mentor.user.locale = "ja"
    db.commit()
    assert labels(client)[0] == "ホーム" and labels(client)[-1] == "採点"
    other = app.test_client()
    login(other, "trainee@example.org")
    assert labels(other) == ["Home", "Messages", "Admissions"]
    assert bar(other, "/messages")[1] == ("Messages", "/messages", True)


def test_the_addresses_every_page_shows_follow_where_the_app_is_mounted(client, make_user):
    # Built once and kept, they are kept apart for each mount point the server gives.
    user = make_user(roles=(Role.STAFF,))
    login(client, user.email)
    for mounted in ("", "/lms", "/other", ""):
        page = client.get("/", base_url=f"http://localhost{mounted}/").get_data(as_text=True)
        assert f'href="{mounted}/assets/lms/style.css"' in page
        assert f'<a class="brand" href="{mounted}/">' in page
        assert f'action="{mounted}/logout"' in page
        assert ("Cohorts", f"{mounted}/cohorts", False) in bar_of(page)


def bar_of(page: str) -> list[tuple[str, str, bool]]:
    nav = page.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    return [(label, url, bool(current)) for url, current, label in LINK.findall(nav)]


def test_the_kept_frame_speaks_each_readers_language(client, make_user) -> None:
    """The frame's texts are translated once for each language and kept (navigation.
    frame_texts): each reader still reads hers, whoever read a page before."""
    for locale, skip, sign_out, label in [("ja", "本文へスキップ", "ログアウト", "ホーム"),
                                          ("en", "Skip to main content", "Sign out", "Home"),
                                          ("ja", "本文へスキップ", "ログアウト", "ホーム")]:
        client.delete_cookie("kakehashi_session")
        login(client, make_user(locale=locale).email)
        page = client.get("/").get_data(as_text=True)
        assert f'href="#main">{skip}</a>' in page and f">{sign_out}</button>" in page, locale
        assert labels(client)[0] == label, locale


def test_the_kept_header_shows_each_reader_her_own_name_count_and_page(app, client,
                                                                     make_user) -> None:
    """The header's fixed parts are kept for everyone reading in one language (lms.frame):
    her name (escaped, braces and all), her unread count and the page's own address are
    hers alone, and someone signed out is shown no account at all."""
    from lms.accounts.models import User
    from lms.db import session
    from tests.notifications.conftest import add_notification

    odd = make_user(display_name='Ana <b>{name}</b> & "Co"')
    plain = make_user(display_name="Dewi Lestari")
    with app.app_context():
        for subject in ("Hello", "Again"):
            add_notification(session, session.get(User, odd.id), subject)
        session.commit()
    for user, count, path in [(odd, "2", "/messages"), (plain, "0", "/"),
                              (odd, "2", "/notifications?page=1")]:
        client.delete_cookie("kakehashi_session")
        login(client, user.email)
        page = client.get(path).get_data(as_text=True)
        header = page.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
        assert f'name="next" value="{path.replace("&", "&amp;")}"' in header
        assert f'">{count}<span class="visually-hidden"> unread' in header
        assert ("count-badge-unread" in header) is (count != "0")
        assert ('aria-current="page">Notifications' in header) is path.startswith("/notif")
        if user is odd:
            assert "Ana &lt;b&gt;{name}&lt;/b&gt; &amp; &#34;Co&#34;</a>" in header
        else:
            assert ">Dewi Lestari</a>" in header and "Ana" not in header
    client.delete_cookie("kakehashi_session")
    header = client.get("/login").get_data(as_text=True).split("</header>", 1)[0]
    assert 'class="user-nav"' not in header and 'class="main-nav"' not in header
    assert 'name="next" value="/login"' in header
