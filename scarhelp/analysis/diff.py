"""``scarhelp diff``: the answer regions whose user-visible result differs between two rule sets, and how.

Both rule sets share one :class:`~scarhelp.analysis.space.Space` (their
questions and options joined), and one search (:class:`OutcomeQuery`) follows
both sides' rules at once.  What is compared is the *outcome* a person sees:
each treatment's final strength, which advice and caveats appear; a rule's
wording of why, its id or its place in the file do not count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import STRENGTHS, Rule, RuleSet
from .rules import CompiledRules, compile_rules, strength_of, treatment_of
from .search import NOTHING, Query, Reply, explore, merge
from .space import Branches, Region, Space, views_of

# What ``diff`` compares (see ``outcome``): ``(strengths, advice, general caveats, caveats per
# treatment)``, or a 1-tuple for answers a side does not offer
Outcome = tuple[tuple[tuple[str, str], ...], frozenset[str], frozenset[str], frozenset[tuple[str, str]]] | tuple[str]
# One difference between two outcomes: ``(kind, treatment, before or change, after or text)``
DeltaItem = tuple[str, str | None, str, str]
Delta = tuple[DeltaItem, ...]


def outcome(rs: RuleSet, fired: Iterable[Rule], invalid: bool = False) -> Outcome:
    """The user-visible result of a set of fired rules: comparable across rule sets."""
    if invalid:
        return ("(this answer is not offered)",)
    fired = list(fired)
    strengths: dict[str, str] = {}
    for r in fired:
        if r.kind == "recommend":
            cur = strengths.get(treatment_of(r))
            if cur is None or STRENGTHS.index(r.strength) > STRENGTHS.index(cur):
                strengths[treatment_of(r)] = strength_of(r)
    advice = frozenset(r.text for r in fired if r.kind == "advise")
    general = frozenset(r.text for r in fired if r.kind == "caveat" and r.treatment is None)
    per_t = frozenset(
        (r.treatment, r.text)
        for r in fired
        if r.kind == "caveat" and r.treatment is not None and strengths.get(r.treatment, "not_suited") != "not_suited"
    )
    return (tuple(sorted(strengths.items())), advice, general, per_t)


def delta(before: Outcome, after: Outcome) -> Delta:
    """Only what differs between two outcomes, as sorted, hashable items.

    Regions are merged on this rather than on the whole before/after pair, so a
    change that touches one treatment reads as one region, not one per
    combination of everything else that stayed the same.
    """
    if len(before) == 1 or len(after) == 1:  # a side that does not offer these answers
        return (("offered", None, _summary(before), _summary(after)),)
    items: list[DeltaItem] = []
    s_old, s_new = dict(before[0]), dict(after[0])
    for t in sorted(set(s_old) | set(s_new)):
        if s_old.get(t) != s_new.get(t):
            items.append(("strength", t, s_old.get(t, "not shown"), s_new.get(t, "not shown")))
    for kind, was, now in (("advice", before[1], after[1]), ("caveat", before[2], after[2])):
        for text in sorted(was - now):
            items.append((kind, None, "removed", text))
        for text in sorted(now - was):
            items.append((kind, None, "added", text))
    for t, text in sorted(before[3] - after[3]):
        items.append(("caveat", t, "removed", text))
    for t, text in sorted(after[3] - before[3]):
        items.append(("caveat", t, "added", text))
    return tuple(items)


def describe_delta(d: Delta) -> list[str]:
    """One line per difference: ``bellafill: option -> not_suited``, ``+ advice: ...``."""
    lines = []
    for kind, treatment, a, b in d:
        if kind == "offered":
            lines.append(f"before: {a}")
            lines.append(f"after:  {b}")
        elif kind == "strength":
            lines.append(f"{treatment}: {a} -> {b}")
        else:
            sign = "+" if a == "added" else "-"
            on = f" on {treatment}" if treatment else ""
            lines.append(f"{sign} {kind}{on}: {_short(b, 100)}")
    return lines


def delta_json(d: Delta) -> list[dict[str, str | None]]:
    out = []
    for kind, treatment, a, b in d:
        if kind in ("offered", "strength"):
            out.append({"what": kind, "treatment": treatment, "before": a, "after": b})
        else:
            out.append({"what": kind, "treatment": treatment, "change": a, "text": b})
    return out


def _summary(o: Outcome) -> str:
    """A whole outcome on one line, for answers only one side offers."""
    if len(o) == 1:
        return "these answers are not offered"
    strengths, advice, general, per_t = o
    parts = [", ".join(f"{t}: {s}" for t, s in strengths) or "no treatment"]
    parts += [f"advice: {_short(a)}" for a in sorted(advice)]
    parts += [f"caveat: {_short(c)}" for c in sorted(general)]
    parts += [f"caveat on {t}: {_short(c)}" for t, c in sorted(per_t)]
    return "; ".join(parts)


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


Fired = tuple[list[Rule], ...]  # per side, the rules that fired, in condition order


class OutcomeQuery(Query[frozenset[int], Fired]):
    """Both sides' outcomes, once every rule that can still change them is decided.

    State: the conditions that hold in the branch so far."""

    def __init__(self, comps: Sequence[CompiledRules], offsets: Sequence[int], twins: Mapping[int, int] | None = None):
        self.comps = comps
        # side-0 condition -> a side-1 condition with the same compiled test and the same effect;
        # given only when both sides ask the same questions the same way (see ``diff``)
        self.twins = dict(twins or {})
        self.twin_values = set(self.twins.values())
        self.rule_of: dict[int, tuple[int, Rule]] = {}
        self.by_t: dict[tuple[int, str], list[int]] = {}
        for s, (comp, off) in enumerate(zip(comps, offsets, strict=True)):
            for i, r in enumerate(comp.rules):
                self.rule_of[off + i] = (s, r)
                if r.treatment is not None:
                    self.by_t.setdefault((s, r.treatment), []).append(off + i)

    def start(self) -> frozenset[int]:
        return frozenset()

    def update(
        self, state: frozenset[int], decided: list[tuple[int, bool]], live: Mapping[int, Branches]
    ) -> tuple[Reply[Fired], frozenset[int], Iterable[int]]:
        state = state | {i for i, v in decided if v}
        # a set: two not_suited rules for one treatment must not count its rules
        # twice, or the count below would end the search with rules undecided
        drop: set[int] = set()
        for i in state:
            s, r = self.rule_of[i]
            if r.kind == "recommend" and r.strength == "not_suited":
                drop.update(j for j in self.by_t[(s, treatment_of(r))] if j in live)
        if len(drop) == len(live):
            return self.final(state, {}), state, sorted(drop)
        if self.twins and self._same_from_here(state, live, drop):
            return NOTHING, state, sorted(drop)
        return None, state, sorted(drop)

    def _same_from_here(self, state: frozenset[int], live: Mapping[int, Branches], drop: set[int]) -> bool:
        """Both sides fired twin rules and have only twin rules left undecided: whatever the
        remaining answers, the two results are the same, so this branch shows no change."""
        twins, mates = self.twins, self.twin_values
        left = [i for i in live if i not in drop]
        n0 = 0
        for i in left:
            if i in twins:
                if twins[i] not in live or twins[i] in drop:
                    return False
                n0 += 1
            elif i not in mates:
                return False
        if 2 * n0 != len(left):
            return False
        fired0 = [i for i in state if self.rule_of[i][0] == 0]
        fired1 = {i for i in state if self.rule_of[i][0] == 1}
        return len(fired0) == len(fired1) and all(twins.get(i) in fired1 for i in fired0)

    def final(self, state: frozenset[int], live: Mapping[int, Branches]) -> Reply[Fired]:
        fired: list[list[Rule]] = [[] for _ in self.comps]
        for i in sorted(state):
            s, r = self.rule_of[i]
            fired[s].append(r)
        return tuple(fired)


@dataclass
class Change:
    region: str  # in the region notation of ``check``
    region_data: dict[str, list[Any]]  # as ``Space.region_json``
    changes: list[str]  # one line per difference, for people
    changes_data: list[dict[str, str | None]]  # the same, for programs


def diff(old: RuleSet, new: RuleSet) -> list[Change]:
    """Answer regions whose user-visible result differs between two rule sets, and how."""
    space = Space([old, new])
    c_old = compile_rules(space, old, 0)
    c_new = compile_rules(space, new, 1)
    conds = c_old.conds + c_new.conds
    # an answer one side does not offer can only occur where the sides' options differ
    same_options = all(var.offered[0] == var.offered[1] for var in space.vars)
    same_asks = all(
        (a is None) == (b is None) and (a is None or a.branches == b.branches) for a, b in zip(*space.asks, strict=True)
    )
    twins: dict[int, int] = {}
    if same_options and same_asks:
        # pair each old rule with an unused new one that tests the same answers to the same effect
        free: dict[tuple[Effect, str], list[int]] = {}
        for j, (r, c) in enumerate(zip(c_new.rules, c_new.conds, strict=True)):
            free.setdefault((_effect(r), repr(c.branches)), []).append(len(c_old.conds) + j)
        for i, (r, c) in enumerate(zip(c_old.rules, c_old.conds, strict=True)):
            pool = free.get((_effect(r), repr(c.branches)))
            if pool:
                twins[i] = pool.pop(0)
    q = OutcomeQuery([c_old, c_new], [0, len(c_old.conds)], twins)
    regions = explore(space, conds, q)
    results: list[tuple[Region, Delta]] = []
    for region, fired in regions:
        invalid = (
            [False, False]
            if same_options
            else [any(view == -1 for view in views_of(space, region, s).values()) for s in range(2)]
        )
        d = delta(outcome(old, fired[0], invalid[0]), outcome(new, fired[1], invalid[1]))
        if d:
            results.append((region, d))
    return [
        Change(space.describe_region(r), space.region_json(r), describe_delta(d), delta_json(d))
        for r, d in merge(results, space)
    ]


Effect = tuple[str, str | None, str | None, str]


def _effect(r: Rule) -> Effect:
    """What a rule contributes to the outcome ``diff`` compares (its wording of why does not count)."""
    return (r.kind, r.treatment, r.strength, r.text if r.kind in ("advise", "caveat") else "")
