"""Field types for standard codes, validated against the standards' own data.

Countries and subdivisions: ISO 3166-1 alpha-2 / ISO 3166-2 (pycountry). Languages: ISO 639-1
(pycountry). Currencies: ISO 4217 (pycountry). Phone numbers: E.164 (phonenumbers). CEFR and
ISCED levels: imis_shared.reference.

The code types accept a code only as its standard writes it (``EG``, ``ar``, ``EUR``): each is one
named schema component whose ``pattern`` matches exactly the codes the validator accepts, so what
the OpenAPI document admits the server accepts, and the reverse. Emails and phone numbers are
normalised (lower case, E.164) so stored values compare equal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Literal, get_args

import phonenumbers
import pycountry
from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from imis_shared.patterns import exact_pattern
from imis_shared.reference import CEFR_LEVELS, isco_groups


@dataclass(frozen=True)
class SchemaComponent:
    """Makes an ``Annotated`` type one named schema component: every body field, query, path and
    header parameter of its type is a ``$ref`` to it (FastAPI puts pydantic's definitions under
    ``components/schemas``), so generated clients have one type for it instead of one per use.
    ``pattern`` documents what the type's validator checks; the two must agree exactly."""

    title: str
    description: str
    pattern: str | None = None
    examples: tuple[str, ...] = ()

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return {**handler(source), "ref": f"imis_shared.validators.{self.title}"}  # type: ignore[typeddict-unknown-key]

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        reference = handler(schema)
        definition = handler.resolve_ref_schema(reference)
        definition["title"] = self.title
        definition["description"] = self.description
        if self.pattern is not None:
            definition["pattern"] = self.pattern
        if self.examples:
            definition["examples"] = list(self.examples)
        return reference


def _character_class(characters: str) -> str:
    """The members of a regex character class for ``characters`` (ranges where they run on), as
    ``\\uXXXX`` escapes that Python's re and ECMAScript read alike."""
    codes = sorted(ord(character) for character in characters)
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])

    def escape(code: int) -> str:
        return f"\\u{code:04x}"

    return "".join(escape(a) if a == b else f"{escape(a)}-{escape(b)}" for a, b in runs)


# What str.strip() removes: Python's white space (which is not ECMAScript's \s, so it is spelled out).
WHITE_SPACE = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())
NOT_BLANK_PATTERN = f"^[^\\u0000]*[^\\u0000{_character_class(WHITE_SPACE)}][^\\u0000]*$"


@dataclass(frozen=True)
class Trimmed:
    """Text stored without the white space around it. ``max_length`` counts the text as sent, so the
    document's ``maxLength`` is exact; unless ``blank_ok`` the text must hold something besides white
    space (and NUL, which no text may hold), and the document says so with ``NOT_BLANK_PATTERN``."""

    max_length: int
    blank_ok: bool = False

    def _trim(self, value: str) -> str:
        trimmed = value.strip()
        if not trimmed and not self.blank_ok:
            raise PydanticCustomError("blank", "must not be empty or only white space")
        return trimmed

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(
            self._trim, core_schema.str_schema(max_length=self.max_length)
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        result = handler(schema)
        if not self.blank_ok:
            result["pattern"] = NOT_BLANK_PATTERN
        return result


@dataclass(frozen=True)
class DecimalString:
    """Makes an ``Annotated[Decimal, ...]`` field take its value only as a decimal string such as
    ``"1900.00"``: at most ``integer_digits`` digits before the point (no leading zeros), at most two
    after, not negative, and above zero when ``positive``. The document states exactly this as the
    string's ``pattern``, and the server checks that same pattern, so a JSON number, an exponent or a
    third decimal is refused naming the field (money is never a binary float on the wire)."""

    integer_digits: int
    positive: bool = False

    @cached_property
    def pattern(self) -> str:
        fraction = r"(?:\.[0-9]{1,2})?"
        whole = f"[1-9][0-9]{{0,{self.integer_digits - 1}}}"
        if self.positive:
            return rf"^(?:{whole}{fraction}|0\.(?:0[1-9]|[1-9][0-9]?))$"
        return rf"^(?:0|{whole}){fraction}$"

    @cached_property
    def _compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    @property
    def example(self) -> str:
        return "1900.00" if self.integer_digits >= 4 else "2.50"

    def _parse(self, value: object) -> object:
        text = format(value, "f") if isinstance(value, Decimal) else value  # Decimal: from Python code only
        if not isinstance(text, str) or self._compiled.fullmatch(text) is None:
            least = "more than 0" if self.positive else "0 or more"
            raise ValueError(
                f"must be a decimal string, {least}, with at most {self.integer_digits} digits before "
                f'the point and 2 after, e.g. "{self.example}"'
            )
        return Decimal(text)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self._parse, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        if handler.mode == "serialization":
            return handler(schema)
        return {"type": "string", "pattern": self.pattern, "examples": [self.example]}


def _matching(pattern: str, message: str) -> Callable[[str], str]:
    """A validator that accepts exactly the strings ``pattern`` matches, as JSON Schema reads it."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if compiled.fullmatch(value) is None:
            raise ValueError(message)
        return value

    return check


COUNTRY_PATTERN = exact_pattern(country.alpha_2 for country in pycountry.countries)
SUBDIVISION_PATTERN = exact_pattern(subdivision.code for subdivision in pycountry.subdivisions)
LANGUAGE_PATTERN = exact_pattern(
    language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")
)
CURRENCY_PATTERN = exact_pattern(currency.alpha_3 for currency in pycountry.currencies)
ISCO_PATTERN = exact_pattern(group.code for group in isco_groups())
_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ESCO_ID_PATTERN = f"^{_UUID}$"
ESCO_URI_PATTERN = f"^http://data[.]europa[.]eu/esco/(?:occupation|skill)/{_UUID}$"

check_country = _matching(COUNTRY_PATTERN, "must be an ISO 3166-1 alpha-2 country code, e.g. EG, IT, DE")
check_subdivision = _matching(
    SUBDIVISION_PATTERN, "must be an ISO 3166-2 subdivision code, e.g. EG-C (Cairo), IT-21 (Piemonte)"
)
check_language = _matching(LANGUAGE_PATTERN, "must be an ISO 639-1 language code, e.g. ar, en, fr, it")
check_currency = _matching(CURRENCY_PATTERN, "must be an ISO 4217 currency code, e.g. EUR, EGP, USD")
check_isco = _matching(ISCO_PATTERN, "must be an ISCO-08 group code of any level, e.g. 2, 22, 222, 2221")
check_esco_id = _matching(
    ESCO_ID_PATTERN,
    "must be an ESCO concept id: a lower-case UUID, e.g. 00030d09-2b3a-4efd-87cc-c4ea39d27c34",
)


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


# Standard codes, exactly as the standards write them (no case folding, no trimming): the
# document's pattern is what the server accepts.
CountryCode = Annotated[
    str,
    AfterValidator(check_country),
    SchemaComponent(
        "CountryCode",
        "ISO 3166-1 alpha-2 country code, upper case.",
        COUNTRY_PATTERN,
        ("EG", "IT"),
    ),
]
SubdivisionCode = Annotated[
    str,
    AfterValidator(check_subdivision),
    SchemaComponent(
        "SubdivisionCode",
        "ISO 3166-2 subdivision code (country code, hyphen, subdivision), upper case.",
        SUBDIVISION_PATTERN,
        ("EG-C", "IT-21"),
    ),
]
LanguageCode = Annotated[
    str,
    AfterValidator(check_language),
    SchemaComponent("LanguageCode", "ISO 639-1 language code, lower case.", LANGUAGE_PATTERN, ("ar", "en")),
]
CurrencyCode = Annotated[
    str,
    AfterValidator(check_currency),
    SchemaComponent("CurrencyCode", "ISO 4217 currency code, upper case.", CURRENCY_PATTERN, ("EGP", "EUR")),
]
PhoneNumber = Annotated[
    str,
    StringConstraints(max_length=32),
    AfterValidator(normalise_phone),
    Field(json_schema_extra={"format": "phone", "pattern": PHONE_PATTERN}),
]
EmailAddress = Annotated[
    str,
    StringConstraints(max_length=320),
    AfterValidator(normalise_email),
    Field(
        json_schema_extra={"format": "email"},
        description="An email address; special-use and reserved domain names (RFC 6761: `.test`, "
        "`.invalid`, `localhost`, ...) are refused.",
    ),
]
CefrLevel = Annotated[
    Literal["A1", "A2", "B1", "B2", "C1", "C2"],
    SchemaComponent("CefrLevel", "Common European Framework of Reference level, A1 (lowest) to C2."),
]
ContentLanguage = Annotated[
    Literal["en", "fr", "it", "ar"],
    SchemaComponent("ContentLanguage", "A language the platform publishes its content in (ISO 639-1)."),
]
TextDirection = Annotated[
    Literal["ltr", "rtl"],
    SchemaComponent("TextDirection", "Writing direction of a text: `rtl` for Arabic, else `ltr`."),
]
# Names of people, organisations and projects; cities: trimmed, never empty.
Name = Annotated[str, Trimmed(200)]
City = Annotated[str, Trimmed(100)]
ConceptId = Annotated[
    str,
    AfterValidator(check_esco_id),
    SchemaComponent("EscoId", "ESCO occupation or skill id: the UUID of its concept URI.", ESCO_ID_PATTERN),
]
EscoUri = Annotated[
    str,
    SchemaComponent("EscoUri", "ESCO occupation or skill concept URI.", ESCO_URI_PATTERN),
]
IscoCode = Annotated[
    str,
    AfterValidator(check_isco),
    SchemaComponent(
        "IscoCode",
        "ISCO-08 group code of any level: major (1 digit), sub-major (2), minor (3) or unit group (4).",
        ISCO_PATTERN,
        ("2221", "93"),
    ),
]
IscedLevel = Annotated[
    int, Field(ge=0, le=8, description="ISCED 2011 level, 0 (early childhood) to 8 (doctoral).")
]

assert get_args(get_args(CefrLevel)[0]) == CEFR_LEVELS


_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def _whole_number(value: object) -> object:
    if isinstance(value, str) and not _WHOLE_NUMBER.fullmatch(value):
        raise PydanticCustomError("int_parsing", "Input should be a whole number written in digits")
    return value


# Placed after Query(...) or Path(...) of an integer parameter (after, or FastAPI writes its bounds as
# `ge`/`le` in the document): pydantic's lax mode reads "+1", "1.0" or "+0.0" from a URL as an integer,
# where the document's `integer` admits digits only, so such a value is a 422 naming the parameter.
WHOLE_NUMBER = BeforeValidator(_whole_number)
