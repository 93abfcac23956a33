from __future__ import annotations

import json

from sqlalchemy import select

from lms.certificates import issuer, services
from lms.certificates.models import Certificate


def test_new_key_prints_a_key_the_configuration_accepts(app):
    result = app.test_cli_runner().invoke(args=["lms", "credentials", "new-key"])
    assert result.exit_code == 0
    app.config["LMS_CREDENTIAL_SIGNING_KEY"] = result.output
    with app.test_request_context():
        assert issuer.signing_key() is not None


def test_verify_names_the_file_and_the_verdict(app, db, year, tmp_path):
    services.complete_cohort(db, year["staff"], year["cohort"])
    db.commit()
    certificate = db.scalar(select(Certificate))
    with app.test_request_context():
        document = issuer.credential(certificate, issuer.signing_key())
    good = tmp_path / "good.json"
    good.write_text(json.dumps(document))
    document["name"] = "Something else"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["lms", "credentials", "verify", str(good)])
    assert result.exit_code == 0 and "good.json: the signature is valid" in result.output
    result = runner.invoke(args=["lms", "credentials", "verify", str(bad)])
    assert result.exit_code != 0 and "bad.json: the signature does not match" in result.output
    (tmp_path / "broken.json").write_text("{")
    result = runner.invoke(args=["lms", "credentials", "verify", str(tmp_path / "broken.json")])
    assert result.exit_code != 0 and "broken.json: not JSON" in result.output
