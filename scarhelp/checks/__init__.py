"""The findings of ``scarhelp check`` that judge the *result*, one unit per kind, registered here.

Each unit takes a :class:`Context` and yields :class:`~scarhelp.analysis.Finding`
objects; ``analysis.check`` runs every unit in :data:`UNITS`, in order.  A new
kind of finding is a new module with one function, added to that tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..analysis import Finding, Space, _Compiled
from ..model import RuleSet
from ..record import Record


class Context(Record):
    """What every unit may read: the rule set, its answer space and its compiled rules."""

    rule_set: RuleSet
    space: Space
    compiled: _Compiled


Unit = Callable[[Context], Iterable[Finding]]


def _units() -> tuple[Unit, ...]:
    from . import authored, glance, invariants, preferences, reading, widening

    return (authored.check, invariants.check, widening.check, glance.check, preferences.check, reading.check)


def run(rule_set: RuleSet, space: Space, compiled: _Compiled) -> list[Finding]:
    ctx = Context(rule_set, space, compiled)
    out: list[Finding] = []
    for unit in _units():
        out.extend(unit(ctx))
    return out
