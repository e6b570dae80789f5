"""Finding ``invariant``: a property the rule set states of itself fails for some reachable answers.

The rule file's ``invariants:`` are data (see ``model.Invariant``); this unit
proves each one over every reachable answer set with one search, exact: the
search branches only on the questions the invariant's own condition and the
rules that decide its treatments test, and stops a branch as soon as the
invariant is known to hold or to fail there.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal

from ..analysis.findings import MAX_REGIONS, Finding
from ..analysis.search import explore, merge
from ..model import NOT_SHOWN, STRENGTHS, Invariant, Rule, at_least
from .context import Context
from .judge import Judge, View, Watched, and3, not3, or3, shows, within

# Regions a search collects before it stops listing them: whether an invariant holds stays exact,
# only the listing of a badly broken one is cut short ("at least N regions").
LIMIT = 100


def check(ctx: Context) -> Iterator[Finding]:
    for inv in ctx.rule_set.invariants:
        finding = _prove(ctx, inv)
        if finding is not None:
            yield finding


def _say(outcomes: frozenset[str]) -> str:
    order = (*STRENGTHS, NOT_SHOWN)
    return " or ".join(o for o in order if o in outcomes)


def _prove(ctx: Context, inv: Invariant) -> Finding | None:
    rs, space, comp = ctx.rule_set, ctx.space, ctx.compiled
    index = {r.id: i for i, r in enumerate(comp.rules)}
    named = [*inv.require, *inv.require_any, *inv.forbid]
    treatments = {t for t, _ in inv.never} | {t for t, _ in inv.always}
    treatments |= {
        tr
        for r in named
        if comp.rules[index[r]].kind != "advise" and (tr := comp.rules[index[r]].treatment) is not None
    }
    if inv.unless_shown_at_least or inv.if_shown_at_least:
        treatments |= {t.id for t in rs.treatments}
    picked = sorted(
        {index[r] for r in named}
        | {i for i, r in enumerate(comp.rules) if r.kind == "recommend" and r.treatment in treatments}
    )
    conds = [space.compile(inv.when, 0, f"invariant {inv.id}"), *(comp.conds[i] for i in picked)]
    rules: list[tuple[int, Rule | None]] = [(0, None), *((0, comp.rules[i]) for i in picked)]
    at = {comp.rules[i].id: k + 1 for k, i in enumerate(picked)}
    every = [t.id for t in rs.treatments]
    strong = at_least(inv.unless_shown_at_least) if inv.unless_shown_at_least else None
    needed = at_least(inv.if_shown_at_least) if inv.if_shown_at_least else None
    asks: dict[tuple[int, str], list[frozenset[str]]] = {(0, t): [] for t in treatments}
    for t, outcomes in (*inv.never, *inv.always):
        asks[(0, t)].append(outcomes)
    for filt in (strong, needed):
        if filt is not None:
            for t in every:
                asks[(0, t)].append(filt)
    for r in named:
        rule = comp.rules[index[r]]
        if rule.treatment is not None:
            asks[(0, rule.treatment)].append(shows(rule))
    watched = Watched(rules, keep=[0, *(at[r] for r in named)], asks=asks)

    def prop(v: View) -> tuple[tuple[str, tuple[str, ...]], ...] | Literal[False] | None:
        applies = v.status(0)
        if strong is not None:
            applies = and3(applies, not3(or3(*(v.outcome_in(0, t, strong) for t in every))))
        if needed is not None:
            applies = and3(applies, or3(*(v.outcome_in(0, t, needed) for t in every)))
        if applies is False:
            return False
        fails: list[tuple[bool | None, str, Sequence[str]]] = []
        for t, bad in inv.never:
            poss = v.possible(0, t)
            fails.append(
                (within(poss, bad), f"{t} is {_say(poss)}, which this invariant never allows", v.fired_ids(0, t))
            )
        for t, good in inv.always:
            poss = v.possible(0, t)
            fails.append(
                (not3(within(poss, good)), f"{t} is {_say(poss)}, where it must be {_say(good)}", v.fired_ids(0, t))
            )
        for r in inv.require:
            fails.append((not3(v.appears(at[r])), f"rule '{r}' does not appear", (r,)))
        if inv.require_any:
            seen = or3(*(v.appears(at[r]) for r in inv.require_any))
            fails.append(
                (not3(seen), "none of " + ", ".join(f"'{r}'" for r in inv.require_any) + " appears", inv.require_any)
            )
        for r in inv.forbid:
            fails.append((v.appears(at[r]), f"rule '{r}' appears", (r,)))
        broken = and3(applies, or3(*(f[0] for f in fails)))
        if broken is not True:
            return broken
        return tuple((what, tuple(ids)) for ok, what, ids in fails if ok is True)

    found = explore(space, conds, Judge(watched, prop, first=conds[0].closure), LIMIT)
    if not found:
        return None
    cut = len(found) >= LIMIT
    regions = merge(found, space)
    shown = regions[:MAX_REGIONS]
    involved: dict[str, None] = {}
    for _, verdict in shown:
        for _, ids in verdict:
            involved.update(dict.fromkeys(ids))
    by_id = {r.id: r for r in comp.rules}
    count = f"at least {len(regions)}" if cut else str(len(regions))
    return Finding(
        "error",
        "invariant",
        f"invariant '{inv.id}' fails in {count} region(s) of answers: {' '.join(inv.says.split())}",
        [(f"invariant {inv.id}", inv.line), *((f"rule {r}", by_id[r].line) for r in involved)],
        [f"{space.describe_region(r)} → " + "; ".join(what for what, _ in verdict) for r, verdict in shown],
        [space.region_json(r) for r, _ in shown],
    )
