"""``imis-info serve|migrate``."""

from collections.abc import Sequence

from imis_info import MIGRATIONS, SERVICE
from imis_info.config import InfoSettings
from imis_shared.cli import ServiceCli

cli = ServiceCli(SERVICE, InfoSettings, "imis_info.main:create_app", MIGRATIONS)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv)
