"""The shape of a rule file, declared once.

The loader checks keys and types against these declarations, and
``json_schema()`` turns the same declarations into the JSON Schema that editors
use, so the two can never disagree about which keys exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import GLANCE_FIELDS, OUTCOMES, QUESTION_KINDS, STRENGTHS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True)
class Str:
    doc: str = ""
    enum: tuple[str, ...] = ()
    must_say: str = ""  # a phrase the text must contain, in any letter case


def phrase_pattern(phrase: str) -> str:
    """A regular expression for ``phrase`` in any letter case, written without flags
    because JSON Schema patterns (ECMA 262) have none."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else "\\s+" if c == " " else c for c in phrase)


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
class MapOf:
    """A mapping from ids (checked by the loader) to one value or a list of values."""

    item: object
    doc: str = ""


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
        "disclaimer": Field(Str("shown first and last in every output", must_say="not medical advice"), True),
        "source": Field(SOURCE, True),
        "claims": Field(ListOf(CLAIM, min_items=1), True),
        "outside_article": Field(
            ListOf(
                Str(),
                "said in every report, marked as not coming from the article: what the article leaves out "
                "(for example, that leaving the scars as they are is also a choice)",
            )
        ),
        "reading_grade_limit": Field(
            Int(
                "`scarhelp check` warns on a patient-facing text above this Flesch-Kincaid grade "
                "(default 8; needs the readability extra)"
            )
        ),
    },
)
OPTION = Obj(
    "option",
    {
        "value": Field(Str("what goes in an answers file"), True),
        "label": Field(Str("what the person sees"), True),
        "help": Field(Str()),
        "exclusive": Field(Bool("multiple choice only: cannot be combined with other choices")),
        "unsure": Field(
            Bool("the 'not sure' answer of a one or yes_no question: check proves that choosing it widens the result")
        ),
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
        "preference": Field(
            Bool(
                "asks what matters to the person: shown beside the options through against_values; "
                "no rule, skip condition or invariant may test it, and an answers file may leave it out"
            )
        ),
    },
)
POINT = Obj(
    "point",
    {
        "text": Field(Str(), True),
        "claims": Field(CLAIM_IDS, True),
    },
)
GLANCE_CELL = Obj(
    "glance cell",
    {
        "text": Field(
            Str("short and plain; 'Not in the article.' where it is silent (the summary names those cells together)"),
            True,
        ),
        "claims": Field(ListOf(Str(), "claim ids from meta.claims; empty where the article does not say"), True),
    },
)
GLANCE = Obj(
    "glance",
    {k: Field(GLANCE_CELL) for k in GLANCE_FIELDS},
    "the summary's cells; check reports any left out",
)
AGAINST_VALUE = Obj(
    "against value",
    {
        "when": Field(CondT("the answers (usually to a preference question) this note answers"), True),
        "text": Field(Str("what the person said and what it means for this option, e.g. 'You said ...: ...'"), True),
        "short": Field(
            Str(
                "what would bother them, in a few words, for the summary: 'You said this would bother you: a long wait.'"
            ),
            True,
        ),
        "claims": Field(CLAIM_IDS, True),
    },
    "this option set against what the person said matters to them; shown with the option where `when` holds",
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
        "glance": Field(GLANCE),
        "against_values": Field(ListOf(AGAINST_VALUE, "this option against what the person said matters")),
    },
)
LEAVE = Obj(
    "leave as they are",
    {
        "name": Field(Str(), True),
        "glance": Field(GLANCE),
    },
    "the summary's row for leaving the scars as they are",
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
        "first": Field(Str("with advise, or a caveat on every option: a short line that leads the summary")),
        "not_shown": Field(
            Str("a treatment id: `because` says why it is not shown, when no recommend rule for it applies")
        ),
        "because": Field(Str("why, in plain language"), True),
        "claims": Field(CLAIM_IDS, True),
    },
)
OUTCOME_MAP = MapOf(
    Str("a strength, or not_shown", OUTCOMES),
    "treatment id -> a strength (best_fit, option, weaker_fit, not_suited) or not_shown, or a list of them",
)
RULE_IDS = ListOf(Str(), "ids of advise, caveat, recommend or not_shown rules")
INVARIANT = Obj(
    "invariant",
    {
        "id": Field(Str("a name for the property, used in check's findings"), True),
        "says": Field(Str("the property in plain language"), True),
        "claims": Field(CLAIM_IDS, True),
        "when": Field(CondT("the answers it is about; left out: every answer set")),
        "unless_shown_at_least": Field(
            Str("it applies only where no treatment is shown at this strength or a stronger one", STRENGTHS[:-1])
        ),
        "if_shown_at_least": Field(
            Str("it applies only where some treatment is shown at this strength or a stronger one", STRENGTHS[:-1])
        ),
        "never": Field(OUTCOME_MAP),
        "always": Field(OUTCOME_MAP),
        "require": Field(ListOf(Str(), "rules whose text must appear in the result", min_items=1)),
        "require_any": Field(ListOf(Str(), "at least one of these rules' text must appear", min_items=1)),
        "forbid": Field(ListOf(Str(), "rules whose text must not appear", min_items=1)),
    },
    "a property every matching reachable answer set's result must have; proved by 'scarhelp check'",
)
RULE_SET = Obj(
    "rule set",
    {
        "meta": Field(META, True),
        "questions": Field(ListOf(QUESTION, min_items=1), True),
        "treatments": Field(ListOf(TREATMENT, min_items=1), True),
        "rules": Field(ListOf(RULE, min_items=1), True),
        "invariants": Field(ListOf(INVARIANT)),
        "leave_as_they_are": Field(LEAVE),
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
    if isinstance(t, MapOf):
        return "a mapping"
    return "a value"


SCHEMA_ID = "https://scarhelp.invalid/rules.schema.json"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Where YAML reads a plain scalar as a number or true/false, the loader takes the
# text the author typed (``version: 1.10`` is "1.10"), so text fields accept any scalar.
_TEXT_TYPES = ["string", "number", "boolean"]
_NOT_BLANK = "\\S"  # the loader rejects required text that is empty or only spaces

# Checks that involve several keys of one mapping. The loader makes the same checks
# by hand (see ``loading.rules`` and ``loading.questions.build_options``); here they are spelt for
# the JSON Schema validator, keyed by the declaration's name.
_CROSS_FIELD: dict[str, dict[str, Any]] = {
    "rule": {
        "description": "exactly one of recommend (with strength), caveat (optionally on a treatment), advise "
        "or not_shown",
        "oneOf": [
            {
                "title": "recommend",
                "required": ["recommend", "strength"],
                "properties": {"caveat": False, "advise": False, "treatment": False, "not_shown": False},
            },
            {
                "title": "caveat",
                "required": ["caveat"],
                "properties": {"recommend": False, "advise": False, "strength": False, "not_shown": False},
            },
            {
                "title": "advise",
                "required": ["advise"],
                "properties": {
                    "recommend": False,
                    "caveat": False,
                    "strength": False,
                    "treatment": False,
                    "not_shown": False,
                },
            },
            {
                "title": "not_shown",
                "required": ["not_shown"],
                "properties": {
                    "recommend": False,
                    "caveat": False,
                    "advise": False,
                    "strength": False,
                    "treatment": False,
                },
            },
        ],
    },
    "invariant": {
        "description": "says at least one thing of the result",
        "anyOf": [{"required": [k]} for k in ("never", "always", "require", "require_any", "forbid")],
    },
    "question": {
        "allOf": [
            {
                "if": {"required": ["kind"], "properties": {"kind": {"const": "one"}}},
                "then": {"required": ["options"], "properties": {"options": {"minItems": 2}}},
            },
            {
                "if": {"required": ["kind"], "properties": {"kind": {"const": "many"}}},
                "then": {"required": ["options"], "properties": {"options": {"minItems": 1}}},
            },
            {
                "if": {"required": ["kind"], "properties": {"kind": {"const": "yes_no"}}},
                "then": {
                    "properties": {
                        "options": {
                            "description": "may be left out; if given, it needs the values yes and no",
                            "if": {"minItems": 1},
                            "then": {
                                "allOf": [
                                    {"contains": {"properties": {"value": {"const": "yes"}}}},
                                    {"contains": {"properties": {"value": {"const": "no"}}}},
                                ]
                            },
                        }
                    }
                },
            },
            {
                "if": {"not": {"required": ["kind"], "properties": {"kind": {"const": "many"}}}},
                "then": {
                    "properties": {"options": {"items": {"properties": {"exclusive": {"not": {"const": True}}}}}},
                },
            },
            {
                "if": {"required": ["kind"], "properties": {"kind": {"const": "many"}}},
                "then": {
                    "properties": {"options": {"items": {"properties": {"unsure": {"not": {"const": True}}}}}},
                },
            },
        ]
    },
}


def _condition_defs() -> dict[str, dict[str, Any]]:
    """The condition language (see ``conditions``) as JSON Schema definitions."""
    scalar = {"type": _TEXT_TYPES}
    values = {
        "description": "an option value, or a list of them (any one of them matches)",
        "anyOf": [scalar, {"type": "array", "items": scalar, "minItems": 1}],
    }
    test = {
        "anyOf": [
            values,
            {
                "type": "object",
                "description": "holds when the question was answered with none of these values",
                "properties": {"not": values},
                "required": ["not"],
                "additionalProperties": False,
            },
        ]
    }
    return {
        "tests": {
            "type": "object",
            "description": "question id -> value, [values] or {not: value(s)}; every test must hold",
            "propertyNames": {"not": {"const": "any"}},
            "additionalProperties": test,
        },
        "condition": {
            "description": "a mapping of question ids to values (all must hold), or {any: [mappings]} (one must hold)",
            "anyOf": [
                {"$ref": "#/$defs/tests"},
                {
                    "type": "object",
                    "properties": {
                        "any": {
                            "type": "array",
                            "description": "alternatives; 'any' cannot be nested",
                            "items": {"$ref": "#/$defs/tests"},
                            "minItems": 1,
                        }
                    },
                    "required": ["any"],
                    "additionalProperties": False,
                },
            ],
        },
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a rule file, built from the declarations above.

    Deterministic: the same declarations always give the same mapping, key order
    included, so the committed ``rules.schema.json`` can be compared byte for byte.
    What a schema cannot say (ids that must exist or be unique, skip conditions
    that may only look back) is left to the loader and ``scarhelp check``.
    """
    defs: dict[str, dict[str, Any]] = {}

    def text(t: Str, required: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"type": _TEXT_TYPES}
        if t.enum:
            out = {"enum": list(t.enum)}
        elif t.must_say:
            out["pattern"] = phrase_pattern(t.must_say)
        elif required:
            out["pattern"] = _NOT_BLANK
        return out

    def conv(t: object, required: bool = False) -> dict[str, Any]:
        if isinstance(t, Str):
            out = text(t, required)
        elif isinstance(t, Int):
            out = {"type": "integer"}
        elif isinstance(t, Bool):
            out = {"type": "boolean"}
        elif isinstance(t, ListOf):
            # list items are always read as required values (no blanks in a list)
            out = {"type": "array", "items": conv(t.item, required=True)}
            if t.min_items:
                out["minItems"] = t.min_items
        elif isinstance(t, CondT):
            out = {"$ref": "#/$defs/condition"}
        elif isinstance(t, MapOf):
            one = conv(t.item, required=True)
            out = {
                "type": "object",
                "additionalProperties": {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]},
                "minProperties": 1,
            }
        elif isinstance(t, Obj):
            return {"$ref": f"#/$defs/{obj(t)}"}
        else:  # pragma: no cover - every declaration above is one of these
            raise TypeError(t)
        doc = getattr(t, "doc", "")
        if doc:
            out["description"] = doc
        return out

    def obj(t: Obj) -> str:
        key = t.name.replace(" ", "_")
        if key not in defs:
            defs[key] = {}  # reserve the name (and its place in the output order)
            body: dict[str, Any] = {"type": "object"}
            if t.doc:
                body["description"] = t.doc
            body["properties"] = {n: conv(f.type, f.required) for n, f in t.fields.items()}
            body["required"] = [n for n, f in t.fields.items() if f.required]
            body["additionalProperties"] = False
            body.update(_CROSS_FIELD.get(key, {}))
            defs[key] = body
        return key

    obj(RULE_SET)
    defs.update(_condition_defs())
    root = defs.pop("rule_set")
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "scarhelp rule set",
        "description": "A scarhelp rule file (rules/*.yaml): questions, treatments and rules. "
        "Generated by 'scarhelp schema'; do not edit by hand.",
        **root,
        "$defs": defs,
    }


def json_schema_text() -> str:
    """``json_schema()`` as the text ``scarhelp schema`` prints and the repository commits."""
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
