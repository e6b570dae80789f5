"""``scarhelp check`` and ``scarhelp diff`` against an oracle that enumerates every answer.

The analysis is symbolic (it never enumerates answers), so the strongest test is to
generate small rule sets, walk every reachable complete answer set through the skip
logic with the real engine, and demand that the symbolic findings say exactly what
the enumeration sees: the same gap answers, the same conflicts, the same dead rules,
the same treatments never shown, and for ``diff`` the same answers whose result
changed.  The regions are compared through their JSON form, so the documented output
is what is tested.
"""

from __future__ import annotations

import copy
import itertools
import json
import os

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scarhelp.analysis.check import check
from scarhelp.analysis.diff import diff
from scarhelp.analysis.findings import MAX_REGIONS, format_text
from scarhelp.conditions import holds
from scarhelp.engine import evaluate
from scarhelp.errors import ScarhelpError
from scarhelp.loader import parse_rules

from .conftest import RULES, plain_meta, run_cli

SCALE = float(os.environ.get("SCARHELP_HYPOTHESIS_SCALE", "1"))
STRENGTHS = ["best_fit", "option", "weaker_fit", "not_suited"]


def examples(n: int) -> settings:
    return settings(max_examples=max(1, int(n * SCALE)), deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- the oracle ------------------------------------------------------------------------------


def answers_for(q):
    if q.kind != "many":
        return list(q.values)
    plain = [o.value for o in q.options if not o.exclusive]
    out = [(o.value,) for o in q.options if o.exclusive]
    for n in range(1, len(plain) + 1):
        out.extend(itertools.combinations(plain, n))
    return out


def every_answer_set(rs, preferences: bool = False):
    """Every complete answer set the questionnaire can produce (skip logic applied).

    Preference questions change no result (no condition may test them), so by default
    they are left unanswered, as an answers file may leave them; ``preferences=True``
    crosses them in too (27 times as many sets for the bundled rules)."""

    def walk(i, answers):
        if i == len(rs.questions):
            yield dict(answers)
            return
        q = rs.questions[i]
        if not holds(q.ask_if, answers) or (q.preference and not preferences):
            yield from walk(i + 1, answers)
            return
        for a in answers_for(q):
            answers[q.id] = a
            yield from walk(i + 1, answers)
        del answers[q.id]

    yield from walk(0, {})


def fired_strengths(rs, answers) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in rs.rules:
        if r.kind == "recommend" and holds(r.when, answers):
            out.setdefault(r.treatment, set()).add(r.strength)
    return out


def seen_result(result) -> tuple:
    """What a user sees, from the engine's own Result (independent of the analysis code)."""
    strengths = {rec.treatment: rec.strength for rec in result.recommendations}
    strengths.update({n.treatment: "not_suited" for n in result.not_recommended if n.outcome == "not_suited"})
    return (
        tuple(sorted(strengths.items())),
        frozenset(n.text for n in result.advice),
        frozenset(n.text for n in result.general_caveats),
        frozenset((rec.treatment, n.text) for rec in result.recommendations for n in rec.caveats),
    )


def in_region(region: dict, answers: dict) -> bool:
    """Does an answer set lie in a region, read from its documented JSON form?"""
    for qid, allowed in region.items():
        a = answers.get(qid)
        if a is None:
            if None not in allowed:
                return False
        elif isinstance(a, str):
            if a not in allowed:
                return False
        else:
            chosen = set(a)
            if not any(
                isinstance(p, list) and chosen <= {o for g in p for o in g} and all(chosen & set(g) for g in p)
                for p in allowed
            ):
                return False
    return True


def findings(report, kind):
    return [f for f in report.findings if f.kind == kind]


# -- generated rule sets ----------------------------------------------------------------------

ids = st.sampled_from(["a", "b", "c", "d", "e", "f"])


@st.composite
def conditions(draw, questions):
    """A condition over some of ``questions``: tests with values, lists, ``not:``; or ``any:``."""

    def mapping():
        qs = draw(st.lists(st.sampled_from(questions), min_size=1, max_size=2, unique_by=lambda q: q["id"]))
        m = {}
        for q in qs:
            vals = q["_values"]
            chosen = draw(st.lists(st.sampled_from(vals), min_size=1, max_size=len(vals), unique=True))
            value = chosen[0] if len(chosen) == 1 and draw(st.booleans()) else chosen
            m[q["id"]] = {"not": value} if draw(st.integers(0, 3)) == 0 else value
        return m

    if draw(st.integers(0, 4)) == 0:
        return {"any": [mapping(), mapping()]}
    return mapping()


@st.composite
def rule_sets(draw, with_ask_if=True):
    nq = draw(st.integers(2, 5))
    questions = []
    for i in range(nq):
        kind = draw(st.sampled_from(["one", "many", "yes_no"]))
        q: dict = {"id": f"q{i}", "text": f"Question {i}?", "kind": kind}
        if kind == "yes_no":
            q["_values"] = ["yes", "no"]
        else:
            values = draw(st.lists(ids, min_size=2, max_size=3, unique=True))
            q["options"] = [{"value": v, "label": v.upper()} for v in values]
            if kind == "many" and draw(st.booleans()):
                q["options"].append({"value": "none", "label": "None", "exclusive": True})
            q["_values"] = [o["value"] for o in q["options"]]
        if with_ask_if and i > 0 and draw(st.integers(0, 2)) == 0:
            q["ask_if"] = draw(conditions(questions))
        questions.append(q)
    treatments = [
        {
            "id": f"t{i}",
            "name": f"T{i}",
            "what": "w",
            "benefits": [{"text": "b", "claims": ["C0"]}],
            "harms": [{"text": "h", "claims": ["C0"]}],
        }
        for i in range(draw(st.integers(1, 3)))
    ]
    rules = []
    for i in range(draw(st.integers(1, 8))):
        r: dict = {"id": f"r{i}", "because": "b", "claims": ["C0"]}
        if draw(st.integers(0, 5)):
            r["when"] = draw(conditions(questions))
        kind = draw(st.sampled_from(["recommend", "recommend", "caveat", "advise"]))
        if kind == "recommend":
            r["recommend"] = draw(st.sampled_from(treatments))["id"]
            r["strength"] = draw(st.sampled_from(STRENGTHS))
        elif kind == "caveat":
            r["caveat"] = f"caveat {draw(st.integers(0, 2))}"
            if draw(st.booleans()):
                r["treatment"] = draw(st.sampled_from(treatments))["id"]
        else:
            r["advise"] = f"advice {draw(st.integers(0, 2))}"
        rules.append(r)
    for q in questions:
        del q["_values"]
    return {
        "meta": plain_meta([{"id": "C0", "text": "c", "refs": [1]}], "Generated"),
        "questions": questions,
        "treatments": treatments,
        "rules": rules,
    }


def load(data: dict):
    try:
        return parse_rules(yaml.safe_dump(data, sort_keys=False), "gen.yaml")
    except ScarhelpError:
        assume(False)


# -- check against the oracle --------------------------------------------------------------


@examples(300)
@given(rule_sets())
def test_check_agrees_with_enumerating_every_answer(data):
    rs = load(data)
    report = check(rs)
    everything = list(every_answer_set(rs))

    # gaps: exactly the answers that end with nothing to say
    silent = [a for a in everything if evaluate(rs, a).is_silent]
    gap_regions = [r for f in findings(report, "gap") for r in f.region_data]
    assert [a for a in everything if any(in_region(r, a) for r in gap_regions)] == silent

    # conflicts: a treatment is reported iff some answers give it two strengths, and the
    # reported regions hold exactly those answers
    for t in rs.treatments:
        clash = [a for a in everything if len(fired_strengths(rs, a).get(t.id, ())) > 1]
        regions = [r for f in findings(report, "conflict") if f"'{t.id}'" in f.message for r in f.region_data]
        if len(regions) < MAX_REGIONS:
            assert [a for a in everything if any(in_region(r, a) for r in regions)] == clash

    # dead rules: never fire for any reachable answers
    dead = {r.id for r in rs.rules if not any(holds(r.when, a) for a in everything)}
    reported = {f.rules[0][0].removeprefix("rule ") for f in findings(report, "dead-rule")}
    assert reported == dead

    # treatments never shown
    shown = {rec.treatment for a in everything for rec in evaluate(rs, a).recommendations}
    never = {f.rules[0][0].removeprefix("treatment ") for f in findings(report, "treatment-never-shown")}
    assert never == {t.id for t in rs.treatments} - shown

    # masked recommendations: the rule fires, but its strength never survives
    for r in rs.rules:
        if r.kind != "recommend" or r.id in dead:
            continue
        survives = any(
            holds(r.when, a) and max(fired_strengths(rs, a)[r.treatment], key=STRENGTHS.index) == r.strength
            for a in everything
        )
        masked = any(f"rule '{r.id}'" in f.message for f in findings(report, "masked-rule"))
        assert masked == (not survives), r.id

    # questions never asked
    asked = {q for a in everything for q in a}
    never_asked = {f.rules[0][0].removeprefix("question ") for f in findings(report, "question-never-asked")}
    assert never_asked == {q.id for q in rs.questions} - asked


def mutate_rules(data: dict, draw) -> dict:
    new = copy.deepcopy(data)
    rules = new["rules"]
    for _ in range(draw(st.integers(1, 3))):
        r = draw(st.sampled_from(rules))
        what = draw(st.integers(0, 3))
        if what == 0 and "strength" in r:
            r["strength"] = draw(st.sampled_from(STRENGTHS))
        elif what == 1:
            r["when"] = draw(conditions([{**q, "_values": _values(q)} for q in new["questions"]]))
        elif what == 2 and len(rules) > 1:
            rules.remove(r)
        else:
            r["because"] = "reworded"  # users see the reason, but it changes no outcome
    return new


def _values(q: dict) -> list[str]:
    return ["yes", "no"] if q["kind"] == "yes_no" else [o["value"] for o in q["options"]]


@examples(250)
@given(rule_sets(), st.data())
def test_diff_agrees_with_enumerating_every_answer(data, draw):
    old = load(data)
    new = load(mutate_rules(data, draw.draw))
    changes = diff(old, new)
    changed = [a for a in every_answer_set(old) if seen_result(evaluate(old, a)) != seen_result(evaluate(new, a))]
    regions = [c.region_data for c in changes]
    covered = [a for a in every_answer_set(old) if any(in_region(r, a) for r in regions)]
    assert covered == changed
    # each region is one change, so no answer set lies in two regions
    for a in covered:
        assert sum(in_region(r, a) for r in regions) == 1


def test_diff_with_two_not_suited_rules_for_one_treatment_still_sees_other_changes():
    """Found by the test above: when two not_suited rules for one treatment fired, the
    search counted that treatment's remaining rules twice and stopped early, so a
    change to another treatment in the same answers went unreported."""

    def rule(i, when, treatment, strength):
        return {
            "id": f"r{i}",
            "because": "b",
            "claims": ["C0"],
            "when": when,
            "recommend": treatment,
            "strength": strength,
        }

    def treatment(i):
        point = [{"text": "x", "claims": ["C0"]}]
        return {"id": f"t{i}", "name": f"T{i}", "what": "w", "benefits": point, "harms": point}

    options = [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]
    data = {
        "meta": plain_meta([{"id": "C0", "text": "c", "refs": [1]}]),
        "questions": [
            {"id": "q0", "text": "Q0?", "kind": "yes_no"},
            {"id": "q1", "text": "Q1?", "kind": "one", "options": options},
            {"id": "q2", "text": "Q2?", "kind": "one", "options": options},
        ],
        "treatments": [treatment(0), treatment(2)],
        "rules": [
            rule(0, {"q0": {"not": ["yes"]}}, "t0", "best_fit"),
            rule(1, {"q1": ["a"]}, "t2", "not_suited"),
            rule(2, {"q1": ["a"]}, "t2", "best_fit"),
            rule(3, {"q0": ["yes"], "q2": {"not": ["a"]}}, "t0", "best_fit"),
            rule(4, {"any": [{"q0": {"not": ["yes"]}}, {"q2": {"not": ["a"]}}]}, "t2", "best_fit"),
        ],
    }
    new = copy.deepcopy(data)
    new["rules"] = [r for r in new["rules"] if r["id"] != "r3"]
    new["rules"][2]["strength"] = "not_suited"  # r2: now two not_suited rules for t2 when q1=a
    changes = diff(load(data), load(new))
    assert [(c.region_data, c.changes) for c in changes] == [
        ({"q0": ["yes"], "q2": ["b"]}, ["t0: best_fit -> not shown"])
    ]


@examples(100)
@given(rule_sets())
def test_diff_ignores_order_wording_and_ids(data):
    before = load(data)
    shuffled = copy.deepcopy(data)
    shuffled["rules"].reverse()
    for r in shuffled["rules"]:
        r["id"] = "renamed-" + r["id"]
        r["because"] = "said another way"
    shuffled["meta"]["version"] = "2"
    assert diff(before, load(shuffled)) == []


# -- the bundled rules and the commands ---------------------------------------------------


def test_bundled_rules_have_no_errors_or_warnings(rules):
    report = check(rules)
    assert report.count("error") == 0, format_text(report)
    assert report.count("warning") == 0, format_text(report)


# (that no answer set of the bundled rules is left without advice is proven by walking every
# one in test_engine; the symbolic analysis is held to enumeration on generated rule sets above)


BROKEN = """\
meta:
  title: Broken
  version: "0.1"
  last_reviewed: 2026-11-25
  disclaimer: Informational only, not medical advice.
  source: {title: T, author: A, reviewer: R, publisher: P, published: x,
           references: [{number: 1, citation: X}, {number: 2, citation: Y}]}
  claims:
    - {id: C1, text: one, refs: [1]}
    - {id: C2, text: two, refs: [2]}
questions:
  - id: depth
    text: How deep?
    kind: one
    options: [{value: shallow, label: S}, {value: deep, label: D}, {value: not_sure, label: N}]
  - id: area
    text: Where?
    kind: one
    ask_if: {depth: deep}
    options: [{value: cheek, label: C}, {value: forehead, label: F}]
treatments:
  - {id: creams, name: Creams, what: w, benefits: [{text: b, claims: [C1]}], harms: [{text: h, claims: [C1]}]}
  - {id: filler, name: Filler, what: w, benefits: [{text: b, claims: [C1]}], harms: [{text: h, claims: [C1]}]}
rules:
  - {id: creams-shallow, when: {depth: shallow}, recommend: creams, strength: best_fit, because: b, claims: [C1]}
  - {id: creams-out, when: {depth: [shallow, deep]}, recommend: creams, strength: not_suited, because: b, claims: [C1]}
  - {id: filler-cheek, when: {area: cheek}, recommend: filler, strength: option, because: b, claims: [C1]}
  - {id: never, when: {depth: shallow, area: cheek}, advise: see someone, because: b, claims: [C1]}
"""


def test_check_reports_every_kind_of_finding_with_file_and_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    proc = run_cli("check", str(path))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stdout
    # forehead scars and shallow/unsure ones get nothing: two gap regions, written compactly
    assert "[gap]" in out
    assert "depth=deep, area=forehead → nothing" in out
    assert "depth=shallow|not_sure, area=(skipped) → nothing" in out
    # creams gets best_fit and not_suited for shallow scars
    assert "[conflict]" in out and "'creams-shallow' (best_fit), 'creams-out' (not_suited)" in out
    assert f"{path}:25: rule creams-shallow" in out
    # 'never' needs area, which is asked only for deep scars
    assert "[dead-rule] rule 'never' never fires" in out and f"{path}:28: rule never" in out
    assert "[masked-rule] rule 'creams-shallow'" in out
    assert "[treatment-never-shown] treatment 'creams'" in out
    assert "[uncited-claim] claim 'C2'" in out and "[uncited-reference] reference 2" in out
    assert out.rstrip().endswith("info") and "error(s)" in out


def test_check_json_and_exit_codes(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    data = json.loads(run_cli("check", str(path), "--format", "json").stdout)
    kinds = {f["kind"] for f in data["findings"]}
    assert {"gap", "conflict", "dead-rule", "masked-rule", "uncited-claim"} <= kinds
    gap = next(f for f in data["findings"] if f["kind"] == "gap")
    assert {"depth": ["deep"], "area": ["forehead"]} in gap["regions"]
    assert data["summary"]["error"] >= 2

    # the bundled rules (the default): no errors, info only, so even --strict passes (and so
    # does plain check: --strict only adds warnings to what fails)
    proc = run_cli("check", "--strict")
    assert proc.returncode == 0 and f"{RULES.relative_to(RULES.parent.parent)}: " in proc.stdout, proc.stdout

    # warnings alone: exit 0, but 1 with --strict
    only_warning = BROKEN.replace("creams-out, when: {depth: [shallow, deep]}", "creams-out, when: {depth: deep}")
    only_warning = only_warning.replace(
        "  - {id: filler-cheek",
        "  - {id: anyone, advise: ask, because: b, claims: [C1]}\n"
        "  - {id: why-creams, not_shown: creams, because: b, claims: [C1]}\n"
        "  - {id: why-filler, not_shown: filler, because: b, claims: [C1]}\n"
        "  - {id: filler-cheek",
    )
    path.write_text(only_warning)
    proc = run_cli("check", str(path))
    assert proc.returncode == 0, proc.stdout
    assert "0 error(s)" in proc.stdout and "warning" in proc.stdout
    assert run_cli("check", "--strict", str(path)).returncode == 1


def test_check_json_keys_are_the_ones_the_readme_lists(tmp_path):
    import re

    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = re.search(r"`--format json` gives `\{file, (.*?)\}`", readme, re.S)
    assert documented, "README lost the check --format json key list"
    top = {"file"} | {k.strip() for k in re.sub(r"\[.*\]", "", documented.group(1), flags=re.S).split(",")}
    finding = set(re.findall(r"\w+", re.search(r"findings\[\{(.*)\}\]", documented.group(1), re.S).group(1)))
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN)
    for extra in ((), ("--strict",)):
        data = json.loads(run_cli("check", str(path), "--format", "json", *extra).stdout)
        assert set(data) == top == {"file", "stats", "summary", "findings", "strict"}
        assert data["strict"] is bool(extra)
        for f in data["findings"]:
            assert set(f) | {"file", "line", "item"} == finding
            assert all(set(loc) == {"file", "line", "item"} for loc in f["locations"])


def test_check_unreadable_or_invalid_rules_exit_2(tmp_path):
    proc = run_cli("check", str(tmp_path / "missing.yaml"))
    assert proc.returncode == 2 and "missing.yaml" in proc.stderr and "Traceback" not in proc.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(BROKEN.replace("recommend: filler", "recommend: filer"))
    proc = run_cli("check", str(bad))
    assert proc.returncode == 2
    assert f"{bad}:27:" in proc.stderr and "did you mean 'filler'?" in proc.stderr
    proc = run_cli("check", str(bad), "--rules", str(RULES))
    assert proc.returncode == 2 and "two rule files" in proc.stderr


def test_diff_reports_regions_and_exit_codes(tmp_path):
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(RULES.read_text())
    new.write_text(RULES.read_text().replace("# yaml-language-server", "# restyled\n# yaml-language-server"))
    proc = run_cli("diff", str(old), str(new))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no change for users" in proc.stdout

    # one rule's strength changes: only the answers that rule covers change
    text = RULES.read_text()
    i = text.index("- id: bellafill-best\n")
    j = text.index("strength: best_fit", i)
    new.write_text(text[:j] + "strength: option" + text[j + len("strength: best_fit") :])
    proc = run_cli("diff", str(old), str(new))
    assert proc.returncode == 1
    assert "bellafill: best_fit -> option" in proc.stdout
    assert "scar_depth=deep" in proc.stdout and "scar_area=cheeks" in proc.stdout
    data = json.loads(run_cli("diff", str(old), str(new), "--format", "json").stdout)
    assert data["changed"] is True
    assert all(
        c["changes"] == [{"what": "strength", "treatment": "bellafill", "before": "best_fit", "after": "option"}]
        for c in data["changes"]
    )

    # stdin for OLD, and errors
    proc = run_cli("diff", "-", str(new), input=text)
    assert proc.returncode == 1 and "<stdin>" in proc.stdout
    proc = run_cli("diff", str(old), str(tmp_path / "nope.yaml"))
    assert proc.returncode == 2 and "nope.yaml" in proc.stderr
    assert run_cli("diff", str(old)).returncode == 2


def test_diff_lists_reworded_texts_but_not_renamed_rules(tmp_path):
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    text = RULES.read_text()
    old.write_text(text)
    # a rule renamed, same words: nothing people read changed
    new.write_text(text.replace("- id: bellafill-best\n", "- id: bellafill-best-renamed\n"))
    proc = run_cli("diff", str(old), str(new))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "text" not in proc.stdout.split(":", 1)[1]

    # the same rule's 'because' reworded: no result changes, yet every reader of it sees new words
    data = yaml.safe_load(text)
    (rule,) = (r for r in data["rules"] if r["id"] == "bellafill-best")
    before = " ".join(rule["because"].split())
    rule["because"] = "A reworded reason."
    new.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    proc = run_cli("diff", str(old), str(new))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "1 text people read changed" in proc.stdout
    assert "rules.bellafill-best.because" in proc.stdout
    assert f"- {before}" in proc.stdout and "+ A reworded reason." in proc.stdout
    data = json.loads(run_cli("diff", str(old), str(new), "--format", "json").stdout)
    assert data["changed"] is True and data["changes"] == []
    assert data["texts"] == [{"key": "rules.bellafill-best.because", "before": before, "after": "A reworded reason."}]


def test_diff_new_option_is_a_change_for_the_answers_it_adds(tmp_path):
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(BROKEN)
    new.write_text(
        BROKEN.replace("{value: forehead, label: F}]", "{value: forehead, label: F}, {value: chin, label: Ch}]")
    )
    changes = diff(parse_rules(old.read_text(), "old"), parse_rules(new.read_text(), "new"))
    assert len(changes) == 1
    assert changes[0].region_data == {"depth": ["deep"], "area": ["chin"]}
    assert changes[0].changes_data == [
        {"what": "offered", "treatment": None, "before": "these answers are not offered", "after": "creams: not_suited"}
    ]


def test_check_warns_of_a_preference_answer_with_nowhere_to_go():
    # the bundled rules, broken twice: mind_waiting's note dropped (asked, shown nowhere),
    # and mind_needle asked only for deep scars (Bellafill is shown for others too)
    data = yaml.safe_load(RULES.read_text())
    creams = next(t for t in data["treatments"] if t["id"] == "topical_creams")
    del creams["against_values"]
    next(q for q in data["questions"] if q["id"] == "mind_needle")["ask_if"] = {"scar_depth": "deep"}
    report = check(parse_rules(yaml.safe_dump(data, sort_keys=False), "broken.yaml"))
    (unused,) = findings(report, "preference-unused")
    assert "'mind_waiting'" in unused.message and unused.rules[0][1] > 0
    unasked = findings(report, "preference-unasked")
    assert unasked and all("'mind_needle'" in f.message and "'bellafill'" in f.message for f in unasked)
