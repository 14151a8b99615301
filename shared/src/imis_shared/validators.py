"""Field types for standard codes, validated against the standards' own data.

Countries and subdivisions: ISO 3166-1 alpha-2 / ISO 3166-2 (pycountry). Languages: ISO 639-1
(pycountry). Currencies: ISO 4217 (pycountry). Phone numbers: E.164 (phonenumbers). CEFR and
ISCED levels: imis_shared.reference. Each type normalises (upper/lower case, formatting) so
stored values compare equal.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

import phonenumbers
import pycountry
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from imis_shared.reference import CEFR_LEVELS


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def check_country(value: str) -> str:
    if pycountry.countries.get(alpha_2=value) is None:
        raise ValueError("must be an ISO 3166-1 alpha-2 country code, e.g. EG, IT, DE")
    return value


def check_subdivision(value: str) -> str:
    if pycountry.subdivisions.get(code=value) is None:  # type: ignore[no-untyped-call]
        raise ValueError("must be an ISO 3166-2 subdivision code, e.g. EG-C (Cairo), IT-21 (Piemonte)")
    return value


def check_language(value: str) -> str:
    if pycountry.languages.get(alpha_2=value) is None:
        raise ValueError("must be an ISO 639-1 language code, e.g. ar, en, fr, it")
    return value


def check_currency(value: str) -> str:
    if pycountry.currencies.get(alpha_3=value) is None:
        raise ValueError("must be an ISO 4217 currency code, e.g. EUR, EGP, USD")
    return value


def normalise_email(value: str) -> str:
    """Syntax-checked, lower-cased email; no DNS lookups."""
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ValueError(str(error)) from None


# What a phone number looks like (a + and digits, spaces and the usual separators); whether its
# digits are a number in use is beyond a pattern, so the document also names the format "phone".
PHONE_PATTERN = r"^\+[0-9][0-9 ()./-]{3,30}$"
_PHONE = re.compile(PHONE_PATTERN)


def normalise_phone(value: str) -> str:
    if not _PHONE.match(value):
        raise ValueError("must be an international phone number starting with +, e.g. +20 2 2345 6789")
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        raise ValueError(
            "must be an international phone number starting with +, e.g. +20 2 2345 6789"
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("is not a valid phone number for its country code")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


CountryCode = Annotated[
    str, BeforeValidator(_upper), StringConstraints(min_length=2, max_length=2), AfterValidator(check_country)
]
SubdivisionCode = Annotated[
    str,
    BeforeValidator(_upper),
    StringConstraints(min_length=4, max_length=6),
    AfterValidator(check_subdivision),
]
LanguageCode = Annotated[
    str,
    BeforeValidator(_lower),
    StringConstraints(min_length=2, max_length=2),
    AfterValidator(check_language),
]
CurrencyCode = Annotated[
    str,
    BeforeValidator(_upper),
    StringConstraints(min_length=3, max_length=3),
    AfterValidator(check_currency),
]
PhoneNumber = Annotated[
    str,
    StringConstraints(max_length=32),
    AfterValidator(normalise_phone),
    Field(json_schema_extra={"format": "phone", "pattern": PHONE_PATTERN}),
]
EmailAddress = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=320),
    AfterValidator(normalise_email),
    Field(json_schema_extra={"format": "email"}),
]
CefrLevel = Literal["A1", "A2", "B1", "B2", "C1", "C2"]
# Names of people, organisations and projects; cities: trimmed, never empty.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
City = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
ConceptId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f-]{36}$")]  # an ESCO occupation or skill id
IscedLevel = Annotated[
    int, Field(ge=0, le=8, description="ISCED 2011 level, 0 (early childhood) to 8 (doctoral).")
]

assert CEFR_LEVELS == ("A1", "A2", "B1", "B2", "C1", "C2")
