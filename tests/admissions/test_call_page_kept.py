"""What the call's staff page keeps between visits (lms.admissions.call_rows): its fixed words
per language, the names of the documents per language and list, and its links per app and
place the app is mounted. Each must follow what it is kept by."""

from __future__ import annotations

from lms.accounts.services import set_locale
from lms.admissions.models import DocumentKind
from tests.admissions.conftest import eligible
from tests.conftest import login


def _page(client, call, **options) -> str:
    return client.get(f"/admissions/staff/calls/{call.id}", **options).get_data(as_text=True)


def test_the_page_says_its_words_in_each_readers_language(client, db, world):
    call, staff = world["call"], world["staff"]
    eligible(db, staff, world["maria"], call)
    db.commit()
    assert login(client, staff.email).status_code == 302
    english = _page(client, call)
    assert "Places by country" in english and "Calls for applications" in english
    assert "Curriculum vitae; Passport" in english
    set_locale(db, staff, "ja")
    db.commit()
    japanese = _page(client, call)
    assert "Places by country" not in japanese and "国別の選出状況" in japanese
    assert "Curriculum vitae" not in japanese and "履歴書; パスポート" in japanese
    set_locale(db, staff, "en")
    db.commit()
    assert "Places by country" in _page(client, call)


def test_a_changed_list_of_documents_is_named_at_once(client, db, world):
    call, staff = world["call"], world["staff"]
    db.commit()
    assert login(client, staff.email).status_code == 302
    assert "Curriculum vitae; Passport" in _page(client, call)
    call.required_documents = [DocumentKind.DIPLOMA.value]
    db.commit()
    page = _page(client, call)
    assert "Curriculum vitae" not in page and "<dd>Diploma" in page
    call.required_documents = []
    db.commit()
    assert "Documents every applicant sends</dt><dd>none</dd>" in _page(client, call)


def test_the_links_follow_where_the_app_is_mounted(client, db, world):
    call, staff = world["call"], world["staff"]
    application = eligible(db, staff, world["maria"], call)
    db.commit()
    assert login(client, staff.email).status_code == 302
    here = _page(client, call)
    assert f'href="/admissions/staff/calls/{call.id}/statistics"' in here
    assert f'href="/admissions/staff/applications/{application.id}"' in here
    mounted = _page(client, call, base_url="http://localhost/kakehashi")
    assert f'href="/kakehashi/admissions/staff/calls/{call.id}/statistics"' in mounted
    assert f'href="/kakehashi/admissions/staff/calls/{call.id}/edit"' in mounted
    assert 'href="/kakehashi/admissions/staff/"' in mounted
    assert f'href="/kakehashi/admissions/staff/applications/{application.id}"' in mounted
    # And back: each place keeps its own.
    assert f'href="/admissions/staff/calls/{call.id}/statistics"' in _page(client, call)
