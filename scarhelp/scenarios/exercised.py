"""Coverage: which rules, answer options and invariants the scenarios exercised.

``scarhelp test --coverage`` lists what no scenario reaches and ``--fail-under``
holds the rule and invariant figures to a threshold (:meth:`Coverage.meets`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..conditions import holds
from ..engine import Result
from ..errors import Location
from ..model import Invariant, Option, Question, Rule, RuleSet, at_least
from .model import ScenarioResult


@dataclass(frozen=True)
class Coverage:
    """Which rules fired in some scenario, and which answer options some scenario used."""

    rules_path: str
    rules_total: int
    rules_covered: tuple[str, ...]
    uncovered_rules: tuple[Rule, ...]
    options_total: int
    options_covered: int
    uncovered_options: tuple[tuple[Question, Option], ...]
    per_question: tuple[tuple[str, int, int], ...] = field(default=())  # (question id, used, total)
    invariants_total: int = 0
    invariants_covered: tuple[str, ...] = ()
    uncovered_invariants: tuple[Invariant, ...] = ()

    @property
    def rule_percent(self) -> float:
        return _percent(len(self.rules_covered), self.rules_total)

    @property
    def option_percent(self) -> float:
        return _percent(self.options_covered, self.options_total)

    @property
    def invariant_percent(self) -> float:
        return _percent(len(self.invariants_covered), self.invariants_total)

    def meets(self, threshold: float) -> bool:
        """Rule and invariant coverage are each at least ``threshold`` percent (compared exactly)."""
        return all(
            total == 0 or covered * 100 >= threshold * total
            for covered, total in (
                (len(self.rules_covered), self.rules_total),
                (len(self.invariants_covered), self.invariants_total),
            )
        )

    def rule_location(self, rule: Rule) -> Location:
        return Location(self.rules_path, rule.line or None)

    def option_location(self, question: Question, option: Option) -> Location:
        # yes/no options the loader implies have no line of their own: point at the question
        return Location(self.rules_path, option.line or question.line or None)


def _percent(part: int, whole: int) -> float:
    return 100.0 if whole == 0 else 100.0 * part / whole


def coverage(rule_set: RuleSet, results: Iterable[ScenarioResult]) -> Coverage:
    """Rules that fired in at least one scenario, and answer options at least one
    scenario chose, over every result given (passing or not)."""
    fired: set[str] = set()
    used: dict[str, set[str]] = {}
    exercised: set[str] = set()
    for res in results:
        fired.update(res.fired)
        exercised.update(i.id for i in rule_set.invariants if invariant_applies(i, res.result))
        for qid, value in res.scenario.answers.items():
            values = (value,) if isinstance(value, str) else tuple(value)
            used.setdefault(qid, set()).update(values)
    covered = tuple(r.id for r in rule_set.rules if r.id in fired)
    uncovered = tuple(r for r in rule_set.rules if r.id not in fired)
    missing_opts: list[tuple[Question, Option]] = []
    per_question = []
    total = hit = 0
    for q in rule_set.questions:
        chosen = used.get(q.id, set())
        n = sum(1 for o in q.options if o.value in chosen)
        per_question.append((q.id, n, len(q.options)))
        total += len(q.options)
        hit += n
        missing_opts.extend((q, o) for o in q.options if o.value not in chosen)
    return Coverage(
        rule_set.path,
        len(rule_set.rules),
        covered,
        uncovered,
        total,
        hit,
        tuple(missing_opts),
        tuple(per_question),
        len(rule_set.invariants),
        tuple(i.id for i in rule_set.invariants if i.id in exercised),
        tuple(i for i in rule_set.invariants if i.id not in exercised),
    )


def invariant_applies(inv: Invariant, result: Result) -> bool:
    """Does an invariant speak about this result (so a scenario exercises it)?  Its ``when``
    holds and, with ``unless_shown_at_least``, no treatment is shown that strongly; with
    ``if_shown_at_least``, some treatment is."""
    if not holds(inv.when, result.answers):
        return False
    shown = {rec.strength for rec in result.recommendations}
    if inv.unless_shown_at_least is not None and shown & at_least(inv.unless_shown_at_least):
        return False
    return inv.if_shown_at_least is None or bool(shown & at_least(inv.if_shown_at_least))
