"""How a programme is shown, with the places it has left, its seasons and its reserved quotas."""

from __future__ import annotations

from imis_jobs.programmes.models import CitizenshipQuota, Programme, Season
from imis_jobs.programmes.schemas import CitizenshipQuotaOut, ProgrammeOut, SeasonOut

_COMPUTED = {"quota_remaining", "unreserved_remaining", "seasons", "citizenship_quotas"}


def season_out(season: Season) -> SeasonOut:
    return SeasonOut(
        **{key: getattr(season, key) for key in SeasonOut.model_fields if key != "quota_remaining"},
        quota_remaining=season.quota - season.quota_used,
    )


def citizenship_quota_out(reserved: CitizenshipQuota) -> CitizenshipQuotaOut:
    return CitizenshipQuotaOut(
        citizenship=reserved.citizenship,
        quota=reserved.quota,
        quota_used=reserved.quota_used,
        quota_remaining=reserved.quota - reserved.quota_used,
    )


def programme_out(
    programme: Programme, seasons: list[Season], reserved: list[CitizenshipQuota]
) -> ProgrammeOut:
    remaining = programme.quota - programme.quota_used
    return ProgrammeOut(
        **{key: getattr(programme, key) for key in ProgrammeOut.model_fields if key not in _COMPUTED},
        quota_remaining=remaining,
        unreserved_remaining=remaining - sum(quota.quota - quota.quota_used for quota in reserved),
        seasons=[season_out(season) for season in seasons],
        citizenship_quotas=[citizenship_quota_out(quota) for quota in reserved],
    )
