"""Findings ``question-never-asked`` and ``unused-option``: questions and options that change nothing.

A question whose skip condition holds for no reachable answers is never asked
(:func:`never_asked`, a fact: its options are then not judged).  An option no
rule or skip condition tests on its own changes no result by itself; that is
fine for a "none of these" answer, so it is only reported as info.  A
preference question is tested by no rule by design (``checks/preferences.py``
judges where it is shown).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.findings import Finding
from ..analysis.rules import question_of
from ..analysis.witness import witness
from ..conditions import branches_of
from .context import Context


def never_asked_ids(ctx: Context) -> frozenset[str]:
    """The ids of the questions the skip logic asks for no reachable answers."""
    space = ctx.space
    out: set[str] = set()
    for q in ctx.rule_set.questions:
        ask = space.asks[0][space.by_id[q.id].index]
        assert ask is not None  # a space of one rule set: every question is that set's own
        if witness(space, [ask], [0]) is None:
            out.add(q.id)
    return frozenset(out)


def never_asked(ctx: Context) -> Iterator[Finding]:
    unasked = ctx.fact(never_asked_ids)
    for q in ctx.rule_set.questions:
        if q.id in unasked:
            yield Finding(
                "warning",
                "question-never-asked",
                f"question '{q.id}' is never asked: its skip condition holds for no answers",
                [(f"question {q.id}", q.line)],
            )


def unused_options(ctx: Context) -> Iterator[Finding]:
    rs = ctx.rule_set
    used: dict[str, set[str]] = {q.id: set() for q in rs.questions}
    for cond in [q.ask_if for q in rs.questions] + [r.when for r in rs.rules]:
        for b in branches_of(cond):
            for test in b.tests:
                tested = question_of(rs, test.question)
                for value in tested.values:
                    if (value in test.values) != test.negated:
                        used[tested.id].add(value)
    unasked = ctx.fact(never_asked_ids)
    for q in rs.questions:
        if q.id in unasked or q.preference:
            continue
        for o in q.options:
            if o.value not in used[q.id]:
                yield Finding(
                    "info",
                    "unused-option",
                    f"option '{q.id}: {o.value}' is tested by no rule or skip condition (on its own it changes "
                    "nothing; fine for a 'none of these' answer)",
                    [(f"option {q.id}.{o.value}", o.line or q.line)],
                )
