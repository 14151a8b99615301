"""What schemathesis is told about the document's own string formats (tests/test_contract_fuzz.py).

``phone``: the pattern says what a phone number looks like, but whether its digits are a number in
use (its country's numbering plan) no pattern can say, and the services check it. Left alone, the
tool would draw strings like ``+0000`` that match the pattern and report their refusal as a
schema-valid request rejected. Valid numbers of the countries the platform serves instead.
"""

from __future__ import annotations

import schemathesis
from hypothesis import strategies

schemathesis.openapi.format(
    "phone",
    strategies.sampled_from(["+20 100 123 4567", "+39 06 1234 5678", "+49 30 901820", "+212 5 37 77 77 77"]),
)
