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
    assert compiled is not None, "the committed copy is not used: run  python scripts/compile_rules.py"
    from_yaml = read_rules(str(RULES))
    assert compiled == from_yaml
    assert compiled.path == from_yaml.path == str(RULES)
    # line numbers survive, so findings and --explain still point into the YAML
    assert [r.line for r in compiled.rules] == [r.line for r in from_yaml.rules]
    assert bundle.load_rules() == from_yaml


@pytest.fixture
def copy(tmp_path):
    """The bundled YAML and a freshly compiled copy beside it (not the committed copy,
    so that only the test above fails while a maintainer's edit is not compiled yet)."""
    yaml_path = tmp_path / "acne-scars.yaml"
    shutil.copy(RULES, yaml_path)
    fresh = bundle.compile_rules(read_rules(str(yaml_path)), yaml_path.read_bytes())
    (tmp_path / "acne-scars.compiled.json").write_text(fresh, encoding="utf-8")
    assert bundle.load_compiled(str(yaml_path)) is not None
    return yaml_path


def test_an_edited_yaml_makes_the_copy_unusable(copy):
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("strength: best_fit", "strength: option", 1), encoding="utf-8")
    assert bundle.load_compiled(str(copy)) is None


def test_even_a_one_byte_edit_is_noticed(copy):
    copy.write_bytes(copy.read_bytes() + b"\n")
    assert bundle.load_compiled(str(copy)) is None


def _parts(path):
    header, payload, _ = path.read_text(encoding="utf-8").split("\n")
    return json.loads(header), json.loads(payload)


def _write(path, header, payload, reseal=True):
    text = json.dumps(payload, separators=(",", ":"))
    if reseal:  # a copy damaged but with a checksum that fits: only the content checks catch it
        header["payload"] = bundle.checksum(text.encode())
    path.write_text(json.dumps(header) + "\n" + text + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("tamper", "reseal"),
    [
        (lambda h, p: h["fields"]["Rule"].append("priority"), True),  # the model gained a field
        (lambda h, p: h.update(format=1), True),
        (lambda h, p: h.pop("source"), True),
        (lambda h, p: p.update(R="Exploit"), True),  # a class outside the table
        (lambda h, p: p["v"].pop(), True),  # wrong number of fields
        (lambda h, p: p.update(R="Option", v=["a", "b", "", False, 0]), True),  # not a rule set
        (lambda h, p: p["v"].__setitem__(1, ["oops"]), True),  # a question that is text
        (lambda h, p: p["v"][1][0]["v"].__setitem__(2, "ONE"), False),  # damaged, checksum not updated
    ],
)
def test_a_tampered_damaged_or_outdated_copy_is_ignored(copy, tamper, reseal):
    target = copy.with_name("acne-scars.compiled.json")
    header, payload = _parts(target)
    tamper(header, payload)
    _write(target, header, payload, reseal)
    assert bundle.load_compiled(str(copy)) is None


def test_the_checksums_do_not_depend_on_the_python_version():
    """The copy is made once and read by every supported Python (importlib's
    source_hash, tried first, is keyed by the interpreter's magic number)."""
    assert bundle.checksum(b"scarhelp") == "8-94daf382-0eec0353"


@pytest.mark.parametrize("content", [b"", b"{not json", b"\xff\xfe", b"[]", b"{}\n[]\n", b"{}\n{}\n{}\n"])
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
    header, payload, _ = bundle.compile_rules(rs, text.encode()).split("\n")
    assert json.loads(header)["source"] == bundle.checksum(text.encode())
    assert bundle._decode(json.loads(payload)).replace(path="gen.yaml") == rs


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
