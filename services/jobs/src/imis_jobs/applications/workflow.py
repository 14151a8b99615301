"""The placement state machine: which parties may take each step from each state.

invited ─accept→ submitted → shortlisted → interview → offered → accepted → contract_signed
   └─decline→ declined                                            → visa_issued → departed
departed → arrived → employed → terminated
   └──────────┴──────────┴───────────┴─→ returned
exits: rejected (employer; officers before an offer), withdrawn (seeker, before departure)

Ministry officers take the ministry's side of pre-selection (shortlist, interview, reject) besides
the employer, and record contract, visa and departure alone. Abroad, the worker (or an officer)
records the arrival; the employer (or an officer) the employment and its early termination. The
step to `returned` through the transitions route is the officer's (with `returned_as_agreed`);
recording a return (``RETURN_RECORDED_BY``, the reintegration package's `POST /returns`) takes the
same step for the worker too, who is the first to know they are back.

While `employed`, ``CHANGES`` say who records what keeps the status: a contract extension (the
employer or an officer), a change of employer abroad (an officer, or the worker reporting it).
"""

from __future__ import annotations

from imis_jobs.applications.models import Actor, EmploymentChange
from imis_jobs.applications.models import ApplicationStatus as S

SEEKER = frozenset({Actor.SEEKER})
EMPLOYER = frozenset({Actor.EMPLOYER})
OFFICER = frozenset({Actor.OFFICER})
EMPLOYER_OR_OFFICER = EMPLOYER | OFFICER
SEEKER_OR_OFFICER = SEEKER | OFFICER

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
    (S.DEPARTED, S.ARRIVED): SEEKER_OR_OFFICER,
    (S.DEPARTED, S.RETURNED): OFFICER,
    (S.ARRIVED, S.EMPLOYED): EMPLOYER_OR_OFFICER,
    (S.ARRIVED, S.RETURNED): OFFICER,
    (S.EMPLOYED, S.TERMINATED): EMPLOYER_OR_OFFICER,
    (S.EMPLOYED, S.RETURNED): OFFICER,
    (S.TERMINATED, S.RETURNED): OFFICER,
}

# The worker is abroad: departed and not returned. A programme's return date is owed from here.
ABROAD = frozenset({S.DEPARTED, S.ARRIVED, S.EMPLOYED, S.TERMINATED})

# Who may record a return (reintegration's `POST /returns`), which takes the step to `returned` from
# any state that has one in ``STEPS``.
RETURN_RECORDED_BY = SEEKER_OR_OFFICER

# Changes recorded while `employed` that keep the status, and who may record each.
CHANGES: dict[EmploymentChange, frozenset[Actor]] = {
    EmploymentChange.CONTRACT_EXTENDED: EMPLOYER_OR_OFFICER,
    EmploymentChange.EMPLOYER_CHANGED: SEEKER_OR_OFFICER,
}
CHANGES_WHILE = S.EMPLOYED

# Seekers' contact details are shown to the employer once the seeker has applied or accepted.
CONTACT_HIDDEN = frozenset({S.INVITED, S.DECLINED})


def may_take(current: S, to: S, actor: Actor) -> bool:
    return actor in STEPS.get((current, to), frozenset())


def may_record_return(current: S, actor: Actor) -> bool:
    """Whether ``actor`` may record a return from ``current``: the step to `returned` exists from
    there, and the actor is one who records returns."""
    return (current, S.RETURNED) in STEPS and actor in RETURN_RECORDED_BY


def allowed(current: S, actor: Actor) -> list[str]:
    return sorted(to.value for (start, to), who in STEPS.items() if start == current and actor in who)


def steps_table() -> str:
    """The state machine as a markdown table (from, to, who may take it), in the order of ``STEPS``:
    the transitions route's description, so the document never drifts from the code."""
    rows = [
        f"| `{start.value}` | `{to.value}` | {', '.join(sorted(who))} |" for (start, to), who in STEPS.items()
    ]
    return "\n".join(["| from | to | who may take it |", "|---|---|---|", *rows])
