"""``imis-diaspora serve|migrate|worker``."""

from collections.abc import Sequence

from imis_diaspora import MIGRATIONS, SERVICE
from imis_diaspora.config import DiasporaSettings
from imis_shared.cli import ServiceCli

cli = ServiceCli(
    SERVICE,
    DiasporaSettings,
    "imis_diaspora.main:create_app",
    MIGRATIONS,
    events="imis_diaspora.events:EVENT_SETUP",
)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv)
