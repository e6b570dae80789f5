"""Findings ``treatment-never-shown`` and ``no-harms``: whether each treatment can be shown at all.

A treatment is shown for some answers when one of its recommend rules at a
strength other than ``not_suited`` fires with none of its ``not_suited`` rules
(:func:`shown_treatments`, a fact both units read).  One never shown is a
warning; one that can be shown but lists no harms is an error, since the
report would show benefits alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.findings import Finding, rule_loc
from ..analysis.rules import treatment_of
from ..analysis.witness import any_fires_with
from .context import Context
from .dead import dead_rules


def recommends_by_treatment(ctx: Context) -> dict[str, list[int]]:
    """Each treatment's recommend rules (indexes, in file order); a treatment no rule names is absent."""
    by_t: dict[str, list[int]] = {}
    for i, r in enumerate(ctx.compiled.rules):
        if r.kind == "recommend":
            by_t.setdefault(treatment_of(r), []).append(i)
    return by_t


def shown_treatments(ctx: Context) -> dict[str, bool]:
    """Per treatment: can it be shown for some reachable answers?"""
    space, rules, conds = ctx.space, ctx.compiled.rules, ctx.compiled.conds
    dead = ctx.fact(dead_rules)
    by_t = ctx.fact(recommends_by_treatment)
    out: dict[str, bool] = {}
    for t in ctx.rule_set.treatments:
        pos = [i for i in by_t.get(t.id, []) if rules[i].strength != "not_suited" and i not in dead]
        neg = [i for i in by_t.get(t.id, []) if rules[i].strength == "not_suited" and i not in dead]
        out[t.id] = any_fires_with(space, conds, [], pos, neg)
    return out


def never_shown(ctx: Context) -> Iterator[Finding]:
    shown = ctx.fact(shown_treatments)
    by_t = ctx.fact(recommends_by_treatment)
    for t in ctx.rule_set.treatments:
        if not shown[t.id]:
            rel = [rule_loc(ctx.compiled.rules[i]) for i in by_t.get(t.id, [])]
            yield Finding(
                "warning",
                "treatment-never-shown",
                f"treatment '{t.id}' is never shown for any answers" + ("" if rel else " (no rule recommends it)"),
                [(f"treatment {t.id}", t.line), *rel],
            )


def no_harms(ctx: Context) -> Iterator[Finding]:
    shown = ctx.fact(shown_treatments)
    for t in ctx.rule_set.treatments:
        if shown[t.id] and not t.harms:
            yield Finding(
                "error",
                "no-harms",
                f"treatment '{t.id}' can be shown but lists no harms",
                [(f"treatment {t.id}", t.line)],
            )
