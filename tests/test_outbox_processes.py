"""Two `flask lms outbox send` runs in two real processes, at the same moment, against the same
database and SMTP server: every message arrives exactly once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from lms.mail import enqueue
from tests.conftest import TEST_SECRET_KEY, outbox
from tests.smtp import running_smtp_server

ROOT = Path(__file__).resolve().parents[1]
MESSAGES = 100

# Builds the standalone app from the environment, as `flask --app wsgi:app` does, says it is
# ready, waits for the word to go, then runs the real command; so both runs start together
# rather than one finishing while the other is still importing.
SENDER = """
import sys
from flask.cli import ScriptInfo
from config import from_environ
from lms import create_app
from lms.cli import lms_group
app = create_app(from_environ())
print("ready", flush=True)
sys.stdin.readline()
lms_group.main(["outbox", "send"], obj=ScriptInfo(create_app=lambda: app),
               standalone_mode=False)
"""


def _start_senders(count: int, environment: dict[str, str]) -> list[subprocess.Popen[str]]:
    senders = [subprocess.Popen([sys.executable, "-c", SENDER], cwd=ROOT, env=environment,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(count)]
    for sender in senders:
        assert sender.stdout is not None
        assert sender.stdout.readline().strip() == "ready", sender.communicate(timeout=30)
    return senders


def test_two_senders_at_once_deliver_every_message_exactly_once(app, db, database_url):
    for number in range(MESSAGES):
        enqueue(db, f"person{number}@example.org", f"message {number}", "Body")
    db.commit()
    with running_smtp_server() as (controller, inbox):
        environment = {
            **os.environ, "LMS_ENV": "testing", "LMS_SECRET_KEY": TEST_SECRET_KEY,
            "LMS_DATABASE_URL": database_url, "LMS_SMTP_HOST": "127.0.0.1",
            "LMS_SMTP_PORT": str(controller.port), "LMS_SMTP_STARTTLS": "false",
        }
        senders = _start_senders(2, environment)
        for sender in senders:
            assert sender.stdin is not None
            sender.stdin.write("go\n")
            sender.stdin.flush()
        outputs = [sender.communicate(timeout=120) for sender in senders]
    for sender, (_stdout, stderr) in zip(senders, outputs, strict=True):
        assert sender.returncode == 0, stderr
    sent = [int(re.search(r"sent (\d+)", stdout).group(1)) for stdout, _ in outputs]
    received = Counter(message["Subject"] for message in inbox.messages)
    assert received == Counter(f"message {number}" for number in range(MESSAGES))
    assert sum(sent) == MESSAGES and min(sent) > 0  # both took part, neither sent twice
    assert all(row.sent_at and row.attempts == 1 and row.claimed_by is None
               for row in outbox(app))
