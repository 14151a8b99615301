"""Selected candidates as a partner receives them: JSON records, CSV rows, and portable records
carrying ESCO URIs and ISO codes. Only the field groups of the recipient's agreement."""

from __future__ import annotations

import csv
import io
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from imis_jobs.applications.models import Application
from imis_jobs.employers.models import Employer
from imis_jobs.handover.models import HandoverField as F
from imis_jobs.handover.schemas import (
    Contact,
    Education,
    HandoverCandidate,
    Identity,
    Placement,
    PortableCandidate,
    PortableLanguage,
    PortableOccupation,
    PortableSkill,
    Residence,
)
from imis_jobs.seekers.models import JobSeeker
from imis_jobs.seekers.schemas import Certification, OccupationHeldOut, SeekerLanguageOut, SeekerSkillOut
from imis_jobs.taxonomy.service import Taxonomy
from imis_jobs.vacancies.models import Vacancy
from imis_jobs.verifications.models import Verification
from imis_jobs.verifications.views import verification_outcome

ESCO = "http://data.europa.eu/esco"


@dataclass(frozen=True)
class Selected:
    """A selected application with what its record is made of."""

    application: Application
    seeker: JobSeeker
    vacancy: Vacancy
    employer: Employer
    checks: list[Verification]


def by_seeker(checks: Sequence[Verification]) -> dict[uuid.UUID, list[Verification]]:
    found: dict[uuid.UUID, list[Verification]] = defaultdict(list)
    for check in checks:
        found[check.seeker_id].append(check)
    return found


def candidate(item: Selected, fields: frozenset[F], taxonomy: Taxonomy, today: date) -> HandoverCandidate:
    seeker = item.seeker
    return HandoverCandidate(
        seeker_id=seeker.id,
        application_id=item.application.id,
        status=item.application.status,
        identity=Identity(
            full_name=seeker.full_name, date_of_birth=seeker.date_of_birth, citizenship=seeker.citizenship
        )
        if F.IDENTITY in fields
        else None,
        contact=Contact(phone=seeker.phone, email=seeker.email) if F.CONTACT in fields else None,
        residence=Residence(country=seeker.residence_country, subdivision=seeker.residence_subdivision)
        if F.RESIDENCE in fields
        else None,
        occupations=[
            OccupationHeldOut(
                occupation_id=o.occupation_id,
                label=taxonomy.occupations[o.occupation_id].label,
                isco_code=taxonomy.occupations[o.occupation_id].isco_code,
                years=o.years,
            )
            for o in seeker.occupations
        ]
        if F.OCCUPATIONS in fields
        else None,
        skills=[
            SeekerSkillOut(skill_id=s.skill_id, label=taxonomy.skills[s.skill_id].label)
            for s in seeker.skills
        ]
        if F.SKILLS in fields
        else None,
        languages=[SeekerLanguageOut(language=x.language, level=x.level) for x in seeker.languages]
        if F.LANGUAGES in fields
        else None,
        education=Education(
            isced_level=seeker.education_level,
            field=seeker.education_field,
            certifications=[Certification(**c) for c in seeker.certifications],
        )
        if F.EDUCATION in fields
        else None,
        verifications=[verification_outcome(c, taxonomy, today) for c in item.checks]
        if F.VERIFICATIONS in fields
        else None,
        placement=Placement(
            vacancy_id=item.vacancy.id,
            vacancy_title=item.vacancy.title,
            employer_name=item.employer.public_name,
            destination_country=item.vacancy.destination_country,
            destination_city=item.vacancy.destination_city,
        )
        if F.PLACEMENT in fields
        else None,
    )


def portable(item: Selected, fields: frozenset[F], taxonomy: Taxonomy) -> PortableCandidate:
    """The record in the shape of a CV's sections, with ESCO URIs, ISCO-08, ISO 3166 and 639 codes,
    and CEFR levels: as declared, and as a ministry language test found them."""
    seeker = item.seeker
    tested: dict[str, dict[str, str]] = {}
    tested_skills: set[str] = set()
    for check in item.checks:
        if check.outcome != "passed":
            continue
        if check.language and check.language not in tested:
            tested[check.language] = {
                "reading": str(check.reading),
                "writing": str(check.writing),
                "listening": str(check.listening),
                "speaking": str(check.speaking),
            }
        if check.skill_id:
            tested_skills.add(check.skill_id)
    return PortableCandidate(
        seeker_id=seeker.id,
        application_id=item.application.id,
        full_name=seeker.full_name if F.IDENTITY in fields else None,
        birth_date=seeker.date_of_birth if F.IDENTITY in fields else None,
        nationality=[seeker.citizenship] if F.IDENTITY in fields else None,
        phone=seeker.phone if F.CONTACT in fields else None,
        email=seeker.email if F.CONTACT in fields else None,
        residence_country=seeker.residence_country if F.RESIDENCE in fields else None,
        work_experience=[
            PortableOccupation(
                esco_uri=f"{ESCO}/occupation/{o.occupation_id}",
                isco08_code=taxonomy.occupations[o.occupation_id].isco_code,
                title=taxonomy.occupations[o.occupation_id].label,
                years=o.years,
            )
            for o in seeker.occupations
        ]
        if F.OCCUPATIONS in fields
        else None,
        skills=[
            PortableSkill(
                esco_uri=f"{ESCO}/skill/{s.skill_id}",
                title=taxonomy.skills[s.skill_id].label,
                verified=s.skill_id in tested_skills and F.VERIFICATIONS in fields,
            )
            for s in seeker.skills
        ]
        if F.SKILLS in fields
        else None,
        languages=[
            PortableLanguage(
                iso639_1=x.language,
                cefr_declared=x.level,
                cefr_tested=tested.get(x.language) if F.VERIFICATIONS in fields else None,
            )
            for x in seeker.languages
        ]
        if F.LANGUAGES in fields
        else None,
        isced_2011_level=seeker.education_level if F.EDUCATION in fields else None,
        field_of_study=seeker.education_field if F.EDUCATION in fields else None,
    )


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


COLUMNS: dict[F, list[str]] = {
    F.IDENTITY: ["full_name", "date_of_birth", "citizenship"],
    F.CONTACT: ["phone", "email"],
    F.RESIDENCE: ["residence_country", "residence_subdivision"],
    F.OCCUPATIONS: ["occupations"],
    F.SKILLS: ["skills"],
    F.LANGUAGES: ["languages"],
    F.EDUCATION: ["isced_level", "field_of_study", "certifications"],
    F.VERIFICATIONS: ["verifications"],
    F.PLACEMENT: ["vacancy_title", "employer_name", "destination_country", "destination_city"],
}


def csv_text(records: Sequence[HandoverCandidate], fields: frozenset[F]) -> str:
    """The records as CSV (RFC 4180): one row each, the agreement's columns; lists joined by " | "."""
    groups = [field for field in F if field in fields]
    header = ["seeker_id", "application_id", "status"] + [c for g in groups for c in COLUMNS[g]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for r in records:
        row: list[object] = [r.seeker_id, r.application_id, r.status.value]
        for group in groups:
            if group is F.IDENTITY and r.identity:
                row += [r.identity.full_name, r.identity.date_of_birth, r.identity.citizenship]
            elif group is F.CONTACT and r.contact:
                row += [r.contact.phone, r.contact.email]
            elif group is F.RESIDENCE and r.residence:
                row += [r.residence.country, r.residence.subdivision]
            elif group is F.OCCUPATIONS:
                row += [
                    " | ".join(f"{o.label} (ISCO {o.isco_code}, {o.years} y)" for o in r.occupations or [])
                ]
            elif group is F.SKILLS:
                row += [" | ".join(s.label for s in r.skills or [])]
            elif group is F.LANGUAGES:
                row += [" | ".join(f"{x.language}:{x.level}" for x in r.languages or [])]
            elif group is F.EDUCATION and r.education:
                row += [
                    r.education.isced_level,
                    r.education.field,
                    " | ".join(c.name for c in r.education.certifications),
                ]
            elif group is F.VERIFICATIONS:
                row += [" | ".join(f"{v.kind.value}:{v.outcome.value}" for v in r.verifications or [])]
            elif group is F.PLACEMENT and r.placement:
                p = r.placement
                row += [p.vacancy_title, p.employer_name, p.destination_country, p.destination_city]
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()
