"""The placement state machine: which parties may take each step from each state.

invited ─accept→ submitted → shortlisted → interview → offered → accepted → contract_signed
   └─decline→ declined                                            → visa_issued → departed → returned
exits: rejected (employer; officers before an offer), withdrawn (seeker, before departure)

Ministry officers take the ministry's side of pre-selection (shortlist, interview, reject) besides
the employer, and record contract, visa, departure and return alone.
"""

from __future__ import annotations

from imis_jobs.applications.models import Actor
from imis_jobs.applications.models import ApplicationStatus as S

SEEKER = frozenset({Actor.SEEKER})
EMPLOYER = frozenset({Actor.EMPLOYER})
OFFICER = frozenset({Actor.OFFICER})
EMPLOYER_OR_OFFICER = EMPLOYER | OFFICER

STEPS: dict[tuple[S, S], frozenset[Actor]] = {
    (S.INVITED, S.SUBMITTED): SEEKER,
    (S.INVITED, S.DECLINED): SEEKER,
    (S.SUBMITTED, S.SHORTLISTED): EMPLOYER_OR_OFFICER,
    (S.SUBMITTED, S.REJECTED): EMPLOYER_OR_OFFICER,
    (S.SUBMITTED, S.WITHDRAWN): SEEKER,
    (S.SHORTLISTED, S.INTERVIEW): EMPLOYER_OR_OFFICER,
    (S.SHORTLISTED, S.OFFERED): EMPLOYER,
    (S.SHORTLISTED, S.REJECTED): EMPLOYER_OR_OFFICER,
    (S.SHORTLISTED, S.WITHDRAWN): SEEKER,
    (S.INTERVIEW, S.OFFERED): EMPLOYER,
    (S.INTERVIEW, S.REJECTED): EMPLOYER_OR_OFFICER,
    (S.INTERVIEW, S.WITHDRAWN): SEEKER,
    (S.OFFERED, S.ACCEPTED): SEEKER,
    (S.OFFERED, S.REJECTED): EMPLOYER,
    (S.OFFERED, S.WITHDRAWN): SEEKER,
    (S.ACCEPTED, S.CONTRACT_SIGNED): OFFICER,
    (S.ACCEPTED, S.WITHDRAWN): SEEKER,
    (S.CONTRACT_SIGNED, S.VISA_ISSUED): OFFICER,
    (S.CONTRACT_SIGNED, S.WITHDRAWN): SEEKER,
    (S.VISA_ISSUED, S.DEPARTED): OFFICER,
    (S.VISA_ISSUED, S.WITHDRAWN): SEEKER,
    (S.DEPARTED, S.RETURNED): OFFICER,
}

# Seekers' contact details are shown to the employer once the seeker has applied or accepted.
CONTACT_HIDDEN = frozenset({S.INVITED, S.DECLINED})


def may_take(current: S, to: S, actor: Actor) -> bool:
    return actor in STEPS.get((current, to), frozenset())


def allowed(current: S, actor: Actor) -> list[str]:
    return sorted(to.value for (start, to), who in STEPS.items() if start == current and actor in who)


def steps_table() -> str:
    """The state machine as a markdown table (from, to, who may take it), in the order of ``STEPS``:
    the transitions route's description, so the document never drifts from the code."""
    rows = [
        f"| `{start.value}` | `{to.value}` | {', '.join(sorted(who))} |" for (start, to), who in STEPS.items()
    ]
    return "\n".join(["| from | to | who may take it |", "|---|---|---|", *rows])
