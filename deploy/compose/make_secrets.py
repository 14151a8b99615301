"""Make the secrets docker-compose.yml reads (``make compose-secrets``); existing files are kept.

Writes into deploy/compose/secrets/ (git-ignored): the PostgreSQL superuser password, a
password and a database URL per service, the gateway's Ed25519 signing key, the bootstrap
administrator's password and a scrape token for each service's /metrics (required in
production). Each secret is a file because docker compose mounts secrets as files under
/run/secrets, where the services read them (IMIS_SECRETS_DIR; the signing key through
IMIS_GATEWAY_SIGNING_KEY_FILE).
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from imis_gateway.tokens.keys import generate_pem

SERVICES = ("gateway", "jobs", "diaspora", "info")
DEFAULT_DIR = Path(__file__).resolve().parent / "secrets"
DATABASE_HOST = "postgres:5432"  # the compose service


def _write(directory: Path, name: str, content: bytes) -> bool:
    path = directory / name
    if path.exists():
        return False
    path.write_bytes(content)
    # Readable by the containers' users (the files are bind-mounted); the folder stays private.
    path.chmod(0o644)
    return True


def make_secrets(directory: Path) -> list[str]:
    """Create what is missing; returns the names of the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    written = []
    wanted: dict[str, bytes] = {
        "postgres_password": secrets.token_urlsafe(24).encode(),
        "gateway_signing_key": generate_pem(),
        "imis_gateway_bootstrap_admin_password": secrets.token_urlsafe(18).encode(),
    }
    for service in SERVICES:
        password_file = directory / f"{service}_db_password"
        password = password_file.read_text().strip() if password_file.exists() else secrets.token_urlsafe(24)
        wanted[f"{service}_db_password"] = password.encode()
        url = f"postgresql://imis_{service}:{password}@{DATABASE_HOST}/imis_{service}"
        wanted[f"imis_{service}_database_url"] = url.encode()
        wanted[f"imis_{service}_metrics_token"] = secrets.token_urlsafe(24).encode()
    for name, content in wanted.items():
        if _write(directory, name, content):
            written.append(name)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the secrets docker-compose.yml needs.")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    written = make_secrets(args.dir)
    print(f"{args.dir}: wrote {', '.join(written) if written else 'nothing (all present)'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
