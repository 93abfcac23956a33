"""Alumni pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("alumni", __name__, template_folder="templates", url_prefix="/alumni")
