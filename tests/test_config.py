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


def test_the_standalone_app_checks_each_function_for_async_once(database_url, _schema,
                                                               monkeypatch):
    import flask

    from lms import create_app
    from tests.conftest import app_config

    app = create_app(app_config(database_url))
    asked: list[object] = []
    flask_ensure_sync = flask.Flask.ensure_sync

    def counted(self, func):
        asked.append(func)
        return flask_ensure_sync(self, func)

    monkeypatch.setattr(flask.Flask, "ensure_sync", counted)
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    first = len(asked)
    assert first > 0
    assert client.get("/healthz").status_code == 200
    assert len(asked) == first  # the second request asked Flask nothing

    async def coroutine() -> str:
        return "ok"

    # What Flask answers is what the app answers: an async function is still refused here,
    # where Flask's async extra is not installed, rather than run as if it were synchronous.
    with pytest.raises(RuntimeError, match="async"):
        app.ensure_sync(coroutine)
    app.extensions["lms"].engine.dispose()
