"""A regular expression that matches exactly the codes of a finite set (ISO country codes, ...).

The codes are laid out as a trie, so the expression stays short (all 249 country codes take under
300 characters) and matches without backtracking. Only the syntax common to ECMAScript (JSON
Schema's ``pattern``) and Python's ``re`` is used, so a generated client, a schema-driven test
tool and the server agree on every string: ``^(?:A[D-GIL]|B[AB])$``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")

_Trie: TypeAlias = dict[str, "_Trie"]
_END = ""


def _char_class(chars: list[str]) -> str:
    """``[A-DGX]`` for sorted single characters, runs of three or more as ranges."""
    parts: list[str] = []
    start = 0
    while start < len(chars):
        end = start
        while end + 1 < len(chars) and ord(chars[end + 1]) == ord(chars[end]) + 1:
            end += 1
        if end - start >= 2:
            parts.append(f"{chars[start]}-{chars[end]}")
        else:
            parts.extend(chars[start : end + 1])
        start = end + 1
    return chars[0] if len(chars) == 1 else "[" + "".join(parts) + "]"


def _expression(node: _Trie) -> str:
    children = {char: child for char, child in node.items() if char != _END}
    if not children:
        return ""
    leaves = sorted(char for char, child in children.items() if list(child) == [_END])
    alternatives = [_char_class(leaves)] if leaves else []
    alternatives += [char + _expression(children[char]) for char in sorted(set(children) - set(leaves))]
    if len(alternatives) == 1 and _END not in node:
        return alternatives[0]
    group = "(?:" + "|".join(alternatives) + ")"
    return group + "?" if _END in node else group


def exact_pattern(codes: Iterable[str]) -> str:
    """An anchored pattern matching each of ``codes`` and no other string."""
    trie: _Trie = {}
    for code in codes:
        if not code or not set(code) <= _SAFE or code.startswith("-") or code.endswith("-"):
            raise ValueError(f"cannot put {code!r} in a pattern")
        node = trie
        for char in code:
            node = node.setdefault(char, {})
        node[_END] = {}
    if not trie:
        raise ValueError("no codes")
    return "^" + _expression(trie) + "$"
