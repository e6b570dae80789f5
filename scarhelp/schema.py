"""The shape of a rule file, declared once.

The loader checks keys and types against these declarations, and
``json_schema()`` turns the same declarations into the JSON Schema that editors
use, so the two can never disagree about which keys exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import QUESTION_KINDS, STRENGTHS


@dataclass(frozen=True)
class Str:
    doc: str = ""
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Int:
    doc: str = ""


@dataclass(frozen=True)
class Bool:
    doc: str = ""


@dataclass(frozen=True)
class ListOf:
    item: object
    doc: str = ""
    min_items: int = 0


@dataclass(frozen=True)
class CondT:
    """A condition: see ``conditions`` for its meaning."""

    doc: str = ""


@dataclass(frozen=True)
class Field:
    type: object
    required: bool = False


@dataclass(frozen=True)
class Obj:
    name: str
    fields: dict[str, Field] = field(default_factory=dict)
    doc: str = ""


CLAIM_IDS = ListOf(Str(), "claim ids from meta.claims, e.g. [T3, T4]", min_items=1)

REFERENCE = Obj(
    "reference",
    {
        "number": Field(Int("the number the article gives this reference"), True),
        "citation": Field(Str("the full citation"), True),
    },
)
CLAIM = Obj(
    "claim",
    {
        "id": Field(Str("the claim id from GUIDANCE.md, e.g. T3 or R5a"), True),
        "text": Field(Str("the claim in the rule set's own words"), True),
        "refs": Field(ListOf(Int(), "numbers of the references it rests on"), True),
        "origin": Field(Str("where the claim comes from", ("article", "reference"))),
    },
)
SOURCE = Obj(
    "source",
    {
        "title": Field(Str("the article's title"), True),
        "author": Field(Str(), True),
        "reviewer": Field(Str(), True),
        "publisher": Field(Str(), True),
        "published": Field(Str("publication date, or 'not stated'"), True),
        "note": Field(Str("what kind of source this is, said honestly")),
        "references": Field(ListOf(REFERENCE, min_items=1), True),
    },
)
META = Obj(
    "meta",
    {
        "title": Field(Str(), True),
        "version": Field(Str("the rule set's own version"), True),
        "last_reviewed": Field(Str("YYYY-MM-DD"), True),
        "disclaimer": Field(Str("shown first and last in every output"), True),
        "source": Field(SOURCE, True),
        "claims": Field(ListOf(CLAIM, min_items=1), True),
    },
)
OPTION = Obj(
    "option",
    {
        "value": Field(Str("what goes in an answers file"), True),
        "label": Field(Str("what the person sees"), True),
        "help": Field(Str()),
        "exclusive": Field(Bool("multiple choice only: cannot be combined with other choices")),
    },
)
QUESTION = Obj(
    "question",
    {
        "id": Field(Str("snake_case id used in answers files and conditions"), True),
        "text": Field(Str("the question in plain language"), True),
        "help": Field(Str("how a lay person can tell which answer fits")),
        "kind": Field(Str("one choice, several, or yes/no", QUESTION_KINDS), True),
        "options": Field(ListOf(OPTION)),
        "ask_if": Field(CondT("ask only when this holds (skip logic)")),
    },
)
POINT = Obj(
    "point",
    {
        "text": Field(Str(), True),
        "claims": Field(CLAIM_IDS, True),
    },
)
TREATMENT = Obj(
    "treatment",
    {
        "id": Field(Str(), True),
        "name": Field(Str(), True),
        "what": Field(Str("what it is, in a sentence or two"), True),
        "benefits": Field(ListOf(POINT, min_items=1), True),
        "harms": Field(ListOf(POINT, min_items=1), True),
        "ask_your_dermatologist": Field(ListOf(Str(), "questions to take to an appointment")),
    },
)
RULE = Obj(
    "rule",
    {
        "id": Field(Str(), True),
        "when": Field(CondT("when the rule applies; left out: always")),
        "recommend": Field(Str("a treatment id: show it at `strength`")),
        "strength": Field(Str("how strongly the guidance points to it", STRENGTHS)),
        "caveat": Field(Str("a caveat to show; on `treatment` if given, else on every option")),
        "treatment": Field(Str("with caveat: the treatment it belongs to")),
        "advise": Field(Str("general advice to show")),
        "because": Field(Str("why, in plain language"), True),
        "claims": Field(CLAIM_IDS, True),
    },
)
RULE_SET = Obj(
    "rule set",
    {
        "meta": Field(META, True),
        "questions": Field(ListOf(QUESTION, min_items=1), True),
        "treatments": Field(ListOf(TREATMENT, min_items=1), True),
        "rules": Field(ListOf(RULE, min_items=1), True),
    },
)


def type_name(t: object) -> str:
    if isinstance(t, Str):
        return "text"
    if isinstance(t, Int):
        return "a whole number"
    if isinstance(t, Bool):
        return "true or false"
    if isinstance(t, ListOf):
        return "a list"
    if isinstance(t, Obj):
        return "a mapping"
    if isinstance(t, CondT):
        return "a condition (a mapping)"
    return "a value"


SCHEMA_ID = "https://scarhelp.invalid/rules.schema.json"


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a rule file, built from the declarations above."""
    defs: dict[str, dict] = {}
    values = {
        "anyOf": [
            {"type": "string"},
            {"type": "boolean"},
            {"type": "array", "items": {"type": ["string", "boolean"]}, "minItems": 1},
        ]
    }
    test = {
        "anyOf": [
            values,
            {
                "type": "object",
                "properties": {"not": values},
                "required": ["not"],
                "additionalProperties": False,
            },
        ]
    }
    defs["tests"] = {
        "type": "object",
        "description": "question id -> allowed value(s); all must hold",
        "propertyNames": {"pattern": "^(?!any$)"},
        "additionalProperties": test,
    }
    defs["condition"] = {
        "description": "a mapping of question id -> allowed value(s), or {any: [mappings]}",
        "anyOf": [
            {"$ref": "#/$defs/tests"},
            {
                "type": "object",
                "properties": {"any": {"type": "array", "items": {"$ref": "#/$defs/tests"}}},
                "required": ["any"],
                "additionalProperties": False,
            },
        ],
    }

    def conv(t: object) -> dict:
        if isinstance(t, Str):
            out: dict = {"type": "string"}
            if t.enum:
                out["enum"] = list(t.enum)
        elif isinstance(t, Int):
            out = {"type": "integer"}
        elif isinstance(t, Bool):
            out = {"type": "boolean"}
        elif isinstance(t, ListOf):
            out = {"type": "array", "items": conv(t.item)}
            if t.min_items:
                out["minItems"] = t.min_items
        elif isinstance(t, CondT):
            out = {"$ref": "#/$defs/condition"}
        elif isinstance(t, Obj):
            key = t.name.replace(" ", "_")
            if key not in defs:
                defs[key] = {}  # placeholder against recursion
                defs[key] = {
                    "type": "object",
                    "properties": {n: conv(f.type) for n, f in t.fields.items()},
                    "required": [n for n, f in t.fields.items() if f.required],
                    "additionalProperties": False,
                }
                if t.doc:
                    defs[key]["description"] = t.doc
            return {"$ref": f"#/$defs/{key}"}
        else:  # pragma: no cover - every declaration above is one of these
            raise TypeError(t)
        doc = getattr(t, "doc", "")
        if doc:
            out["description"] = doc
        return out

    root = conv(RULE_SET)
    return (
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SCHEMA_ID,
            "title": "scarhelp rule set",
            **defs["rule_set"],
            "$defs": {k: v for k, v in defs.items() if k != "rule_set"},
        }
        if root
        else {}
    )
