"""``imis-jobs serve|migrate|worker``."""

from collections.abc import Sequence

from imis_jobs import MIGRATIONS, SERVICE
from imis_jobs.config import JobsSettings
from imis_shared.cli import ServiceCli

cli = ServiceCli(
    SERVICE, JobsSettings, "imis_jobs.main:create_app", MIGRATIONS, events="imis_jobs.events:EVENT_SETUP"
)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv)
