"""How an organisation is shown."""

from __future__ import annotations

from imis_diaspora.organisations.models import Organisation
from imis_diaspora.organisations.schemas import OrganisationOut


def organisation_out(organisation: Organisation) -> OrganisationOut:
    return OrganisationOut.model_validate(organisation, from_attributes=True)
