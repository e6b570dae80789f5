"""The kinds of finding of ``scarhelp check``, one small unit each, registered here in report order.

Each unit is a function that takes a :class:`~scarhelp.checks.context.Context`
and yields :class:`~scarhelp.analysis.findings.Finding` objects of one kind;
:func:`run` runs every unit in :func:`_units`, in order (the driver,
``analysis.check``, then sorts the findings by severity, keeping that order
within each).  A new kind of finding is a new function, in a module named for
what it judges, added to that tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..analysis.findings import Finding
from ..analysis.rules import CompiledRules
from ..analysis.space import Space
from ..model import RuleSet
from .context import Context

Unit = Callable[[Context], Iterable[Finding]]


def _units() -> tuple[Unit, ...]:
    from . import (
        authored,
        citations,
        conflicts,
        dead,
        gaps,
        glance,
        invariants,
        masked,
        preferences,
        questions,
        reading,
        redundant,
        shown,
        widening,
    )

    return (
        gaps.check,  # gap
        dead.check,  # dead-rule
        conflicts.check,  # conflict
        shown.never_shown,  # treatment-never-shown
        shown.no_harms,  # no-harms
        masked.check,  # masked-rule
        redundant.duplicates,  # duplicate-rule
        redundant.redundant,  # redundant-rule
        questions.never_asked,  # question-never-asked
        questions.unused_options,  # unused-option
        citations.no_claims,  # no-claims
        citations.uncited_claims,  # uncited-claim
        citations.uncited_references,  # uncited-reference
        authored.check,  # generated-why-not
        invariants.check,  # invariant
        widening.check,  # unsure-narrows
        glance.check,  # missing-glance
        preferences.unused,  # preference-unused
        preferences.unasked,  # preference-unasked
        reading.check,  # reading-grade
    )


def run(rule_set: RuleSet, space: Space, compiled: CompiledRules) -> list[Finding]:
    """Every unit's findings, in the order of :func:`_units`."""
    ctx = Context(rule_set, space, compiled)
    out: list[Finding] = []
    for unit in _units():
        out.extend(unit(ctx))
    return out
