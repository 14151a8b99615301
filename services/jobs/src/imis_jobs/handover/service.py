"""Hand-over rules: binding partners, the seekers' consent to the current words, who receives
what, and the audit of every export."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.access import is_officer
from imis_jobs.handover import repository
from imis_jobs.handover.consent_text import TEMPLATES, consent_text
from imis_jobs.handover.models import Handover, HandoverField, HandoverFormat, ProgrammePartner
from imis_jobs.handover.schemas import PartnerIn, SharingConsentIn
from imis_jobs.programmes.models import Programme
from imis_jobs.seekers.models import ConsentChannel, JobSeeker, SeekerConsent, SeekerConsentPurpose
from imis_shared.auth import Principal, PrincipalKind
from imis_shared.errors import Conflict, Forbidden, NotFound, ValidationFailed, body_error

HANDOVER_SCOPE = "jobs:handover"


async def bind(
    session: AsyncSession, programme: Programme, data: PartnerIn, officer: str
) -> ProgrammePartner:
    if await repository.partner(session, programme.id, data.client_id) is not None:
        raise Conflict("This client is already a partner of the programme.")
    partner = ProgrammePartner(programme_id=programme.id, bound_by=officer, **data.model_dump())
    session.add(partner)
    try:
        await session.flush()
    except IntegrityError:  # bound at the same moment
        raise Conflict("This client is already a partner of the programme.") from None
    return partner


async def unbind(session: AsyncSession, programme: Programme, client_id: str) -> None:
    if not await repository.remove_partner(session, programme.id, client_id):
        raise NotFound("This client is not a partner of the programme.")


async def texts(
    session: AsyncSession, programme: Programme, languages: Iterable[str]
) -> list[tuple[str, str]]:
    """The consent words for ``programme`` in each of ``languages``, with their versions; its
    partners read once."""
    partners = await repository.partners(session, programme.id)
    fields = {field for partner in partners for field in partner.fields}
    named = [(p.name, p.country) for p in partners]
    return [consent_text(programme.name, named, fields, language) for language in languages]


async def text(session: AsyncSession, programme: Programme, language: str) -> tuple[str, str]:
    """The consent words for ``programme`` in ``language``, and their version."""
    return (await texts(session, programme, [language]))[0]


async def current_versions(session: AsyncSession, programme: Programme) -> list[str]:
    """The version of the current words in each language: an agreement to any of them counts."""
    return [version for _words, version in await texts(session, programme, TEMPLATES)]


async def agree(
    session: AsyncSession, seeker: JobSeeker, programme: Programme, data: SharingConsentIn, user_id: str
) -> SeekerConsent:
    """Record the seeker's agreement (or its withdrawal) to the words of ``data.text_version``,
    which must be the programme's current words in ``data.language`` (422 naming it otherwise)."""
    _words, version = await text(session, programme, data.language)
    if data.text_version != version:
        raise ValidationFailed(
            "The words shown are not the programme's current ones: show them again and send their version.",
            errors=[body_error("text_version", f"is not the current version ({version})", "stale")],
        )
    consent = SeekerConsent(
        seeker_id=seeker.id,
        purpose=SeekerConsentPurpose.PARTNER_SHARING,
        programme_id=programme.id,
        granted=data.granted,
        text_version=version,
        language=data.language,
        channel=ConsentChannel.SELF_SERVICE,
        recorded_by=user_id,
    )
    session.add(consent)
    await session.flush()
    return consent


@dataclass(frozen=True)
class Recipient:
    """Who receives a hand-over and which field groups: a bound partner its agreement's; an
    officer in person the groups any partner of the programme may receive."""

    id: str
    name: str
    country: str | None
    fields: frozenset[HandoverField]


async def recipient(session: AsyncSession, principal: Principal, programme: Programme) -> Recipient:
    if is_officer(principal):
        partners = await repository.partners(session, programme.id)
        fields = frozenset(HandoverField(f) for partner in partners for f in partner.fields)
        return Recipient(principal.subject or "", "ministry officer", None, fields)
    if principal.kind is PrincipalKind.CLIENT and HANDOVER_SCOPE in principal.scopes:
        partner = await repository.partner(session, programme.id, principal.subject or "")
        if partner is not None:
            fields = frozenset(HandoverField(f) for f in partner.fields)
            return Recipient(partner.client_id, partner.name, partner.country, fields)
        raise Forbidden(
            "This client is not a partner of this programme: it receives only its own programme's."
        )
    raise Forbidden(
        f"Only the programme's partners (scope {HANDOVER_SCOPE}) and ministry officers receive it."
    )


async def audit(
    session: AsyncSession,
    programme: Programme,
    who: Recipient,
    format_: HandoverFormat,
    seeker_ids: list[uuid.UUID],
) -> None:
    """Record that ``who`` received these seekers' records (nothing when the page was empty)."""
    if not seeker_ids:
        return
    handover = Handover(
        programme_id=programme.id,
        recipient=who.id,
        recipient_name=who.name,
        recipient_country=who.country,
        format=format_,
        fields=" ".join(sorted(who.fields)),
    )
    await repository.record(session, handover, seeker_ids)
