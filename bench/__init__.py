"""`make bench`: how fast Kakehashi's pages are under gunicorn, next to a bare route.

The numbers are for comparing pages with each other and runs on one machine with each
other; the bare route measured in the same run is the yardstick, so a ratio still means
something on a busy or slow machine where the absolute figures do not.
"""
