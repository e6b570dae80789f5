"""A rule set compiled once into bit masks: which rules fire, without the condition interpreter.

Each test (question, values, negated) of every rule gets a bit.  An answer set
maps to the mask of the tests it satisfies (per question, a value's bits are
prepared once); a branch of a condition holds when all its bits are set, a rule
fires when one of its branches holds.  The result is the tuple of indices of the
fired rules, which is all the lean batch record depends on, so batch caches its
rendered text per fired tuple.  Semantics are those of :mod:`conditions`
(a test on an unanswered question never holds); tests prove the two agree.
"""

from __future__ import annotations

from .conditions import branches_of
from .model import RuleSet, Test

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from .model import Answers


class Compiled:
    def __init__(self, rule_set: RuleSet) -> None:
        bits: dict[tuple[str, frozenset[str], bool], int] = {}
        # per question: (positive bits per value, negated-hit bits per value, all negated bits)
        pos: dict[str, dict[str, int]] = {}
        neg_hit: dict[str, dict[str, int]] = {}
        neg_all: dict[str, int] = {}

        def bit(test: Test) -> int:
            key = (test.question, test.values, test.negated)
            b = bits.get(key)
            if b is None:
                b = bits[key] = 1 << len(bits)
                table = neg_hit if test.negated else pos
                per = table.setdefault(test.question, {})
                for v in test.values:
                    per[v] = per.get(v, 0) | b
                if test.negated:
                    neg_all[test.question] = neg_all.get(test.question, 0) | b
            return b

        rules = []
        for i, rule in enumerate(rule_set.rules):
            masks = []
            for branch in branches_of(rule.when):
                m = 0
                for t in branch.tests:
                    m |= bit(t)
                masks.append(m)
            rules.append((i, tuple(masks)))
        self.rules = tuple(rules)
        questions = set(pos) | set(neg_all)
        self._questions = tuple((q, pos.get(q, {}), neg_hit.get(q, {}), neg_all.get(q, 0)) for q in sorted(questions))

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
