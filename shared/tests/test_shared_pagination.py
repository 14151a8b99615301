"""Pagination: bounded page parameters and one page plus the total from a real table."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
import sqlalchemy as sa
from fastapi import APIRouter, FastAPI
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from imis_shared.app import api_router
from imis_shared.db import TYPE_ANNOTATION_MAP, Database, SessionDep, new_metadata
from imis_shared.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, PageParams, PageParamsDep, paginate
from imis_testing import app_client

AppFactory = Callable[..., FastAPI]
ROWS = 45


class Model(DeclarativeBase):
    metadata = new_metadata()
    type_annotation_map = TYPE_ANNOTATION_MAP


class Item(Model):
    __tablename__ = "shared_test_page_items"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    colour: Mapped[str] = mapped_column(sa.String(10))


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    async with db.engine.begin() as connection:
        await connection.run_sync(Model.metadata.drop_all)
        await connection.run_sync(Model.metadata.create_all)
        await connection.execute(
            sa.insert(Item),
            [{"id": i, "colour": "red" if i % 3 == 0 else "blue"} for i in range(1, ROWS + 1)],
        )
    try:
        yield db
    finally:
        async with db.engine.begin() as connection:
            await connection.run_sync(Model.metadata.drop_all)
        await db.dispose()


def items_router() -> APIRouter:
    router = api_router(prefix="/items", tags=["items"])

    @router.get("")
    async def list_items(page: PageParamsDep, session: SessionDep, colour: str | None = None) -> Page[int]:
        statement = sa.select(Item.id).order_by(Item.id.desc())
        if colour:
            statement = statement.where(Item.colour == colour)
        rows, total = await paginate(session, statement, page)
        return Page(items=rows, total=total, limit=page.limit, offset=page.offset)

    return router


@pytest.fixture
async def client(make_app: AppFactory, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(make_app([items_router()])) as client:
        yield client


class TestPaginate:
    async def test_returns_the_requested_slice_and_the_total(self, database: Database) -> None:
        async with database.sessionmaker() as session:
            rows, total = await paginate(
                session, sa.select(Item.id).order_by(Item.id), PageParams(limit=10, offset=20)
            )
        assert rows == list(range(21, 31))
        assert total == ROWS

    async def test_the_last_page_is_short(self, database: Database) -> None:
        async with database.sessionmaker() as session:
            rows, total = await paginate(
                session, sa.select(Item.id).order_by(Item.id), PageParams(limit=10, offset=40)
            )
        assert rows == [41, 42, 43, 44, 45]
        assert total == ROWS

    async def test_past_the_end_is_empty_but_keeps_the_total(self, database: Database) -> None:
        async with database.sessionmaker() as session:
            rows, total = await paginate(session, sa.select(Item.id), PageParams(limit=10, offset=1000))
        assert rows == []
        assert total == ROWS

    async def test_counts_only_rows_matching_the_filter(self, database: Database) -> None:
        statement = sa.select(Item).where(Item.colour == "red").order_by(Item.id)
        async with database.sessionmaker() as session:
            rows, total = await paginate(session, statement, PageParams(limit=3, offset=0))
        assert [row.id for row in rows] == [3, 6, 9]
        assert all(isinstance(row, Item) for row in rows)
        assert total == ROWS // 3

    async def test_an_empty_result_has_a_zero_total(self, database: Database) -> None:
        async with database.sessionmaker() as session:
            rows, total = await paginate(session, sa.select(Item).where(Item.colour == "green"), PageParams())
        assert (rows, total) == ([], 0)


class TestPageParams:
    async def test_defaults(self, client: httpx.AsyncClient) -> None:
        body = (await client.get("/items")).json()
        assert (body["limit"], body["offset"], body["total"]) == (DEFAULT_LIMIT, 0, ROWS)
        assert body["items"] == list(range(ROWS, ROWS - DEFAULT_LIMIT, -1))

    async def test_a_page_through_the_api(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/items", params={"limit": 2, "offset": 1, "colour": "red"})
        assert response.json() == {"items": [42, 39], "total": 15, "limit": 2, "offset": 1}

    async def test_the_largest_page_is_allowed(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/items", params={"limit": MAX_LIMIT})
        assert response.status_code == 200
        assert len(response.json()["items"]) == ROWS

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"limit": 0}, "limit"),
            ({"limit": MAX_LIMIT + 1}, "limit"),
            ({"limit": -5}, "limit"),
            ({"limit": "ten"}, "limit"),
            ({"offset": -1}, "offset"),
            ({"offset": 1_000_001}, "offset"),
            # Integers as the document's `integer` writes them, not as pydantic's lax mode reads them.
            ({"offset": "+0.0"}, "offset"),
            ({"offset": "+1"}, "offset"),
            ({"limit": "10.0"}, "limit"),
            ({"limit": " 10"}, "limit"),
        ],
    )
    async def test_out_of_bounds_values_are_a_422_naming_the_parameter(
        self, client: httpx.AsyncClient, params: dict[str, object], field: str
    ) -> None:
        response = await client.get("/items", params=params)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert [(e["field"], e["location"]) for e in response.json()["errors"]] == [(field, "query")]
