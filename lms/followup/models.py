"""Models of the followup domain."""
