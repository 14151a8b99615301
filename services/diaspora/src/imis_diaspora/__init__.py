"""IMIS Diaspora service."""

from pathlib import Path

SERVICE = "diaspora"
API_PREFIX = "/api/v1/diaspora"
MIGRATIONS = Path(__file__).parent / "migrations"
