"""A person's data export across the platform: one archive with what every service holds."""

from __future__ import annotations

from fastapi import Request, Response

from imis_gateway.accounts.dependencies import CurrentAccount
from imis_gateway.personal_data import service
from imis_gateway.personal_data.schemas import AccountConsents
from imis_shared.app import api_router
from imis_shared.auth import ANY_USER, audience
from imis_shared.db import SessionDep, utcnow
from imis_shared.errors import problem_responses

router = api_router(prefix="/api/v1/auth", tags=["auth"])


def upstreams(request: Request) -> service.Upstreams:
    """The services, asked with the caller's own token."""
    state = request.app.state
    return service.Upstreams(
        client=state.upstream_client.session,
        bases=state.settings.upstreams,
        authorization=request.headers.get("authorization", ""),
        wait_seconds=state.settings.proxy_read_timeout_seconds,
    )


@router.get(
    "/me/export",
    summary="Download everything the platform holds about me, as one archive.",
    response_class=Response,
    responses={
        200: {
            "description": "A ZIP archive (`imis-my-data.zip`): `README.txt` in the account's language, "
            "`gateway.json` and one `<service>.json` per service that holds a record of the person. Served "
            "as `application/octet-stream`, the binary type client generators turn into a file.",
            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        },
        **problem_responses(401, 403, 503),
    },
    openapi_extra=audience(ANY_USER),
)
async def export_my_data(request: Request, account: CurrentAccount, session: SessionDep) -> Response:
    """Any user, on their own account (the right of access and to data portability). The archive
    holds `gateway.json` (the account, its sign-in sessions and its security log), then what each
    service holds for the account's roles: `jobs.json` (a job seeker's record, the same as
    `GET /jobs/seekers/me/export`: consent history and the partner ministries that received it
    included) and `diaspora.json` (`GET /diaspora/members/me/export`). A service that holds no
    record is left out and the README says so; a service that cannot answer makes the whole export
    a 503 with `Retry-After`, never a partial archive. Each service is asked with the caller's own
    token."""
    archive = await service.export_archive(session, account, upstreams(request), utcnow())
    return Response(
        archive,
        media_type="application/octet-stream",
        headers={"Content-Disposition": 'attachment; filename="imis-my-data.zip"'},
    )


@router.get(
    "/me/consents",
    response_model=AccountConsents,
    summary="My consents in every service, in one view.",
    responses=problem_responses(401, 403, 503),
    openapi_extra=audience(ANY_USER),
)
async def list_my_consents(request: Request, account: CurrentAccount) -> AccountConsents:
    """Any user, on their own account: the current answer to each consent every service holds (jobs:
    being found by employers, sharing with each programme's partner ministry; diaspora: contact,
    directory, project suggestions, statistics), with when it was given and the words' version. The
    history and the changes are each service's own routes (`/jobs/seekers/me/consents`,
    `/diaspora/members/me/consents`). A service that cannot answer makes it a 503 with `Retry-After`."""
    return await service.consents_view(account, upstreams(request))
