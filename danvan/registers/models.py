"""Models of the registers app."""
