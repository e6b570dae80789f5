"""A search query that judges a property of the *result* in every reachable region.

``analysis.search.explore`` reports which conditions a branch of the search has decided;
this query turns those into what a report would show (each treatment's final
strength, which rules' texts appear) and asks a property of that.  It knows
neither invariants nor "not sure" answers: ``checks.invariants`` and
``checks.widening`` describe their property as a function of a :class:`View`.

Why three values
----------------
Part way down a branch some rules are still undecided.  The view answers every
question with ``True``, ``False`` or ``None`` (not known yet), combined by
Kleene's rules, which are sound: a ``True`` or ``False`` holds for every way the
undecided rules may still go, so the search may stop there and record the whole
region.  Once every rule that matters is decided, the answer is never ``None``.

What may be forgotten
---------------------
A treatment's final strength is the most cautious strength among the rules that
fired.  Once a rule of strength *s* fired, the undecided rules of that treatment
at *s* or stronger can no longer change it, so the search stops branching on
them (unless the property names one of them, as ``require`` may).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal, TypeAlias

from ..analysis.search import NOTHING, Query, Reply, Verdict
from ..analysis.space import Branches
from ..model import NOT_SHOWN, STRENGTHS, Rule

SHOWN = frozenset(STRENGTHS[:-1])
# every set of outcomes by bit mask: bit 0 is not_shown, bit k + 1 the strength of rank k
_NAMES = (NOT_SHOWN, *STRENGTHS)
_OUTCOME_SETS = tuple(
    frozenset(n for b, n in enumerate(_NAMES) if m >> b & 1) for m in range(1 << len(_NAMES))
)  # what a report lists as an option (not_suited is "not shown, and why")
_RANK = {s: i for i, s in enumerate(STRENGTHS)}
Tri = bool | None


def and3(*vals: Tri) -> Tri:
    if any(v is False for v in vals):
        return False
    return None if any(v is None for v in vals) else True


def or3(*vals: Tri) -> Tri:
    if any(v is True for v in vals):
        return True
    return None if any(v is None for v in vals) else False


def not3(v: Tri) -> Tri:
    return None if v is None else not v


def within(possible: frozenset[str], allowed: frozenset[str]) -> Tri:
    """Is the outcome one of ``allowed``, given the outcomes still ``possible``?"""
    if possible <= allowed:
        return True
    return False if not possible & allowed else None


class Watched:
    """The conditions a property needs, grouped by the rule set (side) they belong to.

    ``rules[i]`` is the rule behind condition ``i`` (``None`` for a plain condition
    such as an invariant's ``when``); ``keep`` are conditions never forgotten.
    """

    def __init__(
        self,
        rules: Sequence[tuple[int, Rule | None]],
        keep: Iterable[int] = (),
        asks: Mapping[tuple[int, str], Iterable[frozenset[str]]] | None = None,
    ):
        self.rules = list(rules)
        self.keep = set(keep)
        self.group: dict[tuple[int, str], list[int]] = {}
        self.rank: dict[int, int] = {}  # condition -> the caution rank of its recommend rule's strength
        for i, (side, r) in enumerate(self.rules):
            if r is not None and r.kind == "recommend":
                assert r.treatment is not None and r.strength is not None  # the loader gives a recommend rule both
                self.group.setdefault((side, r.treatment), []).append(i)
                self.rank[i] = _RANK[r.strength]
        # what the property asks of each treatment's outcome ("is it one of these?"); once every
        # answer is known the treatment's undecided rules can be forgotten.  None: not declared.
        self.asks = None if asks is None else {k: tuple(v) for k, v in asks.items()}


class View:
    """What is known of the result in one branch of the search."""

    def __init__(self, watched: Watched, fired: frozenset[int], live: Mapping[int, object]):
        self.w = watched
        self.fired = fired
        self.live = live
        self._possible: dict[tuple[int, str], frozenset[str]] = {}

    def status(self, i: int) -> Tri:
        if i in self.fired:
            return True
        return None if i in self.live else False

    def fired_ids(self, side: int, treatment: str) -> list[str]:
        ids: list[str] = []
        for i in self.w.group.get((side, treatment), ()):
            if i in self.fired:
                r = self.w.rules[i][1]
                assert r is not None  # a group holds recommend rules only
                ids.append(r.id)
        return ids

    def possible(self, side: int, treatment: str) -> frozenset[str]:
        """The final outcomes still possible for a treatment: a strength or ``not_shown``."""
        key = (side, treatment)
        got = self._possible.get(key)
        if got is not None:
            return got
        rank, fired, live = self.w.rank, self.fired, self.live
        caution = -1
        later = 0  # bit mask of the ranks undecided rules could still give
        for i in self.w.group.get(key, ()):
            if i in fired:
                if rank[i] > caution:
                    caution = rank[i]
            elif i in live:
                later |= 1 << rank[i]
        if caution < 0:
            got = _OUTCOME_SETS[(later << 1) | 1]
        else:
            got = _OUTCOME_SETS[(1 << (caution + 1)) | (later >> (caution + 1) << (caution + 2))]
        self._possible[key] = got
        return got

    def outcome_in(self, side: int, treatment: str, allowed: frozenset[str]) -> Tri:
        return within(self.possible(side, treatment), allowed)

    def appears(self, i: int) -> Tri:
        """Does the text of the rule behind condition ``i`` appear in the report?"""
        side, r = self.w.rules[i]
        fired = self.status(i)
        if r is None or r.treatment is None:  # advice, a caveat on every option, a plain condition
            return fired
        return and3(fired, self.outcome_in(side, r.treatment, shows(r)))


def shows(rule: Rule) -> frozenset[str]:
    """The outcomes of its treatment under which a treatment rule's text appears in the report."""
    if rule.kind == "caveat":
        return SHOWN
    if rule.kind == "recommend":
        assert rule.strength is not None  # the loader gives every recommend rule a strength
        return frozenset({rule.strength})
    return frozenset({NOT_SHOWN})


# A property: given a view, ``False`` (holds here), ``None`` (not known yet) or a
# verdict (a non-empty hashable description of what fails here).
Property: TypeAlias = "Callable[[View], Verdict | Literal[False] | None]"


class Judge(Query[frozenset[int], Verdict]):
    """Regions where a property of the result fails; branches end as soon as it is decided.

    State: the conditions that hold in the branch so far; verdicts: what ``prop`` returns."""

    def __init__(self, watched: Watched, prop: Property[Verdict], first: int = 0):
        self.w = watched
        self.prop = prop
        self.first = first

    def start(self) -> frozenset[int]:
        return frozenset()

    def update(
        self, state: frozenset[int], decided: list[tuple[int, bool]], live: Mapping[int, Branches]
    ) -> tuple[Reply[Verdict], frozenset[int], Iterable[int]]:
        fired = state | {i for i, v in decided if v}
        view = View(self.w, fired, live)
        verdict = self.prop(view)
        if verdict is False:
            return NOTHING, fired, ()
        if verdict is not None:
            return verdict, fired, ()
        drop: list[int] = []
        for key, members in self.w.group.items():
            if self.w.asks is not None:
                # every question the property asks of this outcome is answered: no rule of it matters
                poss = view.possible(*key)
                if all(within(poss, s) is not None for s in self.w.asks.get(key, ())):
                    drop.extend(i for i in members if i in live and i not in self.w.keep)
                    continue
            rank = self.w.rank
            caution = max((rank[i] for i in members if i in fired), default=-1)
            if caution < 0:
                continue
            drop.extend(i for i in members if i in live and i not in self.w.keep and rank[i] <= caution)
        return None, fired, drop

    def final(self, state: frozenset[int], live: Mapping[int, Branches]) -> Reply[Verdict]:
        verdict = self.prop(View(self.w, state, {}))
        return NOTHING if verdict is False or verdict is None else verdict
