"""The bundled rule set's pre-compiled copy: current, exact, and ignored when stale.

A copy that silently disagreed with the YAML would make scarhelp say something
the maintainers never wrote, so every way it could drift is tried here.
"""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import given

from scarhelp import bundle
from scarhelp.loader import parse_rules, read_rules

from .conftest import RULES
from .test_properties import _dump, examples, rule_sets

COMPILED = RULES.with_name("acne-scars.compiled.json")


def test_compiled_copy_is_current():
    expected = bundle.compile_rules(read_rules(str(RULES)), RULES.read_bytes())
    assert COMPILED.read_text(encoding="utf-8") == expected, (
        "rules/acne-scars.compiled.json is stale: run  python scripts/compile_rules.py"
    )


def test_default_rule_set_comes_from_the_compiled_copy_and_equals_the_yaml():
    compiled = bundle.load_compiled(str(RULES))
    assert compiled is not None
    from_yaml = read_rules(str(RULES))
    assert compiled == from_yaml
    assert compiled.path == from_yaml.path == str(RULES)
    # line numbers survive, so findings and --explain still point into the YAML
    assert [r.line for r in compiled.rules] == [r.line for r in from_yaml.rules]
    assert bundle.load_rules() == from_yaml


@pytest.fixture
def copy(tmp_path):
    yaml_path = tmp_path / "acne-scars.yaml"
    shutil.copy(RULES, yaml_path)
    shutil.copy(COMPILED, tmp_path / "acne-scars.compiled.json")
    assert bundle.load_compiled(str(yaml_path)) is not None
    return yaml_path


def test_an_edited_yaml_makes_the_copy_unusable(copy):
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("strength: best_fit", "strength: option", 1), encoding="utf-8")
    assert bundle.load_compiled(str(copy)) is None


def test_even_a_one_byte_edit_is_noticed(copy):
    copy.write_bytes(copy.read_bytes() + b"\n")
    assert bundle.load_compiled(str(copy)) is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda d: d["fields"]["Rule"].append("priority"),  # the model gained a field
        lambda d: d.update(format=99),
        lambda d: d["rule_set"].update(R="Exploit"),  # a class outside the table
        lambda d: d["rule_set"]["v"].pop(),  # wrong number of fields
        lambda d: d.update(rule_set={"R": "Option", "v": ["a", "b", "", False, 0]}),  # not a rule set
        lambda d: d.pop("source_hash"),
    ],
)
def test_a_tampered_or_outdated_copy_is_ignored(copy, tamper):
    target = copy.with_name("acne-scars.compiled.json")
    data = json.loads(target.read_text(encoding="utf-8"))
    tamper(data)
    target.write_text(json.dumps(data), encoding="utf-8")
    assert bundle.load_compiled(str(copy)) is None


@pytest.mark.parametrize("content", [b"", b"{not json", b"\xff\xfe", b"[]"])
def test_a_broken_copy_is_ignored(copy, content):
    copy.with_name("acne-scars.compiled.json").write_bytes(content)
    assert bundle.load_compiled(str(copy)) is None


def test_a_missing_copy_is_ignored(copy):
    copy.with_name("acne-scars.compiled.json").unlink()
    assert bundle.load_compiled(str(copy)) is None


@examples(200)
@given(rule_sets())
def test_compiling_round_trips_any_valid_rule_set(data):
    text = _dump(data)
    rs = parse_rules(text, "gen.yaml")
    compiled = json.loads(bundle.compile_rules(rs, text.encode()))
    assert bundle._decode(compiled["rule_set"]).replace(path="gen.yaml") == rs


def test_the_script_rewrites_a_stale_copy_and_refuses_a_broken_rule_file(copy):
    import subprocess
    import sys

    from .conftest import ROOT

    script = ROOT / "scripts" / "compile_rules.py"
    copy.write_text(copy.read_text(encoding="utf-8").replace("strength: best_fit", "strength: option", 1))
    r = subprocess.run([sys.executable, str(script), str(copy)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "written" in r.stdout, r.stderr
    assert bundle.load_compiled(str(copy)) == read_rules(str(copy))
    r = subprocess.run([sys.executable, str(script), str(copy)], capture_output=True, text=True, timeout=60)
    assert "up to date" in r.stdout
    before = copy.with_name("acne-scars.compiled.json").read_bytes()
    copy.write_text(copy.read_text(encoding="utf-8").replace("strength: option", "strength: strongest", 1))
    r = subprocess.run([sys.executable, str(script), str(copy)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "strongest" in r.stderr and "not compiled" in r.stderr
    assert copy.with_name("acne-scars.compiled.json").read_bytes() == before
