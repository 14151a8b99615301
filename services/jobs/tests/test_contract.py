"""The jobs service keeps the platform contract (health, readiness, token checks, problems)."""

from imis_shared.contract import ServiceContract


class TestContract(ServiceContract):
    service = "jobs"
