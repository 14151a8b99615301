import pytest
from jobs_helpers import bearer

from imis_jobs import MIGRATIONS, SERVICE
from imis_jobs.config import JobsSettings
from imis_jobs.main import create_app
from imis_jobs.models import Base
from imis_testing import SigningKey, service_fixtures

_fixtures = service_fixtures(SERVICE, JobsSettings, create_app, MIGRATIONS, Base.metadata)
signing_key = _fixtures.signing_key
database_url = _fixtures.database_url
settings = _fixtures.settings
client = _fixtures.client


@pytest.fixture
def owner(signing_key: SigningKey) -> dict[str, str]:
    """An employer user who registers (and so owns) employers in the tests."""
    return bearer(signing_key, "employer-owner", "employer")


@pytest.fixture
def officer(signing_key: SigningKey) -> dict[str, str]:
    return bearer(signing_key, "officer-1", "officer")


@pytest.fixture
def seeker(signing_key: SigningKey) -> dict[str, str]:
    return bearer(signing_key, "seeker-1", "job_seeker")
