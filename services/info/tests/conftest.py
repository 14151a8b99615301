import pytest
from info_helpers import bearer, client_bearer

from imis_info import MIGRATIONS, SERVICE
from imis_info.config import InfoSettings
from imis_info.main import create_app
from imis_info.models import Base
from imis_testing import SigningKey, service_fixtures

_fixtures = service_fixtures(SERVICE, InfoSettings, create_app, MIGRATIONS, Base.metadata)
signing_key = _fixtures.signing_key
database_url = _fixtures.database_url
settings = _fixtures.settings
client = _fixtures.client


@pytest.fixture
def editor(signing_key: SigningKey) -> dict[str, str]:
    """The editor who writes articles in the tests."""
    return bearer(signing_key, "editor-1", "editor")


@pytest.fixture
def reviewer(signing_key: SigningKey) -> dict[str, str]:
    """A second editor, who approves what ``editor`` wrote."""
    return bearer(signing_key, "editor-2", "editor")


@pytest.fixture
def admin(signing_key: SigningKey) -> dict[str, str]:
    return bearer(signing_key, "admin-1", "admin")


@pytest.fixture
def seeker(signing_key: SigningKey) -> dict[str, str]:
    """A signed-in user without editorial rights."""
    return bearer(signing_key, "seeker-1", "job_seeker")


@pytest.fixture
def writer_client(signing_key: SigningKey) -> dict[str, str]:
    """A machine client allowed to write content (scope info:write)."""
    return client_bearer(signing_key, "ministry-cms", "info:write")
