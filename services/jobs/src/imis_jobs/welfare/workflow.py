"""The welfare case's state machine: the steps officers may take, as one table.

open → in_progress → referred → resolved | closed_unresolved
                   → resolved | closed_unresolved
"""

from __future__ import annotations

from imis_jobs.welfare.models import WelfareCaseStatus as S

STEPS: frozenset[tuple[S, S]] = frozenset(
    {
        (S.OPEN, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.REFERRED),
        (S.IN_PROGRESS, S.RESOLVED),
        (S.IN_PROGRESS, S.CLOSED_UNRESOLVED),
        (S.REFERRED, S.RESOLVED),
        (S.REFERRED, S.CLOSED_UNRESOLVED),
    }
)
ORDER = list(S)
ACTIVE = frozenset({S.OPEN, S.IN_PROGRESS, S.REFERRED})
CLOSED = frozenset({S.RESOLVED, S.CLOSED_UNRESOLVED})


def may_take(current: S, to: S) -> bool:
    return (current, to) in STEPS


def allowed(current: S) -> list[str]:
    return sorted(to.value for start, to in STEPS if start == current)


def steps_table() -> str:
    """The state machine as a markdown table (from, to): the status route's description."""
    rows = [
        f"| `{start.value}` | `{to.value}` |"
        for start, to in sorted(STEPS, key=lambda step: (ORDER.index(step[0]), ORDER.index(step[1])))
    ]
    return "\n".join(["| from | to |", "|---|---|", *rows])
