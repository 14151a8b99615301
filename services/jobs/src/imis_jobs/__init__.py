"""IMIS Job Opportunities service."""

from pathlib import Path

SERVICE = "jobs"
API_PREFIX = "/api/v1/jobs"
MIGRATIONS = Path(__file__).parent / "migrations"
