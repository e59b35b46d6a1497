"""Benchmarks for Dân Vận (`make bench`): each result is a ratio to a baseline run alongside."""
