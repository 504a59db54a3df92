"""Seeded simulation studies that validate the statistics (imported by tests, benchmarks and reports)."""
