"""How a saved search is shown to its owner."""

from __future__ import annotations

from imis_jobs.saved_searches.models import SavedSearch
from imis_jobs.saved_searches.schemas import SavedSearchOut, SearchFilters


def saved_search_out(saved: SavedSearch, matches: int) -> SavedSearchOut:
    return SavedSearchOut(
        id=saved.id,
        name=saved.name,
        frequency=saved.frequency,
        filters=SearchFilters.model_validate(saved.filters),
        created_at=saved.created_at,
        matches=matches,
    )
