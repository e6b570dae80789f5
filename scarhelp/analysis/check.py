"""``scarhelp check``'s driver: build the answer space, run every unit in ``scarhelp.checks``, sort.

Each kind of finding is one unit in ``scarhelp.checks`` (registered in
``checks/__init__.py``); this module only compiles the rule set once into its
answer space, runs them, orders the findings by severity (keeping each unit's
order within a severity) and adds the figures for the summary line.
"""

from __future__ import annotations

from ..checks import run
from ..model import RuleSet
from .findings import SEVERITIES, Report
from .rules import compile_rules
from .space import Space


def check(rs: RuleSet) -> Report:
    """Every finding ``scarhelp check`` reports, exact over all reachable answers."""
    space = Space([rs])
    comp = compile_rules(space, rs)
    findings = run(rs, space, comp)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: order[f.severity])
    stats = {
        "questions": len(rs.questions),
        "rules": len(comp.rules),
        "treatments": len(rs.treatments),
        "invariants": len(rs.invariants),
        "answer_combinations": answer_count(space),
        "preference_questions": sum(1 for q in rs.questions if q.preference),
    }
    return Report(rs.path, findings, stats)


def answer_count(space: Space) -> int:
    """How many complete answer sets there are, ignoring skip logic (for the summary line).

    Preference questions are left out: no condition tests them, so they multiply the
    answer space without changing any result, and the search never branches on them."""
    total = 1
    for q in space.rule_sets[0].questions:
        if q.preference:
            continue
        if q.kind == "many":
            excl = sum(1 for o in q.options if o.exclusive)
            rest = len(q.options) - excl
            total *= (2**rest - 1) + excl
        else:
            total *= len(q.options)
    return total
