"""`GET /seekers/me/export`: everything the jobs service holds about the caller."""

from __future__ import annotations

from fastapi import Response

from imis_jobs import API_PREFIX
from imis_jobs.access import SeekerUser
from imis_jobs.applications import repository as applications
from imis_jobs.applications.dependencies import OwnRecord
from imis_jobs.applications.views import application_out
from imis_jobs.config import SettingsDep
from imis_jobs.exports import service
from imis_jobs.exports.schemas import RecordReceived, SeekerExport
from imis_jobs.handover import repository as handovers
from imis_jobs.handover.models import HandoverField
from imis_jobs.seekers import repository as seekers
from imis_jobs.seekers.views import consent_out, seeker_out
from imis_jobs.taxonomy.dependencies import TaxonomyDep
from imis_jobs.verifications import repository as verifications
from imis_jobs.verifications.views import verification_out
from imis_shared.app import api_router
from imis_shared.db import SessionDep, utcnow
from imis_shared.errors import problem_responses

router = api_router(prefix=API_PREFIX, tags=["seekers"])


@router.get(
    "/seekers/me/export",
    response_model=SeekerExport,
    summary="Download everything held about me.",
    responses=problem_responses(401, 403, 404, 409),
)
async def export_my_seeker_data(
    user: SeekerUser,
    record: OwnRecord,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
    response: Response,
) -> SeekerExport:
    """`job_seeker` users: their profile, every application with its timeline (the employment
    abroad included), their consent history, the checks officers recorded on them, who received
    their record through a programme's hand-over, their orientation enrolments and certificates, the
    welfare cases they follow (as they see them: shared notes and the thread, no internal notes) and
    their returns with referrals and follow-ups, as one JSON document (served as an attachment).
    Erasure is `DELETE /seekers/me`."""
    seeker = record.seeker
    events = await applications.timelines(session, [case.application.id for case in record.cases])
    checks = await verifications.every_for_seeker(session, seeker.id)
    today = utcnow().date()
    response.headers["Content-Disposition"] = 'attachment; filename="imis-jobs-my-data.json"'
    return SeekerExport(
        exported_at=utcnow(),
        profile=seeker_out(seeker, taxonomy),
        applications=[application_out(case, events[case.application.id]) for case in record.cases],
        consents=[consent_out(c) for c in await seekers.consent_history(session, seeker.id)],
        verifications=[verification_out(c, taxonomy, today) for c in checks],
        received_by=[
            RecordReceived(
                programme_id=h.programme_id,
                recipient_name=h.recipient_name,
                recipient_country=h.recipient_country,
                format=h.format.value,
                fields=[HandoverField(f) for f in h.fields.split()],
                handed_at=h.handed_at,
            )
            for h in await handovers.of_seeker(session, seeker.id)
        ],
        orientation_enrolments=await service.orientation_enrolments(session, seeker.id),
        orientation_certificates=await service.orientation_certificates(session, seeker.id, today),
        welfare_cases=await service.followed_welfare_cases(session, user.subject or "", seeker.id),
        returns=await service.returns(session, seeker.id, taxonomy, today, settings.diaspora_invitation_url),
    )
