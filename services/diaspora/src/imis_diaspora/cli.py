"""``imis-diaspora serve|migrate``."""

from collections.abc import Sequence

from imis_diaspora import MIGRATIONS, SERVICE
from imis_diaspora.config import DiasporaSettings
from imis_shared.cli import ServiceCli

cli = ServiceCli(SERVICE, DiasporaSettings, "imis_diaspora.main:create_app", MIGRATIONS)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv)
