from imis_jobs import MIGRATIONS, SERVICE
from imis_jobs.config import JobsSettings
from imis_jobs.main import create_app
from imis_jobs.models import Base
from imis_shared.testing import service_fixtures

_fixtures = service_fixtures(SERVICE, JobsSettings, create_app, MIGRATIONS, Base.metadata)
signing_key = _fixtures.signing_key
database_url = _fixtures.database_url
settings = _fixtures.settings
client = _fixtures.client
