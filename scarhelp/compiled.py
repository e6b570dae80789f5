"""A rule set compiled once into bit masks: which conditions hold, without the condition interpreter.

Each test (question, values, negated) of every condition of the rule set (the
rules, the questions' skip conditions and the treatments' ``against_values``
notes) gets a bit.  An answer set maps to the mask of the tests it satisfies
(per question, a value's bits are prepared once); a branch of a condition holds
when all its bits are set, a condition when one of its branches holds.
:meth:`Compiled.fired` gives the indices of the rules that fire, which is what
``evaluate`` needs; batch builds its compiled validator and skip logic on the
same masks (:mod:`scarhelp.batch.fast`).  Semantics are those of
:mod:`conditions` (a test on an unanswered question never holds); tests prove
the two agree.
"""

from __future__ import annotations

from .conditions import branches_of
from .model import RuleSet, Test

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from .model import Answer, Answers, Condition

    Masks = tuple[int, ...]  # one mask per branch of a condition


class Compiled:
    """The masks of every condition in a rule set.

    ``rules[i]`` is ``(i, masks)`` for ``rule_set.rules[i]``; ``ask_if[k]`` the
    masks of ``rule_set.questions[k].ask_if``; ``said[t][j]`` those of the
    ``j``-th ``against_values`` note of ``rule_set.treatments[t]``.  ``bits`` is
    the number of test bits; ``question_bits[q]`` all the bits of question ``q``.
    """

    def __init__(self, rule_set: RuleSet) -> None:
        bits: dict[tuple[str, frozenset[str], bool], int] = {}
        # per question: (positive bits per value, negated-hit bits per value, all negated bits)
        pos: dict[str, dict[str, int]] = {}
        neg_hit: dict[str, dict[str, int]] = {}
        neg_all: dict[str, int] = {}
        question_bits: dict[str, int] = {}

        def bit(test: Test) -> int:
            key = (test.question, test.values, test.negated)
            b = bits.get(key)
            if b is None:
                b = bits[key] = 1 << len(bits)
                question_bits[test.question] = question_bits.get(test.question, 0) | b
                table = neg_hit if test.negated else pos
                per = table.setdefault(test.question, {})
                for v in test.values:
                    per[v] = per.get(v, 0) | b
                if test.negated:
                    neg_all[test.question] = neg_all.get(test.question, 0) | b
            return b

        def masks(cond: Condition) -> Masks:
            out = []
            for branch in branches_of(cond):
                m = 0
                for t in branch.tests:
                    m |= bit(t)
                out.append(m)
            return tuple(out)

        self.rules = tuple((i, masks(rule.when)) for i, rule in enumerate(rule_set.rules))
        self.ask_if = tuple(masks(q.ask_if) for q in rule_set.questions)
        self.said = tuple(tuple(masks(v.when) for v in t.against_values) for t in rule_set.treatments)
        self.bits = len(bits)
        self.question_bits = question_bits
        questions = set(pos) | set(neg_all)
        self._per_question = {q: (pos.get(q, {}), neg_hit.get(q, {}), neg_all.get(q, 0)) for q in questions}
        self._questions = tuple((q, *self._per_question[q]) for q in sorted(questions))

    def answer_mask(self, qid: str, answer: Answer) -> int:
        """The tests one (valid, normalised) answer to ``qid`` satisfies."""
        tables = self._per_question.get(qid)
        if tables is None:
            return 0
        pos, neg_hit, neg_all = tables
        chosen = (answer,) if answer.__class__ is str else answer
        mask = hit = 0
        for v in chosen:
            mask |= pos.get(v, 0)
            hit |= neg_hit.get(v, 0)
        return mask | (neg_all & ~hit)

    def test_mask(self, answers: Answers) -> int:
        mask = 0
        get = answers.get
        for q, pos, neg_hit, neg_all in self._questions:
            a = get(q)
            if a is None:
                continue
            if a.__class__ is str:
                mask |= pos.get(a, 0) | (neg_all & ~neg_hit.get(a, 0))
            else:
                hit = 0
                for v in a:
                    mask |= pos.get(v, 0)
                    hit |= neg_hit.get(v, 0)
                mask |= neg_all & ~hit
        return mask

    def fired(self, answers: Answers) -> tuple[int, ...]:
        """Indices into ``rule_set.rules`` of the rules whose condition holds."""
        m = self.test_mask(answers)
        out = []
        for i, masks in self.rules:
            for b in masks:
                if m & b == b:
                    out.append(i)
                    break
        return tuple(out)
