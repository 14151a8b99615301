"""The placement state machine: which step each party may take from each state.

invited ─accept→ submitted → shortlisted → interview → offered → accepted → contract_signed
   └─decline→ declined                                            → visa_issued → departed → returned
exits: rejected (employer, before acceptance), withdrawn (seeker, before departure)
"""

from __future__ import annotations

from imis_jobs.applications.models import Actor
from imis_jobs.applications.models import ApplicationStatus as S

STEPS: dict[tuple[S, S], Actor] = {
    (S.INVITED, S.SUBMITTED): Actor.SEEKER,
    (S.INVITED, S.DECLINED): Actor.SEEKER,
    (S.SUBMITTED, S.SHORTLISTED): Actor.EMPLOYER,
    (S.SHORTLISTED, S.INTERVIEW): Actor.EMPLOYER,
    (S.SHORTLISTED, S.OFFERED): Actor.EMPLOYER,
    (S.INTERVIEW, S.OFFERED): Actor.EMPLOYER,
    (S.OFFERED, S.ACCEPTED): Actor.SEEKER,
    (S.ACCEPTED, S.CONTRACT_SIGNED): Actor.OFFICER,
    (S.CONTRACT_SIGNED, S.VISA_ISSUED): Actor.OFFICER,
    (S.VISA_ISSUED, S.DEPARTED): Actor.OFFICER,
    (S.DEPARTED, S.RETURNED): Actor.OFFICER,
}
for _state in (S.SUBMITTED, S.SHORTLISTED, S.INTERVIEW, S.OFFERED):
    STEPS[(_state, S.REJECTED)] = Actor.EMPLOYER
for _state in (
    S.SUBMITTED,
    S.SHORTLISTED,
    S.INTERVIEW,
    S.OFFERED,
    S.ACCEPTED,
    S.CONTRACT_SIGNED,
    S.VISA_ISSUED,
):
    STEPS[(_state, S.WITHDRAWN)] = Actor.SEEKER

# Seekers' contact details are shown to the employer once the seeker has applied or accepted.
CONTACT_HIDDEN = frozenset({S.INVITED, S.DECLINED})


def allowed(current: S, actor: Actor) -> list[str]:
    return sorted(to.value for (start, to), who in STEPS.items() if start == current and who == actor)
