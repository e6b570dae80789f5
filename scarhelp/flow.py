"""Which questions are asked, in what order: the skip logic, with no UI in it.

Kept apart from the prompts so the same walk drives the questionary prompts, the
plain numbered prompts, answers-file completion and the analysis, and so it is
tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Mapping

from .conditions import holds, test_holds
from .model import AnyOf, Question, RuleSet

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from .model import All, Answer, Answers, Condition, Test


def asked(rule_set: RuleSet, answers: Answers) -> list[Question]:
    """The questions that the skip logic asks, given these answers, in order."""
    return [q for q in rule_set.questions if holds(q.ask_if, answers)]


def prune(rule_set: RuleSet, answers: Answers) -> dict[str, Answer]:
    """Drop answers to questions the skip logic no longer asks.

    Needed after a change at the review step: answering 'raised' to the scar
    type makes the depth question moot, and a stale depth answer must not fire
    rules.  Questions are walked in order, so a dropped answer cannot keep a
    later question alive.
    """
    kept: dict[str, Answer] = {}
    for q in rule_set.questions:
        if q.id in answers and holds(q.ask_if, kept):
            kept[q.id] = answers[q.id]
    return kept


def missing(rule_set: RuleSet, answers: Answers, *, preferences: bool = True) -> list[Question]:
    """Questions still to ask: asked by the skip logic and not answered yet.

    ``preferences=False`` leaves out the preference questions (what matters to the
    person): they change no result, so an answers file, a batch row or a scenario is
    complete without them; the questionnaire still asks them.
    """
    # one pass: a skip condition may only look at earlier questions (the loader makes
    # sure), so the answers kept so far decide it exactly as the whole pruned set would
    kept: dict[str, Answer] = {}
    todo: list[Question] = []
    for q in rule_set.questions:
        if holds(q.ask_if, kept):
            if q.id in answers:
                kept[q.id] = answers[q.id]
            elif preferences or not q.preference:
                todo.append(q)
    return todo


def next_question(rule_set: RuleSet, answers: Answers) -> Question | None:
    todo = missing(rule_set, answers)
    return todo[0] if todo else None


def is_complete(rule_set: RuleSet, answers: Answers) -> bool:
    """Enough to evaluate: every asked question answered, preference questions aside
    (they change no result, and an answers file may leave them out)."""
    return not missing(rule_set, answers, preferences=False)


def skipped_answers(rule_set: RuleSet, answers: Answers) -> list[str]:
    """Ids answered although the skip logic does not ask them (worth a warning)."""
    kept = prune(rule_set, answers)
    return [qid for qid in answers if qid not in kept]


def previous(rule_set: RuleSet, answers: Answers, qid: str) -> Question | None:
    """The answered question just before ``qid`` on the current path: where 'back' goes.

    Only questions the skip logic asks count, so going back never lands on a
    question that was skipped.
    """
    before: Question | None = None
    for q in asked(rule_set, answers):
        if q.id == qid:
            return before
        if q.id in answers:
            before = q
    return None


def progress(rule_set: RuleSet, answers: Answers, qid: str) -> tuple[int, int, bool]:
    """Where ``qid`` stands on the path: (number, total, exact).

    A later question whose ask_if depends on a question not answered yet may or
    may not be asked; it is counted, and ``exact`` is False ("of up to N").
    """
    status: dict[str, bool | None] = {}  # True asked, None maybe, False not asked
    for q in rule_set.questions:
        status[q.id] = _maybe_holds(q.ask_if, answers, status)
    path = [qid_ for qid_, s in status.items() if s is not False]
    number = path.index(qid) + 1 if qid in path else len(path)
    return number, len(path), all(status[x] for x in path)


def _maybe_holds(cond: Condition, answers: Answers, status: Mapping[str, bool | None]) -> bool | None:
    """Three-valued ask_if: True, False, or None when it hangs on an unanswered question."""

    def test(t: Test) -> bool | None:
        if t.question in answers:
            return test_holds(t, answers)
        return False if status.get(t.question) is False else None

    def branch(b: All) -> bool | None:
        results = [test(t) for t in b.tests]
        if False in results:
            return False
        return True if all(r is True for r in results) else None

    if isinstance(cond, AnyOf):
        results = [branch(b) for b in cond.branches]
        if True in results:
            return True
        return False if all(r is False for r in results) else None
    return branch(cond)
