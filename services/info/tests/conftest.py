from imis_info import MIGRATIONS, SERVICE
from imis_info.config import InfoSettings
from imis_info.main import create_app
from imis_info.models import Base
from imis_shared.testing import service_fixtures

_fixtures = service_fixtures(SERVICE, InfoSettings, create_app, MIGRATIONS, Base.metadata)
signing_key = _fixtures.signing_key
database_url = _fixtures.database_url
settings = _fixtures.settings
client = _fixtures.client
