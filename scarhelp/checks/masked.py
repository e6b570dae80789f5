"""Finding ``masked-rule``: a rule that fires but whose effect never shows.

Two ways: a ``recommend`` rule whose every firing is overruled by a rule of the
same treatment with a more cautious strength, so its strength never shows; or a
caveat on a treatment that is never shown when the caveat fires.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.findings import Finding, rule_loc
from ..analysis.rules import treatment_of
from ..analysis.witness import any_fires_with, fires_without, near
from ..model import STRENGTHS
from .context import Context
from .dead import dead_rules
from .shown import recommends_by_treatment


def check(ctx: Context) -> Iterator[Finding]:
    space, rules, conds = ctx.space, ctx.compiled.rules, ctx.compiled.conds
    dead = ctx.fact(dead_rules)
    by_t = ctx.fact(recommends_by_treatment)
    for i, r in enumerate(rules):
        if i in dead:
            continue
        if r.kind == "recommend":
            cautious_rules = [
                j
                for j in by_t[treatment_of(r)]
                if j != i and j not in dead and STRENGTHS.index(rules[j].strength) > STRENGTHS.index(r.strength)
            ]
            cautious_rules = near(conds, i, cautious_rules)
            if cautious_rules and not fires_without(space, conds, i, cautious_rules):
                yield Finding(
                    "warning",
                    "masked-rule",
                    f"rule '{r.id}' ({r.treatment}: {r.strength}) is always overruled by a more cautious rule, "
                    "so its strength is never shown",
                    [rule_loc(r), *(rule_loc(rules[j]) for j in cautious_rules)],
                )
        elif r.kind == "caveat" and r.treatment is not None:
            pos = [j for j in by_t.get(r.treatment, []) if rules[j].strength != "not_suited" and j not in dead]
            neg = [j for j in by_t.get(r.treatment, []) if rules[j].strength == "not_suited" and j not in dead]
            if not any_fires_with(space, conds, [i], pos, neg):
                yield Finding(
                    "warning",
                    "masked-rule",
                    f"caveat '{r.id}' is never shown: whenever it applies, '{r.treatment}' is not shown",
                    [rule_loc(r)],
                )
