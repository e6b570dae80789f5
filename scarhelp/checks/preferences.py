"""Findings ``preference-unasked`` and ``preference-unused``: what the person said matters cannot reach an option.

A preference question (``preference: true``) changes no result; it reaches the
report only through a treatment's ``against_values`` notes.  So two slips leave a
patient's answer with nowhere to go, or an option shown without the note meant
for it: the question is asked but no note tests it (``preference-unused``), or a
treatment is shown for answers where the question its note reads is skipped
(``preference-unasked``; proved over every reachable answer set by one search per
rule, which branches only on the questions that rule and the skip logic test).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.findings import Finding
from ..analysis.witness import witness
from ..conditions import branches_of
from .context import Context


def read_by(ctx: Context) -> dict[str, set[str]]:
    """Preference question -> the treatments whose against_values notes test it."""
    preference = {q.id for q in ctx.rule_set.questions if q.preference}
    read: dict[str, set[str]] = {}
    for t in ctx.rule_set.treatments:
        for v in t.against_values:
            for b in branches_of(v.when):
                for test in b.tests:
                    if test.question in preference:
                        read.setdefault(test.question, set()).add(t.id)
    return read


def unused(ctx: Context) -> Iterator[Finding]:
    read = ctx.fact(read_by)
    for q in ctx.rule_set.questions:
        if q.preference and q.id not in read:
            yield Finding(
                "warning",
                "preference-unused",
                f"preference question '{q.id}' is tested by no treatment's against_values: its answer is asked "
                "and then shown nowhere beside an option (add a note, or drop the question)",
                [(f"question {q.id}", q.line)],
            )


def unasked(ctx: Context) -> Iterator[Finding]:
    rs, space, comp = ctx.rule_set, ctx.space, ctx.compiled
    preference = {q.id: q for q in rs.questions if q.preference}
    read = ctx.fact(read_by)
    for t in rs.treatments:
        # comprehensions, not comp.idx with a lambda: mypy cannot type a lambda with a default argument
        recommends = [(i, r) for i, r in enumerate(comp.rules) if r.kind == "recommend" and r.treatment == t.id]
        shown = [i for i, r in recommends if r.strength != "not_suited"]
        ruled_out = [i for i, r in recommends if r.strength == "not_suited"]
        for qid in sorted(q for q, ts in read.items() if t.id in ts):
            ask = space.asks[0][space.by_id[qid].index]
            if ask is None:
                continue
            conds = [*comp.conds, ask]
            at = len(conds) - 1
            for i in shown:
                region = witness(space, conds, [i], [at, *ruled_out])
                if region is None:
                    continue
                yield Finding(
                    "warning",
                    "preference-unasked",
                    f"treatment '{t.id}' can be shown (rule '{comp.rules[i].id}') where preference question "
                    f"'{qid}' is not asked, so its against_values note for it can never appear there "
                    f"(widen the question's ask_if)",
                    [(f"question {qid}", preference[qid].line), (f"rule {comp.rules[i].id}", comp.rules[i].line)],
                    [space.describe_region(region)],
                    [space.region_json(region)],
                )
                break
