"""The JSON Schema of a version file, for editors (`drafts schema`).

Generated from the same pydantic-core schema the loader validates with, itself built from the
records' definition (`drafts.records.fields`), so the two cannot drift apart; then specialised
with the collection's term catalogue: `terms` lists every catalogue term and nothing else, so an
editor underlines a misspelt term, and each term's `value` (its claims' too) is constrained by
the term's type as far as JSON Schema can say.

The value schemas mirror what `drafts.records.values.parse_value` accepts and are, if anything, looser:
an editor must never underline a file `drafts check` accepts. The schema is written for YAML 1.2
editors (yaml-language-server), where `yes` is text and a date is a string, as in drafts' own loader.

Where the file lives: `drafts schema --output drafts.schema.json` at the collection root, which is
what the `# yaml-language-server: $schema=../drafts.schema.json` line of a scaffolded draft points
at (see `drafts.reading.scaffold`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drafts.records.dates import DATE_TEXT
from drafts.records.model import Agreement, TermSpec
from drafts.records.values import (
    ACCEPTED_FORMS,
    CURRENCY_CODE,
    MAX_AMOUNT,
    MONEY_TEXT,
    PERCENT_RANGE,
    PERCENT_TEXT,
    YES_NO_TEXT,
    ValueType,
)

if TYPE_CHECKING:
    from pydantic_core import CoreSchema

SCHEMA_FILE = "drafts.schema.json"  # at the collection root, beside drafts/ and seeds/
DIALECT = "https://json-schema.org/draft/2020-12/schema"

_NOT_BLANK = r"\S"


def version_json_schema(agreement: Agreement) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a version file with `agreement`'s term catalogue built in."""
    from drafts.reading.schema import VERSION_FORMAT

    generated = _generate(VERSION_FORMAT.schema)
    defs: dict[str, Any] = generated.pop("$defs", {})
    generated["properties"]["date"]["pattern"] = DATE_TEXT
    terms = generated["properties"]["terms"]
    terms.pop("additionalProperties", None)
    terms["properties"] = {name: _term_schema(spec) for name, spec in agreement.terms.items()}
    terms["additionalProperties"] = False
    return {
        "$schema": DIALECT,
        "title": "drafts version file",
        "description": f"One reported version of the {agreement.name}, with its terms and their sources.",
        **generated,
        "$defs": defs,
    }


def _term_schema(spec: TermSpec) -> dict[str, Any]:
    value = value_json_schema(spec.type)
    about = f"{spec.label} ({spec.type}, {spec.weight})"
    if spec.help:
        about += f": {spec.help}"
    return {
        "description": f"{about}\nValue: {ACCEPTED_FORMS[spec.type]}.",
        "allOf": [{"$ref": "#/$defs/Term"}],
        # Constrain the value here and in every claim; the Term definition itself allows any value.
        "properties": {"value": value, "claims": {"items": {"properties": {"value": value}}}},
    }


def value_json_schema(kind: ValueType) -> dict[str, Any]:
    """What a value of this type may look like in a file, as JSON Schema."""
    description = ACCEPTED_FORMS[kind]
    if kind == "money":
        return {
            "description": description,
            "anyOf": [
                {"type": "string", "pattern": MONEY_TEXT},
                {
                    "type": "object",
                    "properties": {
                        "amount": {"type": "number", "minimum": 0, "exclusiveMaximum": float(MAX_AMOUNT)},
                        "currency": {"type": "string", "pattern": f"^{CURRENCY_CODE}$"},
                    },
                    "required": ["amount", "currency"],
                    "additionalProperties": False,
                },
            ],
        }
    if kind == "percent":
        return {
            "description": description,
            "anyOf": [
                {"type": "number", "minimum": PERCENT_RANGE[0], "maximum": PERCENT_RANGE[1]},
                {"type": "string", "pattern": PERCENT_TEXT},
            ],
        }
    if kind == "flag":
        yes_no = {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": YES_NO_TEXT}]}
        return {
            "description": description,
            "anyOf": [
                yes_no,
                {
                    "type": "object",
                    "properties": {"flag": yes_no, "detail": {"type": ["string", "null"]}},
                    "required": ["flag"],
                    "additionalProperties": False,
                },
            ],
        }
    # Lists and text take numbers too: the loader reads `5` as the phrase "5".
    phrase = {"anyOf": [{"type": "string", "pattern": _NOT_BLANK}, {"type": "number"}]}
    if kind == "list":
        return {
            "description": description,
            "type": "array",
            "items": phrase,
            "minItems": 1,
        }  # no uniqueItems: JSON Schema counts 0 and 0.0 as equal, the loader does not
    return {"description": description, **phrase}


def _generate(core: CoreSchema) -> dict[str, Any]:
    """pydantic's generator, plus the descriptions our core schemas keep in their metadata."""
    from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue

    class WithDescriptions(GenerateJsonSchema):
        # Any: pydantic types this parameter with a private alias (schemas and their fields).
        def generate_inner(self, schema: Any) -> JsonSchemaValue:
            result = super().generate_inner(schema)
            metadata = schema.get("metadata")
            description = metadata.get("description") if isinstance(metadata, dict) else None
            if isinstance(description, str) and "$ref" not in result:
                result.setdefault("description", description)
            return result

    return WithDescriptions().generate(core)
