"""The test helpers the services rely on: databases, keys and tokens."""

from __future__ import annotations

import json
from pathlib import Path

import jwt
import pytest
import sqlalchemy as sa

from imis_shared.auth import ACCESS_TOKEN_TYPE
from imis_shared.db import create_engine, new_metadata
from imis_testing import (
    TEST_AUDIENCE,
    TEST_DATABASE_ENV,
    TEST_ISSUER,
    SigningKey,
    empty_tables,
    fresh_database_url,
)


class TestFreshDatabaseUrl:
    def test_without_a_server_it_is_a_new_sqlite_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv(TEST_DATABASE_ENV, raising=False)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{tmp_path / 'svc.sqlite3'}{suffix}").write_text("stale")
        url = fresh_database_url("svc", tmp_path)
        assert url == f"sqlite:///{tmp_path / 'svc.sqlite3'}"
        assert list(tmp_path.iterdir()) == []

    def test_refuses_a_server_that_is_not_postgresql(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv(TEST_DATABASE_ENV, "mysql://root@127.0.0.1/x")
        with pytest.raises(RuntimeError, match="must name a PostgreSQL server"):
            fresh_database_url("svc", tmp_path)


class TestEmptyTables:
    async def test_deletes_every_row_children_first(self, database_url: str) -> None:
        metadata = new_metadata()
        parents = sa.Table("shared_test_et_parents", metadata, sa.Column("id", sa.Integer, primary_key=True))
        children = sa.Table(
            "shared_test_et_children",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("parent_id", sa.ForeignKey(parents.c.id), nullable=False),
        )
        engine = create_engine(database_url)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(metadata.drop_all)
                await connection.run_sync(metadata.create_all)
                await connection.execute(sa.insert(parents).values(id=1))
                await connection.execute(sa.insert(children).values(id=1, parent_id=1))
            await empty_tables(database_url, metadata)
            async with engine.connect() as connection:
                counts = [
                    (await connection.execute(sa.select(sa.func.count()).select_from(t))).scalar()
                    for t in (parents, children)
                ]
            assert counts == [0, 0]
        finally:
            async with engine.begin() as connection:
                await connection.run_sync(metadata.drop_all)
            await engine.dispose()


class TestSigningKey:
    def test_tokens_carry_the_access_token_header_and_standard_claims(self) -> None:
        key = SigningKey(kid="k-1")
        token = key.token("u-1", roles=["admin"], scope="a b", client_id="c", lifetime=60)
        header = jwt.get_unverified_header(token)
        assert header == {"alg": "EdDSA", "kid": "k-1", "typ": ACCESS_TOKEN_TYPE}
        claims = jwt.decode(token, key.private_key.public_key(), algorithms=["EdDSA"], audience=TEST_AUDIENCE)
        assert claims["iss"] == TEST_ISSUER
        assert claims["exp"] - claims["iat"] == 60
        assert (claims["sub"], claims["roles"], claims["scope"], claims["client_id"]) == (
            "u-1",
            ["admin"],
            "a b",
            "c",
        )

    def test_every_token_has_its_own_jti(self) -> None:
        key = SigningKey()
        jtis = {jwt.decode(key.token(), options={"verify_signature": False})["jti"] for _ in range(5)}
        assert len(jtis) == 5

    def test_writes_a_public_jwks_without_the_private_part(self, tmp_path: Path) -> None:
        key, other = SigningKey(), SigningKey()
        document = json.loads(key.write_jwks(tmp_path / "jwks.json", extra=[other]).read_text())
        assert [entry["kid"] for entry in document["keys"]] == [key.kid, other.kid]
        assert all("d" not in entry for entry in document["keys"])
        assert all(entry["use"] == "sig" for entry in document["keys"])

    def test_the_private_pem_is_pkcs8(self) -> None:
        assert SigningKey().private_pem().startswith("-----BEGIN PRIVATE KEY-----")
