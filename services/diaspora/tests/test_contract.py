"""The diaspora service keeps the platform contract (health, readiness, token checks, problems)."""

from imis_testing.contract import ServiceContract


class TestContract(ServiceContract):
    service = "diaspora"
