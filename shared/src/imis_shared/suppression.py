"""Small-cell suppression of a one- or two-way count table, with its totals (pure functions).

Primary suppression hides every count from 1 to k - 1, totals included. Secondary suppression
then makes sure no hidden count can be worked out by subtraction: every published sum (a row
with its row total, a column with its column total, the row or column totals with the grand
total) that hides exactly one of its numbers gets a second one hidden, the smallest count
still shown. This repeats until no sum hides exactly one number. Zero cells are not listed;
a combination that is not listed is zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

Key = tuple[str, ...]


@dataclass(frozen=True)
class Suppressed:
    """Which numbers of the table are hidden: cells, margins per dimension, the grand total."""

    cells: frozenset[Key]
    margins: tuple[frozenset[str], ...]
    total: bool


def _nodes_and_sums(cells: Mapping[Key, int], dims: int) -> tuple[dict[Hashable, int], list[list[Hashable]]]:
    values: dict[Hashable, int] = {("cell", key): count for key, count in cells.items() if count > 0}
    values["total"] = sum(cells.values())
    sums: list[list[Hashable]] = []
    if dims == 1:
        sums.append(["total", *sorted(k for k in values if k != "total")])  # type: ignore[type-var]
        return values, sums
    for dim in range(dims):
        members: dict[str, list[Hashable]] = defaultdict(list)
        for key, count in cells.items():
            if count > 0:
                members[key[dim]].append(("cell", key))
        for category, parts in members.items():
            margin = ("margin", dim, category)
            values[margin] = sum(values[part] for part in parts)
            sums.append([margin, *parts])
        sums.append(["total", *(("margin", dim, category) for category in members)])
    return values, sums


def suppress(cells: Mapping[Key, int], dims: int, k: int) -> Suppressed:
    """The hidden numbers of the table ``cells`` (counts by category tuple of ``dims`` parts)."""
    values, sums = _nodes_and_sums(cells, dims)
    hidden = {node for node, value in values.items() if 0 < value < k}
    changed = True
    while changed:
        changed = False
        for group in sums:
            hidden_here = [node for node in group if node in hidden]
            if len(hidden_here) != 1:
                continue
            shown = [node for node in group if node not in hidden and values[node] > 0]
            if shown:
                hidden.add(min(shown, key=lambda node: (values[node], repr(node))))
                changed = True
    margins = tuple(
        frozenset(
            node[2] for node in hidden if isinstance(node, tuple) and node[0] == "margin" and node[1] == dim
        )
        for dim in range(dims)
    )
    return Suppressed(
        cells=frozenset(node[1] for node in hidden if isinstance(node, tuple) and node[0] == "cell"),
        margins=margins if dims > 1 else (),
        total="total" in hidden,
    )
