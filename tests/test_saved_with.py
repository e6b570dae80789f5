"""An answers file records the rule set it was saved with (``_rules``), and a run
against another version of the rules says so and asks again what changed."""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT

MINI = (ROOT / "tests" / "data" / "mini.yaml").read_text(encoding="utf-8")

# version 0.2: 'tried' gains an option and a new question 'area' is asked of everyone
NEWER = (
    MINI.replace('version: "0.1"', 'version: "0.2"')
    .replace(
        "      - {value: none, label: None, exclusive: true}",
        "      - {value: peel, label: Peel}\n      - {value: none, label: None, exclusive: true}",
    )
    .replace(
        "treatments:",
        "  - id: area\n    text: Where?\n    kind: one\n    options:\n"
        "      - {value: cheeks, label: Cheeks}\n      - {value: forehead, label: Forehead}\ntreatments:",
        1,
    )
)


@pytest.fixture
def rules_v1(tmp_path):
    path = tmp_path / "rules-v1.yaml"
    path.write_text(MINI, encoding="utf-8")
    return path


@pytest.fixture
def rules_v2(tmp_path):
    path = tmp_path / "rules-v2.yaml"
    path.write_text(NEWER, encoding="utf-8")
    return path


@pytest.fixture
def saved(cli, rules_v1, tmp_path):
    path = tmp_path / "saved.yaml"
    proc = cli(
        "--rules", str(rules_v1), "--set", "scar_depth=deep", "--set", "tried=creams",
        "--save-answers", str(path), "--no-input", "-f", "json",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return path


def test_saved_answers_record_the_rule_set_as_data(saved, rules_v1):
    from scarhelp.bundle import load_rules
    from scarhelp.yamldoc import load_yaml

    data = load_yaml(saved.read_text(encoding="utf-8"), "saved.yaml", "answers file").data
    assert data["_rules"] == {
        "title": "Mini",
        "version": "0.1",
        "options": {"scar_depth": ["shallow", "deep"], "tried": ["creams", "none"]},
    }
    from scarhelp.answers import load_answers_file

    answers, warnings, origin = load_answers_file(str(saved), load_rules(str(rules_v1)))
    assert answers == {"scar_depth": "deep", "tried": ("creams",)} and warnings == []
    assert origin["version"] == "0.1" and origin["stale"] == []


def test_the_same_rules_say_nothing(cli, saved, rules_v1):
    proc = cli("--rules", str(rules_v1), "--answers", str(saved), "--no-input", "-f", "json")
    assert proc.returncode == 0 and proc.stderr == ""


def test_another_version_names_new_and_changed_questions_and_no_input_exits_2(cli, saved, rules_v2):
    proc = cli("--rules", str(rules_v2), "--answers", str(saved), "--no-input", "-f", "json")
    assert proc.returncode == 2 and proc.stdout == ""
    assert (
        f"scarhelp: {saved} was saved with rule set version 0.1; these rules are version 0.2; "
        "new or changed questions to answer again: tried, area\n"
    ) in proc.stderr
    assert f"{saved}: missing answers for: tried, area\n(new or changed since the file was saved: tried, area)" in (
        proc.stderr
    )
    assert "Traceback" not in proc.stderr
    # answered again on the command line, it runs; the unchanged answer is kept
    ok = cli(
        "--rules", str(rules_v2), "--answers", str(saved), "--set", "tried=peel", "--set", "area=cheeks", "-f", "json"
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["answers"] == {"scar_depth": "deep", "tried": ["peel"], "area": "cheeks"}
    assert "was saved with rule set version 0.1" in ok.stderr


def test_a_file_without_the_key_keeps_working(cli, saved, rules_v2):
    lines = [line for line in saved.read_text().splitlines() if not line.startswith("_rules")]
    saved.write_text("\n".join(lines) + "\n")
    proc = cli("--rules", str(rules_v2), "--answers", str(saved), "--no-input", "--set", "area=cheeks", "-f", "json")
    assert proc.returncode == 0 and proc.stderr == ""
    assert json.loads(proc.stdout)["answers"]["tried"] == ["creams"]


def test_a_file_with_only_title_and_version(cli, saved, rules_v2):
    saved.write_text('scar_depth: shallow\n_rules: {title: Mini, version: "0.1"}\n')
    proc = cli("--rules", str(rules_v2), "--answers", str(saved), "--no-input", "--set", "area=cheeks", "-f", "json")
    assert proc.returncode == 0, proc.stderr
    assert "was saved with rule set version 0.1; these rules are version 0.2; the file does not record" in proc.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("sunken", "expected a mapping of title, version and options, found text"),
        ("{title: Mini}", "'version' must be text, found nothing (null)"),
        ('{title: Mini, version: "1", by: me}', "unknown key 'by'"),
        ('{title: Mini, version: "1", options: {tried: creams}}', "'options' maps each question id"),
    ],
)
def test_a_broken_record_is_located(cli, tmp_path, rules_v1, value, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"scar_depth: shallow\n_rules: {value}\n")
    proc = cli("--rules", str(rules_v1), "--answers", str(bad), "--no-input")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{bad}:2:" in proc.stderr and message in proc.stderr, proc.stderr


def test_a_question_removed_since_is_a_warning_not_an_error(cli, tmp_path, rules_v2, rules_v1):
    """Saved with 0.2 (which has 'area'), run with 0.1: 'area' is ignored with a warning."""
    path = tmp_path / "v2.yaml"
    proc = cli(
        "--rules", str(rules_v2), "--set", "scar_depth=shallow", "--set", "area=cheeks",
        "--save-answers", str(path), "--no-input", "-f", "json",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    proc = cli("--rules", str(rules_v1), "--answers", str(path), "--no-input", "-f", "json")
    assert proc.returncode == 0, proc.stderr
    assert "'area' is not a question of this rule set (version 0.1)" in proc.stderr
    assert "was saved with rule set version 0.2; these rules are version 0.1" in proc.stderr
