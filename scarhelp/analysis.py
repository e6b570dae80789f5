"""Exact, symbolic analysis of a rule set: what ``scarhelp check`` and ``scarhelp diff`` prove.

Nothing here samples answers.  The answer space is split only where some rule or
skip condition can tell answers apart, so even 4^25 answer combinations are
covered by a few thousand regions.

The answer space
----------------
Each question is a variable.  Its *abstract values* are classes of answers that
no test in the rule set(s) can tell apart:

* for a ``one`` / ``yes_no`` question, a *cell*: the options that appear in
  exactly the same tests' value lists;
* for a ``many`` question, a *pattern*: a non-empty set of cells that a valid
  answer touches (every chosen option lies in one of them, and it touches each).
  A test on a ``many`` question only asks "is any chosen value in V", and every
  V is a union of cells, so the pattern decides every test exactly.  Patterns
  that no valid answer makes (e.g. an ``exclusive`` option with another) are left
  out;
* plus ``NOT_ASKED`` (bit 0): the value of a question the skip logic skips.  A
  test never holds on it, even a negated one (the model's rule).

A *region* maps some questions to sets of abstract values (bit masks); a
question it leaves out may take any value the skip logic allows.

The search
----------
``explore`` walks the questions in questionnaire order (skip conditions only look
back, so when a question's turn comes, whether it is asked is known).  At each
question it branches on the partition of its values induced by the value sets
of the tests still undecided (not on every value), and evaluates those tests.
A *query* watches rules become true or false and stops a branch as soon as the
answer for that branch is known (e.g. "some advice fires": not a gap), and can
drop rules that no longer matter.  Questions that no undecided rule needs (nor
any skip condition of a question still needed) are never branched on.  Regions
with the same result are merged afterwards for reporting.

Definitions used by ``check``
-----------------------------
* gap: a reachable region where no treatment is shown (at a strength other than
  ``not_suited``, after "most cautious wins") and no advice applies.
* conflict: a reachable region where rules give one treatment two strengths.
* dead rule: its condition holds for no reachable answers (contradictory, or it
  tests a question the skip logic does not ask when the rest of it holds).
* masked rule: a ``recommend`` rule whose every firing is overruled by a rule of
  the same treatment with a more cautious strength, so its strength never shows;
  or a caveat on a treatment that is never shown when the caveat fires.
* redundant rule: whenever it fires, another rule with the same effect (same
  kind, treatment, strength, text) fires too.  For two identical rules only the
  later one is reported.
* never-asked question, unused option (no test holds on it alone: it changes no
  result by itself), treatment never shown, claim never cited (by a rule or a
  treatment's benefit/harm), reference never cited (by a cited claim).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeAlias, TypeVar, cast

from .conditions import branches_of
from .errors import RulesError
from .model import STRENGTHS, AgainstValue, Condition, Point, Question, Rule, RuleSet

Region = dict[int, int]  # var index -> bit mask of the abstract values allowed
Branch = dict[int, int]  # one branch of a compiled condition: var index -> allowed mask
Branches = tuple[Branch, ...]
# What ``diff`` compares (see ``outcome``): ``(strengths, advice, general caveats, caveats per
# treatment)``, or a 1-tuple for answers a side does not offer
Outcome = tuple[tuple[tuple[str, str], ...], frozenset[str], frozenset[str], frozenset[tuple[str, str]]] | tuple[str]
# One difference between two outcomes: ``(kind, treatment, before or change, after or text)``
DeltaItem = tuple[str, str | None, str, str]
Delta = tuple[DeltaItem, ...]

NOT_ASKED = "(skipped)"
NA_BIT = 1
SEVERITIES = ("error", "warning", "info")
MAX_REGIONS = 200  # per finding list; a rule set this broken needs fixing, not a longer report
# Regions a search may collect before it stops listing them.  The finding itself stays exact (a
# gap or conflict exists or not); only the listing of a badly fragmented one is cut short.
SEARCH_LIMIT = 500


# -- the answer space -------------------------------------------------------------------------


@dataclass
class Var:
    """One question as a variable over abstract values (index 0 is NOT_ASKED)."""

    index: int
    qid: str
    kind: str
    options: tuple[str, ...]  # union of the options of every side, in order
    cells: list[frozenset[str]]
    # index -> None (not asked) | frozenset[str] (a cell) | frozenset[int] (a pattern of cell indexes)
    values: list[frozenset[str] | frozenset[int] | None]
    offered: list[int]  # per side: mask of values that side accepts (0: the side lacks the question)
    full: int = 0  # every non-NA value

    def concrete(self, i: int) -> frozenset[str]:
        """Every option that can occur in an answer of abstract value ``i``."""
        v = self.values[i]
        if v is None:
            return frozenset()
        if self.kind == "many":
            return frozenset[str]().union(*(self.cells[c] for c in cast("frozenset[int]", v)))
        return cast("frozenset[str]", v)

    # ``values`` holds cells or patterns by ``kind``: these name which one a caller expects
    def cell(self, i: int) -> frozenset[str]:
        """Abstract value ``i`` (not 0) of a ``one`` / ``yes_no`` question: a cell of options."""
        return cast("frozenset[str]", self.values[i])

    def pattern(self, i: int) -> frozenset[int]:
        """Abstract value ``i`` (not 0) of a ``many`` question: a pattern of cell indexes."""
        return cast("frozenset[int]", self.values[i])


@dataclass
class Cond:
    """A compiled condition: branches of {var index: allowed mask}; ``side`` names the rule set."""

    side: int
    branches: Branches
    closure: int = 0  # bit mask of variables it (or the skip logic behind it) needs
    label: str = ""


class Space:
    """The joint answer space of one rule set (``check``) or two (``diff``)."""

    def __init__(self, rule_sets: Sequence[RuleSet], extra: Sequence[Condition] = ()):
        """``extra``: conditions to be compiled later besides the rule sets' own, whose
        tests must split the values too (a compiled test is only exact on whole cells)."""
        self.rule_sets = list(rule_sets)
        self.vars: list[Var] = []
        self.by_id: dict[str, Var] = {}
        order = _joint_order(self.rule_sets)
        tests: dict[str, list[frozenset[str]]] = {q: [] for q in order}
        qobjs: dict[str, list[Question | None]] = {q: [rs.question(q) for rs in self.rule_sets] for q in order}
        conds: list[Condition] = list(extra)
        for rs in self.rule_sets:
            conds += [q.ask_if for q in rs.questions] + [r.when for r in rs.rules] + [i.when for i in rs.invariants]
        for cond in conds:
            for b in branches_of(cond):
                for t in b.tests:
                    tests[t.question].append(t.values)
        for i, qid in enumerate(order):
            qs = [q for q in qobjs[qid] if q is not None]
            options: list[str] = []
            exclusive: set[str] = set()
            for q in qs:
                for o in q.options:
                    if o.value not in options:
                        options.append(o.value)
                    if o.exclusive:
                        exclusive.add(o.value)
            kind = "many" if any(q.kind == "many" for q in qs) else qs[0].kind
            splitters = list(tests[qid])
            for side_q in qobjs[qid]:
                if side_q is not None and len(self.rule_sets) > 1:
                    splitters.append(frozenset(side_q.values))
            splitters.append(frozenset(exclusive))  # keep exclusive options apart from the rest
            sig: dict[tuple[bool | str, ...], list[str]] = {}
            for value in options:
                key: tuple[bool | str, ...] = tuple(value in s for s in splitters)
                if value in exclusive:
                    key = (*key, value)  # an exclusive option is always a cell of its own
                sig.setdefault(key, []).append(value)
            cells = [frozenset(v) for v in sig.values()]
            values: list[frozenset[str] | frozenset[int] | None]
            if kind == "many":
                values = [None]
                for n in range(1, len(cells) + 1):
                    for combo in itertools.combinations(range(len(cells)), n):
                        if n > 1 and any(cells[c] <= exclusive for c in combo):
                            continue  # an exclusive option cannot be combined
                        values.append(frozenset(combo))
            else:
                values = [None, *cells]
            var = Var(i, qid, kind, tuple(options), cells, values, [])
            var.full = ((1 << len(values)) - 1) & ~NA_BIT
            for side_q in qobjs[qid]:
                if side_q is None:
                    var.offered.append(0)
                    continue
                own = set(side_q.values)
                mask = 0
                for j in range(1, len(values)):
                    if var.concrete(j) <= own and (side_q.kind == "many" or kind != "many" or len(var.pattern(j)) == 1):
                        mask |= 1 << j
                var.offered.append(mask)
            self.vars.append(var)
            self.by_id[qid] = var
        # skip logic, compiled per side
        self.asks: list[list[Cond | None]] = []
        for s, rs in enumerate(self.rule_sets):
            row: list[Cond | None] = []
            for var in self.vars:
                asked = rs.question(var.qid)
                row.append(None if asked is None else self.compile(asked.ask_if, s, label=f"ask {asked.id}"))
            self.asks.append(row)
        # variables each variable's "is it asked" depends on, transitively, over every side
        self.anc: list[int] = []
        for var in self.vars:
            m = 0
            for s in range(len(self.rule_sets)):
                c = self.asks[s][var.index]
                if c is not None:
                    for branch in c.branches:
                        for v in branch:
                            m |= (1 << v) | self.anc[v]
            self.anc.append(m)
        for s in range(len(self.rule_sets)):
            for c in self.asks[s]:
                if c is not None:
                    c.closure = self._closure(c)
        # per variable p: (later variable r, mask) for every skip test of r on p
        self.ask_splits: list[list[tuple[int, int]]] = [[] for _ in self.vars]
        for s in range(len(self.rule_sets)):
            for r, c in enumerate(self.asks[s]):
                if c is None:
                    continue
                for branch in c.branches:
                    for p, mask in branch.items():
                        self.ask_splits[p].append((r, mask))

    # -- compiling conditions --
    def test_mask(self, var: Var, values: frozenset[str], negated: bool) -> int:
        mask = 0
        if var.kind != "many" and any(cell & values and not cell <= values for cell in var.cells):
            # a test that cuts a cell would hold on answers it does not name: its condition had to be
            # known when the space was built (the ``extra`` argument)
            raise AssertionError(f"{var.qid}: a test on {sorted(values)} was not known when the space was built")
        for j in range(1, len(var.values)):
            hit = bool(var.concrete(j) & values)
            if hit != negated:
                mask |= 1 << j
        return mask

    def compile(self, cond: Condition, side: int, label: str = "") -> Cond:
        branches: list[Branch] = []
        for b in branches_of(cond):
            tests: dict[int, int] = {}
            for t in b.tests:
                var = self.by_id[t.question]
                m = self.test_mask(var, t.values, t.negated)
                tests[var.index] = tests.get(var.index, var.full) & m
            if all(tests.values()):
                branches.append(tests)
        c = Cond(side, tuple(branches), 0, label)
        if hasattr(self, "anc") and len(self.anc) == len(self.vars):
            c.closure = self._closure(c)
        return c

    def _closure(self, c: Cond) -> int:
        m = 0
        for b in c.branches:
            for v in b:
                m |= (1 << v) | self.anc[v]
        return m

    def abstract(self, qid: str, answer: str | Iterable[str] | None) -> int:
        """The abstract value index of a concrete answer (``None``: not asked)."""
        var = self.by_id[qid]
        if answer is None:
            return 0
        chosen = {answer} if isinstance(answer, str) else set(answer)
        if var.kind == "many":
            pattern = frozenset(i for i, cell in enumerate(var.cells) if cell & chosen)
            return var.values.index(pattern)
        for j in range(1, len(var.values)):
            if chosen <= var.cell(j):
                return j
        raise ValueError(f"{qid}: {answer!r} is not an option")

    # -- rendering regions --
    def describe_values(self, var: Var, mask: int) -> str:
        allv = var.full | NA_BIT
        if mask & allv == allv:
            return "*"
        parts = []
        rest = mask & ~NA_BIT
        if rest == var.full:
            parts.append("*" if not mask & NA_BIT else "(any)")
        elif rest:
            if var.kind == "many":
                parts.append(self._describe_many(var, rest))
            else:
                opts = set[str]().union(*(var.cell(j) for j in _bits(rest)))
                parts.append("|".join(o for o in var.options if o in opts))
        if mask & NA_BIT:
            parts.append(NOT_ASKED)
        return "|".join(parts)

    def _describe_many(self, var: Var, mask: int) -> str:
        chosen = [var.pattern(j) for j in _bits(mask)]
        # "any answer including X" reads better than listing every combination
        for c in range(len(var.cells)):
            having = {j for j in range(1, len(var.values)) if c in var.pattern(j)}
            if having and set(_bits(mask)) == having:
                return "has:" + "/".join(o for o in var.options if o in var.cells[c])
        out = []
        for pat in sorted(chosen, key=lambda p: (len(p), sorted(p))):
            out.append("+".join("/".join(o for o in var.options if o in var.cells[c]) for c in sorted(pat)))
        return "|".join(out)

    def always_asked(self, v: int) -> bool:
        """Asked whatever the other answers are, in every rule set compared."""
        return all(c is not None and any(not b for b in c.branches) for c in (row[v] for row in self.asks))

    def _shown(self, region: Mapping[int, int]) -> list[int]:
        # "any answer" to a question that is always asked says nothing: leave it out
        return [v for v in sorted(region) if not (region[v] == self.vars[v].full and self.always_asked(v))]

    def describe_region(self, region: Mapping[int, int]) -> str:
        parts = []
        for v in self._shown(region):
            var = self.vars[v]
            parts.append(f"{var.qid}={self.describe_values(var, region[v])}")
        return ", ".join(parts) if parts else "(every answer)"

    def region_json(self, region: Mapping[int, int]) -> dict[str, list[Any]]:
        """A region as data: question id -> the answers it allows, ``null`` for "not asked".

        For a "choose one" question each entry is an option value; for "choose one or
        more" each entry is a list of option groups, matching the answers that pick at
        least one option of every group and none outside them.  Exact, so a program can
        test an answer set against a region without knowing how it was computed.
        """
        out: dict[str, list[Any]] = {}  # JSON-shaped: None, option values, lists of option groups
        for v in self._shown(region):
            var = self.vars[v]
            mask = region[v]
            vals: list[Any] = []
            for j in _bits(mask):
                if j == 0:
                    vals.append(None)
                elif var.kind == "many":
                    # a pattern: the answer picks from every group and from no other option
                    vals.append([[o for o in var.options if o in var.cells[c]] for c in sorted(var.pattern(j))])
                else:
                    vals.extend(o for o in var.options if o in var.cell(j))
            out[var.qid] = vals
        return out

    def contains(self, region: Mapping[int, int], answers: Mapping[str, str | Iterable[str] | None]) -> bool:
        for v, mask in region.items():
            if not mask >> self.abstract(self.vars[v].qid, answers.get(self.vars[v].qid)) & 1:
                return False
        return True


def _joint_order(rule_sets: Sequence[RuleSet]) -> list[str]:
    """Question ids in an order every side's skip logic respects (they only look back)."""
    if len(rule_sets) == 1:
        return [q.id for q in rule_sets[0].questions]
    pos: dict[str, tuple[int, int]] = {}
    deps: dict[str, set[str]] = {}
    for s, rs in enumerate(reversed(rule_sets)):
        for i, q in enumerate(rs.questions):
            pos.setdefault(q.id, (s, i))
            d = deps.setdefault(q.id, set())
            for b in branches_of(q.ask_if):
                d.update(t.question for t in b.tests)
    order: list[str] = []
    done: set[str] = set()
    todo = sorted(pos, key=lambda q: pos[q])
    while todo:
        for qid in todo:
            if deps[qid] <= done:
                order.append(qid)
                done.add(qid)
                todo.remove(qid)
                break
        else:
            raise RulesError(
                "the two rule sets order their questions incompatibly (skip conditions depend on each other "
                f"in a cycle among {', '.join(todo)}); cannot compare them"
            )
    return order


def _bits(mask: int) -> Iterable[int]:
    j = 0
    while mask:
        if mask & 1:
            yield j
        mask >>= 1
        j += 1


# -- the search -----------------------------------------------------------------------------


class Stop(Exception):
    """Raised by a query to end the whole search (it found what it looked for)."""


class _Nothing:
    """A verdict that ends a branch without reporting it."""


_NOTHING = _Nothing()

State = TypeVar("State")
Verdict = TypeVar("Verdict")
# What a query says of a branch: a verdict (the region is reported with it), ``_NOTHING`` (the
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
    if verdict is None or isinstance(verdict, _Nothing):  # _NOTHING is the one _Nothing
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


# -- queries ---------------------------------------------------------------------------------


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
    found = explore(space, sub, _FirstTrue(q), limit=1)
    return found[0][0] if found else None


class _FirstTrue(Query[State, bool]):
    def __init__(self, inner: Query[State, bool]):
        self.inner = inner

    def start(self) -> State:
        return self.inner.start()

    def update(
        self, state: State, decided: list[tuple[int, bool]], live: Mapping[int, Branches]
    ) -> tuple[Reply[bool], State, Iterable[int]]:
        verdict, state, drop = self.inner.update(state, decided, live)
        if verdict is False:
            return _NOTHING, state, drop
        return verdict, state, drop

    def final(self, state: State, live: Mapping[int, Branches]) -> Reply[bool]:
        return None


@dataclass
class _Compiled:
    space: Space
    rules: list[Rule]
    conds: list[Cond]


def _compile_rules(space: Space, rs: RuleSet, side: int = 0) -> _Compiled:
    conds = [space.compile(r.when, side, r.id) for r in rs.rules]
    return _Compiled(space, list(rs.rules), conds)


def _may_overlap(a: Cond, b: Cond) -> bool:
    """False when no branch of ``a`` can hold together with a branch of ``b``: some question
    would need a value both allow.  Cheap, and enough to rule out most pairs."""
    return any(all(ba[v] & bb[v] for v in ba.keys() & bb.keys()) for ba in a.branches for bb in b.branches)


def _implies(a: Cond, b: Cond) -> bool:
    """True when every branch of ``a`` is narrower than some branch of ``b``, so ``b`` holds whenever
    ``a`` does (a sufficient test, not a complete one; the search decides the rest)."""
    return all(any(all(v in ba and not ba[v] & ~bb[v] for v in bb) for bb in b.branches) for ba in a.branches)


def _near(conds: Sequence[Cond], i: int, others: Iterable[int]) -> list[int]:
    """The conditions among ``others`` that might hold together with condition ``i``."""
    return [j for j in others if _may_overlap(conds[i], conds[j])]


def _fires_without(space: Space, conds: Sequence[Cond], i: int, others: Sequence[int]) -> bool:
    """Do some reachable answers satisfy condition ``i`` (known to be satisfiable) and none of ``others``?"""
    others = _near(conds, i, others)
    if not others:
        return True
    if any(_implies(conds[i], conds[j]) for j in others):
        return False
    return witness(space, conds, [i], others) is not None


def _any_fires_with(
    space: Space, conds: Sequence[Cond], base: Sequence[int], candidates: Sequence[int], none_of: Sequence[int]
) -> bool:
    """Do some reachable answers satisfy every ``base`` condition, one of ``candidates`` and none of ``none_of``?

    One small search per candidate instead of one search over all of them at once: each
    search then branches only on the few questions that candidate and its rivals test, and
    most candidates are settled by the cheap overlap and implication tests alone.
    """
    for p in candidates:
        group = [*base, p]
        if not all(_may_overlap(conds[p], conds[b]) for b in base):
            continue
        blockers = [j for j in none_of if all(_may_overlap(conds[j], conds[g]) for g in group)]
        if any(_implies(conds[g], conds[j]) for g in group for j in blockers):
            continue
        if witness(space, conds, group, blockers) is not None:
            return True
    return False


def _regions_where_all(space: Space, conds: Sequence[Cond], idxs: Sequence[int]) -> list[Region]:
    """Every reachable region where all the given conditions hold."""
    sub = [conds[i] for i in idxs]
    found = explore(space, sub, _FirstTrue(Witness(range(len(sub)))), SEARCH_LIMIT)
    return [region for region, verdict in found if verdict is True]


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
                return _NOTHING, state, ()
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
                    return _NOTHING, state, ()
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
                return _NOTHING
        return "gap"


# -- findings --------------------------------------------------------------------------------


@dataclass
class Finding:
    severity: str  # error, warning, info
    kind: str
    message: str
    rules: list[tuple[str, int]] = field(default_factory=list)  # (rule id or item, line)
    regions: list[str] = field(default_factory=list)
    region_data: list[dict[str, list[Any]]] = field(default_factory=list)

    def to_json(self, path: str) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "kind": self.kind,
            "message": self.message,
            "locations": [{"file": path, "line": line, "item": item} for item, line in self.rules],
            "regions": self.region_data,
            "regions_text": self.regions,
        }


@dataclass
class Report:
    path: str
    findings: list[Finding]
    stats: dict[str, int]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def _rule_loc(r: Rule) -> tuple[str, int]:
    return (f"rule {r.id}", r.line)


def _question_locs(rs: RuleSet, space: Space, regions: Sequence[Mapping[int, int]]) -> list[tuple[str, int]]:
    """Where the questions a set of regions pins down are declared: the place to start reading a gap."""
    used = sorted({v for r in regions for v in r})
    return [(f"question {space.vars[v].qid}", _question(rs, space.vars[v].qid).line) for v in used]


def _question(rs: RuleSet, qid: str) -> Question:
    """A question of ``rs`` by an id known to be one of its own (a variable of its space, a tested one)."""
    q = rs.question(qid)
    assert q is not None  # the loader rejects tests of unknown questions; a space has only rs's questions
    return q


def _treatment(r: Rule) -> str:
    assert r.treatment is not None  # the loader gives every recommend rule a treatment
    return r.treatment


def _strength(r: Rule) -> str:
    assert r.strength is not None  # the loader gives every recommend rule a strength
    return r.strength


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def check(rs: RuleSet) -> Report:
    """Every finding ``scarhelp check`` reports, exact over all reachable answers."""
    space = Space([rs])
    comp = _compile_rules(space, rs)
    findings: list[Finding] = []
    add = findings.append
    rules = comp.rules
    conds = comp.conds

    # -- gaps
    shown_by = [i for i, r in enumerate(rules) if r.kind in ("advise", "recommend")]
    gaps = explore(space, [conds[i] for i in shown_by], GapQuery([rules[i] for i in shown_by]), SEARCH_LIMIT)
    cut = len(gaps) >= SEARCH_LIMIT
    gaps = merge(gaps, space)
    if gaps:
        shown = gaps[:MAX_REGIONS]
        count = f"at least {len(gaps)}" if cut else str(len(gaps))
        more = f" (listing stopped after {SEARCH_LIMIT} regions searched; fix these and check again)" if cut else ""
        add(
            Finding(
                "error",
                "gap",
                f"{count} region(s) of answers end with no treatment shown and no advice{more}",
                _question_locs(rs, space, [r for r, _ in shown]),
                [f"{space.describe_region(r)} → nothing" for r, _ in shown],
                [space.region_json(r) for r, _ in shown],
            )
        )

    # -- dead rules
    dead: set[int] = set()
    for i, r in enumerate(rules):
        if witness(space, conds, [i]) is None:
            dead.add(i)
            syntactic = bool(conds[i].branches)
            why = (
                "it tests a question the skip logic does not ask when the rest of its condition holds"
                if syntactic
                else "its condition contradicts itself"
            )
            add(Finding("warning", "dead-rule", f"rule '{r.id}' never fires: {why}", [_rule_loc(r)]))

    # -- conflicts, per treatment: pairs of rules with different strengths that fire together.
    # Pairwise, because most pairs are ruled out by their conditions alone (they test one
    # question with disjoint values) and the rest need only a search over two conditions.
    for t in rs.treatments:
        members = [i for i, r in enumerate(rules) if r.kind == "recommend" and r.treatment == t.id and i not in dead]
        for a, i in enumerate(members):
            for j in members[a + 1 :]:
                if rules[i].strength == rules[j].strength or not _may_overlap(conds[i], conds[j]):
                    continue
                regions = _regions_where_all(space, conds, [i, j])
                if not regions:
                    continue
                merged = merge([(r, True) for r in regions], space)[:MAX_REGIONS]
                pair = (rules[i], rules[j])
                cautious = max((_strength(r) for r in pair), key=STRENGTHS.index)
                add(
                    Finding(
                        "error",
                        "conflict",
                        f"treatment '{t.id}' gets different strengths from "
                        + ", ".join(f"'{r.id}' ({r.strength})" for r in pair)
                        + f"; the engine uses the most cautious, {cautious}",
                        [_rule_loc(r) for r in pair],
                        [
                            f"{space.describe_region(r)} → {t.id}: " + "/".join(_strength(x) for x in pair)
                            for r, _ in merged
                        ],
                        [space.region_json(r) for r, _ in merged],
                    )
                )

    # -- masked recommendations, caveats never shown, redundant rules
    by_t: dict[str, list[int]] = {}
    for i, r in enumerate(rules):
        if r.kind == "recommend":
            by_t.setdefault(_treatment(r), []).append(i)
    shown_t: dict[str, bool] = {}
    for t in rs.treatments:
        pos = [i for i in by_t.get(t.id, []) if rules[i].strength != "not_suited" and i not in dead]
        neg = [i for i in by_t.get(t.id, []) if rules[i].strength == "not_suited" and i not in dead]
        shown_t[t.id] = _any_fires_with(space, conds, [], pos, neg)
        if not shown_t[t.id]:
            rel = [_rule_loc(rules[i]) for i in by_t.get(t.id, [])]
            add(
                Finding(
                    "warning",
                    "treatment-never-shown",
                    f"treatment '{t.id}' is never shown for any answers" + ("" if rel else " (no rule recommends it)"),
                    [(f"treatment {t.id}", t.line), *rel],
                )
            )
        elif not t.harms:
            add(
                Finding(
                    "error",
                    "no-harms",
                    f"treatment '{t.id}' can be shown but lists no harms",
                    [(f"treatment {t.id}", t.line)],
                )
            )
    for i, r in enumerate(rules):
        if i in dead:
            continue
        if r.kind == "recommend":
            cautious_rules = [
                j
                for j in by_t[_treatment(r)]
                if j != i and j not in dead and STRENGTHS.index(rules[j].strength) > STRENGTHS.index(r.strength)
            ]
            cautious_rules = _near(conds, i, cautious_rules)
            if cautious_rules and not _fires_without(space, conds, i, cautious_rules):
                add(
                    Finding(
                        "warning",
                        "masked-rule",
                        f"rule '{r.id}' ({r.treatment}: {r.strength}) is always overruled by a more cautious rule, "
                        "so its strength is never shown",
                        [_rule_loc(r), *(_rule_loc(rules[j]) for j in cautious_rules)],
                    )
                )
                continue
        if r.kind == "caveat" and r.treatment is not None:
            pos = [j for j in by_t.get(r.treatment, []) if rules[j].strength != "not_suited" and j not in dead]
            neg = [j for j in by_t.get(r.treatment, []) if rules[j].strength == "not_suited" and j not in dead]
            if not _any_fires_with(space, conds, [i], pos, neg):
                add(
                    Finding(
                        "warning",
                        "masked-rule",
                        f"caveat '{r.id}' is never shown: whenever it applies, '{r.treatment}' is not shown",
                        [_rule_loc(r)],
                    )
                )
    effect_of = {i: (r.kind, r.treatment, r.strength, r.text) for i, r in enumerate(rules)}
    pool = {i for i in range(len(rules)) if i not in dead}
    for i in reversed(range(len(rules))):
        if i in dead:
            continue
        same = _near(conds, i, [j for j in pool if j != i and effect_of[j] == effect_of[i]])
        if same and not _fires_without(space, conds, i, same):
            pool.discard(i)
            cover = [j for j in same if witness(space, conds, [i, j]) is not None]
            twin = [j for j in cover if witness(space, conds, [j], [i]) is None]
            if twin:
                add(
                    Finding(
                        "warning",
                        "duplicate-rule",
                        f"rule '{rules[i].id}' duplicates '{rules[twin[0]].id}': same effect, and they fire for "
                        "exactly the same answers",
                        [_rule_loc(rules[i]), _rule_loc(rules[twin[0]])],
                    )
                )
                continue
            add(
                Finding(
                    "info",
                    "redundant-rule",
                    f"rule '{rules[i].id}' changes no result: whenever it fires, "
                    + " or ".join(f"'{rules[j].id}'" for j in sorted(cover))
                    + " fires with the same effect (it only adds its reason to the explanation)",
                    [_rule_loc(rules[i]), *(_rule_loc(rules[j]) for j in sorted(cover))],
                )
            )

    # -- questions and options
    used_options: dict[str, set[str]] = {q.id: set() for q in rs.questions}
    for cond in [q.ask_if for q in rs.questions] + [r.when for r in rules]:
        for b in branches_of(cond):
            for test in b.tests:
                tested = _question(rs, test.question)
                for value in tested.values:
                    if (value in test.values) != test.negated:
                        used_options[tested.id].add(value)
    for q in rs.questions:
        var = space.by_id[q.id]
        ask = space.asks[0][var.index]
        assert ask is not None  # a space of one rule set: every question is that set's own
        if witness(space, [ask], [0]) is None:
            add(
                Finding(
                    "warning",
                    "question-never-asked",
                    f"question '{q.id}' is never asked: its skip condition holds for no answers",
                    [(f"question {q.id}", q.line)],
                )
            )
            continue
        if q.preference:
            continue  # no rule may test it; checks/preferences.py judges where it is shown
        for o in q.options:
            if o.value not in used_options[q.id]:
                add(
                    Finding(
                        "info",
                        "unused-option",
                        f"option '{q.id}: {o.value}' is tested by no rule or skip condition (on its own it changes "
                        "nothing; fine for a 'none of these' answer)",
                        [(f"option {q.id}.{o.value}", o.line or q.line)],
                    )
                )

    # -- citations and policy
    cited: set[str] = set()
    for r in rules:
        cited.update(r.claims)
        if not r.claims:
            add(Finding("error", "no-claims", f"rule '{r.id}' cites no claim", [_rule_loc(r)]))
    for t in rs.treatments:
        points: tuple[Point | AgainstValue, ...] = (*t.benefits, *t.harms, *t.against_values)
        for pt in points:
            cited.update(pt.claims)
    cited_refs: set[int] = set()
    for c in rs.meta.claims:
        if c.id in cited:
            cited_refs.update(c.refs)
        else:
            add(
                Finding(
                    "warning",
                    "uncited-claim",
                    f"claim '{c.id}' is cited by no rule and no benefit or harm",
                    [(f"claim {c.id}", c.line)],
                )
            )
    for ref in rs.meta.source.references:
        if ref.number not in cited_refs:
            add(
                Finding(
                    "warning",
                    "uncited-reference",
                    f"reference {ref.number} is behind no cited claim",
                    [(f"reference {ref.number}", ref.line)],
                )
            )

    # -- the findings that judge the result itself, one unit per kind (see scarhelp.checks)
    from .checks import run

    findings.extend(run(rs, space, comp))

    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: order[f.severity])
    stats = {
        "questions": len(rs.questions),
        "rules": len(rules),
        "treatments": len(rs.treatments),
        "invariants": len(rs.invariants),
        "answer_combinations": answer_count(space),
        "preference_questions": sum(1 for q in rs.questions if q.preference),
    }
    return Report(rs.path, findings, stats)


def answer_count(space: Space) -> int:
    """How many complete answer sets there are, ignoring skip logic (for the summary line).

    Preference questions are left out: no condition tests them, so they multiply the
    answer space without changing any result, and the search never branches on them."""
    total = 1
    for q in space.rule_sets[0].questions:
        if q.preference:
            continue
        if q.kind == "many":
            excl = sum(1 for o in q.options if o.exclusive)
            rest = len(q.options) - excl
            total *= (2**rest - 1) + excl
        else:
            total *= len(q.options)
    return total


# -- text and JSON -------------------------------------------------------------------------


def format_text(report: Report) -> str:
    lines: list[str] = []
    s = report.stats
    lines.append(
        f"{report.path}: {_plural(s['questions'], 'question')}, {_plural(s['rules'], 'rule')}, "
        f"{_plural(s['treatments'], 'treatment')}; checked all {_plural(s['answer_combinations'], 'answer combination')}"
        " symbolically"
        + (
            f" (not counting {_plural(s['preference_questions'], 'preference question')}, which change no result)"
            if s.get("preference_questions")
            else ""
        )
    )
    for sev in SEVERITIES:
        group = [f for f in report.findings if f.severity == sev]
        if not group:
            continue
        lines.append("")
        lines.append(f"{sev.upper()}S ({len(group)})" if sev != "info" else f"INFO ({len(group)})")
        for f in group:
            lines.append(f"  [{f.kind}] {f.message}")
            for item, line in f.rules:
                lines.append(f"    {report.path}:{line}: {item}")
            for reg in f.regions:
                lines.append(f"    {reg}")
    lines.append("")
    e, w, i = (report.count(x) for x in SEVERITIES)
    lines.append(f"{e} error(s), {w} warning(s), {i} info")
    return "\n".join(lines) + "\n"


def format_json(report: Report) -> dict[str, Any]:
    return {
        "file": report.path,
        "stats": report.stats,
        "summary": {s: report.count(s) for s in SEVERITIES},
        "findings": [f.to_json(report.path) for f in report.findings],
    }


# -- diff ------------------------------------------------------------------------------------


def outcome(rs: RuleSet, fired: Iterable[Rule], invalid: bool = False) -> Outcome:
    """The user-visible result of a set of fired rules: comparable across rule sets."""
    if invalid:
        return ("(this answer is not offered)",)
    fired = list(fired)
    strengths: dict[str, str] = {}
    for r in fired:
        if r.kind == "recommend":
            cur = strengths.get(_treatment(r))
            if cur is None or STRENGTHS.index(r.strength) > STRENGTHS.index(cur):
                strengths[_treatment(r)] = _strength(r)
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

    def __init__(self, comps: Sequence[_Compiled], offsets: Sequence[int], twins: Mapping[int, int] | None = None):
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
                drop.update(j for j in self.by_t[(s, _treatment(r))] if j in live)
        if len(drop) == len(live):
            return self.final(state, {}), state, sorted(drop)
        if self.twins and self._same_from_here(state, live, drop):
            return _NOTHING, state, sorted(drop)
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
    c_old = _compile_rules(space, old, 0)
    c_new = _compile_rules(space, new, 1)
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
            else [any(view == -1 for view in _views_of(space, region, s).values()) for s in range(2)]
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


def _views_of(space: Space, region: Mapping[int, int], side: int) -> dict[int, int]:
    """Recompute one side's view of a region (which answers it does not offer)."""
    view: dict[int, int] = {}
    for p in sorted(region):
        var = space.vars[p]
        c = space.asks[side][p]
        cell = region[p]
        if cell == NA_BIT or c is None or not _holds_loose(c, view):
            view[p] = NA_BIT
        elif cell & var.offered[side] == cell:
            view[p] = cell
        else:
            view[p] = -1
    return view


def _holds_loose(c: Cond, view: Mapping[int, int]) -> bool:
    return any(all(view.get(v, 0) > 0 and view[v] & m == view[v] for v, m in b.items()) for b in c.branches)
