"""The condition language: evaluate a condition, reason about it, and say it in words.

Conditions are data (see ``model.All`` / ``model.AnyOf``), never code: this
module is the whole interpreter.  Semantics, documented in the README:

* ``question: value`` or ``question: [v1, v2]`` holds when the answer is one of
  the values; for a multiple-choice question, when any chosen value is listed.
* ``question: {not: ...}`` holds when the question was answered with none of them.
* A test on a question that was not asked (skipped, or unanswered) never holds.
* All tests of a mapping must hold; ``any: [...]`` holds when one branch does.

Who else reads conditions, and why not through ``holds``
--------------------------------------------------------
``holds`` decides a condition for one answer set.  The analysis
(``analysis.space``) must decide it for every answer set at once, so it
compiles each test into a bit mask over classes of answers, with these same
semantics; its test suite holds it to the engine's results on every answer set.
The graph asks whether one condition implies another without building that
space: :func:`branch_implies` below, a sufficient test on the tests as written.

Two ways of putting a condition into words, on purpose
------------------------------------------------------
:func:`describe` (and :func:`describe_failure`) is prose for the person, with
option labels when a labeler is given: ``scar_area is 'mobile' or 'mixed'``;
the engine's "why not" and ``scarhelp questions`` use it.  :func:`notation`,
:func:`notation_lines` and :func:`notation_phrase` write the rule file's own
notation for the maintainer, ids in file order: ``scar_area: mobile / mixed``;
``scarhelp graph`` uses it, so a diagram reads like the YAML it was drawn from.
A patient must not read ids and a maintainer looks for them, so neither can
serve both; both walk :func:`branches_of`, so the language is read one way.
"""

from __future__ import annotations

from .i18n import _
from .model import All, AnyOf, Condition, Test

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from .model import Answer, Answers, Labeler


def _chosen(answer: str | tuple[str, ...] | None) -> frozenset[str]:
    if answer is None:
        return frozenset()
    if isinstance(answer, str):
        return frozenset((answer,))
    return frozenset(answer)


def test_holds(test: Test, answers: Answers) -> bool:
    # the general path evaluates every rule of every batch row and report with this, so it
    # makes no set for an answer (a choice is a string; a multiple choice a sequence)
    answer = answers.get(test.question)
    if answer is None:
        return False
    hit = answer in test.values if isinstance(answer, str) else not test.values.isdisjoint(answer)
    return hit != test.negated


def _all_hold(tests: Sequence[Test], answers: Answers) -> bool:
    # plain loops, not all()/any() over generators: twice as fast on this hot path
    for t in tests:  # noqa: SIM110
        if not test_holds(t, answers):
            return False
    return True


def holds(cond: Condition, answers: Answers) -> bool:
    if isinstance(cond, AnyOf):
        for branch in cond.branches:  # noqa: SIM110
            if _all_hold(branch.tests, answers):
                return True
        return False
    return _all_hold(cond.tests, answers)


def matched_answers(cond: Condition, answers: Answers) -> dict[str, Answer | None]:
    """The answers that made a true condition true: what 'because you said' shows."""
    branches = branches_of(cond)
    for branch in branches:
        if all(test_holds(t, answers) for t in branch.tests):
            return {t.question: answers.get(t.question) for t in branch.tests}
    return {}


def first_failure(cond: Condition, answers: Answers, labeler: Labeler | None = None) -> str:
    """Why a false condition is false, in words: the first test that failed.

    For an ``any:`` every branch failed; we report the first branch's first failed
    test, which is deterministic and usually the one an author reads first.
    """
    branches = branches_of(cond)
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
    """The whole condition in words, for ``--explain`` and ``questions``."""
    if isinstance(cond, AnyOf):
        parts = [describe(b, labeler) for b in cond.branches]
        return _(" OR ").join(f"({p})" for p in parts)
    if not cond.tests:
        return _("always")
    return _(" and ").join(describe_test(t, labeler) for t in cond.tests)


def questions_in(cond: Condition) -> set[str]:
    branches = branches_of(cond)
    return {t.question for b in branches for t in b.tests}


def branches_of(cond: Condition) -> tuple[All, ...]:
    return cond.branches if isinstance(cond, AnyOf) else (cond,)


# -- implication, on the tests as written --------------------------------------------------


def test_implies(a: Test, b: Test) -> bool:
    """Whenever ``a`` holds, ``b`` holds (both on the same question)."""
    if a.question != b.question or a.negated != b.negated:
        return False
    return a.values <= b.values if not a.negated else a.values >= b.values


def branch_implies(branch: All, cond: Condition) -> bool:
    """Whenever every test of ``branch`` holds, ``cond`` holds (sufficient, not complete: a
    ``not`` test is never taken to imply a plain one, which would need the question's options)."""
    return any(all(any(test_implies(a, t) for a in branch.tests) for t in b.tests) for b in branches_of(cond))


def is_always(cond: Condition) -> bool:
    """The condition tests nothing, so it always holds (``ask_if`` left out, ``when: {}``)."""
    return not any(b.tests for b in branches_of(cond))


# -- the rule file's own notation, for maintainers (see the module docstring) ---------------


def notation(test: Test, order: Sequence[str] = ()) -> str:
    """``scar_area: mobile / mixed`` or ``collagen_allergy: not yes``; values in ``order`` (the
    question's options as the file lists them), any others after them alphabetically."""
    values = sorted(test.values, key=lambda v: (order.index(v) if v in order else len(order), v))
    return f"{test.question}: {'not ' if test.negated else ''}{' / '.join(values)}"


def notation_lines(cond: Condition, orders: Mapping[str, Sequence[str]]) -> list[str]:
    """A condition as short lines, one test each: ``when a: x`` / ``and b: y`` / ``or c: z``.

    ``orders``: each question's option values in file order."""
    branches = branches_of(cond)
    if not any(b.tests for b in branches):
        return ["always"]
    out: list[str] = []
    for i, branch in enumerate(branches):
        for j, t in enumerate(branch.tests):
            word = "and" if j else ("or" if i else "when")
            out.append(f"{word} {notation(t, orders.get(t.question, ()))}")
    return out


def notation_phrase(cond: Condition, orders: Mapping[str, Sequence[str]]) -> str:
    """A condition on one line, for an edge label."""
    parts = [" and ".join(notation(t, orders.get(t.question, ())) for t in b.tests) for b in branches_of(cond)]
    return " or ".join(f"({p})" if len(parts) > 1 and " and " in p else p for p in parts)
