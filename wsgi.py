"""The standalone app for gunicorn: ``gunicorn wsgi:app`` (see README.md)."""

from config import from_environ
from lms import create_app

app = create_app(from_environ())
