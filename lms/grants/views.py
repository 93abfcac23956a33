"""Grant pages for applicants and grantees: open rounds, one's own applications, the
application form, decisions, terms, and progress and final reports."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("grants", __name__, template_folder="templates", url_prefix="/grants")
