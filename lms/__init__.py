"""Kakehashi: learning management for international trainee programs in social welfare.

Mount it in a Flask app with ``LMS(app)`` or ``LMS().init_app(app)``, or build the
standalone app with ``create_app(config)``.
"""

from lms.app import create_app
from lms.extension import LMS

__version__ = "0.1.0"
__all__ = ["LMS", "__version__", "create_app"]
