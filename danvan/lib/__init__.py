"""Pure Python helpers with no Django dependency."""
