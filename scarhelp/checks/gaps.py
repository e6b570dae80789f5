"""Finding ``gap``: reachable answers that end with no treatment shown and no advice.

A gap is a region where no treatment is shown (at a strength other than
``not_suited``, after "most cautious wins") and no advice applies: the patient
would get an empty report.  One search (:class:`GapQuery`) over the advise and
recommend rules; a branch ends as soon as something is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from ..analysis.findings import MAX_REGIONS, Finding, question_locs
from ..analysis.search import NOTHING, SEARCH_LIMIT, Query, Reply, explore, merge
from ..analysis.space import Branches
from ..model import Rule
from .context import Context


def check(ctx: Context) -> Iterator[Finding]:
    rs, space, comp = ctx.rule_set, ctx.space, ctx.compiled
    rules, conds = comp.rules, comp.conds
    shown_by = [i for i, r in enumerate(rules) if r.kind in ("advise", "recommend")]
    gaps = explore(space, [conds[i] for i in shown_by], GapQuery([rules[i] for i in shown_by]), SEARCH_LIMIT)
    cut = len(gaps) >= SEARCH_LIMIT
    gaps = merge(gaps, space)
    if gaps:
        shown = gaps[:MAX_REGIONS]
        count = f"at least {len(gaps)}" if cut else str(len(gaps))
        more = f" (listing stopped after {SEARCH_LIMIT} regions searched; fix these and check again)" if cut else ""
        yield Finding(
            "error",
            "gap",
            f"{count} region(s) of answers end with no treatment shown and no advice{more}",
            question_locs(rs, space, [r for r, _ in shown]),
            [f"{space.describe_region(r)} → nothing" for r, _ in shown],
            [space.region_json(r) for r, _ in shown],
        )


class GapQuery(Query[dict[str, tuple[bool, bool]], str]):
    """Is anything shown?  Verdict ``"gap"`` where nothing is; branches end as soon as something is.

    ``rules`` are the advise and recommend rules only, indexed as the conditions passed to ``explore``.
    """

    falsify_first = True

    def __init__(self, rules: Sequence[Rule]):
        self.pos: dict[str, set[int]] = {}
        self.neg: dict[str, set[int]] = {}
        self.which: dict[int, tuple[str, str | None]] = {}
        for i, r in enumerate(rules):
            if r.kind == "advise":
                self.which[i] = ("adv", None)
            elif r.kind == "recommend":
                kind = "neg" if r.strength == "not_suited" else "pos"
                t = r.treatment
                assert t is not None  # the loader gives every recommend rule a treatment
                self.which[i] = (kind, t)
                self.pos.setdefault(t, set())
                self.neg.setdefault(t, set())
                (self.neg if kind == "neg" else self.pos)[t].add(i)

    def start(self) -> dict[str, tuple[bool, bool]]:
        return {t: (False, False) for t in self.pos}  # per treatment: (a positive rule fired, not_suited fired)

    def update(
        self, state: dict[str, tuple[bool, bool]], decided: list[tuple[int, bool]], live: Mapping[int, Branches]
    ) -> tuple[Reply[str], dict[str, tuple[bool, bool]], Iterable[int]]:
        changed = False
        for i, val in decided:
            if not val:
                continue
            kind, t = self.which[i]
            if kind == "adv":
                return NOTHING, state, ()
            assert t is not None  # only advise rules have none
            if not changed:
                state = dict(state)
                changed = True
            p, n = state[t]
            state[t] = (p or kind == "pos", n or kind == "neg")
        drop: set[int] = set()
        for t, (p, n) in state.items():
            if n:
                drop.update(i for i in self.pos[t] | self.neg[t] if i in live)
            elif p:
                if not any(i in live for i in self.neg[t]):
                    return NOTHING, state, ()
                drop.update(i for i in self.pos[t] if i in live)
            elif not any(i in live for i in self.pos[t]):
                # nothing can show this treatment any more: whether it is ruled out does not matter
                drop.update(i for i in self.neg[t] if i in live)
        if len(drop) == len(live):
            return self.final(state, {}), state, drop
        return None, state, drop

    def final(self, state: dict[str, tuple[bool, bool]], live: Mapping[int, Branches]) -> Reply[str]:
        for p, n in state.values():
            if p and not n:
                return NOTHING
        return "gap"
