"""Findings ``duplicate-rule`` and ``redundant-rule``: a rule that changes no result.

A rule is redundant when, whenever it fires, another rule with the same effect
(same kind, treatment, strength, text) fires too: it only adds its reason to the
explanation.  When the other one also fires only where it does, the two are
duplicates (a warning: one of them is a slip).  For two identical rules only the
later one is reported: rules are judged from the last, and a rule found
redundant no longer covers an earlier one (:func:`covered_rules`, the fact both
units read).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.findings import Finding, rule_loc
from ..analysis.witness import fires_without, near, witness
from .context import Context
from .dead import dead_rules

# A rule that changes no result: (its index, the rules that cover it, those of them that are its twins)
Covered = tuple[int, list[int], list[int]]


def covered_rules(ctx: Context) -> list[Covered]:
    """Every rule that changes no result, from the last rule to the first."""
    space, rules, conds = ctx.space, ctx.compiled.rules, ctx.compiled.conds
    dead = ctx.fact(dead_rules)
    effect_of = {i: (r.kind, r.treatment, r.strength, r.text) for i, r in enumerate(rules)}
    pool = {i for i in range(len(rules)) if i not in dead}
    out: list[Covered] = []
    for i in reversed(range(len(rules))):
        if i in dead:
            continue
        same = near(conds, i, [j for j in pool if j != i and effect_of[j] == effect_of[i]])
        if same and not fires_without(space, conds, i, same):
            pool.discard(i)
            cover = [j for j in same if witness(space, conds, [i, j]) is not None]
            twin = [j for j in cover if witness(space, conds, [j], [i]) is None]
            out.append((i, cover, twin))
    return out


def duplicates(ctx: Context) -> Iterator[Finding]:
    rules = ctx.compiled.rules
    for i, _cover, twin in ctx.fact(covered_rules):
        if twin:
            yield Finding(
                "warning",
                "duplicate-rule",
                f"rule '{rules[i].id}' duplicates '{rules[twin[0]].id}': same effect, and they fire for "
                "exactly the same answers",
                [rule_loc(rules[i]), rule_loc(rules[twin[0]])],
            )


def redundant(ctx: Context) -> Iterator[Finding]:
    rules = ctx.compiled.rules
    for i, cover, twin in ctx.fact(covered_rules):
        if not twin:
            yield Finding(
                "info",
                "redundant-rule",
                f"rule '{rules[i].id}' changes no result: whenever it fires, "
                + " or ".join(f"'{rules[j].id}'" for j in sorted(cover))
                + " fires with the same effect (it only adds its reason to the explanation)",
                [rule_loc(rules[i]), *(rule_loc(rules[j]) for j in sorted(cover))],
            )
