"""``scarhelp test``: scenario files, their validation, the runner's output and coverage."""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest

from scarhelp import flow
from scarhelp import scenarios as S
from scarhelp.bundle import load_rules
from scarhelp.cli import main
from scarhelp.errors import InputError

from .conftest import ROOT, RULES, SCENARIOS

MINI = ROOT / "tests" / "data" / "mini.yaml"
MINI_SCENARIOS = ROOT / "tests" / "data" / "mini.scenarios.yaml"

SHALLOW = (
    '{active_acne: "no", scar_type: sunken, scar_depth: shallow, '
    'tried: [none], avoid_downtime: "no", darker_skin: "no"}'
)


def write(tmp_path, text: str, name: str = "s.scenarios.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


@pytest.fixture(scope="module")
def mini():
    return load_rules(MINI)


# -- the bundled rules ------------------------------------------------------------


def test_bundled_scenarios_pass_with_full_coverage(cli, rules):
    """The project-level check: every rule fires in some scenario, and all pass."""
    proc = cli("test", "--coverage", "--fail-under", "100")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    count = len(S.load_scenarios([SCENARIOS], rules))
    lines = proc.stdout.splitlines()
    assert lines[-1] == f"{count} passed, 0 failed"
    assert sum(1 for line in lines if line.startswith("PASS  rules/acne-scars.scenarios.yaml:")) == count
    n = len(rules.rules)
    assert f"  rules fired:       {n} of {n} (100.0%)" in lines
    assert "rules that no scenario fires:" not in proc.stdout
    assert "\x1b[" not in proc.stdout  # NO_COLOR is set by the fixture
    assert proc.stderr == ""


def test_bundled_scenarios_through_main(capsys):
    assert main(["test", "--fail-under", "100", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "PASS" not in out  # --quiet lists failures only
    assert out.rstrip().endswith(" passed, 0 failed")


def test_library_api_on_the_bundled_rules(rules):
    scenarios = S.load_scenarios([SCENARIOS], rules)
    results = S.run_scenarios(rules, scenarios)
    assert results and all(r.passed for r in results), [r.mismatches for r in results if not r.passed]
    cov = S.coverage(rules, results)
    assert cov.uncovered_rules == () and cov.uncovered_options == ()
    assert cov.rule_percent == 100.0 and cov.meets(100)
    first = scenarios[0]
    first_line = next(n for n, line in enumerate(SCENARIOS.read_text().splitlines(), 1) if line.startswith("  - name:"))
    assert first.location.file.endswith("acne-scars.scenarios.yaml") and first.location.line == first_line
    assert first.answers["tried"] == ("none",)


def test_default_scenario_file_is_beside_the_rules(tmp_path):
    assert S.default_scenarios_path(RULES) == SCENARIOS
    assert S.default_scenarios_path("x/y/mine.yml").as_posix() == "x/y/mine.scenarios.yaml"
    # a rule file without scenarios beside it: a clear message, exit 2
    shutil.copy(MINI, tmp_path / "lonely.yaml")
    proc_code = main(["test", "--rules", str(tmp_path / "lonely.yaml")])
    assert proc_code == 2


def test_missing_default_scenario_file_message(cli, tmp_path):
    shutil.copy(MINI, tmp_path / "lonely.yaml")
    proc = cli("test", "--rules", str(tmp_path / "lonely.yaml"))
    assert proc.returncode == 2
    assert "lonely.scenarios.yaml: no scenario file beside the rules" in proc.stderr
    assert "scarhelp test FILE" in proc.stderr


def test_rules_from_stdin_need_named_scenario_files(cli):
    text = MINI.read_text(encoding="utf-8")
    proc = cli("test", "--rules", "-", input=text)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "the rules come from stdin, so there is no scenario file beside them" in proc.stderr
    assert "<stdin>.scenarios.yaml" not in proc.stderr
    proc = cli("test", "--rules", "-", str(MINI.with_name("mini.scenarios.yaml")), input=text)
    assert proc.returncode == 0 and "2 passed, 0 failed" in proc.stdout


# -- failures ---------------------------------------------------------------------


def test_wrong_strength_fails_with_a_diff(cli, tmp_path):
    path = write(
        tmp_path,
        f"""\
        scenarios:
          - name: creams are only an option here
            answers: {SHALLOW}
            expect:
              shown: {{topical_creams: option, chemical_peel: option}}
          - name: this one is right
            answers: {SHALLOW}
            expect:
              shown: {{topical_creams: best_fit}}
        """,
    )
    proc = cli("test", str(path))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0] == f"FAIL  {path}:2  creams are only an option here"
    assert lines[1] == f"      {path}:5:31  shown.topical_creams"
    assert lines[2] == "        - expected: option"
    assert lines[3] == "        + actual:   best_fit"
    assert lines[4] == f"PASS  {path}:6  this one is right"
    assert lines[-1] == "1 passed, 1 failed"
    assert "chemical_peel" not in proc.stdout  # only the failed expectation is shown


def test_every_kind_of_mismatch(rules, tmp_path):
    path = write(
        tmp_path,
        f"""\
        scenarios:
          - name: wrong about everything
            answers: {SHALLOW}
            expect:
              shown: {{bellafill: best_fit}}
              not_shown: [chemical_peel]
              advice: [depth-unsure-ask]
              caveats: [peel-darker-skin]
              only: true
          - name: raised scars get advice
            answers: {{active_acne: "no", scar_type: raised}}
            expect:
              no_advice: true
        """,
    )
    results = S.run_scenarios(rules, S.load_scenarios([path], rules))
    first, second = results
    got = {(m.subject, m.expected, m.actual) for m in first.mismatches}
    assert ("shown.bellafill", "best_fit", "not_suited") in got
    assert ("not_shown: chemical_peel", "not shown", "shown as option") in got
    assert ("advice: depth-unsure-ask", "'depth-unsure-ask' among the advice", "(none)") in got
    assert (
        "caveats: peel-darker-skin",
        "'peel-darker-skin' among the caveats",
        "creams-slow, peel-side-effects",
    ) in got
    assert (
        "only: shown",
        "no other treatment with a strength",
        "topical_creams: best_fit, chemical_peel: option",
    ) in got
    assert ("only: caveats", "no other caveats", "creams-slow, peel-side-effects") in got
    assert [m.location.line for m in first.mismatches] == [5, 6, 7, 8, 9, 9]
    assert [(m.check, m.actual) for m in second.mismatches] == [("no_advice", "raised-scars-outside-guide")]


def test_caveat_on_a_treatment_that_is_not_shown_explains_why(rules, tmp_path):
    answers = SHALLOW.replace("scar_depth: shallow", "scar_depth: deep").replace(
        'darker_skin: "no"',
        'darker_skin: "no", scar_area: cheeks, stretch_softens: "yes", over_21: "yes", collagen_allergy: "no"',
    )
    path = write(
        tmp_path,
        f"""\
        scenarios:
          - name: the creams caveat cannot show when creams are ruled out
            answers: {answers}
            expect:
              caveats: [creams-slow]
        """,
    )
    (result,) = S.run_scenarios(rules, S.load_scenarios([path], rules))
    (m,) = result.mismatches
    assert "creams-slow" in result.fired
    assert "the rule fired, but topical_creams is not_suited, so its caveat is not printed" in m.actual


def test_treatment_no_rule_shows_reports_why(rules, mini, tmp_path):
    path = write(
        tmp_path,
        """\
        scenarios:
          - name: raised scars show nothing
            answers: {active_acne: "no", scar_type: raised}
            expect:
              shown: {chemical_peel: option}
        """,
    )
    (result,) = S.run_scenarios(rules, S.load_scenarios([path], rules))
    (m,) = result.mismatches
    why = next(r.because for r in rules.rules if r.id == "raised-not-shown-peel")
    assert m.actual == f"not shown ({why})"
    # with no not_shown rule, the engine's own words: the rule that did not apply
    bare = write(
        tmp_path,
        """\
        scenarios:
          - name: deep scars show no creams
            answers: {scar_depth: deep, tried: [none]}
            expect:
              shown: {creams: option}
        """,
        "bare.scenarios.yaml",
    )
    (result,) = S.run_scenarios(mini, S.load_scenarios([bare], mini))
    (m,) = result.mismatches
    assert m.actual.startswith("not shown (rule 'r1' did not apply: it needs scar_depth is 'Shallow'")


# -- coverage on a rule set small enough to count by hand --------------------------


def test_mini_coverage_numbers(mini):
    results = S.run_scenarios(mini, S.load_scenarios([MINI_SCENARIOS], mini))
    assert [r.passed for r in results] == [True, True]
    cov = S.coverage(mini, results)
    assert cov.rules_covered == ("r1",) and cov.rules_total == 2 and cov.rule_percent == 50.0
    assert [(r.id, cov.rule_location(r).line) for r in cov.uncovered_rules] == [("r2", 43)]
    assert (cov.options_covered, cov.options_total, cov.option_percent) == (3, 4, 75.0)
    assert [(q.id, o.value, cov.option_location(q, o).line) for q, o in cov.uncovered_options] == [
        ("tried", "creams", 28)
    ]
    assert cov.per_question == (("scar_depth", 2, 2), ("tried", 1, 2))
    assert cov.meets(50) and not cov.meets(50.1)


def test_mini_coverage_text(cli):
    proc = cli("test", "--rules", "tests/data/mini.yaml", "--coverage")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "coverage of tests/data/mini.yaml by 2 scenarios:" in out
    assert "  rules fired:       1 of 2 (50.0%)" in out
    assert "  options answered:  3 of 4 (75.0%)" in out
    assert "    tried       1/2  <- not all used" in out
    assert "  rules that no scenario fires:\n    tests/data/mini.yaml:43  r2\n" in out
    assert "  answer options that no scenario uses:\n    tests/data/mini.yaml:28  tried: creams\n" in out
    assert out.splitlines()[-1] == "2 passed, 0 failed"


def test_fail_under_fails_below_and_passes_at_the_threshold(cli):
    args = ("test", "tests/data/mini.scenarios.yaml", "--rules", "tests/data/mini.yaml")
    low = cli(*args, "--fail-under", "60")
    assert low.returncode == 1
    assert "rule coverage 50.0% is under --fail-under 60% (1 of 2 rules fired" in low.stderr
    assert "2 passed, 0 failed" in low.stdout  # every scenario passed: the exit is coverage's
    assert "rules fired:       1 of 2" in low.stdout  # --fail-under implies --coverage
    ok = cli(*args, "--fail-under", "50")
    assert ok.returncode == 0, ok.stderr
    assert ok.stderr == ""
    bad = cli(*args, "--fail-under", "150")
    assert bad.returncode == 2 and "not a percentage from 0 to 100" in bad.stderr


def test_json_output(cli, tmp_path):
    failing = write(
        tmp_path,
        """\
        scenarios:
          - name: shallow scars wrongly expected as an option
            answers: {scar_depth: shallow}
            expect:
              shown: {creams: option}
        """,
    )
    proc = cli(
        "test",
        "tests/data/mini.scenarios.yaml",
        str(failing),
        "--rules",
        "tests/data/mini.yaml",
        "--format",
        "json",
        "--fail-under",
        "80",
    )
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["summary"] == {"total": 3, "passed": 2, "failed": 1}
    assert data["files"] == ["tests/data/mini.scenarios.yaml", str(failing)]
    bad = data["scenarios"][2]
    assert bad["passed"] is False and bad["file"] == str(failing) and bad["line"] == 2
    assert bad["mismatches"] == [
        {
            "check": "shown",
            "subject": "shown.creams",
            "expected": "option",
            "actual": "best_fit",
            "file": str(failing),
            "line": 5,
            "column": 23,
        }
    ]
    rules_cov = data["coverage"]["rules"]
    assert (rules_cov["covered"], rules_cov["total"], rules_cov["percent"]) == (1, 2, 50.0)
    assert rules_cov["uncovered"] == [{"id": "r2", "file": "tests/data/mini.yaml", "line": 43}]
    opts = data["coverage"]["options"]
    assert (opts["covered"], opts["total"], opts["percent"]) == (3, 4, 75.0)
    assert opts["uncovered"] == [{"question": "tried", "value": "creams", "file": "tests/data/mini.yaml", "line": 28}]
    assert data["coverage"]["fail_under"] == {"threshold": 80.0, "met": False}


# -- invalid scenario files: every problem, with file:line:column --------------------


def errors_of(cli, path, *extra):
    proc = cli("test", str(path), *extra)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    return proc.stderr


def test_unknown_treatment_and_strength_with_suggestions(cli, tmp_path):
    path = write(
        tmp_path,
        f"""\
        scenarios:
          - name: typos
            answers: {SHALLOW}
            expect:
              shown: {{topical_cream: best_fit, chemical_peel: best}}
              not_shown: [belafill]
        """,
    )
    err = errors_of(cli, path)
    assert f"{path}: 3 problem(s) in the scenarios" in err
    assert f"{path}:5:15: error: unknown treatment 'topical_cream' (at scenarios[0].expect.shown.topical_cream)" in err
    assert "hint: did you mean 'topical_creams'?" in err
    assert f"{path}:5:55: error: unknown strength 'best' for 'chemical_peel'" in err
    assert "hint: did you mean 'best_fit'?" in err
    assert f"{path}:6:19: error: unknown treatment 'belafill' in 'not_shown'" in err
    assert "hint: did you mean 'bellafill'?" in err


def test_unknown_rule_id_and_rule_of_the_wrong_kind(cli, tmp_path):
    path = write(
        tmp_path,
        f"""\
        scenarios:
          - name: rule ids
            answers: {SHALLOW}
            expect:
              advice: [depth-unsure-asks]
              caveats: [creams-slow, creams-shallow, acne-unsure-ask]
        """,
    )
    err = errors_of(cli, path)
    assert f"{path}:5:16: error: unknown rule 'depth-unsure-asks' in 'advice'" in err
    assert "hint: did you mean 'depth-unsure-ask'?" in err
    assert (
        f"{path}:6:30: error: rule 'creams-shallow' gives a strength (best_fit) for topical_creams, not a caveat" in err
    )
    assert f"{path}:6:46: error: rule 'acne-unsure-ask' gives advice, not a caveat" in err
    assert "hint: list it under 'advice'" in err


def test_bad_answers_point_into_the_scenario_file(cli, rules, tmp_path):
    path = write(
        tmp_path,
        """\
        scenarios:
          - name: misspelt answers
            answers:
              active_acne: "no"
              scar_type: sunkn
              scar_dept: deep
            expect: {no_advice: true}
          - name: answers a question the skip logic skips
            answers: {active_acne: "no", scar_type: raised, scar_depth: deep}
            expect: {no_advice: true}
          - name: leaves questions out
            answers: {active_acne: "no", scar_type: sunken}
            expect: {no_advice: true}
        """,
    )
    err = errors_of(cli, path)
    unanswered = ", ".join(
        q.id for q in flow.missing(rules, {"active_acne": "no", "scar_type": "sunken"}, preferences=False)
    )
    assert unanswered == "scar_depth, tried, avoid_downtime, darker_skin"
    assert f"{path}:5:18: error: 'sunkn' is not an answer to 'scar_type'" in err
    assert "(at scenarios[0].answers.scar_type)\n    hint: did you mean 'sunken'?" in err
    assert f"{path}:6:7: error: unknown question 'scar_dept' (at scenarios[0].answers.scar_dept)" in err
    assert "hint: did you mean 'scar_depth'?" in err
    assert f"{path}:9:53: error: 'scar_depth' is not asked with these answers (skip logic)" in err
    assert f"{path}:12:14: error: these answers leave questions unanswered: {unanswered}" in err


def test_unknown_keys_missing_keys_and_duplicates(cli, tmp_path):
    path = write(
        tmp_path,
        f"""\
        scenario_list: []
        scenarios:
          - name: one
            answer: {SHALLOW}
            expect: {{shown: {{topical_creams: best_fit}}, caveat: [creams-slow]}}
          - name: one
            answers: {SHALLOW}
            expect: {{}}
        """,
    )
    err = errors_of(cli, path)
    assert f"{path}:1:1: error: unknown key 'scenario_list' in the scenario file" in err
    assert f"{path}:3:5: error: this scenario is missing the required key 'answers'" in err
    assert (
        f"{path}:4:5: error: unknown key 'answer' in a scenario (at scenarios[0].answer)\n    hint: did you mean 'answers'?"
        in err
    )
    assert f"{path}:5:49: error: unknown key 'caveat' in 'expect'" in err
    assert "hint: did you mean 'caveats'?" in err
    assert f"{path}:6:11: error: duplicate scenario name 'one'" in err
    assert f"{path}:8:13: error: 'expect' checks nothing" in err


def test_problems_of_several_files_are_reported_together(cli, tmp_path):
    a = write(
        tmp_path,
        "scenarios:\n  - name: a\n    answers: {scar_depth: deep}\n    expect: {shown: {cream: option}}\n",
        "a.yaml",
    )
    b = write(tmp_path, "scenarios: []\n", "b.yaml")
    err = errors_of(cli, a, str(b), "--rules", str(MINI))
    assert "2 scenario files: 3 problem(s) in the scenarios" in err
    assert f"{a}:3:14: error: these answers leave questions unanswered: tried" in err
    assert f"{a}:4:22: error: unknown treatment 'cream'" in err
    assert f"{b}:1:12: error: 'scenarios' is empty" in err


def test_missing_file(cli, tmp_path):
    err = errors_of(cli, tmp_path / "nope.scenarios.yaml")
    assert f"{tmp_path / 'nope.scenarios.yaml'}: no such scenario file" in err


def test_invalid_yaml(cli, tmp_path):
    path = write(tmp_path, "scenarios:\n  - name: x\n    answers: {scar_type: [sunken}\n")
    err = errors_of(cli, path)
    assert f"{path}:3:" in err and "the scenario file is not valid YAML" in err


def test_not_a_mapping_and_unsafe_tags(cli, tmp_path):
    path = write(tmp_path, "- just a list\n")
    assert f"{path}:1:1: a scenario file is a mapping with a 'scenarios:' list; found a list" in errors_of(cli, path)
    path = write(tmp_path, "scenarios: !!python/object:os.system {}\n", "tag.yaml")
    assert "is not allowed in a scenario file" in errors_of(cli, path)


def test_library_raises_the_projects_input_error(mini, tmp_path):
    path = write(tmp_path, "scenarios:\n  - name: x\n    answers: {scar_depth: deeep}\n    expect: {only: true}\n")
    with pytest.raises(InputError) as info:
        S.load_scenarios([path], mini)
    assert isinstance(info.value, S.ScenarioError)
    (problem,) = info.value.problems
    assert (problem.location.line, problem.location.column) == (3, 27)
    assert problem.hint == "did you mean 'deep'?"


def test_test_command_imports_no_terminal_ui():
    from .test_imports import heavy_in, imported_modules

    assert heavy_in(imported_modules("test", "--coverage")) == []


def test_invariant_coverage_counts_scenarios_an_invariant_speaks_about(cli, tmp_path):
    rules = tmp_path / "inv.yaml"
    rules.write_text(
        MINI.read_text(encoding="utf-8")
        + """invariants:
  - id: deep-never-best
    says: Creams are never best for deep scars.
    claims: [T1]
    when: {scar_depth: deep}
    never: {creams: best_fit}
  - id: weak-means-advice
    says: Where nothing is shown at option or better, advice follows.
    claims: [T1]
    unless_shown_at_least: option
    require: [r2]
  - id: tried-creams
    says: Tried creams means advice.
    claims: [T1]
    when: {tried: creams}
    require: [r2]
""",
        encoding="utf-8",
    )
    scen = tmp_path / "inv.scenarios.yaml"
    scen.write_text((ROOT / "tests" / "data" / "mini.scenarios.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    r = cli("test", str(scen), "--rules", str(rules), "--fail-under", "50")
    # deep-never-best: the deep scenario; weak-means-advice: the deep scenario shows nothing;
    # tried-creams: no scenario chooses creams
    assert "invariants met:    2 of 3 (66.6%)" in r.stdout
    assert f"{rules}:" in r.stdout and "tried-creams" in r.stdout.split("invariants that no scenario meets:")[1]
    assert r.returncode == 0, r.stderr
    high = cli("test", str(scen), "--rules", str(rules), "--fail-under", "70")
    assert high.returncode == 1
    assert "invariant coverage 66.6% is under --fail-under 70% (2 of 3 invariants met)" in high.stderr


def test_results_are_coloured_on_a_terminal_as_the_report_is():
    # the PASS/FAIL marks and the expected/actual lines take the report's one colouring
    from scarhelp.commands.test import _text
    from scarhelp.render.panels import paint

    rules = load_rules(MINI)
    results = S.run_scenarios(rules, S.load_scenarios([MINI_SCENARIOS], rules))
    plain = _text(rules, results, None, quiet=False, color=False)
    coloured = _text(rules, results, None, quiet=False, color=True)
    assert "\x1b" not in plain and paint("PASS", "green") in coloured
    assert coloured.replace(paint("PASS", "green"), "PASS").count("\x1b[") == 2  # the summary line only
