"""Grant pages for fund committee members: the applications assigned to them, the review
form, and declaring a conflict of interest."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("grants_review", __name__, template_folder="templates",
               url_prefix="/grants/reviews")
