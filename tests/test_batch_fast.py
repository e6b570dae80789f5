"""The batch fast path (compiled validator, skip logic, record parts) writes exactly what the
general path writes: on every reachable answer set of the bundled rules, on generated rule
sets, and on rows with every kind of problem (which it must hand to the general path)."""

from __future__ import annotations

import io
import itertools
import json
import random
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scarhelp.batch import Evaluator, read_jsonl, run_batch, run_jsonl
from scarhelp.loader import parse_rules

from .conftest import ROOT
from .test_analysis import every_answer_set, examples, load, rule_sets
from .test_batch import walk

SHARDS = 4  # the walk is split so that the test processes share it; every set is checked once


def prefs_cycled(rules, every_answer, shard):
    """The reachable sets of one shard, each with the preference questions it is asked answered
    (they choose the notes on what the person said), cycling through their values."""
    from scarhelp.conditions import holds

    prefs = [q for q in rules.questions if q.preference]
    for n, answers in enumerate(every_answer[shard::SHARDS]):
        chosen = {
            q.id: q.values[(n // (i + 1)) % len(q.values)] for i, q in enumerate(prefs) if holds(q.ask_if, answers)
        }
        yield {**answers, **chosen}


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("shard", range(SHARDS))
def test_fast_path_agrees_with_the_general_path_on_every_reachable_answer_set(rules, every_answer, shard):
    """Every set the questionnaire can produce is complete and valid, so the fast path takes it,
    and its record is the general path's, character for character.

    The general path costs some 150 µs a set, so it runs on every 25th set and whenever a part
    of the record meets an outcome not seen before; the other sets are held to a record put
    together from the general path's own parts.  A part depends only on which of its rules fire
    (found by :class:`Compiled`, which tests/test_compiled.py holds to the interpreter) and which
    against_values notes hold (found here by the interpreter): the engine resolves each treatment
    from its own rules, and notes are fixed texts."""
    from scarhelp.conditions import holds
    from scarhelp.model import STRENGTHS

    assert len(every_answer) > 250_000  # every reachable set, not a sample
    ev = Evaluator(rules)
    order = {t.id: i for i, t in enumerate(rules.treatments)}
    owner = [  # which part of the record each rule belongs to
        order[r.treatment] if r.kind in ("recommend", "not_shown", "caveat") and r.treatment else r.kind
        for r in rules.rules
    ]
    notes = [(order[t.id], v.when) for t in rules.treatments for v in t.against_values]
    assert notes  # the bundled rules have notes on what the person said, so they are compared too
    known: dict[tuple, object] = {}
    general_runs = 0

    def learn(text: str, keys: dict) -> None:
        record = json.loads("{" + text)
        for rec in record["recommendations"]:
            known[keys[order[rec["treatment"]]]] = (
                (STRENGTHS.index(rec["strength"]), order[rec["treatment"]]),
                dumps(rec),
            )
        for ns in record["not_recommended"]:
            known[keys[order[ns["treatment"]]]] = (None, dumps(ns))
        for section, kind in (("general_caveats", "caveat"), ("advice", "advise")):
            known[keys[kind]] = [dumps(n) for n in record[section]]

    for n, answers in enumerate(prefs_cycled(rules, every_answer, shard)):
        row = {q: list(v) if isinstance(v, tuple) else v for q, v in answers.items()}
        got = ev.fast.text(row)
        assert got is not None, answers
        fired = ev.compiled.fired(answers)
        said = [i for i, (_t, when) in enumerate(notes) if holds(when, answers)]
        keys: dict = {
            t: (t, tuple(i for i in fired if owner[i] == t), tuple(j for j in said if notes[j][0] == t))
            for t in order.values()
        }
        keys["caveat"] = ("caveat", tuple(i for i in fired if owner[i] == "caveat"))
        keys["advise"] = ("advise", tuple(i for i in fired if owner[i] not in order.values() and owner[i] != "caveat"))
        if n % 25 == 0 or any(k not in known for k in keys.values()):
            ok, want = ev.general(row)
            general_runs += 1
            assert ok, answers
            learn(want, keys)
        else:
            parts = [known[keys[t]] for t in order.values()]
            recs = sorted((p for p in parts if p[0] is not None), key=lambda p: p[0])
            want = (
                '"recommendations":[' + ",".join(p[1] for p in recs) + "],"
                f'"general_caveats":[{",".join(known[keys["caveat"]])}],"advice":[{",".join(known[keys["advise"]])}],'
                '"not_recommended":[' + ",".join(p[1] for p in parts if p[0] is None) + "],"
                f'"warnings":[],"disclaimer":{dumps(rules.meta.disclaimer)}}}'
            )
        assert got == want, answers
    assert general_runs < n / 10  # the parts were shared, so the record was put together most times


def mutations(rs, rng: random.Random, answers: dict) -> dict:
    """An answer set with one of the problems a batch row can have, or none."""
    a = dict(answers)
    qs = rs.questions
    r = rng.random()
    q = rng.choice(qs)
    if r < 0.15 and a:
        a.pop(rng.choice(list(a)))  # missing answers (or a preference left out)
    elif r < 0.3:
        a[q.id] = rng.choice(q.values) if q.kind != "many" else [rng.choice(q.values)]  # maybe a skipped question
    elif r < 0.45:
        a[q.id] = rng.choice(["nope", 1, True, False, None, {"x": 1}, [], ["yes"], "true", "on", 2.5, [1], [True]])
    elif r < 0.5:
        a["not_a_question"] = "x"
    elif r < 0.6 and q.kind == "many" and isinstance(a.get(q.id), list) and a[q.id]:
        v = a[q.id]
        a[q.id] = rng.choice([v + v, v[0], list(reversed(v)), [*v, q.values[-1]], ["x", *v], [None]])
    return a


def both_ways(rs, rows: list[dict]) -> tuple[str, str]:
    lines = [(json.dumps({"id": f"r{n}", **a}) + "\n").encode() for n, a in enumerate(rows)]
    fast, general = io.StringIO(), io.StringIO()
    run_jsonl(iter(lines), fast, Evaluator(rs))
    run_batch(read_jsonl(iter(lines)), general, rs, evaluator=Evaluator(rs, fast=False))
    return fast.getvalue(), general.getvalue()


def test_rows_with_problems_read_exactly_as_the_general_path_reads_them(rules):
    rng = random.Random(11)
    rows = [mutations(rules, rng, walk(rules, rng)) for _ in range(1500)]
    fast, general = both_ways(rules, rows)
    assert fast == general
    records = [json.loads(line) for line in fast.splitlines()]
    assert 150 < sum("error" in r for r in records) < 1350  # both kinds of row, many of each
    assert sum(bool(r.get("warnings")) for r in records) > 25  # skipped questions answered


def test_fast_path_takes_complete_valid_rows_and_leaves_every_problem_to_the_general_path(rules):
    from .test_batch import GOOD

    ev = Evaluator(rules)
    assert ev.fast.text(dict(GOOD)) == ev.general(dict(GOOD))[1]
    assert ev.fast.text({**GOOD, "active_acne": "false"}) == ev.general(dict(GOOD))[1]  # a yes/no word for no
    for bad in (
        {**GOOD, "scar_depth": "very"},  # not an option
        {**GOOD, "avoid_downtime": True},  # a JSON true (the general path reads it as yes)
        {**GOOD, "tried": "none", "darker_skin": None},  # a null
        {**GOOD, "elsewhere": "x"},  # not a question
        {k: v for k, v in GOOD.items() if k != "darker_skin"},  # missing
        {**GOOD, "scar_type": "raised"},  # the depth, tried... answers are skipped: warnings
        {**GOOD, "tried": ["none", "creams"]},  # an exclusive choice combined
        {**GOOD, "tried": {"a": 1}},  # a mapping
    ):
        assert ev.fast.text(bad) is None, bad
    # true for a yes/no question is valid, but only the general path reads it
    assert ev.outcome({**GOOD, "avoid_downtime": True}, None) == ev.outcome({**GOOD, "avoid_downtime": "yes"}, None)


@examples(30)
@given(rule_sets(), st.randoms(use_true_random=False))
def test_fast_path_agrees_on_small_generated_rule_sets(data, rng):
    rs = load(data)
    everything = list(itertools.islice(every_answer_set(rs), 400))
    rows = [{q: list(v) if isinstance(v, tuple) else v for q, v in a.items()} for a in everything]
    rows += [mutations(rs, rng, rng.choice(rows)) for _ in range(200)]
    fast, general = both_ways(rs, rows)
    assert fast == general


@examples(8)
@given(
    st.integers(3, 14),
    st.integers(2, 5),
    st.integers(5, 120),
    st.integers(0, 10_000),
    st.integers(1, 5),
    st.randoms(use_true_random=False),
)
def test_fast_path_agrees_on_benchmark_rule_sets(questions, options, rules, seed, treatments, rng):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from gen_rules import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    rs = parse_rules(generate(questions, options, rules, seed, treatments, conflicts=seed % 2 == 1), "gen.yaml")
    rows = [walk(rs, rng) for _ in range(150)]
    rows += [mutations(rs, rng, a) for a in rows]
    fast, general = both_ways(rs, rows)
    assert fast == general


def test_a_line_with_an_id_is_not_taken_for_an_earlier_line_without_one(rules):
    # the text after the id of line 2 is line 1's text: line 2 is still invalid JSON
    one = b'{"active_acne": "no", "scar_type": "raised"}\n'
    out = io.StringIO()
    stats = run_jsonl(iter([one, b'{"id": "x"' + one]), out, Evaluator(rules))
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert "error" not in first and "invalid JSON" in second["error"]
    assert stats.failed == 1
