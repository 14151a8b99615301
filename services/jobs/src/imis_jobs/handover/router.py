"""Hand-over endpoints: officers bind a programme's partners; seekers read the words and agree
to share; partners (and officers) receive the selected candidates who agreed, audited."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from imis_jobs import API_PREFIX
from imis_jobs.access import Officer, SeekerUser, require_officer
from imis_jobs.handover import repository, service
from imis_jobs.handover.models import HandoverField, HandoverFormat, ProgrammePartner
from imis_jobs.handover.schemas import (
    ConsentTextOut,
    HandoverCandidate,
    HandoverOut,
    PartnerIn,
    PartnerOut,
    PortableCandidate,
    SharingConsentIn,
    SharingConsentOut,
)
from imis_jobs.handover.views import Selected, by_seeker, candidate, csv_text, portable
from imis_jobs.programmes import service as programmes
from imis_jobs.programmes.models import Programme
from imis_jobs.seekers import service as seekers
from imis_jobs.seekers.models import SeekerConsent
from imis_jobs.taxonomy.dependencies import TaxonomyDep
from imis_jobs.vacancies import repository as vacancies
from imis_jobs.verifications import repository as verifications
from imis_shared.app import api_router
from imis_shared.auth import ANYONE, CurrentPrincipal, Principal, Role, audience, client_audience
from imis_shared.db import SessionDep, utcnow
from imis_shared.errors import NotFound, problem_responses
from imis_shared.pagination import Page, PageParams, PageParamsDep
from imis_shared.validators import ContentLanguage

router = api_router(prefix=API_PREFIX, tags=["hand-over"])
RECEIVERS = audience(Role.OFFICER, Role.ADMIN, client_audience([service.HANDOVER_SCOPE]))


def _partner_out(partner: ProgrammePartner) -> PartnerOut:
    return PartnerOut(
        programme_id=partner.programme_id,
        client_id=partner.client_id,
        name=partner.name,
        country=partner.country,
        fields=[HandoverField(f) for f in partner.fields],
        bound_by=partner.bound_by,
        bound_at=partner.bound_at,
    )


async def _consent_out(
    session: SessionDep, programme: Programme, consent: SeekerConsent
) -> SharingConsentOut:
    return SharingConsentOut(
        programme_id=programme.id,
        granted=consent.granted,
        language=consent.language,  # type: ignore[arg-type]
        text_version=consent.text_version,
        current=consent.text_version in await service.current_versions(session, programme),
        recorded_at=consent.recorded_at,
    )


@router.post(
    "/programmes/{programme_id}/partners",
    response_model=PartnerOut,
    status_code=201,
    summary="Bind a partner to a programme.",
    responses=problem_responses(401, 403, 404, 409),
)
async def create_programme_partner(
    programme_id: uuid.UUID, body: PartnerIn, officer: Officer, session: SessionDep
) -> PartnerOut:
    """Officers and admins in person: the machine client `client_id` (created by an admin at the
    gateway with the scope `jobs:handover`) becomes a partner of the programme, receiving the field
    groups `fields` of the candidates selected in it who agree. The seekers' consent words change
    with it: earlier agreements stop counting until the seekers agree again."""
    require_officer(officer, "Only officers and admins in person bind partners.")
    programme = await programmes.get(session, programme_id)
    return _partner_out(await service.bind(session, programme, body, officer.subject or ""))


@router.get(
    "/programmes/{programme_id}/partners",
    response_model=list[PartnerOut],
    summary="A programme's partners.",
    responses=problem_responses(401, 403, 404),
    openapi_extra=audience(ANYONE),
)
async def list_programme_partners(programme_id: uuid.UUID, session: SessionDep) -> list[PartnerOut]:
    """Public, like the programme: who may receive the records of its selected candidates, and
    which parts. A programme has a handful of partners: the list is not paged."""
    programme = await programmes.get(session, programme_id)
    return [_partner_out(p) for p in await repository.partners(session, programme.id)]


@router.delete(
    "/programmes/{programme_id}/partners/{client_id}",
    status_code=204,
    summary="Unbind a partner.",
    responses=problem_responses(401, 403, 404),
)
async def delete_programme_partner(
    programme_id: uuid.UUID, client_id: str, officer: Officer, session: SessionDep
) -> Response:
    """Officers and admins in person: the client receives nothing more of this programme."""
    require_officer(officer, "Only officers and admins in person unbind partners.")
    programme = await programmes.get(session, programme_id)
    await service.unbind(session, programme, client_id)
    return Response(status_code=204)


@router.get(
    "/programmes/{programme_id}/sharing-consent-text",
    response_model=ConsentTextOut,
    summary="The words seekers agree to before their record is shared.",
    responses=problem_responses(404),
    openapi_extra=audience(ANYONE),
)
async def get_sharing_consent_text(
    programme_id: uuid.UUID,
    session: SessionDep,
    language: Annotated[ContentLanguage, Query(description="The language to show the words in.")] = "en",
) -> ConsentTextOut:
    """Public: the programme, its partners with their countries, and what each may receive, in
    `language`; `text_version` identifies these exact words."""
    programme = await programmes.get(session, programme_id)
    text, version = await service.text(session, programme, language)
    return ConsentTextOut(programme_id=programme.id, language=language, text=text, text_version=version)


@router.put(
    "/seekers/me/sharing-consents/{programme_id}",
    response_model=SharingConsentOut,
    summary="Agree (or no longer agree) that a programme's partners receive my record.",
    responses=problem_responses(401, 403, 404, 422),
    tags=["seekers"],
)
async def replace_my_sharing_consent(
    programme_id: uuid.UUID, body: SharingConsentIn, user: SeekerUser, session: SessionDep
) -> SharingConsentOut:
    """`job_seeker` users with a profile: to the words `text_version` names, which must be the
    programme's current ones in `language` (422 naming `text_version` otherwise). Kept in the
    consent history; withdrawing stops future hand-overs, not past ones."""
    seeker = await seekers.own(session, user.subject or "")
    programme = await programmes.get(session, programme_id)
    consent = await service.agree(session, seeker, programme, body, user.subject or "")
    return await _consent_out(session, programme, consent)


@router.get(
    "/seekers/me/sharing-consents/{programme_id}",
    response_model=SharingConsentOut,
    summary="Whether I agreed that a programme's partners receive my record.",
    responses=problem_responses(401, 403, 404),
    tags=["seekers"],
)
async def get_my_sharing_consent(
    programme_id: uuid.UUID, user: SeekerUser, session: SessionDep
) -> SharingConsentOut:
    """`job_seeker` users: their latest answer for the programme (404 when they never gave one),
    and whether its words are still current."""
    seeker = await seekers.own(session, user.subject or "")
    programme = await programmes.get(session, programme_id)
    consent = await repository.latest_consent(session, seeker.id, programme.id)
    if consent is None:
        raise NotFound("You have not answered for this programme.")
    return await _consent_out(session, programme, consent)


async def _selected(
    session: SessionDep, programme: Programme, page: PageParams
) -> tuple[list[Selected], int]:
    versions = await service.current_versions(session, programme)
    applications, total = await repository.selected(session, programme.id, versions, page)
    found_seekers = await repository.seekers_with_details(session, [a.seeker_id for a in applications])
    found_vacancies = {v.id: v for v in await vacancies.many(session, [a.vacancy_id for a in applications])}
    owners = await vacancies.employers_by_id(session, {v.employer_id for v in found_vacancies.values()})
    checks = by_seeker(await verifications.standing_for(session, list(found_seekers)))
    items = [
        Selected(
            a,
            found_seekers[a.seeker_id],
            found_vacancies[a.vacancy_id],
            owners[found_vacancies[a.vacancy_id].employer_id],
            checks.get(a.seeker_id, []),
        )
        for a in applications
    ]
    return items, total


async def _hand_over(
    session: SessionDep,
    principal: Principal,
    programme_id: uuid.UUID,
    page: PageParams,
    format_: HandoverFormat,
) -> tuple[Programme, service.Recipient, list[Selected], int]:
    """The page of selected candidates for the caller (403 unless a partner of the programme or an
    officer), recorded as handed over in ``format_``."""
    programme = await programmes.get(session, programme_id)
    who = await service.recipient(session, principal, programme)
    items, total = await _selected(session, programme, page)
    await service.audit(session, programme, who, format_, [i.seeker.id for i in items])
    return programme, who, items, total


HANDOVER_DOC = """The programme's bound partners (machine clients with `jobs:handover`, each its
agreement's field groups) and officers in person (the groups any partner may receive): the
candidates selected in the programme (offered a place, until departure) whose latest answer agrees
to the programme's current words. Another programme's partner gets 403. Every page served is
audited: who received which seekers, when, in which format (`GET …/handovers`)."""


@router.get(
    "/programmes/{programme_id}/handover",
    response_model=Page[HandoverCandidate],
    summary="The selected candidates, for the partner ministry.",
    description=HANDOVER_DOC,
    responses=problem_responses(401, 403, 404),
    openapi_extra=RECEIVERS,
)
async def get_programme_handover(
    programme_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    page: PageParamsDep,
) -> Page[HandoverCandidate]:
    _programme, who, items, total = await _hand_over(
        session, principal, programme_id, page, HandoverFormat.JSON
    )
    today = utcnow().date()
    records = [candidate(item, who.fields, taxonomy, today) for item in items]
    return Page(items=records, total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/programmes/{programme_id}/handover.csv",
    summary="The selected candidates as CSV, for the partner ministry.",
    description=HANDOVER_DOC + " One row per candidate; `X-Total-Count` says how many there are in all.",
    response_class=Response,
    responses={
        200: {
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "headers": {"X-Total-Count": {"schema": {"type": "integer"}, "description": "Over all pages."}},
        },
        **problem_responses(401, 403, 404),
    },
    openapi_extra=RECEIVERS,
)
async def get_programme_handover_csv(
    programme_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    page: PageParamsDep,
) -> Response:
    programme, who, items, total = await _hand_over(
        session, principal, programme_id, page, HandoverFormat.CSV
    )
    today = utcnow().date()
    records = [candidate(item, who.fields, taxonomy, today) for item in items]
    return Response(
        csv_text(records, who.fields),
        media_type="text/csv; charset=utf-8",
        headers={
            "X-Total-Count": str(total),
            "Content-Disposition": f'attachment; filename="handover-{programme.id}.csv"',
        },
    )


@router.get(
    "/programmes/{programme_id}/handover/portable",
    response_model=Page[PortableCandidate],
    summary="The selected candidates as portable CV records, for the partner ministry.",
    description=HANDOVER_DOC,
    responses=problem_responses(401, 403, 404),
    openapi_extra=RECEIVERS,
)
async def get_programme_handover_portable(
    programme_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    page: PageParamsDep,
) -> Page[PortableCandidate]:
    _programme, who, items, total = await _hand_over(
        session, principal, programme_id, page, HandoverFormat.EUROPASS
    )
    records = [portable(item, who.fields, taxonomy) for item in items]
    return Page(items=records, total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/programmes/{programme_id}/handovers",
    response_model=Page[HandoverOut],
    summary="Who received a programme's candidates, and when.",
    responses=problem_responses(401, 403, 404),
)
async def list_programme_handovers(
    programme_id: uuid.UUID, officer: Officer, session: SessionDep, page: PageParamsDep
) -> Page[HandoverOut]:
    """Officers and admins in person: every hand-over of the programme, the latest first."""
    require_officer(officer, "Only officers and admins in person read the hand-over audit.")
    programme = await programmes.get(session, programme_id)
    rows, total = await repository.handovers(session, programme.id, page)
    items = [
        HandoverOut(
            id=h.id,
            programme_id=h.programme_id,
            recipient=h.recipient,
            recipient_name=h.recipient_name,
            recipient_country=h.recipient_country,
            format=h.format.value,
            fields=[HandoverField(f) for f in h.fields.split()],
            seekers=count,
            handed_at=h.handed_at,
        )
        for h, count in rows
    ]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
