"""Asian Social Welfare Seminar pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("seminars", __name__, template_folder="templates", url_prefix="/seminars")
