"""The platform's published OpenAPI document, kept in docs/openapi.json.

    .venv/bin/python scripts/openapi_doc.py           # print the document the gateway serves
    .venv/bin/python scripts/openapi_doc.py --write   # rewrite docs/openapi.json

The document is built as the gateway builds it for ``GET /openapi.json``: the gateway's own
operations merged with each service's (``merge_documents``), every service present. Key order is
kept, so the file is byte for byte what a change does to the contract: tests/test_openapi_published.py
fails when the code's document and the file differ, and a change that alters the contract on
purpose rewrites the file in the same commit, where the diff shows reviewers what changed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from imis_diaspora.config import DiasporaSettings
from imis_diaspora.main import create_app as create_diaspora
from imis_gateway.config import GatewaySettings
from imis_gateway.main import create_app as create_gateway
from imis_gateway.proxy.openapi import merge_documents
from imis_info.config import InfoSettings
from imis_info.main import create_app as create_info
from imis_jobs.config import JobsSettings
from imis_jobs.main import create_app as create_jobs

DOC = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"


def document() -> dict[str, Any]:
    """The merged document, from apps built with development settings in a throwaway folder."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def url(name: str) -> str:
            return f"sqlite:///{folder / name}.db"

        gateway_settings = GatewaySettings(
            database_url=url("gateway"), signing_key_file=folder / "signing-key.pem"
        )
        gateway = create_gateway(gateway_settings)
        services = {
            "jobs": create_jobs(JobsSettings(database_url=url("jobs"))).openapi(),
            "diaspora": create_diaspora(DiasporaSettings(database_url=url("diaspora"))).openapi(),
            "info": create_info(InfoSettings(database_url=url("info"))).openapi(),
        }
        merged = merge_documents(gateway.openapi(), services, gateway_settings.anonymous_search_paths)
    merged["info"]["x-imis-missing-services"] = []
    return merged


def render() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite {DOC.name}")
    args = parser.parse_args(argv)
    text = render()
    if args.write:
        DOC.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
