"""Finding ``unsure-narrows``: answering "not sure" gives less than a definite answer would.

For a question whose option is marked ``unsure: true``, and every reachable
answer set A that answers it "not sure", compare A with each *counterfactual* B:
the same answers with that one question given a definite answer d instead.  B
keeps every other answer of A for the questions it asks; a question that only d
leads to (skip logic that differs between the answers) may take any of its
answers in B, and a question only "not sure" leads to is dropped.  Then:

(a) every treatment that some B shows (best_fit, option or weaker_fit) is shown in A;
(b) a treatment is best_fit in A only if it is best_fit in every B;
(c) A's result includes an advice or caveat rule whose condition tests the
    question with a test that holds on "not sure" (what to ask about it).

Exact and symbolic: one search over the joint answer space of the rule set and
one copy per definite answer d, in which every test on the question is settled
as if it had been answered d.  ``analysis.space.Space`` already compares several rule
sets over shared answers (``diff`` uses it with two); here the copies share
every answer but the one in question.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..analysis.findings import MAX_REGIONS, Finding
from ..analysis.search import SEARCH_LIMIT, explore, merge
from ..analysis.space import Region, Space, views_of
from ..conditions import branches_of
from ..model import STRENGTHS, All, AnyOf, Condition, Question, Rule, RuleSet, Test
from .context import Context
from .judge import SHOWN, Judge, View, Watched, and3, not3, or3

BEST = frozenset({STRENGTHS[0]})
# What fails in a region: ``("a" | "b", treatment, definite answer)`` or ``("c", None, None)``
Failure = tuple[str, str | None, str | None]


def check(ctx: Context) -> Iterator[Finding]:
    for q in ctx.rule_set.questions:
        u = q.unsure_option
        if u is not None:
            yield from _prove(ctx.rule_set, q, u.value)


def pin(cond: Condition, qid: str, value: str) -> Condition:
    """``cond`` with every test on ``qid`` settled as if it had been answered ``value``."""
    out = []
    for b in branches_of(cond):
        tests = []
        ok = True
        for t in b.tests:
            if t.question != qid:
                tests.append(t)
            elif (value in t.values) == t.negated:
                ok = False
                break
        if ok:
            out.append(All(tuple(tests)))
    if isinstance(cond, All) and out:
        return out[0]
    return AnyOf(tuple(out))


def _pinned(rs: RuleSet, qid: str, value: str) -> RuleSet:
    questions = tuple(q.replace(ask_if=pin(q.ask_if, qid, value)) for q in rs.questions)
    rules = tuple(r.replace(when=pin(r.when, qid, value)) for r in rs.rules)
    return rs.replace(questions=questions, rules=rules, invariants=())


def _about(rule: Rule, qid: str, unsure: str) -> bool:
    return rule.kind in ("advise", "caveat") and any(
        t.question == qid and (unsure in t.values) != t.negated for b in branches_of(rule.when) for t in b.tests
    )


def _prove(rs: RuleSet, q: Question, unsure: str) -> Iterator[Finding]:
    definite = [o.value for o in q.options if o.value != unsure]
    sides = [rs, *(_pinned(rs, q.id, d) for d in definite)]
    is_unsure = All((Test(q.id, frozenset({unsure})),))
    space = Space(sides, extra=[is_unsure])
    conds = [space.compile(is_unsure, 0, f"{q.id} is {unsure}")]
    rules: list[tuple[int, Rule | None]] = [(0, None)]
    notes: list[int] = []
    for s, side in enumerate(sides):
        for r in side.rules:
            if r.kind == "recommend" or (s == 0 and _about(r, q.id, unsure)):
                if r.kind != "recommend":
                    notes.append(len(conds))
                conds.append(space.compile(r.when, s, r.id))
                rules.append((s, r))
    asks = {(s, t.id): [SHOWN, BEST] for s in range(len(sides)) for t in rs.treatments}
    for i in notes:
        note = rules[i][1]
        if note is not None and note.kind == "caveat" and note.treatment is not None:
            asks[(0, note.treatment)].append(SHOWN)
    watched = Watched(rules, keep=[0, *notes], asks=asks)
    treatments = [t.id for t in rs.treatments]

    def prop(v: View) -> tuple[Failure, ...] | Literal[False] | None:
        applies = v.status(0)
        if applies is False:
            return False
        fails: list[tuple[bool | None, Failure]] = []
        for t in treatments:
            shown0 = v.outcome_in(0, t, SHOWN)
            best0 = v.outcome_in(0, t, BEST)
            for j, d in enumerate(definite, start=1):
                fails.append((and3(v.outcome_in(j, t, SHOWN), not3(shown0)), ("a", t, d)))
                fails.append((and3(best0, not3(v.outcome_in(j, t, BEST))), ("b", t, d)))
        fails.append((not3(or3(*(v.appears(i) for i in notes))), ("c", None, None)))
        if all(f[0] is False for f in fails):
            return False
        if applies is None or any(f[0] is None for f in fails):
            return None  # each kind is its own finding: decide every one before ending the branch
        return tuple(what for ok, what in fails if ok is True)

    found = explore(space, conds, Judge(watched, prop, first=conds[0].closure), SEARCH_LIMIT)
    if not found:
        return
    by_kind: dict[Failure, list[tuple[Region, bool]]] = {}
    for region, verdict in found:
        # the region as the person's own answers: a question only a definite answer leads to
        # (free in the search, as the counterfactual may answer it any way) was not asked of them
        own = views_of(space, region, 0)
        mine = {v: own[v] for v in region}
        for what in verdict:
            by_kind.setdefault(what, []).append((mine, True))
    for (kind, t, d), regions in sorted(by_kind.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2] or "")):
        merged = merge(regions, space)[:MAX_REGIONS]
        if kind == "a":
            msg = (
                f"answering '{q.id}' with '{unsure}' does not show {t}, which answering '{d}' would show: "
                "'not sure' must widen the result, not narrow it"
            )
            tail = f"{t} not shown (shown when {q.id}={d})"
        elif kind == "b":
            msg = (
                f"answering '{q.id}' with '{unsure}' makes {t} the best fit, but answering '{d}' would not: "
                "with 'not sure' a treatment can be best fit only if every definite answer makes it so"
            )
            tail = f"{t} best fit (not when {q.id}={d})"
        else:
            msg = (
                f"answering '{q.id}' with '{unsure}' gives no advice or caveat about it: add a rule whose "
                f"condition tests {q.id}: {unsure}, saying what to ask a dermatologist"
            )
            tail = "nothing says what to ask"
        locs = [(f"question {q.id}", q.line)]
        if t is not None:
            # the rules of that treatment that look at this question: where the fix usually goes
            of_t = [r for r in rs.rules if r.kind == "recommend" and r.treatment == t]
            near = [r for r in of_t if any(x.question == q.id for b in branches_of(r.when) for x in b.tests)]
            locs += [(f"rule {r.id}", r.line) for r in near or of_t]
        yield Finding(
            "error",
            "unsure-narrows",
            msg,
            locs,
            [f"{space.describe_region(r)} → {tail}" for r, _ in merged],
            [space.region_json(r) for r, _ in merged],
        )
