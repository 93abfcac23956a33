"""Follow-up training pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("followup", __name__, template_folder="templates", url_prefix="/follow-up")
