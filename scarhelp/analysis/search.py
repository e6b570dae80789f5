"""The search: partition the reachable answer space into regions, each with a query's verdict.

``explore`` walks the questions in questionnaire order (skip conditions only look
back, so when a question's turn comes, whether it is asked is known).  At each
question it branches on the partition of its values induced by the value sets
of the tests still undecided (not on every value), and evaluates those tests.
A *query* watches rules become true or false and stops a branch as soon as the
answer for that branch is known (e.g. "some advice fires": not a gap), and can
drop rules that no longer matter.  Questions that no undecided rule needs (nor
any skip condition of a question still needed) are never branched on.  Regions
with the same result are merged afterwards for reporting (``merge``).

Nothing here samples answers, and nothing here knows what a finding is: the
queries that ask something of the result live with the units that need them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Generic, TypeAlias, TypeVar, cast

from .space import NA_BIT, Branches, Cond, Region, Space

# Regions a search may collect before it stops listing them.  The finding itself stays exact (a
# gap or conflict exists or not); only the listing of a badly fragmented one is cut short.
SEARCH_LIMIT = 500


class Stop(Exception):
    """Raised by a query to end the whole search (it found what it looked for)."""


class _Nothing:
    """A verdict that ends a branch without reporting it."""


NOTHING = _Nothing()

State = TypeVar("State")
Verdict = TypeVar("Verdict")
# What a query says of a branch: a verdict (the region is reported with it), ``NOTHING`` (the
# branch ends, unreported) or ``None`` (not known yet: go on branching)
Reply: TypeAlias = "Verdict | _Nothing | None"


class Query(Generic[State, Verdict]):
    """What to look for.  ``update`` sees conditions decided in a branch; it returns
    ``(verdict or None, new state, indexes of conditions to forget)``.

    ``State`` is what the query carries down a branch, ``Verdict`` what it reports of a region
    (``explore`` returns the regions with their verdicts)."""

    # Visit first the values that make the most undecided conditions false.  Only the order
    # of the search changes, never its result; a query hunting for "nothing applies" (a gap)
    # reaches its regions far sooner, which matters when the listing is cut short.
    falsify_first = False
    # Bit mask of questions to branch on first, as soon as their skip logic allows: any order that
    # respects skip logic partitions the space exactly, and deciding a selective condition first
    # (an invariant's ``when``) ends most branches early.
    first = 0

    def start(self) -> State:
        # a query that keeps no state (State None) need not override this; every query here does
        return cast("State", None)

    def update(
        self, state: State, decided: list[tuple[int, bool]], live: Mapping[int, Branches]
    ) -> tuple[Reply[Verdict], State, Iterable[int]]:
        raise NotImplementedError

    def final(self, state: State, live: Mapping[int, Branches]) -> Reply[Verdict]:
        raise NotImplementedError


def explore(
    space: Space, conds: Sequence[Cond], query: Query[State, Verdict], limit: int | None = None
) -> list[tuple[Region, Verdict]]:
    """Partition the reachable answer space into regions, each with the query's verdict.

    Regions with the verdict ``None`` are not returned (the query said "nothing here").
    """
    out: list[tuple[Region, Verdict]] = []
    nsides = len(space.rule_sets)
    by_var: list[list[int]] = [[] for _ in space.vars]
    for i, c in enumerate(conds):
        for v in {v for b in c.branches for v in b}:
            by_var[v].append(i)
    live: dict[int, Branches] = {}
    decided: list[tuple[int, bool]] = []
    for i, c in enumerate(conds):
        if not c.branches:
            decided.append((i, False))
        elif any(not b for b in c.branches):
            decided.append((i, True))
        else:
            live[i] = c.branches
    state = query.start()
    verdict, state, drop = query.update(state, decided, live)
    for i in drop:
        live.pop(i, None)
    try:
        if verdict is not None:
            _record(out, {}, verdict, limit)
        else:
            _walk(space, conds, query, by_var, {}, [{} for _ in range(nsides)], live, state, 0, out, limit)
    except Stop:
        pass
    return out


def _record(out: list[tuple[Region, Verdict]], region: Region, verdict: Reply[Verdict], limit: int | None) -> None:
    if verdict is None or isinstance(verdict, _Nothing):  # NOTHING is the one _Nothing
        return
    out.append((dict(region), verdict))
    if limit is not None and len(out) >= limit:
        raise Stop


def _walk(
    space: Space,
    conds: Sequence[Cond],
    query: Query[State, Verdict],
    by_var: list[list[int]],
    region: Region,
    views: list[dict[int, int]],
    live: dict[int, Branches],
    state: State,
    assigned: int,
    out: list[tuple[Region, Verdict]],
    limit: int | None,
) -> None:
    need = 0
    for i in live:
        need |= conds[i].closure
    full_need = need
    need &= ~assigned
    if not need:
        _record(out, region, query.final(state, live), limit)
        return
    # the next question: the query's first choices once their skip logic can be decided, else the
    # earliest one still needed (whose skip logic only looks at questions already branched on)
    p = -1
    first = need & query.first
    while first:
        low = first & -first
        v = low.bit_length() - 1
        if not space.anc[v] & ~assigned:
            p = v
            break
        first ^= low
    if p < 0:
        p = (need & -need).bit_length() - 1
    var = space.vars[p]
    nsides = len(space.rule_sets)
    asks = []
    for s in range(nsides):
        c = space.asks[s][p]
        asks.append(c is not None and _holds(c, views[s]))
    touching = [i for i in by_var[p] if i in live]
    if not any(asks):
        cells = [NA_BIT]
    else:
        domain = 0
        for s in range(nsides):
            if asks[s]:
                domain |= var.offered[s]
        splitters = []
        for i in touching:
            for b in live[i]:
                m = b.get(p)
                if m is not None:
                    splitters.append(m)
        for r, m in space.ask_splits[p]:
            if r > p and (full_need >> r) & 1:
                splitters.append(m)
        if nsides > 1:
            splitters.extend(var.offered)
        cells = _partition(domain, splitters)
        if query.falsify_first and len(cells) > 1:
            tests = [b[p] for i in touching for b in live[i] if p in b]
            cells.sort(key=lambda c: -sum(1 for m in tests if not c & m))
    for cell in cells:
        new_views = []
        for s in range(nsides):
            view = dict(views[s])
            if cell == NA_BIT or not asks[s]:
                view[p] = NA_BIT
            elif cell & var.offered[s] == cell:
                view[p] = cell
            else:
                view[p] = -1  # an answer this side does not offer
            new_views.append(view)
        new_live = dict(live)
        decided: list[tuple[int, bool]] = []
        for i in touching:
            seen = new_views[conds[i].side][p]
            keep = []
            true = False
            for b in live[i]:
                m = b.get(p)
                if m is None:
                    keep.append(b)
                    continue
                if seen <= 0 or not seen & m:
                    continue
                if seen & m != seen:  # pragma: no cover - the partition refines every live test
                    raise AssertionError("region not refined")
                rest = {k: v for k, v in b.items() if k != p}
                if not rest:
                    true = True
                    break
                keep.append(rest)
            if true:
                del new_live[i]
                decided.append((i, True))
            elif not keep:
                del new_live[i]
                decided.append((i, False))
            else:
                new_live[i] = tuple(keep)
        region[p] = cell
        if decided:
            verdict, new_state, drop = query.update(state, decided, new_live)
            for i in drop:
                new_live.pop(i, None)
        else:
            verdict, new_state = None, state
        try:
            if verdict is not None:
                _record(out, region, verdict, limit)
            else:
                _walk(
                    space, conds, query, by_var, region, new_views, new_live, new_state, assigned | 1 << p, out, limit
                )
        finally:
            del region[p]


def _holds(c: Cond, view: Mapping[int, int]) -> bool:
    for b in c.branches:
        ok = True
        for v, m in b.items():
            seen = view.get(v, 0)
            if seen <= 0 or not seen & m:
                ok = False
                break
            if seen & m != seen:  # pragma: no cover - splits guarantee this
                raise AssertionError("skip condition not decided")
        if ok:
            return True
    return False


def _partition(domain: int, splitters: Iterable[int]) -> list[int]:
    cells = [domain]
    for s in set(splitters):
        nxt = []
        for c in cells:
            a, b = c & s, c & ~s
            if a:
                nxt.append(a)
            if b:
                nxt.append(b)
        cells = nxt
    return sorted(cells)


def merge(regions: list[tuple[Region, Verdict]], space: Space) -> list[tuple[Region, Verdict]]:
    """Merge regions with equal verdicts that differ in one question's values only."""
    full_of = {v.index: v.full | NA_BIT for v in space.vars}
    items = [(dict(r), v) for r, v in regions]
    changed = True
    while changed:
        changed = False
        keys = sorted({k for r, _ in items for k in r})
        for k in keys:
            groups: dict[tuple[tuple[tuple[int, int], ...], object], list[tuple[Region, Verdict]]] = {}
            for r, verdict in items:
                rest = tuple(sorted((q, m) for q, m in r.items() if q != k))
                groups.setdefault((rest, _key(verdict)), []).append((r, verdict))
            new_items: list[tuple[Region, Verdict]] = []
            for (rest, _), members in groups.items():
                if len(members) == 1:
                    new_items.append(members[0])
                    continue
                mask = 0
                for r, _ in members:
                    mask |= r.get(k, full_of[k])
                merged = dict(rest)
                if mask != full_of[k]:
                    merged[k] = mask
                new_items.append((merged, members[0][1]))
                changed = True
            items = new_items
    # drop questions that are "anything, including skipped" and sort for a stable report
    items.sort(key=lambda it: sorted(it[0].items()))
    return items


def _key(verdict: object) -> object:
    try:
        hash(verdict)
        return verdict
    except TypeError:
        return repr(verdict)
