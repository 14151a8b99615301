"""``imis-info serve|migrate|seed-demo``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from imis_info import MIGRATIONS, SERVICE
from imis_info.config import InfoSettings
from imis_info.demo.seed import load_demo
from imis_shared.cli import ServiceCli
from imis_shared.db import Database
from imis_shared.migrations import upgrade_to_head
from imis_shared.settings import ServiceSettings


async def seed_demo(database_url: str) -> str:
    database = Database(database_url)
    try:
        async with database.sessionmaker() as session, session.begin():
            loaded = await load_demo(session)
    finally:
        await database.dispose()
    if loaded is None:
        return "info: the sample content is loaded already; nothing changed"
    return (
        f"info: loaded SAMPLE content (not official advice): {loaded.countries} countries, "
        f"{loaded.articles} articles ({loaded.translations} published translations), "
        f"{loaded.offices} offices, {loaded.alerts} alert, {loaded.quotes} remittance quotes"
    )


def _run_seed(_args: argparse.Namespace, settings: ServiceSettings) -> int:
    upgrade_to_head(MIGRATIONS, settings.database_url)
    print(asyncio.run(seed_demo(settings.database_url)), file=sys.stderr)
    return 0


cli = ServiceCli(
    SERVICE,
    InfoSettings,
    "imis_info.main:create_app",
    MIGRATIONS,
    extra={
        "seed-demo": (
            "migrate, then load a small, clearly marked SAMPLE set (EG, IT, DE, ES) for a new portal",
            lambda _parser: None,
            _run_seed,
        )
    },
)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv)
