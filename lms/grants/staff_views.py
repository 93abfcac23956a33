"""Grant pages for program staff: rounds, screening, reviewer assignment, the committee's
decisions, payments, grantee reports, statistics and exports."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("grants_staff", __name__, template_folder="templates",
               url_prefix="/grants/staff")
