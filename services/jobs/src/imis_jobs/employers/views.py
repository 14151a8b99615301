"""How an employer is shown."""

from __future__ import annotations

from datetime import date

from imis_jobs.employers.models import Employer, EmployerType
from imis_jobs.employers.schemas import EmployerOut, LicenceStatus, RegisterEntry


def employer_out(employer: Employer) -> EmployerOut:
    return EmployerOut.model_validate(employer, from_attributes=True)


def licence_status(employer: Employer, today: date) -> LicenceStatus:
    if employer.type != EmployerType.RECRUITMENT_AGENCY:
        return "not_required"
    if employer.licence_valid_until is None:
        return "no_expiry_recorded"
    return "expired" if employer.licence_expired(today) else "valid"


def register_entry(employer: Employer, today: date) -> RegisterEntry:
    return RegisterEntry(
        id=employer.id,
        name=employer.public_name,
        type=employer.type,
        country=employer.country,
        city=employer.city,
        licence_number=employer.licence_number,
        licence_issuer=employer.licence_issuer,
        licence_valid_until=employer.licence_valid_until,
        licence_status=licence_status(employer, today),
    )
