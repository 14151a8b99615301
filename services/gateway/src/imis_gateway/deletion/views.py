"""How a deletion request is shown."""

from __future__ import annotations

from imis_gateway.deletion.models import DeletionRequest
from imis_gateway.deletion.schemas import DeletionRequestOut, DeletionState, DeletionStepOut


def deletion_out(request: DeletionRequest) -> DeletionRequestOut:
    return DeletionRequestOut(
        id=request.id,
        account_id=request.account_id,
        requested_at=request.requested_at,
        requested_by=request.requested_by,
        status=DeletionState.IN_PROGRESS if request.completed_at is None else DeletionState.COMPLETED,
        completed_at=request.completed_at,
        services=[
            DeletionStepOut(service=step.service, status=step.status, done_at=step.done_at)
            for step in request.steps
        ],
    )
