"""The taxonomy as a request dependency: built once per process, shared by every package."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from imis_jobs.taxonomy.service import Taxonomy, get_taxonomy

TaxonomyDep = Annotated[Taxonomy, Depends(get_taxonomy)]
