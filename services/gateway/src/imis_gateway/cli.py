"""``imis-gateway serve|migrate|worker|create-user|register-public-client``."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Sequence

from imis_gateway import MIGRATIONS, SERVICE
from imis_gateway.accounts import repository
from imis_gateway.accounts.service import create_account, grant_role
from imis_gateway.clients.schemas import PublicClientCreate
from imis_gateway.clients.service import ensure_public_client
from imis_gateway.config import GatewaySettings
from imis_gateway.credentials import Passwords
from imis_shared.auth import Role
from imis_shared.cli import ServiceCli
from imis_shared.db import Database
from imis_shared.errors import DomainError
from imis_shared.settings import ServiceSettings
from imis_shared.validators import normalise_email


def _configure_create_user(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--email", required=True)
    parser.add_argument("--full-name", default="")
    parser.add_argument(
        "--role",
        action="append",
        choices=[role.value for role in Role],
        default=[],
        help="a role to grant; repeat for several",
    )
    parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")


async def _create_user(args: argparse.Namespace, settings: GatewaySettings, password: str) -> str:
    database = Database(settings.database_url)
    passwords = Passwords(settings.password_hash_time_cost, settings.password_hash_memory_kib)
    email = normalise_email(args.email)
    try:
        async with database.sessionmaker.begin() as session:
            account = await repository.get_by_email(session, email)
            if account is None:
                account = await create_account(
                    session,
                    passwords,
                    email=email,
                    password=password,
                    full_name=args.full_name or email,
                    roles=args.role,
                )
                return (
                    f"created {account.email} ({account.id}) with roles {', '.join(account.roles) or 'none'}"
                )
            for role in args.role:
                await grant_role(session, account, Role(role), actor_id="cli")
            return f"{account.email} exists; roles now {', '.join(account.roles) or 'none'}"
    finally:
        await database.dispose()


def _run_create_user(args: argparse.Namespace, settings: ServiceSettings) -> int:
    assert isinstance(settings, GatewaySettings)
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    try:
        print(asyncio.run(_create_user(args, settings, password)))
    except (DomainError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _configure_register_public_client(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--client-id", required=True, help="e.g. imis-web")
    parser.add_argument("--name", required=True)
    parser.add_argument(
        "--redirect-uri", action="append", required=True, help="an exact redirect URI; repeat for several"
    )


async def _register_public_client(args: argparse.Namespace, settings: GatewaySettings) -> str:
    database = Database(settings.database_url)
    try:
        async with database.sessionmaker.begin() as session:
            data = PublicClientCreate(name=args.name, redirect_uris=args.redirect_uri)
            client, changed = await ensure_public_client(session, args.client_id, data, actor_id="cli")
            state = "registered" if changed else "unchanged"
            return f"{client.client_id} {state}: {', '.join(client.redirect_uris)}"
    finally:
        await database.dispose()


def _run_register_public_client(args: argparse.Namespace, settings: ServiceSettings) -> int:
    assert isinstance(settings, GatewaySettings)
    try:
        print(asyncio.run(_register_public_client(args, settings)))
    except (DomainError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


cli = ServiceCli(
    SERVICE,
    GatewaySettings,
    "imis_gateway.main:create_app",
    MIGRATIONS,
    extra={
        "create-user": (
            "create a user (or grant roles to an existing one)",
            _configure_create_user,
            _run_create_user,
        ),
        "register-public-client": (
            "register (or update) a public client: a front-end signing people in with PKCE",
            _configure_register_public_client,
            _run_register_public_client,
        ),
    },
    events="imis_gateway.events:EVENT_SETUP",
)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv)
