"""What schemathesis is told about the document (tests/test_contract_fuzz.py).

``phone``: the pattern says what a phone number looks like, but whether its digits are a number in
use (its country's numbering plan) no pattern can say, and the services check it. Left alone, the
tool would draw strings like ``+0000`` that match the pattern and report their refusal as a
schema-valid request rejected. Valid numbers of the countries the platform serves instead.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pycountry
import schemathesis
from hypothesis import strategies

from imis_shared import validators
from imis_shared.openapi import TEXT_WITHOUT_NUL
from imis_shared.reference import isco_groups


# ``email``: the format says an address is RFC 5322's; the services also refuse special-use and
# reserved domain names (RFC 6761: .test, .invalid, localhost, ...), as the schema's description says.
# Drawn addresses are kept to those the services' own check takes.
def _accepted_email(address: str) -> bool:
    try:
        validators.normalise_email(address)
    except ValueError:
        return False
    return True


schemathesis.openapi.format("email", strategies.emails().filter(_accepted_email))
schemathesis.openapi.format(
    "phone",
    strategies.sampled_from(["+20 100 123 4567", "+39 06 1234 5678", "+49 30 901820", "+212 5 37 77 77 77"]),
)


# The standard codes (country, subdivision, language, currency) are documented as patterns that match
# exactly the codes the services accept: one long alternation each. Hypothesis draws from such a
# regex slowly (it builds a strategy from the whole expression for every operation that uses it),
# which made the run four times as long. The same sets written as enums are the same contract, and
# drawing from them is cheap; this swaps them in the tool's copy of the document only.
CODES = {
    validators.COUNTRY_PATTERN: sorted(country.alpha_2 for country in pycountry.countries),
    validators.SUBDIVISION_PATTERN: sorted(subdivision.code for subdivision in pycountry.subdivisions),
    validators.LANGUAGE_PATTERN: sorted(
        language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")
    ),
    validators.CURRENCY_PATTERN: sorted(currency.alpha_3 for currency in pycountry.currencies),
    validators.ISCO_PATTERN: sorted(group.code for group in isco_groups()),
}


def _codes_as_enums(node: object) -> None:
    if isinstance(node, dict):
        codes = CODES.get(node.get("pattern"))  # type: ignore[arg-type]
        if codes is not None and node.get("type") == "string":
            del node["pattern"]
            node["enum"] = codes
        elif node.get("pattern") == TEXT_WITHOUT_NUL:
            # The same contract as the run's `generation.allow-x00 = false` (test_contract_fuzz.py),
            # which draws text without NUL cheaply; the pattern would be drawn from as a regex.
            del node["pattern"]
        for value in node.values():
            _codes_as_enums(value)
    elif isinstance(node, list):
        for value in node:
            _codes_as_enums(value)


@schemathesis.hook
def before_load_schema(context: schemathesis.HookContext, raw_schema: dict[str, Any]) -> None:
    _codes_as_enums(raw_schema)


@schemathesis.hook("filter_body").apply_to(method="POST", path="/api/v1/info/remittances")
def two_countries_in_the_past(context: schemathesis.HookContext, body: Any) -> bool:
    """A remittance quote is between two different countries and was observed by today: rules across
    fields and the clock that no schema states (the 422 names the body). Drawn quotes keep to them."""
    if not isinstance(body, dict):
        return True
    if body.get("from_country") is not None and body.get("from_country") == body.get("to_country"):
        return False
    recorded = body.get("recorded_date")
    return not isinstance(recorded, str) or recorded <= date.today().isoformat()


@schemathesis.hook("filter_body").apply_to(method="POST", path="/api/v1/jobs/programmes")
def ends_after_it_starts(context: schemathesis.HookContext, body: Any) -> bool:
    """A programme ends on or after the day it starts (refused naming ends_on otherwise)."""
    if not isinstance(body, dict):
        return True
    starts, ends = body.get("starts_on"), body.get("ends_on")
    return not (isinstance(starts, str) and isinstance(ends, str) and ends < starts)


@schemathesis.hook("filter_body").apply_to(
    method="POST",
    path=[
        "/api/v1/jobs/applications/{application_id}/transitions",
        "/api/v1/jobs/applications/{application_id}/employment-changes",
    ],
)
def contract_ends_after_it_starts(context: schemathesis.HookContext, body: Any) -> bool:
    """A contract ends after the day the employment starts (refused naming contract_ends_on
    otherwise): an order of two dates of the body, which no schema states."""
    if not isinstance(body, dict):
        return True
    starts, ends = body.get("started_on"), body.get("contract_ends_on")
    return not (isinstance(starts, str) and isinstance(ends, str) and ends <= starts)
