"""How a programme is shown, with the places it has left."""

from __future__ import annotations

from imis_jobs.programmes.models import Programme
from imis_jobs.programmes.schemas import ProgrammeOut


def programme_out(programme: Programme) -> ProgrammeOut:
    return ProgrammeOut(
        **{key: getattr(programme, key) for key in ProgrammeOut.model_fields if key != "quota_remaining"},
        quota_remaining=programme.quota - programme.quota_used,
    )
