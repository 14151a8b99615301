"""How an employer is shown."""

from __future__ import annotations

from imis_jobs.employers.models import Employer
from imis_jobs.employers.schemas import EmployerOut


def employer_out(employer: Employer) -> EmployerOut:
    return EmployerOut.model_validate(employer, from_attributes=True)
