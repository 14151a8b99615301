"""IMIS gateway: identity and routing, the platform's only public entry."""

from pathlib import Path

SERVICE = "gateway"
MIGRATIONS = Path(__file__).parent / "migrations"
