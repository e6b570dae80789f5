"""The findings that judge the result (scarhelp.checks), held to an oracle that enumerates every answer.

Each test generates rule sets with ``not_shown`` rules, ``unsure`` options and
invariants, walks every reachable answer set through the engine, works out from
first principles where each property fails, and requires ``check`` to report
exactly those answer sets: no more, no fewer.
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from scarhelp.analysis.check import check
from scarhelp.conditions import branches_of, holds
from scarhelp.engine import evaluate

from .conftest import RULES, run_cli
from .test_analysis import STRENGTHS, answers_for, conditions, every_answer_set, examples, in_region, load, rule_sets

OUTCOMES = [*STRENGTHS, "not_shown"]
SHOWN = set(STRENGTHS[:-1])


def _values(q: dict) -> list[str]:
    return [o["value"] for o in q["options"]] if "options" in q else ["yes", "no"]


@st.composite
def judged_rule_sets(draw):
    """A generated rule set with some unsure options, not_shown rules and invariants."""
    data = draw(rule_sets())
    questions = data["questions"]
    for q in questions:
        if q["kind"] == "many" or not draw(st.booleans()):
            continue
        if q["kind"] == "yes_no":
            q["options"] = [
                {"value": "yes", "label": "Yes"},
                {"value": "no", "label": "No"},
                {"value": "ns", "label": "Not sure", "unsure": True},
            ]
        else:
            q["options"][draw(st.integers(0, len(q["options"]) - 1))]["unsure"] = True
    for q in questions:
        q["_values"] = _values(q)
    tids = [t["id"] for t in data["treatments"]]
    for i in range(draw(st.integers(0, 3))):
        r = {"id": f"n{i}", "not_shown": draw(st.sampled_from(tids)), "because": "why", "claims": ["C0"]}
        if draw(st.booleans()):
            r["when"] = draw(conditions(questions))
        data["rules"].append(r)
    rids = [r["id"] for r in data["rules"]]
    invariants = []
    for i in range(draw(st.integers(0, 3))):
        inv: dict = {"id": f"i{i}", "says": "s", "claims": ["C0"]}
        if draw(st.booleans()):
            inv["when"] = draw(conditions(questions))
        if draw(st.integers(0, 2)) == 0:
            inv["unless_shown_at_least"] = draw(st.sampled_from(STRENGTHS[:-1]))
        if draw(st.integers(0, 2)) == 0:
            inv["if_shown_at_least"] = draw(st.sampled_from(STRENGTHS[:-1]))
        for key in ("never", "always"):
            if draw(st.booleans()):
                inv[key] = {
                    t: draw(st.lists(st.sampled_from(OUTCOMES), min_size=1, max_size=3, unique=True))
                    for t in draw(st.lists(st.sampled_from(tids), min_size=1, max_size=2, unique=True))
                }
        for key in ("require", "require_any", "forbid"):
            if draw(st.integers(0, 2)) == 0:
                inv[key] = draw(st.lists(st.sampled_from(rids), min_size=1, max_size=2, unique=True))
        if not any(k in inv for k in ("never", "always", "require", "require_any", "forbid")):
            inv["require"] = [rids[0]]
        invariants.append(inv)
    for q in questions:
        del q["_values"]
    data["invariants"] = invariants
    return data


# -- the oracle: what a report shows, from the rules' conditions alone ---------------------------


def final(rs, answers) -> dict[str, str]:
    out = {}
    for t in rs.treatments:
        fired = [
            r.strength for r in rs.rules if r.kind == "recommend" and r.treatment == t.id and holds(r.when, answers)
        ]
        out[t.id] = max(fired, key=STRENGTHS.index) if fired else "not_shown"
    return out


def appears(rs, rule, answers, strengths) -> bool:
    if not holds(rule.when, answers):
        return False
    if rule.kind == "advise" or (rule.kind == "caveat" and rule.treatment is None):
        return True
    if rule.kind == "caveat":
        return strengths[rule.treatment] in SHOWN
    if rule.kind == "recommend":
        return strengths[rule.treatment] == rule.strength
    return strengths[rule.treatment] == "not_shown"


def violates(rs, inv, answers) -> bool:
    if not holds(inv.when, answers):
        return False
    s = final(rs, answers)
    if inv.unless_shown_at_least:
        strong = STRENGTHS[: STRENGTHS.index(inv.unless_shown_at_least) + 1]
        if any(v in strong for v in s.values()):
            return False
    if inv.if_shown_at_least:
        needed = STRENGTHS[: STRENGTHS.index(inv.if_shown_at_least) + 1]
        if not any(v in needed for v in s.values()):
            return False
    by_id = {r.id: r for r in rs.rules}
    return (
        any(s[t] in bad for t, bad in inv.never)
        or any(s[t] not in good for t, good in inv.always)
        or any(not appears(rs, by_id[r], answers, s) for r in inv.require)
        or (bool(inv.require_any) and not any(appears(rs, by_id[r], answers, s) for r in inv.require_any))
        or any(appears(rs, by_id[r], answers, s) for r in inv.forbid)
    )


def counterfactuals(rs, answers, qid, value):
    """Every answer set that keeps ``answers`` but answers ``qid`` with ``value``."""

    def walk(i, got):
        if i == len(rs.questions):
            yield dict(got)
            return
        q = rs.questions[i]
        if not holds(q.ask_if, got):
            yield from walk(i + 1, got)
            return
        choices = [value] if q.id == qid else [answers[q.id]] if q.id in answers else answers_for(q)
        for a in choices:
            got[q.id] = a
            yield from walk(i + 1, got)
        del got[q.id]

    yield from walk(0, {})


def narrowing(rs, q, answers) -> set[tuple]:
    """What fails of 'not sure widens' for answers that say "not sure" to ``q``."""
    u = q.unsure_option.value
    here = final(rs, answers)
    fails = set()
    for d in (o.value for o in q.options if o.value != u):
        for b in counterfactuals(rs, answers, q.id, d):
            there = final(rs, b)
            for t in here:
                if there[t] in SHOWN and here[t] not in SHOWN:
                    fails.add(("a", t, d))
                if here[t] == "best_fit" and there[t] != "best_fit":
                    fails.add(("b", t, d))
    about = [
        r
        for r in rs.rules
        if r.kind in ("advise", "caveat")
        and any(t.question == q.id and (u in t.values) != t.negated for b in branches_of(r.when) for t in b.tests)
    ]
    if not any(appears(rs, r, answers, here) for r in about):
        fails.add(("c", None, None))
    return fails


def covered(finding, everything) -> list[dict]:
    return [a for a in everything if any(in_region(r, a) for r in finding.region_data)]


# -- the properties -------------------------------------------------------------------------------


@examples(250)
@given(judged_rule_sets())
def test_invariant_findings_are_exactly_the_violating_answers(data):
    rs = load(data)
    report = check(rs)
    everything = list(every_answer_set(rs))
    found = {f.rules[0][0].removeprefix("invariant "): f for f in report.findings if f.kind == "invariant"}
    for inv in rs.invariants:
        bad = [a for a in everything if violates(rs, inv, a)]
        f = found.get(inv.id)
        assert (f is not None) == bool(bad), (inv, bad[:3])
        if f is not None and "at least" not in f.message:  # a listing cut short says so
            assert covered(f, everything) == bad
            assert f.rules[0][1] == inv.line


@examples(250)
@given(judged_rule_sets())
def test_unsure_findings_are_exactly_the_narrowing_answers(data):
    rs = load(data)
    report = check(rs)
    everything = list(every_answer_set(rs))
    for q in rs.questions:
        if q.unsure_option is None:
            continue
        expected: dict[tuple, list] = {}
        for a in everything:
            if a.get(q.id) == q.unsure_option.value:
                for what in narrowing(rs, q, a):
                    expected.setdefault(what, []).append(a)
        mine = [f for f in report.findings if f.kind == "unsure-narrows" and f.rules[0][0] == f"question {q.id}"]
        got = {}
        for f in mine:
            kind = "a" if "does not show" in f.message else "b" if "best fit" in f.message else "c"
            t = next((t.id for t in rs.treatments if f" {t.id}" in f.message.split(":")[0]), None)
            d = None if kind == "c" else f.message.split("answering '")[2].split("'")[0]
            got[(kind, t, d)] = covered(f, everything)
        assert set(got) == set(expected)
        for what, answers in expected.items():
            assert got[what] == answers, what


@examples(250)
@given(judged_rule_sets())
def test_generated_why_not_findings_are_exactly_the_unexplained_answers(data):
    rs = load(data)
    report = check(rs)
    everything = list(every_answer_set(rs))
    for t in rs.treatments:
        unexplained = [
            a
            for a in everything
            if all(
                not holds(r.when, a) for r in rs.rules if r.treatment == t.id and r.kind in ("recommend", "not_shown")
            )
        ]
        # the engine agrees: these are exactly the answers whose "not shown" reason it generates
        generated = [
            a
            for a in everything
            if any(n.treatment == t.id and n.rule is None for n in evaluate(rs, a).not_recommended)
        ]
        assert generated == unexplained
        mine = [f for f in report.findings if f.kind == "generated-why-not" and f.rules[0][0] == f"treatment {t.id}"]
        assert bool(mine) == bool(unexplained)
        if mine:
            assert covered(mine[0], everything) == unexplained


# -- the bundled guidance keeps its promises, and check notices when a copy breaks one ----------


def _without_rule(text: str, rule_id: str) -> str:
    start = text.index(f"  - id: {rule_id}\n")
    end = text.index("\n  - id: ", start + 1) + 1
    return text[:start] + text[end:]


def test_bundled_rules_prove_every_invariant_and_widening():
    from scarhelp.bundle import load_rules

    rs = load_rules(str(RULES))
    assert len(rs.invariants) >= 10 and sum(1 for q in rs.questions if q.unsure_option) >= 8
    report = check(rs)
    assert [f.message for f in report.findings if f.severity == "error"] == []


def test_a_copy_with_the_under_21_rule_raised_to_best_fit_fails_with_the_invariant(tmp_path):
    text = RULES.read_text(encoding="utf-8")
    i = text.index("  - id: bellafill-under-21\n")
    j = text.index("strength: weaker_fit", i)
    broken = tmp_path / "raised.yaml"
    broken.write_text(text[:j] + "strength: best_fit" + text[j + len("strength: weaker_fit") :], encoding="utf-8")
    proc = run_cli("check", str(broken), "--format", "json")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = json.loads(proc.stdout)["findings"]
    inv = [f for f in found if f["kind"] == "invariant" and "'bellafill-best-only-within-approval'" in f["message"]]
    assert inv, [f["message"] for f in found]
    assert inv[0]["locations"][0]["item"] == "invariant bellafill-best-only-within-approval"
    assert inv[0]["locations"][0]["line"] == text[: text.index("  - id: bellafill-best-only-within")].count("\n") + 1
    assert all(r["over_21"] == ["no"] for r in inv[0]["regions"]), inv[0]["regions"]
    assert any("bellafill is best_fit" in t for t in inv[0]["regions_text"])


def test_a_copy_without_a_not_sure_rule_fails_with_the_question_and_a_region(tmp_path):
    broken = tmp_path / "removed.yaml"
    broken.write_text(_without_rule(RULES.read_text(encoding="utf-8"), "bellafill-age-unsure"), encoding="utf-8")
    proc = run_cli("check", str(broken))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "[unsure-narrows] answering 'over_21' with 'not_sure' does not show bellafill" in proc.stdout
    block = proc.stdout.split("[unsure-narrows] answering 'over_21'")[1].split("\n  [")[0]
    assert "over_21=not_sure" in block and f"{broken}:" in block


# -- the registry: each unit reports the kinds its module names, in registry order -------------


def _generated(**kwargs):
    """A rule set from the benchmark generator (conflicts, dead, masked and redundant rules)."""
    import importlib.util

    from scarhelp.loader import parse_rules

    from .conftest import ROOT

    spec = importlib.util.spec_from_file_location("gen_rules", ROOT / "benchmarks" / "gen_rules.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return parse_rules(gen.generate(**kwargs), "generated.yaml")


def test_each_unit_reports_its_own_kinds_and_check_keeps_the_report_order():
    import re
    import sys

    from scarhelp import checks
    from scarhelp.analysis.rules import compile_rules
    from scarhelp.analysis.space import Space
    from scarhelp.checks.context import Context
    from scarhelp.loader import parse_rules

    from .conftest import ROOT

    units = checks._units()

    def declared(unit):
        # a unit's module docstring opens with the kinds it reports: "Finding ``gap``: ..."
        doc = sys.modules[unit.__module__].__doc__ or ""
        return set(re.findall(r"``([a-z-]+)``", doc.split("\n")[0]))

    # the order of the kinds within a severity, as the report has always listed them
    report_order = [
        "gap",
        "dead-rule",
        "conflict",
        "treatment-never-shown",
        "no-harms",
        "masked-rule",
        "duplicate-rule",
        "redundant-rule",
        "question-never-asked",
        "unused-option",
        "no-claims",
        "uncited-claim",
        "uncited-reference",
        "generated-why-not",
        "invariant",
        "unsure-narrows",
        "missing-glance",
        "preference-unused",
        "preference-unasked",
        "reading-grade",
    ]
    rank = {kind: n for n, kind in enumerate(report_order)}
    assert set().union(*(declared(u) for u in units)) == set(rank)  # every unit's kinds, and no other
    rule_sets = [
        _generated(questions=5, rules=50, seed=1),
        _generated(questions=6, rules=30, seed=8, options=5, treatments=3, conflicts=True),
        parse_rules((ROOT / "tests" / "data" / "mini.yaml").read_text(encoding="utf-8"), "mini.yaml"),
    ]
    seen = set()
    for rs in rule_sets:
        space = Space([rs])
        ctx = Context(rs, space, compile_rules(space, rs))
        for unit in units:
            kinds = {f.kind for f in unit(ctx)}
            assert kinds <= declared(unit), (unit.__module__, unit.__name__, kinds)
        report = check(rs)
        for severity in ("error", "warning", "info"):
            order = [rank[f.kind] for f in report.findings if f.severity == severity]
            assert order == sorted(order), (rs.path, severity, [f.kind for f in report.findings])
        seen |= {f.kind for f in report.findings}
    # the rule sets above exercise units of every severity, several of them in one severity
    assert {"conflict", "generated-why-not", "dead-rule", "masked-rule", "duplicate-rule", "gap"} <= seen
