"""The answer space of one rule set (``check``) or several (``diff``), as bit masks over abstract values.

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
question it leaves out may take any value the skip logic allows.  This module
also puts regions into words (the notation ``check`` and ``diff`` print) and
into data (``region_json``).

Why conditions are interpreted here as well as in ``conditions``
----------------------------------------------------------------
``conditions.holds`` decides a condition for *one* answer set, which is what the
engine needs.  The analysis must decide it for *every* answer set at once, so it
compiles each test into the mask of abstract values it holds on
(:meth:`Space.test_mask`), with the same semantics (a test on an unasked question
never holds; a ``many`` test asks "is any chosen value listed").  The tests hold
the two to the same results: ``tests/test_analysis.py`` compares the symbolic
findings with the engine's own evaluation of every answer set.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from ..conditions import branches_of
from ..errors import RulesError
from ..model import Condition, Question, RuleSet

Region = dict[int, int]  # var index -> bit mask of the abstract values allowed
Branch = dict[int, int]  # one branch of a compiled condition: var index -> allowed mask
Branches = tuple[Branch, ...]

NOT_ASKED = "(skipped)"
NA_BIT = 1


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


def views_of(space: Space, region: Mapping[int, int], side: int) -> dict[int, int]:
    """One side's view of a region: ``NA_BIT`` where that side does not ask, ``-1`` where it
    does not offer the answers (``diff`` compares sides that differ in their options)."""
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
