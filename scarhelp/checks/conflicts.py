"""Finding ``conflict``: reachable answers for which rules give one treatment two strengths.

The engine resolves it (the most cautious strength wins), but the author meant
something else by one of the rules.  Checked per treatment and pairwise: most
pairs are ruled out by their conditions alone (they test one question with
disjoint values) and the rest need only a search over two conditions.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.findings import MAX_REGIONS, Finding, rule_loc
from ..analysis.rules import strength_of
from ..analysis.search import merge
from ..analysis.witness import may_overlap, regions_where_all
from ..model import STRENGTHS
from .context import Context
from .dead import dead_rules


def check(ctx: Context) -> Iterator[Finding]:
    space, rules, conds = ctx.space, ctx.compiled.rules, ctx.compiled.conds
    dead = ctx.fact(dead_rules)
    for t in ctx.rule_set.treatments:
        members = [i for i, r in enumerate(rules) if r.kind == "recommend" and r.treatment == t.id and i not in dead]
        for a, i in enumerate(members):
            for j in members[a + 1 :]:
                if rules[i].strength == rules[j].strength or not may_overlap(conds[i], conds[j]):
                    continue
                regions = regions_where_all(space, conds, [i, j])
                if not regions:
                    continue
                merged = merge([(r, True) for r in regions], space)[:MAX_REGIONS]
                pair = (rules[i], rules[j])
                cautious = max((strength_of(r) for r in pair), key=STRENGTHS.index)
                yield Finding(
                    "error",
                    "conflict",
                    f"treatment '{t.id}' gets different strengths from "
                    + ", ".join(f"'{r.id}' ({r.strength})" for r in pair)
                    + f"; the engine uses the most cautious, {cautious}",
                    [rule_loc(r) for r in pair],
                    [
                        f"{space.describe_region(r)} → {t.id}: " + "/".join(strength_of(x) for x in pair)
                        for r, _ in merged
                    ],
                    [space.region_json(r) for r, _ in merged],
                )
