"""Whether (and where) some reachable answers make given conditions hold and others not.

The questions most kinds of finding ask: does a rule ever fire (``witness``), does
it ever fire without these others (``fires_without``), can one of these fire with
those and none of the rest (``any_fires_with``), and every region where a few
conditions hold together (``regions_where_all``).  Each is a small search
(:func:`~scarhelp.analysis.search.explore` with a :class:`Witness` query) after
cheap tests on the compiled masks rule out most pairs: ``may_overlap`` and
``implies``.

``implies`` is the analysis' own implication between compiled conditions, exact
on the masks of one answer space; ``conditions.branch_implies`` is the
syntactic one the graph uses on a rule file's tests, where no space is built
(see that module's docstring).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .search import NOTHING, SEARCH_LIMIT, Query, Reply, State, explore
from .space import Branches, Cond, Region, Space


class Witness(Query[int, bool]):
    """Some answers where every ``all_of`` holds and no ``none_of`` does.

    State: how many ``all_of`` conditions are still to hold."""

    def __init__(self, all_of: Iterable[int], none_of: Iterable[int] = ()):
        self.all_of, self.none_of = set(all_of), set(none_of)

    def start(self) -> int:
        return len(self.all_of)

    def update(
        self, state: int, decided: list[tuple[int, bool]], live: Mapping[int, Branches]
    ) -> tuple[Reply[bool], int, Iterable[int]]:
        need_all = state
        for i, val in decided:
            if i in self.all_of:
                if not val:
                    return False, state, ()
                need_all -= 1
            if i in self.none_of and val:
                return False, state, ()
        if need_all == 0 and not any(i in self.none_of for i in live):
            return True, need_all, ()
        return None, need_all, ()

    def final(self, state: int, live: Mapping[int, Branches]) -> Reply[bool]:  # pragma: no cover
        return None  # never reached: every condition is decided by then


def witness(
    space: Space, conds: Sequence[Cond], all_of: Sequence[int] = (), none_of: Sequence[int] = ()
) -> Region | None:
    """A region of answers where all of ``all_of`` hold and none of ``none_of``."""
    ids = list(dict.fromkeys([*all_of, *none_of]))
    pos = {c: k for k, c in enumerate(ids)}
    sub = [conds[c] for c in ids]
    q = Witness([pos[c] for c in all_of], [pos[c] for c in none_of])
    found = explore(space, sub, FirstTrue(q), limit=1)
    return found[0][0] if found else None


class FirstTrue(Query[State, bool]):
    """The inner query's ``True`` regions only: a ``False`` ends its branch unreported."""

    def __init__(self, inner: Query[State, bool]):
        self.inner = inner

    def start(self) -> State:
        return self.inner.start()

    def update(
        self, state: State, decided: list[tuple[int, bool]], live: Mapping[int, Branches]
    ) -> tuple[Reply[bool], State, Iterable[int]]:
        verdict, state, drop = self.inner.update(state, decided, live)
        if verdict is False:
            return NOTHING, state, drop
        return verdict, state, drop

    def final(self, state: State, live: Mapping[int, Branches]) -> Reply[bool]:
        return None


def may_overlap(a: Cond, b: Cond) -> bool:
    """False when no branch of ``a`` can hold together with a branch of ``b``: some question
    would need a value both allow.  Cheap, and enough to rule out most pairs."""
    return any(all(ba[v] & bb[v] for v in ba.keys() & bb.keys()) for ba in a.branches for bb in b.branches)


def implies(a: Cond, b: Cond) -> bool:
    """True when every branch of ``a`` is narrower than some branch of ``b``, so ``b`` holds whenever
    ``a`` does (a sufficient test, not a complete one; the search decides the rest)."""
    return all(any(all(v in ba and not ba[v] & ~bb[v] for v in bb) for bb in b.branches) for ba in a.branches)


def near(conds: Sequence[Cond], i: int, others: Iterable[int]) -> list[int]:
    """The conditions among ``others`` that might hold together with condition ``i``."""
    return [j for j in others if may_overlap(conds[i], conds[j])]


def fires_without(space: Space, conds: Sequence[Cond], i: int, others: Sequence[int]) -> bool:
    """Do some reachable answers satisfy condition ``i`` (known to be satisfiable) and none of ``others``?"""
    others = near(conds, i, others)
    if not others:
        return True
    if any(implies(conds[i], conds[j]) for j in others):
        return False
    return witness(space, conds, [i], others) is not None


def any_fires_with(
    space: Space, conds: Sequence[Cond], base: Sequence[int], candidates: Sequence[int], none_of: Sequence[int]
) -> bool:
    """Do some reachable answers satisfy every ``base`` condition, one of ``candidates`` and none of ``none_of``?

    One small search per candidate instead of one search over all of them at once: each
    search then branches only on the few questions that candidate and its rivals test, and
    most candidates are settled by the cheap overlap and implication tests alone.
    """
    for p in candidates:
        group = [*base, p]
        if not all(may_overlap(conds[p], conds[b]) for b in base):
            continue
        blockers = [j for j in none_of if all(may_overlap(conds[j], conds[g]) for g in group)]
        if any(implies(conds[g], conds[j]) for g in group for j in blockers):
            continue
        if witness(space, conds, group, blockers) is not None:
            return True
    return False


def regions_where_all(space: Space, conds: Sequence[Cond], idxs: Sequence[int]) -> list[Region]:
    """Every reachable region where all the given conditions hold."""
    sub = [conds[i] for i in idxs]
    found = explore(space, sub, FirstTrue(Witness(range(len(sub)))), SEARCH_LIMIT)
    return [region for region, verdict in found if verdict is True]
