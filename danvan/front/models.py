"""Models of the front app."""
