"""``scarhelp schema`` and the committed scarhelp/rules.schema.json.

Two promises: the committed file is exactly what the command prints, and the
JSON Schema and the loader agree about which files are well formed (the same
valid files pass both; each broken variant is refused by both, the loader with
a file:line location).  The schema cannot see cross-references (unknown ids,
duplicates, skip conditions that look ahead); those are the loader's alone and
are not part of the agreement tested here.
"""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
import yaml

from scarhelp.errors import RulesError
from scarhelp.loader import parse_rules
from scarhelp.schema import json_schema, json_schema_text
from scarhelp.yamldoc import load_yaml

from .conftest import ROOT, RULES, run_cli

COMMITTED = ROOT / "scarhelp" / "rules.schema.json"
MINI = ROOT / "tests" / "data" / "mini.yaml"
REGENERATE = "scarhelp schema --output scarhelp/rules.schema.json"


@pytest.fixture(scope="module")
def validator():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def data_of(path) -> dict:
    """The file as the loader's YAML reader sees it (dates stay text)."""
    return load_yaml(path.read_text(encoding="utf-8"), str(path)).data


def loader_verdict(data: dict, name: str = "variant.yaml"):
    """Dump ``data`` as YAML and load it: None if valid, else the RulesError."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    try:
        parse_rules(text, name)
    except RulesError as exc:
        return exc
    return None


# -- the committed file --------------------------------------------------------


def test_committed_schema_is_up_to_date():
    assert COMMITTED.is_file(), f"scarhelp/rules.schema.json is missing; run: {REGENERATE}"
    assert COMMITTED.read_text(encoding="utf-8") == json_schema_text(), (
        f"scarhelp/rules.schema.json is out of date with scarhelp/schema.py; regenerate it with: {REGENERATE}"
    )


def test_command_prints_the_committed_schema():
    r = run_cli("schema")
    assert r.returncode == 0, r.stderr
    assert r.stdout == COMMITTED.read_text(encoding="utf-8"), f"regenerate with: {REGENERATE}"
    assert json.loads(r.stdout)["$schema"].startswith("https://json-schema.org/")


def test_output_option_writes_the_file(tmp_path):
    out = tmp_path / "s.json"
    out.write_text("old")
    r = run_cli("schema", "--output", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    assert out.read_text(encoding="utf-8") == json_schema_text()


def test_output_into_missing_folder_fails_cleanly(tmp_path):
    r = run_cli("schema", "-o", str(tmp_path / "nope" / "s.json"))
    assert r.returncode == 2
    assert "does not exist" in r.stderr and "Traceback" not in r.stderr


def test_bundled_rules_point_at_the_schema():
    first = RULES.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../scarhelp/rules.schema.json"
    assert (RULES.parent / "../scarhelp/rules.schema.json").resolve() == COMMITTED.resolve()


def test_schema_is_deterministic_and_complete():
    s = json_schema()
    assert json_schema_text() == json_schema_text()
    defs = s["$defs"]
    assert s["additionalProperties"] is False
    for name in ("meta", "source", "reference", "claim", "question", "option", "treatment", "point", "rule"):
        assert defs[name]["additionalProperties"] is False, name
        assert defs[name]["required"], name
    assert defs["question"]["properties"]["kind"]["enum"] == ["one", "many", "yes_no"]
    assert defs["rule"]["properties"]["strength"]["enum"] == ["best_fit", "option", "weaker_fit", "not_suited"]
    assert [b["title"] for b in defs["rule"]["oneOf"]] == ["recommend", "caveat", "advise", "not_shown"]
    assert defs["rule"]["properties"]["when"] == {
        "$ref": "#/$defs/condition",
        "description": "when the rule applies; left out: always",
    }


# -- schema and loader agree -----------------------------------------------------


def _rule(d, i=0):
    return d["rules"][i]


def _question(d, i=0):
    return d["questions"][i]


# Valid edits of tests/data/mini.yaml: both must accept them.
VALID = {
    "as is": lambda d: None,
    "no when: always": lambda d: _rule(d).pop("when"),
    "any of tests": lambda d: _rule(d).update(when={"any": [{"scar_depth": "shallow"}, {"scar_depth": "deep"}]}),
    "not a list": lambda d: _rule(d).update(when={"scar_depth": {"not": ["deep"]}}),
    "list of values": lambda d: _rule(d).update(when={"scar_depth": ["shallow", "deep"]}),
    "caveat on a treatment": lambda d: _rule(d, 1).update(
        {"treatment": "creams", "caveat": d["rules"][1].pop("advise")}
    ),
    "caveat on every option": lambda d: _rule(d, 1).update(caveat=d["rules"][1].pop("advise")),
    "yes_no without options": lambda d: d["questions"].append(
        {"id": "over_21", "text": "Older than 21?", "kind": "yes_no"}
    ),
    "option help": lambda d: _question(d)["options"][0].update(help="how to tell"),
    "claim origin": lambda d: d["meta"]["claims"][0].update(origin="reference"),
    "numeric version": lambda d: d["meta"].update(version=2),
    "unsure option": lambda d: _question(d)["options"].append({"value": "not_sure", "label": "?", "unsure": True}),
    "not_shown rule": lambda d: d["rules"].append(
        {"id": "r3", "when": {"scar_depth": "deep"}, "not_shown": "creams", "because": "deep", "claims": ["T1"]}
    ),
    "outside the article": lambda d: d["meta"].update(outside_article=["Leaving them is a choice too."]),
    "invariants": lambda d: d.update(
        invariants=[
            {
                "id": "i1",
                "says": "s",
                "claims": ["T1"],
                "when": {"scar_depth": "deep"},
                "unless_shown_at_least": "option",
                "never": {"creams": "best_fit"},
                "always": {"creams": ["not_shown", "not_suited"]},
                "require": ["r2"],
                "require_any": ["r1", "r2"],
                "forbid": ["r1"],
            }
        ]
    ),
}


def _inv(d, **fields):
    d["invariants"] = [{"id": "i1", "says": "s", "claims": ["T1"], **fields}]


# Broken edits: both must refuse them.
BROKEN = {
    # the disclaimer every report repeats must say it in those words
    "disclaimer without 'not medical advice'": lambda d: d["meta"].update(disclaimer="Informational only."),
    # unknown keys
    "unknown top-level key": lambda d: d.update(extra=1),
    "unknown rule key": lambda d: _rule(d).update(strenght="option"),
    "unknown option key": lambda d: _question(d)["options"][0].update(colour="red"),
    "unknown key beside not": lambda d: _rule(d).update(when={"scar_depth": {"not": "deep", "also": "x"}}),
    # wrong types
    "rules is a mapping": lambda d: d.update(rules={"r1": d["rules"][0]}),
    "because is a list": lambda d: _rule(d).update(because=["a", "b"]),
    "reference number is text": lambda d: d["meta"]["source"]["references"][0].update(number="one"),
    "claims is text": lambda d: _rule(d).update(claims="T1"),
    "exclusive is text": lambda d: d["questions"][1]["options"][1].update(exclusive="sometimes"),
    "question is a list": lambda d: d["questions"].append(["id", "x"]),
    "empty because": lambda d: _rule(d).update(because="  "),
    "empty rules list": lambda d: d.update(rules=[]),
    # missing required keys
    "rule without because": lambda d: _rule(d).pop("because"),
    "meta without disclaimer": lambda d: d["meta"].pop("disclaimer"),
    "treatment without harms": lambda d: d["treatments"][0].pop("harms"),
    "no questions": lambda d: d.pop("questions"),
    "recommend without strength": lambda d: _rule(d).pop("strength"),
    "one question without options": lambda d: _question(d).pop("options"),
    "one question with one option": lambda d: _question(d)["options"].pop(),
    # enum values
    "bad kind": lambda d: _question(d).update(kind="several"),
    "bad strength": lambda d: _rule(d).update(strength="strong"),
    "bad origin": lambda d: d["meta"]["claims"][0].update(origin="blog"),
    # exactly one outcome
    "two outcomes": lambda d: _rule(d).update(advise="also this"),
    "no outcome": lambda d: _rule(d, 1).pop("advise"),
    "advise with strength": lambda d: _rule(d, 1).update(strength="option"),
    "advise with treatment": lambda d: _rule(d, 1).update(treatment="creams"),
    "recommend with treatment": lambda d: _rule(d).update(treatment="creams"),
    "exclusive outside many": lambda d: _question(d)["options"][0].update(exclusive=True),
    # condition shapes
    "condition is text": lambda d: _rule(d).update(when="scar_depth"),
    "condition is a list": lambda d: _rule(d).update(when=[{"scar_depth": "deep"}]),
    "test is a mapping without not": lambda d: _rule(d).update(when={"scar_depth": {"is": "deep"}}),
    "empty list of values": lambda d: _rule(d).update(when={"scar_depth": []}),
    "empty not list": lambda d: _rule(d).update(when={"scar_depth": {"not": []}}),
    "value is a mapping in a list": lambda d: _rule(d).update(when={"scar_depth": [{"v": "deep"}]}),
    "any is empty": lambda d: _rule(d).update(when={"any": []}),
    "any is not a list": lambda d: _rule(d).update(when={"any": {"scar_depth": "deep"}}),
    "any beside tests": lambda d: _rule(d).update(when={"any": [{"scar_depth": "deep"}], "scar_depth": "deep"}),
    "nested any": lambda d: _rule(d).update(when={"any": [{"any": [{"scar_depth": "deep"}]}]}),
    "skip condition is text": lambda d: d["questions"][1].update(ask_if="scar_depth is deep"),
    # unsure, not_shown, invariants
    "unsure in a many question": lambda d: d["questions"][1]["options"][1].update(unsure=True),
    "unsure is text": lambda d: _question(d)["options"][0].update(unsure="yes"),
    "not_shown with strength": lambda d: d["rules"].append(
        {"id": "r3", "not_shown": "creams", "strength": "option", "because": "b", "claims": ["T1"]}
    ),
    "not_shown beside advise": lambda d: _rule(d, 1).update(not_shown="creams"),
    "invariant says nothing": lambda d: _inv(d),
    "invariant without says": lambda d: _inv(d, never={"creams": "best_fit"}) or d["invariants"][0].pop("says"),
    "invariant with a bad outcome": lambda d: _inv(d, never={"creams": "best"}),
    "invariant outcome map is a list": lambda d: _inv(d, never=["creams"]),
    "invariant with an unknown key": lambda d: _inv(d, never={"creams": "best_fit"}, nevre={}),
    "invariant unless not_suited": lambda d: _inv(d, require=["r1"], unless_shown_at_least="not_suited"),
    "invariant if_shown not_suited": lambda d: _inv(d, require=["r1"], if_shown_at_least="not_suited"),
    "invariant require is text": lambda d: _inv(d, require="r1"),
    "invariants is a mapping": lambda d: d.update(invariants={"i1": {}}),
}


@pytest.mark.parametrize("path", [RULES, MINI], ids=["bundled", "mini"])
def test_valid_files_pass_both(path, validator):
    data = data_of(path)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
    assert loader_verdict(data) is None


@pytest.mark.parametrize("edit", [pytest.param(e, id=n) for n, e in VALID.items()])
def test_valid_variants_pass_both(edit, validator):
    data = copy.deepcopy(data_of(MINI))
    edit(data)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == [], "the schema refuses a file the loader accepts"
    exc = loader_verdict(data)
    assert exc is None, f"the loader refuses a valid variant: {exc}"


@pytest.mark.parametrize("edit", [pytest.param(e, id=n) for n, e in BROKEN.items()])
def test_broken_variants_fail_both(edit, validator):
    data = copy.deepcopy(data_of(MINI))
    edit(data)
    assert not validator.is_valid(data), "the schema accepts a file the loader should refuse"
    exc = loader_verdict(data, "broken.yaml")
    assert exc is not None, "the loader accepts a file the schema refuses"
    assert exc.problems, str(exc)
    located = [p for p in exc.problems if p.location.file == "broken.yaml" and p.location.line]
    assert located, f"no file:line in {exc}"
    assert str(exc).count("broken.yaml:") >= 1


def test_broken_rule_file_on_disk_reports_file_and_line(tmp_path):
    """End to end through the CLI: the loader's message names file:line:column."""
    data = data_of(MINI)
    data["rules"][0]["strength"] = "strong"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, sort_keys=False))
    r = run_cli("questions", "--rules", str(bad))
    assert r.returncode == 2
    assert f"{bad}:" in r.stderr and "'strong' is not one of" in r.stderr
