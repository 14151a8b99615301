"""What schemathesis is told about the document (tests/test_contract_fuzz.py).

``phone``: the pattern says what a phone number looks like, but whether its digits are a number in
use (its country's numbering plan) no pattern can say, and the services check it. Left alone, the
tool would draw strings like ``+0000`` that match the pattern and report their refusal as a
schema-valid request rejected. Valid numbers of the countries the platform serves instead.
"""

from __future__ import annotations

from typing import Any

import pycountry
import schemathesis
from hypothesis import strategies

from imis_shared import validators

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
}


def _codes_as_enums(node: object) -> None:
    if isinstance(node, dict):
        codes = CODES.get(node.get("pattern"))  # type: ignore[arg-type]
        if codes is not None and node.get("type") == "string":
            del node["pattern"]
            node["enum"] = codes
        for value in node.values():
            _codes_as_enums(value)
    elif isinstance(node, list):
        for value in node:
            _codes_as_enums(value)


@schemathesis.hook
def before_load_schema(context: schemathesis.HookContext, raw_schema: dict[str, Any]) -> None:
    _codes_as_enums(raw_schema)
