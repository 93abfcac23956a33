import pytest

from config import from_environ


def test_settings_are_read_from_lms_variables_with_their_types():
    settings = from_environ({"LMS_SECRET_KEY": "s" * 40, "LMS_SMTP_PORT": "2525",
                             "LMS_SMTP_STARTTLS": "no", "LMS_MAX_UPLOAD_MB": "20",
                             "LMS_TRUSTED_PROXIES": "1", "PATH": "/usr/bin"})
    assert settings == {"SECRET_KEY": "s" * 40, "LMS_SMTP_PORT": 2525,
                        "LMS_SMTP_STARTTLS": False, "LMS_MAX_UPLOAD_MB": 20,
                        "LMS_TRUSTED_PROXIES": 1}


@pytest.mark.parametrize("name,value", [("LMS_SMTP_PORT", "many"),
                                        ("LMS_RATELIMIT_ENABLED", "perhaps")])
def test_a_wrong_value_names_the_setting(name, value):
    with pytest.raises(ValueError, match=name):
        from_environ({name: value})


def test_the_request_limit_follows_the_upload_limit(database_url, _schema):
    from lms import create_app
    from tests.conftest import app_config

    app = create_app(app_config(database_url, LMS_MAX_UPLOAD_MB=5))
    assert app.config["MAX_CONTENT_LENGTH"] == 21 * 1024 * 1024
    app.extensions["lms"].engine.dispose()
