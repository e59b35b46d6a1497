"""Models of the emulation app."""
