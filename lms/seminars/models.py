"""Models of the seminars domain."""
