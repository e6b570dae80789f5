"""Which questions are asked, in what order: the skip logic, with no UI in it.

Kept apart from the prompts so the same walk drives the questionary prompts, the
plain numbered prompts, answers-file completion and the analysis, and so it is
tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Mapping

from .conditions import holds
from .model import Question, RuleSet


def asked(rule_set: RuleSet, answers: Mapping) -> list[Question]:
    """The questions that the skip logic asks, given these answers, in order."""
    return [q for q in rule_set.questions if holds(q.ask_if, answers)]


def prune(rule_set: RuleSet, answers: Mapping) -> dict:
    """Drop answers to questions the skip logic no longer asks.

    Needed after a change at the review step: answering 'raised' to the scar
    type makes the depth question moot, and a stale depth answer must not fire
    rules.  Questions are walked in order, so a dropped answer cannot keep a
    later question alive.
    """
    kept: dict = {}
    for q in rule_set.questions:
        if q.id in answers and holds(q.ask_if, kept):
            kept[q.id] = answers[q.id]
    return kept


def missing(rule_set: RuleSet, answers: Mapping) -> list[Question]:
    """Questions still to ask: asked by the skip logic and not answered yet."""
    current = prune(rule_set, answers)
    return [q for q in asked(rule_set, current) if q.id not in current]


def next_question(rule_set: RuleSet, answers: Mapping) -> Question | None:
    todo = missing(rule_set, answers)
    return todo[0] if todo else None


def is_complete(rule_set: RuleSet, answers: Mapping) -> bool:
    return not missing(rule_set, answers)


def skipped_answers(rule_set: RuleSet, answers: Mapping) -> list[str]:
    """Ids answered although the skip logic does not ask them (worth a warning)."""
    kept = prune(rule_set, answers)
    return [qid for qid in answers if qid not in kept]
