"""Reading a request's ``Accept-Language`` header (RFC 9110 §12.5.4), for every service that answers
in the caller's language."""

from __future__ import annotations

MAX_ACCEPT_LANGUAGE = 200  # characters read of the header: a bounded cost whatever is sent


def accept_language_preferences(header: str | None) -> list[str]:
    """Primary language subtags of an ``Accept-Language`` header, lower-cased, most wanted first,
    each once; ``q=0`` (not acceptable) and unreadable weights dropped."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header[:MAX_ACCEPT_LANGUAGE].split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().split("-")[0].split("_")[0].lower()
        if primary and quality > 0:
            weighted.append((-quality, position, primary))
    seen: list[str] = []
    for _, _, primary in sorted(weighted):
        if primary not in seen:
            seen.append(primary)
    return seen
