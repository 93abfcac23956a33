"""``flask lms …``: the command line for operators."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lms.accounts.models import Role
from lms.db import session
from lms.errors import PolicyError, ServiceError
from lms.migrations import alembic_config

lms_group = AppGroup("lms", help="Kakehashi: database, users, mail and demo data.")
db_group = AppGroup("db", help="Database migrations (Alembic).")
users_group = AppGroup("users", help="User accounts.")
outbox_group = AppGroup("outbox", help="The outgoing mail queue.")
courses_group = AppGroup("courses", help="The curriculum files in courses/.")
reminders_group = AppGroup("reminders", help="Deadline reminders by mail.")
credentials_group = AppGroup("credentials", help="Signed certificates (Open Badges 3.0).")
retention_group = AppGroup("retention", help="Deleting personal data kept past its time.")
uploads_group = AppGroup("uploads", help="The upload folder.")
announcements_group = AppGroup("announcements", help="Announcements to groups of people.")
digest_group = AppGroup("digest", help="The daily digest of notifications by mail.")
lms_group.add_command(db_group)
lms_group.add_command(users_group)
lms_group.add_command(outbox_group)
lms_group.add_command(courses_group)
lms_group.add_command(reminders_group)
lms_group.add_command(credentials_group)
lms_group.add_command(retention_group)
lms_group.add_command(uploads_group)
lms_group.add_command(announcements_group)
lms_group.add_command(digest_group)


# Alembic is imported inside the db commands alone: loaded with the app it would take about
# 10 MiB in every worker, which never migrates.
def _alembic() -> object:
    return alembic_config(current_app.extensions["lms"].engine)


@db_group.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: the newest)."""
    from alembic import command

    command.upgrade(_alembic(), revision)  # type: ignore[arg-type]


@db_group.command("downgrade")
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Go ahead even though rows will be deleted.")
def db_downgrade(revision: str, yes: bool) -> None:
    """Migrate the database down to REVISION ("base" removes every Kakehashi table).

    Lists the tables and columns the downgrade drops with what they hold, and refuses to drop
    any that holds data without --yes."""
    from alembic import command

    from lms.migrations.losses import losses_of_downgrade

    try:
        losses = losses_of_downgrade(current_app.extensions["lms"].engine, revision)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    if losses:
        click.echo(f"Downgrading to {revision} drops:")
        for loss in losses:
            click.echo(f"  {loss.describe()}")
    if any(loss.rows for loss in losses) and not yes:
        raise click.ClickException(
            "these rows would be deleted for good; nothing was changed. Take a backup "
            "(flask lms backup FILE), then run again with --yes.")
    command.downgrade(_alembic(), revision)  # type: ignore[arg-type]


@db_group.command("current")
def db_current() -> None:
    """Show the revision the database is at."""
    from alembic import command

    command.current(_alembic(), verbose=False)  # type: ignore[arg-type]


@db_group.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    from alembic import command

    command.revision(_alembic(), message=message, autogenerate=True)  # type: ignore[arg-type]


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True, help="The name shown to others.")
@click.option("--role", "roles", multiple=True, type=click.Choice([role.value for role in Role]),
              help="A global role; repeat for several.")
@click.option("--country", default=None, help="ISO 3166 code, such as JP or PH.")
def users_create(
    email: str, display_name: str, roles: tuple[str, ...], country: str | None
) -> None:
    """Create an account. The password comes from LMS_NEW_USER_PASSWORD or is asked for."""
    from lms.accounts.services import create_user

    password = os.environ.get("LMS_NEW_USER_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        user = create_user(session, email, display_name, password, [Role(r) for r in roles],
                           country=country.upper() if country else None)
    except PolicyError as error:
        raise click.ClickException("; ".join(map(str, error.messages))) from error
    except ServiceError as error:
        raise click.ClickException(str(error.message)) from error
    session.commit()
    click.echo(f"Created {user.email} (id {user.id}) with roles: {', '.join(roles) or 'none'}")


@outbox_group.command("send")
@click.option("--limit", default=500, show_default=True, help="Most messages to try in one run.")
def outbox_send(limit: int) -> None:
    """Deliver queued mail through LMS_SMTP_* (or to the log without LMS_SMTP_HOST)."""
    from lms.mail import send_pending

    # Without SMTP there is nowhere to deliver to; the operator reads the mail right here.
    report = send_pending(session, limit=limit, show=lambda text: click.echo(text, err=True))
    click.echo(f"sent {report.sent}, failed {report.failed} (will retry), "
               f"given up {report.given_up}")
    if report.out_of_time:
        click.echo("stopped: LMS_OUTBOX_RUN_SECONDS spent; the next run sends the rest")


@lms_group.command("demo")
def demo() -> None:
    """Fill the database with a small realistic demo. Safe to run again.

    Only with LMS_ENV=development or testing: the demo's accounts, an admin among them, share
    a password printed in the source."""
    from lms.curriculum.sync import CourseFilesInvalid
    from lms.demo import seed

    environment = current_app.config.get("LMS_ENV")
    if environment not in ("development", "testing"):
        raise click.ClickException(
            f"the demo creates an admin whose password is public; it runs only with "
            f"LMS_ENV=development or LMS_ENV=testing, and this instance has "
            f"LMS_ENV={environment or 'unset (production)'}. Nothing was seeded.")
    try:
        logins = seed(session, _courses_dir(None))
    except CourseFilesInvalid as error:
        session.rollback()
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException("the demo needs valid course files; nothing was seeded") \
            from error
    session.commit()
    click.echo("Demo logins (all share one password):")
    for login in logins:
        click.echo(f"  {login.role:<18} {login.email}")
    click.echo(f"  password: {logins[0].password if logins else ''}")


def _courses_dir(directory: str | None) -> Path:
    return Path(directory or current_app.config["LMS_COURSES_DIR"] or "courses")


@courses_group.command("check")
@click.option("--dir", "directory", default=None, help="Default: LMS_COURSES_DIR or ./courses")
def courses_check(directory: str | None) -> None:
    """Validate every course file without writing anything."""
    from lms.curriculum.source import read_courses

    root = _courses_dir(directory)
    reading = read_courses(root)
    for problem in reading.problems:
        click.echo(str(problem), err=True)
    if reading.problems:
        raise click.ClickException(f"{len(reading.problems)} problem(s) in {root}")
    items = sum(len(course.items) for course in reading.courses)
    click.echo(f"{root}: {len(reading.courses)} course(s), {items} item(s), no problems")


@courses_group.command("sync")
@click.option("--dir", "directory", default=None, help="Default: LMS_COURSES_DIR or ./courses")
def courses_sync(directory: str | None) -> None:
    """Bring the database in line with the course files: all or nothing, safe to repeat."""
    from lms.curriculum.sync import CourseFilesInvalid, sync_courses

    root = _courses_dir(directory)
    try:
        report = sync_courses(session, root)
    except CourseFilesInvalid as error:
        session.rollback()
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"nothing was synced: {len(error.problems)} problem(s)") \
            from error
    session.commit()
    click.echo(f"created {len(report.created)}, updated {len(report.updated)}, "
               f"archived {len(report.archived)}, restored {len(report.restored)}")


@reminders_group.command("send")
@click.option("--hours", type=int, default=None,
              help="How far ahead to look (default: LMS_REMINDER_HOURS).")
def reminders_send(hours: int | None) -> None:
    """Queue reminders of deadlines and grant reports coming up; safe to run every hour."""
    from lms.assignments.services import send_reminders
    from lms.grants.projects import send_report_reminders

    count = send_reminders(session, hours)
    reports = send_report_reminders(session)
    session.commit()
    click.echo(f"queued {count} reminder(s) of deadlines and {reports} of grant reports; "
               "send them with `flask lms outbox send`")


@announcements_group.command("publish")
def announcements_publish() -> None:
    """Tell the audience of each scheduled announcement whose time has come; each is told once,
    so run it every few minutes (overlapping runs are safe)."""
    from lms.announcements.services import publish_due

    count = publish_due(session)
    session.commit()
    click.echo(f"published {count} announcement(s); send the mail with `flask lms outbox send`")


@credentials_group.command("new-key")
def credentials_new_key() -> None:
    """Print a new Ed25519 signing key for LMS_CREDENTIAL_SIGNING_KEY. Keep it secret. To rotate,
    first put the current key's public key (`flask lms credentials public-key`) into
    LMS_CREDENTIAL_RETIRED_KEYS, so that credentials it signed still verify."""
    from lms.certificates.credentials import new_signing_key_pem

    click.echo(new_signing_key_pem(), nl=False)


@credentials_group.command("public-key")
def credentials_public_key() -> None:
    """Print the current signing key's public key (publicKeyMultibase), the value to keep in
    LMS_CREDENTIAL_RETIRED_KEYS once the key is replaced."""
    from lms.certificates.credentials import public_key_multibase
    from lms.certificates.issuer import signing_key

    key = signing_key()
    if key is None:
        raise click.ClickException("no signing key: set LMS_CREDENTIAL_SIGNING_KEY")
    click.echo(public_key_multibase(key.public_key()))


@credentials_group.command("verify")
@click.argument("credential_file", type=click.File("rb"))
def credentials_verify(credential_file: click.utils.LazyFile) -> None:
    """Check a downloaded credential's signature against this instance's published keys, and
    its revocation status in this instance's status list (read from the database)."""
    import json

    from lms.certificates import credentials, issuer

    key = issuer.signing_key()
    if key is None:
        raise click.ClickException("no signing key: set LMS_CREDENTIAL_SIGNING_KEY")
    try:
        document = json.load(credential_file)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise click.ClickException(f"{credential_file.name}: not JSON ({error})") from error
    if not isinstance(document, dict) \
            or not credentials.verify(document, issuer.published_keys(key)):
        raise click.ClickException(f"{credential_file.name}: the signature does not match")
    if issuer.revoked(session, key, document):
        raise click.ClickException(
            f"{credential_file.name}: the signature is valid, but the issuer has revoked "
            "this credential")
    click.echo(f"{credential_file.name}: the signature is valid and the credential is not "
               "revoked")


@retention_group.command("apply")
@click.option("--dry-run", is_flag=True, help="Count what is due without changing anything.")
def retention_apply(dry_run: bool) -> None:
    """Anonymize unsuccessful admission applications past their call's retention time and
    delete their documents, erase what participants who are not alumni declared for an event
    past the edition's retention time, and delete read notifications older than
    LMS_NOTIFICATION_DAYS; safe to run every day."""
    from lms.admissions.retention import apply_retention
    from lms.events.retention import apply_retention as apply_event_retention
    from lms.notifications.services import prune

    report = apply_retention(session, dry_run=dry_run)
    registrations = apply_event_retention(session, dry_run=dry_run)
    pruned = prune(session, dry_run=dry_run)
    if dry_run:
        session.rollback()
    else:
        session.commit()
    click.echo(f"{report.anonymized} applications anonymized, "
               f"{report.documents_deleted} documents deleted, "
               f"{registrations} event registrations anonymized, "
               f"{pruned} read notifications deleted"
               + (" (dry run: nothing changed)" if dry_run else ""))


@digest_group.command("send")
def digest_send() -> None:
    """Queue one mail to each person listing the notifications they chose to receive in a
    digest, since their last; run once a day. A second run the same day sends nothing."""
    from lms.notifications.digest import people_with_news, send_digest

    sent = 0
    for user_id in people_with_news(session):
        sent += send_digest(session, user_id)
        session.commit()  # each person's digest is marked and queued together, or neither
    click.echo(f"queued {sent} digest(s); send them with `flask lms outbox send`")


@lms_group.command("backup")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
def backup(archive: Path) -> None:
    """Write ARCHIVE (.tar.gz): a consistent copy of the database, the uploaded files and the
    schema revision. Secrets (LMS_SECRET_KEY, LMS_CREDENTIAL_SIGNING_KEY) are not in it."""
    from lms.backup import BackupError
    from lms.backup import backup as write_backup

    try:
        report = write_backup(current_app.extensions["lms"].engine, archive)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"wrote {report.path}: {sum(report.rows.values())} rows in "
               f"{len(report.rows)} tables, {report.files} files, "
               f"schema revision {report.revision or 'none'}")
    if report.missing:
        # Rows whose file was already gone from the upload folder before the backup began.
        click.echo(f"warning: {len(report.missing)} file(s) the database names are missing "
                   f"from the upload folder: {', '.join(report.missing[:10])}", err=True)


@lms_group.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(archive: Path) -> None:
    """Fill this EMPTY instance (no tables, or only empty ones) from ARCHIVE; refuses an
    instance that holds any rows. Stop the app while restoring."""
    from lms.backup import BackupError
    from lms.backup import restore as read_backup

    try:
        manifest = read_backup(current_app.extensions["lms"].engine, archive)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"restored {archive}: {sum(manifest['rows'].values())} rows, "
               f"{manifest['files']} files, schema revision "
               f"{manifest['schema_revision'] or 'none'} (made {manifest['created_at']}); "
               "run `flask lms db upgrade` if this version of Kakehashi is newer")


@uploads_group.command("prune")
@click.option("--dry-run", is_flag=True, help="Only count what would be removed.")
def uploads_prune(dry_run: bool) -> None:
    """Remove files in the upload folder that no row points to and that are over a day old
    (left by requests that failed midway)."""
    from lms.uploads import prune

    pruned = prune(session, dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    click.echo(f"{verb} {pruned.files} unreferenced file(s), {pruned.bytes} bytes")
