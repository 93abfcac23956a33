"""Models of the alumni domain."""
