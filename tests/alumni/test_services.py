from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from lms import uploads
from lms.alumni import queries, services
from lms.alumni.models import AlumniProfile, AlumniReport, ReportPicture, ReportStatus
from lms.audit import AuditEvent
from lms.errors import NotAllowed, ServiceError
from lms.mail import OutboxMessage
from tests.alumni.conftest import JPEG, WEBP, png_bytes, profile, report_by


def details(**values):
    base = {"listed": True, "country": "ID", "organization": "Elderly care foundation",
            "current_role": "Programme manager", "fields": ["older_people"], "bio": "Hello.",
            "shared": ["organization"]}
    return services.ProfileDetails(**{**base, **values})


# Profile ----------------------------------------------------------------------------------------


def test_a_profile_is_the_actors_own_and_unlisted_until_she_says_so(db, world):
    alumna, other = world["alumna"], world["other"]
    saved = services.save_profile(db, alumna, details(listed=False))
    assert saved.user_id == alumna.id and saved.listed is False
    services.save_profile(db, other, details(organization="Khon Kaen office"))
    db.commit()
    rows = {row.user_id: row.organization for row in db.scalars(select(AlumniProfile))}
    assert rows == {alumna.id: "Elderly care foundation", other.id: "Khon Kaen office"}


def test_saving_again_updates_the_one_row_and_keeps_the_vocabulary_order(db, world):
    alumna = world["alumna"]
    services.save_profile(db, alumna, details())
    services.save_profile(db, alumna, details(fields=["disability", "children_families"],
                                              shared=["bio", "email"]))
    db.commit()
    saved = db.scalars(select(AlumniProfile)).one()
    assert saved.fields == ["disability", "children_families"]
    assert (saved.share_email, saved.share_organization, saved.share_bio) == (True, False, True)
    assert services.shared_items(saved) == ["email", "bio"]
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "alumni_profile_saved")) == 2


@pytest.mark.parametrize(("values", "field"), [
    ({"fields": ["astrology"]}, "fields"),
    ({"shared": ["password"]}, "shared"),
    ({"country": "XX"}, "country"),
    ({"organization": "x" * 201}, "organization"),
    ({"bio": "x" * 1001}, "bio"),
])
def test_a_profile_outside_the_vocabulary_is_refused(db, world, values, field):
    with pytest.raises(ServiceError) as refused:
        services.save_profile(db, world["alumna"], details(**values))
    assert refused.value.field == field


@pytest.mark.parametrize("who", ["trainee", "plain", "staff"])
def test_only_alumni_keep_a_profile(db, world, who):
    with pytest.raises(NotAllowed):
        services.save_profile(db, world[who], details())


# Report workflow --------------------------------------------------------------------------------


def test_the_whole_workflow_with_audit_and_mail(db, world):
    alumna, staff = world["alumna"], world["staff"]
    report = report_by(db, alumna)
    assert report.status == ReportStatus.DRAFT and report.country == "ID"
    services.submit_report(db, alumna, report)
    services.return_report(db, staff, report, "Please add a picture of the kitchen.")
    assert report.status == ReportStatus.RETURNED
    assert report.staff_note == "Please add a picture of the kitchen."
    services.update_report(db, alumna, report, services.ReportDraft(
        report.title, report.body + "\n\nMore.", "ID"))
    services.submit_report(db, alumna, report)
    services.approve_report(db, staff, report)
    db.commit()
    assert report.status == ReportStatus.APPROVED and report.approved_at is not None
    actions = list(db.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "AlumniReport").order_by(AuditEvent.id)))
    assert actions == ["alumni_report_created", "alumni_report_submitted",
                       "alumni_report_returned", "alumni_report_edited",
                       "alumni_report_submitted", "alumni_report_approved"]
    mail = list(db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [message.to_address for message in mail] == [alumna.email, alumna.email]
    assert "needs changes" in mail[0].subject and "add a picture of the kitchen" in mail[0].body
    assert "published" in mail[1].subject and f"/alumni/reports/{report.id}" in mail[1].body


def test_staff_may_take_a_published_report_down_with_a_note(db, world):
    alumna, staff = world["alumna"], world["staff"]
    report = report_by(db, alumna)
    services.submit_report(db, alumna, report)
    services.approve_report(db, staff, report)
    with pytest.raises(ServiceError) as no_note:
        services.return_report(db, staff, report, "  ")
    assert no_note.value.field == "note"
    services.return_report(db, staff, report, "The photo shows a person's face; remove it.")
    assert report.status == ReportStatus.RETURNED
    assert queries.published_reports(db, 1).total == 0


@pytest.mark.parametrize(("start", "move"), [
    ("draft", "approve"), ("draft", "return"), ("approved", "approve"),
    ("returned", "approve"), ("returned", "return"), ("approved", "submit"),
])
def test_moves_not_in_the_table_are_refused(db, world, start, move):
    alumna, staff = world["alumna"], world["staff"]
    report = report_by(db, alumna)
    if start != "draft":
        services.submit_report(db, alumna, report)
        if start == "approved":
            services.approve_report(db, staff, report)
        else:
            services.return_report(db, staff, report, "Change it.")
    with pytest.raises(ServiceError) as refused:
        if move == "approve":
            services.approve_report(db, staff, report)
        elif move == "return":
            services.return_report(db, staff, report, "Again.")
        else:
            services.submit_report(db, alumna, report)
    assert not isinstance(refused.value, NotAllowed)
    assert report.status == ReportStatus(start)


def test_only_staff_decide_and_only_the_author_sends(db, world):
    alumna, other = world["alumna"], world["other"]
    report = report_by(db, alumna)
    with pytest.raises(NotAllowed):
        services.submit_report(db, other, report)
    services.submit_report(db, alumna, report)
    for who in ("alumna", "other", "trainee"):
        with pytest.raises(NotAllowed):
            services.approve_report(db, world[who], report)
        with pytest.raises(NotAllowed):
            services.return_report(db, world[who], report, "No.")
    assert report.status == ReportStatus.SUBMITTED


def test_staff_who_are_also_alumni_do_not_approve_their_own_report(db, world):
    from lms.accounts.models import Role, RoleGrant

    alumna = world["alumna"]
    db.add(RoleGrant(user_id=alumna.id, role=Role.STAFF))
    db.commit()
    db.refresh(alumna)
    report = report_by(db, alumna)
    services.submit_report(db, alumna, report)
    with pytest.raises(NotAllowed):
        services.approve_report(db, alumna, report)
    services.approve_report(db, world["staff"], report)
    assert report.status == ReportStatus.APPROVED


def test_sending_twice_is_one_submission(db, world):
    alumna = world["alumna"]
    report = report_by(db, alumna)
    services.submit_report(db, alumna, report)
    services.submit_report(db, alumna, report)
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "alumni_report_submitted")) == 1


def test_the_author_edits_only_drafts_and_returned_reports(db, world):
    alumna, other, staff = world["alumna"], world["other"], world["staff"]
    report = report_by(db, alumna)
    draft = services.ReportDraft("New title", "Text", "ID")
    with pytest.raises(NotAllowed):
        services.update_report(db, other, report, draft)
    services.submit_report(db, alumna, report)
    with pytest.raises(ServiceError):
        services.update_report(db, alumna, report, draft)
    services.approve_report(db, staff, report)
    with pytest.raises(ServiceError):
        services.update_report(db, alumna, report, draft)
    with pytest.raises(ServiceError):
        services.add_picture(db, alumna, report, io.BytesIO(png_bytes()), "A kitchen")
    assert report.title == "How our barangay kept older people fed"


def test_a_report_needs_a_title_a_known_country_and_text_before_it_is_sent(db, world):
    alumna = world["alumna"]
    with pytest.raises(ServiceError) as no_title:
        services.create_report(db, alumna, services.ReportDraft(" ", "", "ID"))
    assert no_title.value.field == "title"
    with pytest.raises(ServiceError) as bad_country:
        services.create_report(db, alumna, services.ReportDraft("T", "", "ZZ"))
    assert bad_country.value.field == "country"
    report = services.create_report(db, alumna, services.ReportDraft("T", "", "ID"))
    with pytest.raises(ServiceError) as empty:
        services.submit_report(db, alumna, report)
    assert empty.value.field == "body"
    with pytest.raises(NotAllowed):
        services.create_report(db, world["trainee"], services.ReportDraft("T", "x", "PH"))


def test_the_report_country_defaults_to_the_profile_then_the_account(db, world):
    alumna = world["alumna"]
    assert services.default_country(db, alumna) == "ID"
    profile(db, alumna, country="MY")
    assert services.default_country(db, alumna) == "MY"


# Pictures ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "content_type"), [
    (png_bytes(), "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp")])
def test_pictures_of_the_allowed_kinds_are_stored(db, world, data, content_type):
    alumna = world["alumna"]
    report = report_by(db, alumna)
    picture = services.add_picture(db, alumna, report, io.BytesIO(data), " A kitchen ",
                                   "Volunteers cooking")
    db.commit()
    assert (picture.content_type, picture.alt_text) == (content_type, "A kitchen")
    assert uploads.path_of(picture.stored_name).read_bytes() == data


@pytest.mark.parametrize("data", [
    b"just some text pretending to be a picture\n",
    b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
])
def test_anything_else_is_refused_whatever_its_name(db, world, data, tmp_path):
    alumna = world["alumna"]
    report = report_by(db, alumna)
    with pytest.raises(ServiceError) as refused:
        services.add_picture(db, alumna, report, io.BytesIO(data), "A kitchen")
    assert refused.value.field == "picture"
    assert [path for path in (tmp_path / "uploads").rglob("*") if path.is_file()] == []


def test_a_picture_over_the_limit_is_refused_and_leaves_no_file(app, db, world, tmp_path):
    app.config["LMS_MAX_UPLOAD_MB"] = 1
    alumna = world["alumna"]
    report = report_by(db, alumna)
    big = png_bytes() + b"\x00" * (1024 * 1024)
    with pytest.raises(ServiceError) as refused:
        services.add_picture(db, alumna, report, io.BytesIO(big), "A kitchen")
    assert refused.value.field == "picture" and "1 MB" in str(refused.value.message)
    assert [path for path in (tmp_path / "uploads").rglob("*") if path.is_file()] == []


def test_a_picture_needs_a_description_and_there_is_a_limit(db, world):
    alumna = world["alumna"]
    report = report_by(db, alumna)
    with pytest.raises(ServiceError) as no_alt:
        services.add_picture(db, alumna, report, io.BytesIO(png_bytes()), "  ")
    assert no_alt.value.field == "alt_text"
    for number in range(services.MAX_PICTURES):
        services.add_picture(db, alumna, report, io.BytesIO(png_bytes()), f"Picture {number}")
    with pytest.raises(ServiceError) as too_many:
        services.add_picture(db, alumna, report, io.BytesIO(png_bytes()), "One more")
    assert too_many.value.field == "picture"


def test_a_rolled_back_picture_leaves_no_file_and_a_removed_one_goes_on_commit(db, world):
    alumna = world["alumna"]
    report = report_by(db, alumna)
    picture = services.add_picture(db, alumna, report, io.BytesIO(png_bytes()), "Kitchen")
    path = uploads.path_of(picture.stored_name)
    assert path.exists()
    db.rollback()
    assert not path.exists()
    report = db.get(AlumniReport, report.id)
    kept = services.add_picture(db, alumna, report, io.BytesIO(png_bytes()), "Kitchen")
    db.commit()
    kept_path = uploads.path_of(kept.stored_name)
    services.remove_picture(db, alumna, kept)
    assert kept_path.exists()  # until the removal is committed
    db.commit()
    assert not kept_path.exists()
    assert db.scalar(select(func.count()).select_from(ReportPicture)) == 0


def test_another_alumna_cannot_touch_the_pictures(db, world):
    alumna = world["alumna"]
    report = report_by(db, alumna)
    picture = services.add_picture(db, alumna, report, io.BytesIO(png_bytes()), "Kitchen")
    db.commit()
    with pytest.raises(NotAllowed):
        services.add_picture(db, world["other"], report, io.BytesIO(png_bytes()), "Mine")
    with pytest.raises(NotAllowed):
        services.remove_picture(db, world["other"], picture)


# Who reads what ---------------------------------------------------------------------------------


def test_who_reads_a_report_in_each_state(db, world):
    alumna, staff = world["alumna"], world["staff"]
    report = report_by(db, alumna)
    picture = services.add_picture(db, alumna, report, io.BytesIO(png_bytes()), "Kitchen")
    db.commit()

    def readers():
        return {who for who in ("alumna", "other", "staff", "admin")
                if queries.report_for(db, world[who], report.id) is not None
                and queries.picture_for(db, world[who], picture.id) is not None}

    assert readers() == {"alumna"}  # a draft is the author's alone
    services.submit_report(db, alumna, report)
    assert readers() == {"alumna", "staff", "admin"}
    services.return_report(db, staff, report, "Change it.")
    assert readers() == {"alumna", "staff", "admin"}
    services.submit_report(db, alumna, report)
    services.approve_report(db, staff, report)
    assert readers() == {"alumna", "other", "staff", "admin"}
    assert queries.own_report(db, world["other"], report.id) is None


def test_functions_for_the_alumni_home(db, world):
    alumna, staff = world["alumna"], world["staff"]
    first = report_by(db, alumna, "First")
    second = report_by(db, alumna, "Second")
    report_by(db, world["other"], "Someone else's")
    assert [report.title for report in queries.reports_by(db, alumna)] == ["Second", "First"]
    assert len(queries.reports_by(db, alumna, limit=1)) == 1
    for report in (first, second):
        services.submit_report(db, alumna, report)
    services.approve_report(db, staff, second)
    services.approve_report(db, staff, first)
    db.commit()
    recent = queries.recent_approved_reports(db)
    assert [report.title for report in recent] == ["First", "Second"]
    assert recent[0].author.display_name == "Putri Handayani"
