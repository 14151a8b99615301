"""Limit/offset pagination with a maximum page size and one list envelope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_shared.validators import WHOLE_NUMBER

DEFAULT_LIMIT = 20
MAX_LIMIT = 100

T = TypeVar("T")


@dataclass(frozen=True)
class PageParams:
    limit: int = DEFAULT_LIMIT
    offset: int = 0


async def page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}."), WHOLE_NUMBER
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip."), WHOLE_NUMBER] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageParamsDep = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    """A page of a list: its items, the total matching, and where it starts."""

    items: list[T]
    total: int = Field(ge=0, description="Items matching the query, over all pages.")
    limit: int
    offset: int

    @classmethod
    def model_parametrized_name(cls, params: tuple[Any, ...]) -> str:
        """``Page[VacancyOut]`` is the schema ``VacancyOutPage``: a name every client generator
        can use as a class name (the default, ``Page[VacancyOut]``, becomes ``Page_VacancyOut_``)."""
        return f"{getattr(params[0], '__name__', 'Item')}Page"


async def paginate(
    session: AsyncSession, statement: Select[Any], params: PageParams
) -> tuple[list[Any], int]:
    """Run ``statement`` for one page and count all its rows; returns (rows, total)."""
    total = await session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = (await session.scalars(statement.limit(params.limit).offset(params.offset))).all()
    return list(rows), int(total or 0)
