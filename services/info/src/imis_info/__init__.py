"""IMIS Information service."""

from pathlib import Path

SERVICE = "info"
API_PREFIX = "/api/v1/info"
MIGRATIONS = Path(__file__).parent / "migrations"
