"""Running scenarios: evaluate each one's answers and compare the result with what it expects.

Each unmet expectation becomes a :class:`~.model.Mismatch` saying what was
expected, what came out and where the file says it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..engine import Result, evaluate
from ..model import RuleSet
from .model import Expect, Mismatch, Scenario, ScenarioResult

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from ..model import Strength


def run_scenarios(rule_set: RuleSet, scenarios: Iterable[Scenario]) -> list[ScenarioResult]:
    return [run_scenario(rule_set, sc) for sc in scenarios]


def run_scenario(rule_set: RuleSet, scenario: Scenario) -> ScenarioResult:
    result = evaluate(rule_set, scenario.answers)
    fired = tuple(t.rule for t in result.trace if t.fired)
    return ScenarioResult(scenario, result, fired, tuple(_compare(rule_set, scenario.expect, result, fired)))


def treatment_outcomes(result: Result) -> dict[str, Strength]:
    """Treatment id -> the strength the result gives it; ``not_suited`` when a rule rules
    it out; treatments no rule mentions are left out."""
    out = {r.treatment: r.strength for r in result.recommendations}
    for n in result.not_recommended:
        if n.outcome == "not_suited":
            out[n.treatment] = "not_suited"
    return out


def caveat_ids(result: Result) -> list[str]:
    """The caveats the result prints: general ones, then those on each shown treatment."""
    ids = [n.rule for n in result.general_caveats]
    for rec in result.recommendations:
        ids.extend(n.rule for n in rec.caveats if n.rule not in ids)
    return ids


def _compare(rule_set: RuleSet, expect: Expect, result: Result, fired: tuple[str, ...]) -> list[Mismatch]:
    out: list[Mismatch] = []
    outcomes = treatment_outcomes(result)
    why_not = {n.treatment: n.why for n in result.not_recommended}
    advice = [n.rule for n in result.advice]
    caveats = caveat_ids(result)

    def actual_for(tid: str) -> str:
        if tid in outcomes:
            return outcomes[tid]
        return f"not shown ({why_not.get(tid, 'no rule recommends it')})"

    for item in expect.shown:
        got = actual_for(item.id)
        if outcomes.get(item.id) != item.strength:
            out.append(Mismatch("shown", f"shown.{item.id}", item.strength, got, item.location))
    for item in expect.not_shown:
        shown_as = outcomes.get(item.id)
        if shown_as and shown_as != "not_suited":
            out.append(
                Mismatch("not_shown", f"not_shown: {item.id}", "not shown", f"shown as {shown_as}", item.location)
            )
    for item in expect.advice:
        if item.id not in advice:
            out.append(
                Mismatch(
                    "advice", f"advice: {item.id}", f"'{item.id}' among the advice", _listing(advice), item.location
                )
            )
    for item in expect.caveats:
        if item.id not in caveats:
            actual = _listing(caveats)
            rule = next(r for r in rule_set.rules if r.id == item.id)
            if item.id in fired and rule.treatment:
                actual += f" (the rule fired, but {rule.treatment} is {actual_for(rule.treatment)}, so its caveat is not printed)"
            out.append(
                Mismatch("caveats", f"caveats: {item.id}", f"'{item.id}' among the caveats", actual, item.location)
            )
    said = [r.treatment for r in result.recommendations if r.said]
    for item in expect.said:
        if item.id not in said:
            got = (
                f"{item.id} is {actual_for(item.id)}"
                if item.id not in outcomes or outcomes[item.id] == "not_suited"
                else ""
            )
            out.append(
                Mismatch(
                    "said",
                    f"said: {item.id}",
                    f"a note on '{item.id}' set against what the person said",
                    got or "no such note (no against_values 'when' holds)",
                    item.location,
                )
            )
    if expect.no_advice and advice:
        out.append(Mismatch("no_advice", "no_advice", "no advice", _listing(advice), expect.no_advice))
    if expect.only:
        listed = {i.id for i in expect.shown}
        extra = [f"{t}: {s}" for t, s in outcomes.items() if t not in listed]
        if extra:
            out.append(
                Mismatch("only", "only: shown", "no other treatment with a strength", ", ".join(extra), expect.only)
            )
        listed = {i.id for i in expect.advice}
        extra = [a for a in advice if a not in listed]
        if extra:
            out.append(Mismatch("only", "only: advice", "no other advice", ", ".join(extra), expect.only))
        listed = {i.id for i in expect.caveats}
        extra = [c for c in caveats if c not in listed]
        if extra:
            out.append(Mismatch("only", "only: caveats", "no other caveats", ", ".join(extra), expect.only))
        listed = {i.id for i in expect.said}
        extra = [t for t in said if t not in listed]
        if extra:
            out.append(
                Mismatch("only", "only: said", "no other note on what the person said", ", ".join(extra), expect.only)
            )
    return out


def _listing(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "(none)"
