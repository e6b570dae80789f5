"""What every unit of ``check`` reads: the rule set, its answer space and compiled rules, and shared facts.

A fact several kinds of finding need (which rules never fire, which treatments
can be shown) is a function of the context, kept in the module of the finding
it is about and computed once per check through :meth:`Context.fact`: the
units stay independent of one another's order, and nothing is proved twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from ..analysis.rules import CompiledRules
from ..analysis.space import Space
from ..model import RuleSet

T = TypeVar("T")


class Context:
    """The rule set, its answer space and its compiled rules, with a memo of shared facts."""

    def __init__(self, rule_set: RuleSet, space: Space, compiled: CompiledRules):
        self.rule_set = rule_set
        self.space = space
        self.compiled = compiled
        self._facts: dict[Callable[[Context], Any], Any] = {}

    def fact(self, compute: Callable[[Context], T]) -> T:
        """``compute(self)``, computed on first use and then remembered."""
        if compute not in self._facts:
            self._facts[compute] = compute(self)
        return cast("T", self._facts[compute])
