"""The engine on the bundled rules: one test per decision in GUIDANCE.md, plus determinism."""

from __future__ import annotations

import pytest

from scarhelp import flow
from scarhelp.compiled import Compiled
from scarhelp.conditions import holds
from scarhelp.engine import evaluate

from .conftest import run_cli

BASE = {
    "active_acne": "no",
    "scar_type": "sunken",
    "scar_depth": "deep",
    "scar_area": "cheeks",
    "stretch_softens": "yes",
    "tried": ("none",),
    "avoid_downtime": "no",
    "darker_skin": "no",
    "over_21": "yes",
    "collagen_allergy": "no",
}


def run(rules, **changes):
    answers = {**BASE, **changes}
    answers = {k: v for k, v in answers.items() if v is not None}
    answers = flow.prune(rules, answers)
    assert flow.is_complete(rules, answers), flow.missing(rules, answers)
    return evaluate(rules, answers)


def shown(result) -> dict:
    return {r.treatment: r.strength for r in result.recommendations}


def advice_ids(result) -> set:
    return {a.rule for a in result.advice}


def test_decision_1_active_acne_first_and_advice_still_follows(rules):
    result = run(rules, active_acne="yes")
    # said once: before the options, as the caveat that leads them, not as advice again
    assert [c.rule for c in result.general_caveats] == ["acne-active-once-controlled"]
    assert "acne-active-treat-first" not in advice_ids(result)
    assert result.recommendations, "the scar advice still follows"
    # with no options to lead (raised scars), it is the advice
    raised = run(rules, active_acne="yes", scar_type="raised")
    assert "acne-active-treat-first" in advice_ids(raised) and not raised.general_caveats


def test_decision_2_creams_for_superficial_scars_not_for_deep(rules):
    shallow = run(rules, scar_depth="shallow")
    assert shown(shallow)["topical_creams"] == "best_fit"
    creams = next(r for r in shallow.recommendations if r.treatment == "topical_creams")
    assert "T2" in {c for n in creams.caveats for c in n.claims}, "the six-month caveat"
    deep = run(rules, scar_depth="deep")
    assert "topical_creams" not in shown(deep)
    ns = next(n for n in deep.not_recommended if n.treatment == "topical_creams")
    assert ns.rule == "creams-deep" and "T5" in ns.claims


def test_decision_3_peels_always_with_side_effects_and_ranked_down_for_downtime(rules):
    result = run(rules)
    peel = next(r for r in result.recommendations if r.treatment == "chemical_peel")
    assert {"P3", "P4"} <= {c for n in peel.caveats for c in n.claims}
    ranked_down = run(rules, avoid_downtime="yes")
    assert shown(ranked_down)["chemical_peel"] == "weaker_fit"
    assert [r.rule for r in next(r for r in ranked_down.recommendations if r.treatment == "chemical_peel").reasons]
    order = [r.treatment for r in ranked_down.recommendations]
    assert order.index("chemical_peel") == len(order) - 1


def test_decision_4_bellafill_for_deep_scars_strongest_on_the_cheeks(rules):
    assert shown(run(rules, scar_area="cheeks"))["bellafill"] == "best_fit"
    static = run(rules, scar_area="static")
    assert shown(static)["bellafill"] == "weaker_fit"
    bf = next(r for r in static.recommendations if r.treatment == "bellafill")
    assert "bellafill-static-area" in {n.rule for n in bf.reasons}


def test_decision_4_bellafill_after_other_treatments_fell_short(rules):
    result = run(rules, scar_depth="shallow", tried=("creams",), creams_outcome="not_enough")
    assert shown(result)["bellafill"] == "weaker_fit"
    bf = next(r for r in result.recommendations if r.treatment == "bellafill")
    assert "B7" in bf.claims


def test_allergy_rules_bellafill_out(rules):
    result = run(rules, collagen_allergy="yes")
    assert "bellafill" not in shown(result)
    ns = next(n for n in result.not_recommended if n.treatment == "bellafill")
    assert ns.rule == "bellafill-allergy" and "R5b" in ns.claims


@pytest.mark.parametrize("scar_type", ["raised", "both"])
def test_decision_5_raised_scars_outside_the_article(rules, scar_type):
    result = run(rules, scar_type=scar_type)
    if scar_type == "both":  # said once, before the options for the sunken ones
        assert [c.rule for c in result.general_caveats] == ["both-options-for-sunken-only"]
        assert "raised-scars-outside-guide" not in advice_ids(result)
    else:
        assert "raised-scars-outside-guide" in advice_ids(result)
    if scar_type == "raised":
        assert not result.recommendations, "no guess for scars the article does not cover"


def test_decision_7_unsure_of_the_scar_type_gets_no_guess(rules):
    """GUIDANCE logic 7: unsure what kind of scars (they may be raised) - see a dermatologist, nothing suggested."""
    result = run(rules, scar_type="not_sure")
    assert not result.recommendations
    assert {ns.treatment for ns in result.not_recommended} == {"topical_creams", "chemical_peel", "bellafill"}
    assert all(ns.rule and ns.why for ns in result.not_recommended), "each with a written reason"
    assert "scar-type-unsure-ask" in advice_ids(result)


def test_decision_5_not_sure_widens_without_ranking(rules):
    depth = run(rules, scar_depth="not_sure")
    assert set(shown(depth).values()) == {"option"}
    assert "depth-unsure-ask" in advice_ids(depth)


def test_decision_6_every_line_has_claims_and_references(rules):
    result = run(rules)
    assert result.recommendations
    for rec in result.recommendations:
        for reason in rec.reasons:
            assert reason.claims and all(rules.claim(c) for c in reason.claims), reason
            # the references are those of the claims, each once, in order, and there are some
            behind = sorted({n for c in reason.claims for n in rules.claim(c).refs})
            assert behind and list(reason.refs) == behind, reason
            assert reason.answers, "the answers that led there"


def test_not_shown_says_why_in_words(rules):
    # The bundled rules give every left-out treatment a reason a person wrote ...
    result = run(rules, scar_type="raised")
    assert result.not_recommended
    by_id = {r.id: r for r in rules.rules}
    for ns in result.not_recommended:
        assert ns.why and ns.rule and ns.why == by_id[ns.rule].because
    # ... and where no rule says why, the engine says which rule did not apply.
    from pathlib import Path

    from scarhelp.loader import parse_rules

    mini = parse_rules((Path(__file__).parent / "data" / "mini.yaml").read_text(), "mini.yaml")
    bare = evaluate(mini, {"scar_depth": "deep", "tried": ("none",)})
    assert bare.not_recommended
    for ns in bare.not_recommended:
        assert ns.why and "rule '" in ns.why


SHARDS = 4  # the walk is split so that the test processes share it; every set is checked once


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_complete_answer_set_says_something_without_conflict(rules, every_answer, shard):
    """Exhaustive over the bundled questionnaire (the one walk of these properties; the
    preference questions change no result, see conftest.every_answer): every reachable
    complete answer set is complete by the real skip logic, the engine gives it some
    option or advice, with no conflict between rules, and the compiled rule set fires
    exactly the rules the condition interpreter does.

    The two share one walk because both need the interpreter's fired rules, the costly
    part: ``evaluate`` given them is, line for line, ``evaluate`` finding them itself
    (``engine.evaluate``; without a trace both go straight to ``_resolve``)."""
    assert len(every_answer) > 250_000  # every reachable set, not a sample
    compiled = Compiled(rules)
    for answers in every_answer[shard::SHARDS]:
        assert not flow.missing(rules, answers, preferences=False), answers
        fired = tuple(i for i, r in enumerate(rules.rules) if holds(r.when, answers))
        assert compiled.fired(answers) == fired, answers
        result = evaluate(rules, answers, with_trace=False, fired=fired)
        assert not result.is_silent, answers
        assert not result.conflicts, (answers, result.conflicts)


def test_deterministic_whatever_the_hash_seed(rules, tmp_path):
    """Byte for byte the same output in two processes with different string hashing, so
    no set or frozenset iteration order leaks into a report (within one process it would
    always look stable)."""
    import json
    import random

    from .test_batch import walk

    rng = random.Random(3)
    rows = [walk(rules, rng) for _ in range(60)]
    rows += [{**BASE, "active_acne": "yes", "scar_area": "mixed", "darker_skin": "yes"}, {"scar_type": "raised"}]
    batch_in = tmp_path / "in.jsonl"
    batch_in.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(rows[0]), encoding="utf-8")
    outs = []
    for seed in ("0", "4242"):
        env = {"PYTHONHASHSEED": seed}
        full = run_cli("batch", "--full", "--quiet", str(batch_in), env=env)
        report = run_cli("ask", "-a", str(answers), "--explain", "--no-input", "-f", "markdown", env=env)
        assert full.returncode in (0, 1) and report.returncode == 0, (full.stderr, report.stderr)
        outs.append((full.stdout, report.stdout))
    assert outs[0][0].count("\n") == len(rows) and "## " in outs[0][1]
    assert outs[0] == outs[1]


def test_conflict_resolves_to_the_most_cautious_strength():
    from pathlib import Path

    from scarhelp.loader import parse_rules

    text = (Path(__file__).parent / "data" / "mini.yaml").read_text()
    text += (
        "  - id: r3\n    when: {scar_depth: shallow}\n    recommend: creams\n    strength: not_suited\n"
        "    because: no\n    claims: [T1]\n"
    )
    rs = parse_rules(text, "r.yaml")
    result = evaluate(rs, {"scar_depth": "shallow"})
    assert not result.recommendations
    assert result.not_recommended[0].rule == "r3"
    assert result.conflicts
