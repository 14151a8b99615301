from imis_diaspora import MIGRATIONS, SERVICE
from imis_diaspora.config import DiasporaSettings
from imis_diaspora.main import create_app
from imis_diaspora.models import Base
from imis_shared.testing import service_fixtures

_fixtures = service_fixtures(SERVICE, DiasporaSettings, create_app, MIGRATIONS, Base.metadata)
signing_key = _fixtures.signing_key
database_url = _fixtures.database_url
settings = _fixtures.settings
client = _fixtures.client
