"""The condition language: evaluate a condition and say it in words.

Conditions are data (see ``model.All`` / ``model.AnyOf``), never code: this
module is the whole interpreter.  Semantics, documented in the README:

* ``question: value`` or ``question: [v1, v2]`` holds when the answer is one of
  the values; for a multiple-choice question, when any chosen value is listed.
* ``question: {not: ...}`` holds when the question was answered with none of them.
* A test on a question that was not asked (skipped, or unanswered) never holds.
* All tests of a mapping must hold; ``any: [...]`` holds when one branch does.
"""

from __future__ import annotations

from .i18n import _
from .model import All, AnyOf, Condition, Test

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from .model import Answer, Answers, Labeler


def _chosen(answer: str | tuple[str, ...] | None) -> frozenset[str]:
    if answer is None:
        return frozenset()
    if isinstance(answer, str):
        return frozenset((answer,))
    return frozenset(answer)


def test_holds(test: Test, answers: Answers) -> bool:
    answer = answers.get(test.question)
    if answer is None:
        return False
    hit = bool(_chosen(answer) & test.values)
    return not hit if test.negated else hit


def holds(cond: Condition, answers: Answers) -> bool:
    if isinstance(cond, AnyOf):
        return any(all(test_holds(t, answers) for t in b.tests) for b in cond.branches)
    return all(test_holds(t, answers) for t in cond.tests)


def matched_answers(cond: Condition, answers: Answers) -> dict[str, Answer | None]:
    """The answers that made a true condition true: what 'because you said' shows."""
    branches = cond.branches if isinstance(cond, AnyOf) else (cond,)
    for branch in branches:
        if all(test_holds(t, answers) for t in branch.tests):
            return {t.question: answers.get(t.question) for t in branch.tests}
    return {}


def first_failure(cond: Condition, answers: Answers, labeler: Labeler | None = None) -> str:
    """Why a false condition is false, in words: the first test that failed.

    For an ``any:`` every branch failed; we report the first branch's first failed
    test, which is deterministic and usually the one an author reads first.
    """
    branches = cond.branches if isinstance(cond, AnyOf) else (cond,)
    for branch in branches:
        for test in branch.tests:
            if not test_holds(test, answers):
                return describe_failure(test, answers.get(test.question), labeler)
    return _("its condition did not hold")


def describe_test(test: Test, labeler: Labeler | None = None) -> str:
    values = sorted(test.values)
    shown = [labeler(test.question, v) if labeler else v for v in values]
    words = _(" or ").join(f"'{v}'" for v in shown)
    if test.negated:
        return _("{question} is not {values}").format(question=test.question, values=words)
    return _("{question} is {values}").format(question=test.question, values=words)


def describe_failure(test: Test, answer: Answer | None, labeler: Labeler | None = None) -> str:
    wanted = describe_test(test, labeler)
    if answer is None:
        return _("it needs {wanted}, and that question was not asked or answered").format(wanted=wanted)
    given = sorted(_chosen(answer))
    shown = ", ".join(f"'{labeler(test.question, v) if labeler else v}'" for v in given)
    return _("it needs {wanted}; your answer was {answer}").format(wanted=wanted, answer=shown)


def describe(cond: Condition, labeler: Labeler | None = None) -> str:
    """The whole condition in words, for ``--explain``, graphs and ``questions``."""
    if isinstance(cond, AnyOf):
        parts = [describe(b, labeler) for b in cond.branches]
        return _(" OR ").join(f"({p})" for p in parts)
    if not cond.tests:
        return _("always")
    return _(" and ").join(describe_test(t, labeler) for t in cond.tests)


def questions_in(cond: Condition) -> set[str]:
    branches = cond.branches if isinstance(cond, AnyOf) else (cond,)
    return {t.question for b in branches for t in b.tests}


def branches_of(cond: Condition) -> tuple[All, ...]:
    return cond.branches if isinstance(cond, AnyOf) else (cond,)
