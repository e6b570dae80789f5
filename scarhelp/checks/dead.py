"""Finding ``dead-rule``: a rule whose condition holds for no reachable answers.

Either the condition contradicts itself, or it tests a question the skip logic
does not ask when the rest of it holds.  Which rules are dead is a fact other
units read (a dead rule cannot conflict, mask or be shown): :func:`dead_rules`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.findings import Finding, rule_loc
from ..analysis.witness import witness
from .context import Context


def dead_rules(ctx: Context) -> frozenset[int]:
    """The indexes of the rules that fire for no reachable answers."""
    space, conds = ctx.space, ctx.compiled.conds
    return frozenset(i for i in range(len(conds)) if witness(space, conds, [i]) is None)


def check(ctx: Context) -> Iterator[Finding]:
    dead = ctx.fact(dead_rules)
    conds = ctx.compiled.conds
    for i, r in enumerate(ctx.compiled.rules):
        if i not in dead:
            continue
        syntactic = bool(conds[i].branches)
        why = (
            "it tests a question the skip logic does not ask when the rest of its condition holds"
            if syntactic
            else "its condition contradicts itself"
        )
        yield Finding("warning", "dead-rule", f"rule '{r.id}' never fires: {why}", [rule_loc(r)])
