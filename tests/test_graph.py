"""``scarhelp graph``: the decision flow as Mermaid or DOT, and the README's copy of it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from scarhelp import graph
from scarhelp.bundle import load_rules
from scarhelp.loader import parse_rules

from .conftest import ROOT, RULES, run_cli

MINI = ROOT / "tests" / "data" / "mini.yaml"
README = ROOT / "README.md"


def _script(name: str):
    """A script in scripts/ as a module: the README tooling ships in no wheel."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


readme_tool = _script("update_readme_graph")
REGENERATE = "python scripts/update_readme_graph.py"
DOT = shutil.which("dot")
needs_dot = pytest.mark.skipif(DOT is None, reason="Graphviz 'dot' is not installed (apt-get install graphviz)")

# Every character that needs escaping somewhere, in ids, labels and values.
SPECIAL = r"""
meta:
  title: 'Odd "rules" <v2> & #1'
  version: "0.1"
  last_reviewed: "2026-11-25"
  disclaimer: Informational only, not medical advice.
  source:
    title: T
    author: A
    reviewer: R
    publisher: P
    published: not stated
    references:
      - {number: 1, citation: "X"}
  claims:
    - {id: T1, text: t, refs: [1]}
questions:
  - id: 'q"1'
    text: 'Is it "quoted" <b>bold</b> & #hash | pipe \back `tick`?'
    kind: one
    options:
      - {value: 'say "hi"', label: a}
      - {value: 'a<b>&c', label: b}
  - id: end
    text: The end?
    kind: yes_no
    ask_if: {'q"1': 'say "hi"'}
treatments:
  - id: 'peel "deep"'
    name: 'Peel "deep" <20%> \n'
    what: w
    benefits: [{text: b, claims: [T1]}]
    harms: [{text: h, claims: [T1]}]
rules:
  - id: 'r-"1"'
    when: {'q"1': 'a<b>&c'}
    recommend: 'peel "deep"'
    strength: weaker_fit
    because: b
    claims: [T1]
  - id: r_"1"
    when: {end: {not: "yes"}}
    advise: a
    because: b
    claims: [T1]
"""


@pytest.fixture(scope="module")
def mini():
    return load_rules(MINI)


@pytest.fixture(scope="module")
def special():
    return parse_rules(SPECIAL, "special.yaml")


# -- the README -------------------------------------------------------------------


def test_readme_diagram_is_up_to_date(rules):
    text = README.read_text(encoding="utf-8")
    current = readme_tool.between_markers(text)
    assert current is not None, "README.md lost its <!-- graph:start --> / <!-- graph:end --> markers"
    assert current == readme_tool.readme_block(rules), (
        f"the decision-flow diagram in README.md is out of date; regenerate it with: {REGENERATE}"
    )


def test_replace_between_markers_touches_nothing_else():
    text = "# T\nbefore\n<!-- graph:start -->\nold\nstuff\n<!-- graph:end -->\nafter\n"
    new = readme_tool.replace_between_markers(text, "```mermaid\nX\n```\n")
    assert new == "# T\nbefore\n<!-- graph:start -->\n```mermaid\nX\n```\n<!-- graph:end -->\nafter\n"
    assert readme_tool.replace_between_markers(new, "```mermaid\nX\n```\n") == new
    with pytest.raises(ValueError):
        readme_tool.replace_between_markers("no markers", "x")


def test_update_script_is_idempotent(tmp_path):
    copy = tmp_path / "README.md"
    copy.write_text("intro\n<!-- graph:start -->\n<!-- graph:end -->\nrest\n", encoding="utf-8")
    script = ROOT / "scripts" / "update_readme_graph.py"
    r = subprocess.run([sys.executable, str(script), str(copy)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    first = copy.read_text(encoding="utf-8")
    assert first.startswith("intro\n<!-- graph:start -->\n```mermaid\n") and first.endswith(
        "```\n<!-- graph:end -->\nrest\n"
    )
    r = subprocess.run([sys.executable, str(script), str(copy)], capture_output=True, text=True, timeout=60)
    assert "up to date" in r.stdout and copy.read_text(encoding="utf-8") == first


# -- structure ------------------------------------------------------------------------


def test_mermaid_structure_for_mini(mini):
    out = graph.to_mermaid(mini)
    assert "\nflowchart TB\n" in out
    for node in ("q_scar_depth", "q_tried", "r_r1", "r_r2", "start", "report"):
        assert re.search(rf"^    {node}[\[(]", out, re.M), node
    assert '"1. scar_depth<br/>How deep?<br/>(choose one)"' in out
    assert '"2. tried<br/>Tried?<br/>(choose one or more)"' in out
    # skip logic: asked edge with its condition, and the dashed skip edge
    assert 'q_scar_depth -->|"if scar_depth: deep"| q_tried' in out
    assert 'q_scar_depth -.->|"otherwise: skip tried"| report' in out
    assert "q_tried --> report" in out
    # rules, their conditions and outcomes, styled by strength
    assert 'r_r1("r1<br/>when scar_depth: shallow")' in out
    assert 'r_r2("r2<br/>when scar_depth: deep<br/>and tried: creams")' in out
    assert "r_r1 --> o_creams_best_fit" in out and "r_r2 --> o_advice" in out
    assert re.search(r"^  class o_creams_best_fit best_fit$", out, re.M)
    assert re.search(r"^  class o_advice advice$", out, re.M)
    assert 'subgraph g_treatment_creams["Creams"]' in out and 'subgraph g_advice["General advice"]' in out


def test_dot_structure_for_mini(mini):
    out = graph.to_dot(mini)
    assert out.startswith("// ") and "digraph scarhelp {" in out and out.rstrip().endswith("}")
    for node in ("q_scar_depth", "q_tried", "r_r1", "r_r2", "start", "report"):
        assert f'    "{node}" [label=' in out, node
    assert '"q_scar_depth" -> "q_tried" [label="if scar_depth: deep"];' in out
    assert '"q_scar_depth" -> "report" [label="otherwise: skip tried", style=dashed' in out
    assert '"r_r1" -> "o_creams_best_fit";' in out
    assert 'label="r1\\nwhen scar_depth: shallow"' in out
    assert out.count('subgraph "cluster_') == 3  # questionnaire, Creams, General advice


def test_output_is_deterministic(rules):
    for fmt in graph.FORMATS:
        assert graph.render(rules, fmt) == graph.render(load_rules(RULES), fmt)


def test_bundled_skip_logic(rules):
    out = graph.to_mermaid(rules)
    # raised or unsure scar types skip every later question, the ones on what matters to
    # the person (asked last) too: nothing is suggested, so there is nothing to weigh
    ids = [q.id for q in rules.questions]
    first_pref = next(q.id for q in rules.questions if q.preference)
    assert [q.id for q in rules.questions if not q.preference][-1] == "over_21"
    assert all(q.preference for q in rules.questions[ids.index(first_pref) :])
    after_type = len(ids) - 1 - ids.index("scar_type")
    assert f'q_scar_type -.->|"otherwise: skip {after_type} questions"| report' in out
    assert 'q_tried -.->|"otherwise: skip creams_outcome"| q_peel_outcome' in out
    # being asked peel_outcome implies sunken scars, so avoid_downtime follows unconditionally
    assert "q_peel_outcome --> q_avoid_downtime\n" in out
    assert "q_scar_depth --> q_tried\n" in out
    # an allergy rules Bellafill out, so its other three questions are skipped
    assert f'q_collagen_allergy -.->|"otherwise: skip 3 questions"| q_{first_pref}' in out
    for q in rules.questions:
        assert f"q_{q.id}[" in out
    for r in rules.rules:
        assert f"r_{r.id.replace('-', '_')}(" in out


def test_rule_links_draw_the_deciding_question(mini):
    out = graph.to_mermaid(mini, rule_links=True)
    assert "q_scar_depth -.-> r_r1" in out and "q_tried -.-> r_r2" in out
    assert "-.-> r_" not in graph.to_mermaid(mini)
    assert '"q_tried" -> "r_r2" [style=dotted' in graph.to_dot(mini, rule_links=True)


def test_rule_links_on_the_bundled_rules_come_from_the_last_tested_question_as_the_readme_says():
    out = graph.to_mermaid(load_rules(RULES), rule_links=True)
    rule_set = load_rules(RULES)
    order = [q.id for q in rule_set.questions]
    # bellafill-depth-unsure tests scar_depth, collagen_allergy, scar_area, stretch_softens
    # and over_21: only the last draws an edge
    depth_unsure = next(r for r in rule_set.rules if r.id == "bellafill-depth-unsure")
    assert {t.question for t in depth_unsure.when.tests} >= {"scar_depth", "scar_area", "collagen_allergy"}
    links = re.findall(r"^\s*(q_\w+) -\.-> r_bellafill_depth_unsure$", out, re.M)
    assert links == ["q_over_21"]
    # bellafill-shallow-not-suited has 'any:' branches whose last tested questions are
    # tried, creams_outcome and peel_outcome (twice): one edge per deciding question
    shallow = next(r for r in rule_set.rules if r.id == "bellafill-shallow-not-suited")
    last = [max((t.question for t in b.tests), key=order.index) for b in shallow.when.branches]
    assert last == ["tried", "creams_outcome", "peel_outcome", "peel_outcome"]
    found = re.findall(r"^\s*(q_\w+) -\.-> r_bellafill_shallow_not_suited$", out, re.M)
    assert found == ["q_tried", "q_creams_outcome", "q_peel_outcome"]
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert "`--rule-links` adds a dotted edge to each rule from the question that decides it" in text
    assert "from every question to the rules that test it" not in text


def test_ids_are_escaped_and_unique(special):
    flow = graph.flow_graph(special)
    ids = list(flow.nodes)
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z0-9_]+", i) for i in ids), ids
    assert "r_r_1" in ids and "r_r_1_2" in ids  # r-"1" and r_"1" do not collide
    assert "q_end" in ids  # 'end' is a Mermaid keyword; the prefix keeps it a plain id


def test_mermaid_escapes_labels(special):
    out = graph.to_mermaid(special)
    for line in out.splitlines():
        if line.startswith(("%%", "---", "config:", "  flowchart:", "    wrapping")):
            continue
        # every label is one quoted string with no raw quote, angle bracket or pipe inside
        for label in re.findall(r'"([^"]*)"', line):
            assert not re.search(r"[<>|`]", label.replace("<br/>", "")), line
    assert "#quot;quoted#quot; #lt;b#gt;bold#lt;/b#gt; #amp;<br/>#35;hash #124; pipe #92;back #96;tick#96;?" in out
    assert 'subgraph g_treatment_peel_deep["Peel #quot;deep#quot; #lt;20%#gt; #92;n"]' in out
    assert 'if q#quot;1: say #quot;hi#quot;"' in out
    assert "when q#quot;1: a#lt;b#gt;#amp;c" in out


def test_dot_escapes_labels(special):
    out = graph.to_dot(special)
    assert 'label="1. q\\"1\\nIs it \\"quoted\\" <b>bold</b> &\\n#hash | pipe \\\\back `tick`?' in out
    assert 'subgraph "cluster_g_treatment_peel_deep" {' in out
    assert 'label="Peel \\"deep\\" <20%> \\\\n";' in out


@needs_dot
@pytest.mark.parametrize("which", ["bundled", "mini", "special"])
def test_dot_parses_with_graphviz(which, rules, mini, special):
    rule_set = {"bundled": rules, "mini": mini, "special": special}[which]
    r = subprocess.run([DOT, "-Tjson"], input=graph.to_dot(rule_set), capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "Warning" not in r.stderr and "Error" not in r.stderr, r.stderr
    data = json.loads(r.stdout)
    names = {o["name"] for o in data.get("objects", []) if "nodes" not in o}
    flow = graph.flow_graph(rule_set)
    assert set(flow.nodes) <= names
    if which == "special":
        labels = {o["name"]: o.get("label") for o in data["objects"]}
        q = next(n for n in flow.nodes if n.startswith("q_q"))
        # Graphviz reads the label back exactly (\n is its line break)
        assert labels[q] == '1. q"1\\nIs it "quoted" <b>bold</b> &\\n#hash | pipe \\\\back `tick`?\\n(choose one)'


# -- the command ---------------------------------------------------------------------------


def test_cli_default_is_mermaid_of_the_bundled_rules(rules):
    r = run_cli("graph")
    assert r.returncode == 0, r.stderr
    assert r.stdout == graph.to_mermaid(rules)


def test_cli_positional_and_rules_option(mini):
    a = run_cli("graph", str(MINI), "--format", "dot")
    b = run_cli("graph", "--rules", str(MINI), "-f", "dot")
    assert a.returncode == b.returncode == 0, a.stderr + b.stderr
    assert a.stdout == b.stdout == graph.to_dot(mini)


def test_cli_output_file(tmp_path, mini):
    out = tmp_path / "flow.mmd"
    r = run_cli("graph", str(MINI), "--output", str(out))
    assert r.returncode == 0 and r.stdout == ""
    assert out.read_text(encoding="utf-8") == graph.to_mermaid(mini)


def test_cli_bad_rules_file_exits_2_with_location(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("strength: best_fit", "strength: strongest"))
    r = run_cli("graph", str(bad))
    assert r.returncode == 2
    assert re.search(rf"{re.escape(str(bad))}:\d+:\d+: error: 'strongest' is not one of", r.stderr), r.stderr
    assert "Traceback" not in r.stderr


def test_cli_missing_rules_file_exits_2(tmp_path):
    r = run_cli("graph", str(tmp_path / "nope.yaml"))
    assert r.returncode == 2 and "no such rule file" in r.stderr


def test_cli_unknown_format_exits_2():
    r = run_cli("graph", "--format", "svg")
    assert r.returncode == 2
    assert "invalid choice: 'svg'" in r.stderr


def test_cli_two_different_rule_files_exit_2():
    r = run_cli("graph", str(MINI), "--rules", str(RULES))
    assert r.returncode == 2 and "two rule files" in r.stderr


def test_command_module_imports_nothing_heavy():
    code = (
        "import sys, scarhelp.commands.graph as g; "
        "print(sorted(m for m in sys.modules if m in ('scarhelp.graph', 'scarhelp.loader', 'yaml', 'rich')))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_invariants_and_not_shown_rules_are_drawn():
    from scarhelp.loader import parse_rules

    text = (
        MINI.read_text(encoding="utf-8")
        + """  - id: r3
    when: {scar_depth: deep}
    not_shown: creams
    because: deep
    claims: [T1]
invariants:
  - id: deep-never-best
    says: Creams are never the best fit for deep scars.
    claims: [T1]
    when: {scar_depth: deep}
    never: {creams: best_fit}
"""
    )
    rs = parse_rules(text, "m.yaml")
    out = graph.to_mermaid(rs)
    assert 'subgraph g_invariants["Invariants: what check proves of every result"]' in out
    assert (
        'i_deep_never_best["deep-never-best<br/>Creams are never the best<br/>fit for deep scars.<br/>when scar_depth: deep"]'
        in out
    )
    assert "r_r3 --> o_not_shown_creams" in out and "None" not in out
    assert 'o_not_shown_creams(["not shown, and why"])' in out
