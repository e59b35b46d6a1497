"""Models of the imports app."""
