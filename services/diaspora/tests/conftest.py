import pytest
from diaspora_helpers import bearer

from imis_diaspora import MIGRATIONS, SERVICE
from imis_diaspora.config import DiasporaSettings
from imis_diaspora.main import create_app
from imis_diaspora.models import Base
from imis_testing import SigningKey, service_fixtures

_fixtures = service_fixtures(SERVICE, DiasporaSettings, create_app, MIGRATIONS, Base.metadata)
signing_key = _fixtures.signing_key
database_url = _fixtures.database_url
settings = _fixtures.settings
client = _fixtures.client


@pytest.fixture
def officer(signing_key: SigningKey) -> dict[str, str]:
    return bearer(signing_key, "officer-1", "officer")


@pytest.fixture
def member(signing_key: SigningKey) -> dict[str, str]:
    """A `diaspora_member` user (not yet registered)."""
    return bearer(signing_key, "member-1", "diaspora_member")


@pytest.fixture
def other_member(signing_key: SigningKey) -> dict[str, str]:
    return bearer(signing_key, "member-2", "diaspora_member")


@pytest.fixture
def job_seeker(signing_key: SigningKey) -> dict[str, str]:
    return bearer(signing_key, "seeker-1", "job_seeker")
