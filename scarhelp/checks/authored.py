"""Finding ``generated-why-not``: some reachable result would explain a missing treatment in the engine's words.

When no ``recommend`` rule for a treatment fires, the report says why it is not
shown.  A patient should read a sentence a person wrote (a ``not_shown`` rule),
not "rule 'x' did not apply: it needs ...", which the engine falls back to.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.findings import MAX_REGIONS, Finding
from ..analysis.search import SEARCH_LIMIT, explore, merge
from ..analysis.space import Cond, Space
from ..analysis.witness import FirstTrue, Witness
from .context import Context


def check(ctx: Context) -> Iterator[Finding]:
    space, comp = ctx.space, ctx.compiled
    for t in ctx.rule_set.treatments:
        idx = [i for i, r in enumerate(comp.rules) if r.treatment == t.id and r.kind in ("recommend", "not_shown")]
        sub = [comp.conds[i] for i in idx]
        if _always_one(space, sub):
            continue
        found = explore(space, sub, FirstTrue(Witness((), range(len(sub)))), SEARCH_LIMIT)
        regions = merge([(r, True) for r, v in found if v is True], space)[:MAX_REGIONS]
        if not regions:
            continue
        yield Finding(
            "error",
            "generated-why-not",
            f"treatment '{t.id}' can be left out with no authored reason: for these answers no recommend or "
            "not_shown rule names it, so the report would explain it in the engine's generated words "
            "(add a not_shown rule saying why, in plain language)",
            [(f"treatment {t.id}", t.line)],
            [f"{space.describe_region(r)} → {t.id}: no reason written" for r, _ in regions],
            [space.region_json(r) for r, _ in regions],
        )


def _always_one(space: Space, conds: list[Cond]) -> bool:
    """A quick proof that some condition holds for every answer: conditions that each test only
    one question, always asked, whose allowed values together cover all its answers.  When it
    fails, the search decides (proving "none of these holds anywhere" by search alone can take
    long when the deciding question comes late in the questionnaire)."""
    cover: dict[int, int] = {}
    for c in conds:
        for b in c.branches:
            if len(b) == 1:
                ((v, mask),) = b.items()
                cover[v] = cover.get(v, 0) | mask
    return any(mask == space.vars[v].full and space.always_asked(v) for v, mask in cover.items())
