"""A rule set's rules compiled into an answer space, and what the analysis may assume of a rule.

Every kind of finding and ``diff`` read the rules beside their compiled
conditions (:class:`CompiledRules`, index for index).  The small accessors
below state, once, what the loader guarantees (a ``recommend`` rule has a
treatment and a strength; a tested question exists), so the type checker knows
it too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Question, Rule, RuleSet
from .space import Cond, Space


@dataclass
class CompiledRules:
    """The rules of one side of a space, each beside its compiled condition (same index)."""

    space: Space
    rules: list[Rule]
    conds: list[Cond]


def compile_rules(space: Space, rs: RuleSet, side: int = 0) -> CompiledRules:
    conds = [space.compile(r.when, side, r.id) for r in rs.rules]
    return CompiledRules(space, list(rs.rules), conds)


def treatment_of(r: Rule) -> str:
    assert r.treatment is not None  # the loader gives every recommend rule a treatment
    return r.treatment


def strength_of(r: Rule) -> str:
    assert r.strength is not None  # the loader gives every recommend rule a strength
    return r.strength


def question_of(rs: RuleSet, qid: str) -> Question:
    """A question of ``rs`` by an id known to be one of its own (a variable of its space, a tested one)."""
    q = rs.question(qid)
    assert q is not None  # the loader rejects tests of unknown questions; a space has only rs's questions
    return q
