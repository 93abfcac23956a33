"""What the benchmark seeds and measures, kept in one place so adding to it is one line.

* A new page: append a ``Page`` to ``PAGES`` (``login`` is a demo account's email, or None
  for an anonymous visitor; every demo account shares ``lms.demo.DEMO_PASSWORD``). A path
  may name a target in braces, such as ``{cohort_id}``: it is filled in after seeding from
  what the seed steps recorded in ``BenchEnv.targets_path`` (see bench/grow.py).
* More data: add a step to ``seed_steps``; a step is any callable taking the
  ``BenchEnv`` (``flask_command(...)`` runs a ``flask --app wsgi:app`` command against the
  benchmark database; a Python function can open ``env.database_url`` itself).
* A new export (a file download): append a ``Page`` to ``EXPORTS``. Exports are loaded like
  pages, after them, and each is also served once by a fresh worker to measure how much its
  memory grows (bench/exports.py).
"""

from __future__ import annotations

from bench.load import Page
from bench.seeding import (
    SeedStep,
    add_admission_applications,
    add_alumni,
    add_grant_applications,
    flask_command,
    grow_cohort,
)

STAFF = "staff@kakehashi.example"
TRAINEE = "trainee@kakehashi.example"  # in the demo's active cohort, the one grown below
MENTOR = "mentor@kakehashi.example"  # follows every trainee of that cohort once grown
ALUMNA = "alumna@kakehashi.example"  # an alumna of the demo's 36th cohort
COMMITTEE = "committee@kakehashi.example"  # assigned every application with the committee

#: Trainees in the active cohort: the course pages and the progress matrix are measured on it.
#: Each has handed in every assignment of the course (39 of them), and the demo mentor
#: follows them all, so the grading queue and the gradebook are measured at that size too.
#: The default of ``python -m bench --cohort-trainees`` (``make bench COHORT_TRAINEES=10000``).
COHORT_TRAINEES = 1000
#: Alumni of past cohorts added for the alumni directory, four in five of them listed.
ALUMNI = 2000
#: Applications in the demo's open grant round (fiscal 2026), three in five with the committee,
#: each assigned to both demo committee members, most reviewed.
GRANT_APPLICATIONS = 2000
#: Applications to the demo's open call for the fiscal 2027 cohort, across eight countries and
#: every state that takes no place, most of those screened with the committee.
ADMISSION_APPLICATIONS = 2000


def seed_steps(cohort_trainees: int = COHORT_TRAINEES) -> tuple[SeedStep, ...]:
    """What to run, in this order, against a fresh database before gunicorn starts. The course
    files are synced first, as `make run` does, so the demo's cohorts have their course."""
    return (
        flask_command("lms", "db", "upgrade"),
        flask_command("lms", "courses", "sync"),
        flask_command("lms", "demo"),
        grow_cohort(cohort_trainees),
        add_alumni(ALUMNI),
        add_grant_applications(GRANT_APPLICATIONS),
        add_admission_applications(ADMISSION_APPLICATIONS),
    )


# The first page is the baseline: every page's requests per second is also shown as a ratio
# to it, which cancels out most of the machine's speed.
PAGES: tuple[Page, ...] = (
    Page("bare route", "/healthz"),
    Page("home (staff)", "/", login=STAFF),
    Page("dashboard (trainee)", "/", login=TRAINEE),
    Page("home (mentor)", "/", login=MENTOR),
    Page("home (committee member)", "/", login=COMMITTEE),
    Page("home (alumna)", "/", login=ALUMNA),
    Page("notifications (trainee)", "/notifications", login=TRAINEE),
    Page("course outline (trainee)", "/cohorts/{cohort_id}/course", login=TRAINEE),
    # The first lesson of a module opening on day 1, so it is open to the trainee.
    Page("lesson (trainee)", "/cohorts/{cohort_id}/course/{lesson_slug}", login=TRAINEE),
    # Page 1 of the paginated list of all the cohort's trainees.
    Page("progress matrix (staff)", "/cohorts/{cohort_id}/matrix", login=STAFF),
    # Page 1 of the work waiting for the mentor, oldest first (about 27,000 submissions at
    # 1,000 trainees).
    Page("grading queue (mentor)", "/grading", login=MENTOR),
    # The oldest submission waiting in that queue, not yet graded.
    Page("grading page (mentor)", "/submissions/{submission_id}/grade", login=MENTOR),
    # Page 1 of the cohort's gradebook: the trainees' latest attempt at every assignment.
    Page("gradebook (staff)", "/cohorts/{cohort_id}/gradebook", login=STAFF),
    # Page 1 of the active cohort's completion screen: each trainee's outcome and shortfall.
    Page("completion screen (staff)", "/cohorts/{cohort_id}/completion", login=STAFF),
    # Page 1 of the active cohort's placement board: each trainee's host facility for both
    # practicums.
    Page("placement board (staff)", "/cohorts/{cohort_id}/placements", login=STAFF),
    # Page 1 of the board of an open safety check sent to the whole cohort, two in three
    # answered: those not safe, in need of help and silent first, with how to reach them.
    Page("safety check board (staff)", "/safety/checks/{safety_check_id}", login=STAFF),
    # Page 1 of the directory of about 2,000 alumni, as another alumna sees it (listed only).
    Page("alumni directory (alumna)", "/alumni/directory", login=ALUMNA),
    Page("alumni directory by country (alumna)", "/alumni/directory?country=PH", login=ALUMNA),
    Page("alumni directory (staff)", "/alumni/directory", login=STAFF),
    # Page 1 of the open round's 2,000 applications, with each one's reviews summed up.
    Page("grant round (staff)", "/grants/staff/rounds/{grant_round_id}", login=STAFF),
    # A demo application with the committee: its versions, reviews and the decision form.
    Page("grant application (staff)", "/grants/staff/applications/{grant_application_id}",
         login=STAFF),
    Page("grant round statistics (staff)", "/grants/staff/rounds/{grant_round_id}/statistics",
         login=STAFF),
    # The committee member's list: about 1,200 applications assigned, most reviewed.
    Page("grant reviews (committee member)", "/grants/reviews/", login=COMMITTEE),
    # The alumna's closed fiscal 2020 grant: decision, payments and both reports.
    Page("grant application (alumna)", "/grants/applications/{alumna_grant_id}",
         login=ALUMNA),
    # The calls open now, as anyone finds them before registering.
    Page("admission calls (anonymous)", "/admissions/"),
    # Page 1 of the open call's applications: staff see the 1,700 or so that were sent.
    Page("admission call (staff)", "/admissions/staff/calls/{admission_call_id}",
         login=STAFF),
    Page("admission call statistics (staff)",
         "/admissions/staff/calls/{admission_call_id}/statistics", login=STAFF),
)

EXPORTS: tuple[Page, ...] = (
    # A line per trainee of the grown cohort with their latest grade in every assignment.
    Page("gradebook CSV (staff)", "/cohorts/{cohort_id}/gradebook.csv", login=STAFF),
    # A line per application of the open round (about 2,000), with its reviews summed up.
    Page("grant round applications CSV (staff)",
         "/grants/staff/rounds/{grant_round_id}/applications.csv", login=STAFF),
)
