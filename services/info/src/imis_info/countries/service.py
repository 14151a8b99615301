"""Country profiles: editors keep the summary and emergency numbers (the standard facts are derived
in facts.py); a profile shows the latest articles about the country and its alerts in force."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.countries import repository
from imis_info.countries.models import Country
from imis_info.countries.schemas import CountryUpsert
from imis_shared.errors import ValidationFailed


async def upsert(session: AsyncSession, code: str, body: CountryUpsert, editor: str) -> tuple[Country, bool]:
    country = await repository.get(session, code)
    created = country is None
    if country is None:
        country = Country(code=code)
        session.add(country)
    country.role = body.role
    country.summary = {str(language): text for language, text in body.summary.items()}
    country.emergency_numbers = [number.model_dump() for number in body.emergency_numbers]
    country.updated_by = editor
    await session.flush()
    return country, created


async def require(session: AsyncSession, code: str | None, field: str = "country") -> None:
    """A 422 naming ``field`` unless ``code`` has a profile (no code: a general article)."""
    if code is not None and await repository.get(session, code) is None:
        raise ValidationFailed.field(
            field, f"No country profile for {code}; an editor creates it first.", "unknown"
        )
