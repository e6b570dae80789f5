"""Scenario results as plain JSON-ready data, for ``scarhelp test --format json``."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import RuleSet
from .exercised import Coverage
from .model import ScenarioResult

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from typing import Any


def as_data(
    rule_set: RuleSet,
    files: Sequence[str],
    results: Sequence[ScenarioResult],
    cov: Coverage | None = None,
    fail_under: float | None = None,
) -> dict[str, Any]:
    """The results as JSON-ready data, with stable keys."""
    from ..version import __version__

    passed = sum(1 for r in results if r.passed)
    data: dict[str, Any] = {
        "scarhelp": {"version": __version__},
        "rule_set": {"title": rule_set.meta.title, "version": rule_set.meta.version, "path": rule_set.path},
        "files": list(files),
        "scenarios": [
            {
                "name": r.scenario.name,
                "file": r.scenario.location.file,
                "line": r.scenario.location.line,
                "passed": r.passed,
                "mismatches": [
                    {
                        "check": m.check,
                        "subject": m.subject,
                        "expected": m.expected,
                        "actual": m.actual,
                        "file": m.location.file,
                        "line": m.location.line,
                        "column": m.location.column,
                    }
                    for m in r.mismatches
                ],
                "fired": list(r.fired),
            }
            for r in results
        ],
        "summary": {"total": len(results), "passed": passed, "failed": len(results) - passed},
    }
    if cov is not None:
        data["coverage"] = {
            "rules": {
                "total": cov.rules_total,
                "covered": len(cov.rules_covered),
                "percent": round(cov.rule_percent, 2),
                "uncovered": [{"id": r.id, "file": cov.rules_path, "line": r.line} for r in cov.uncovered_rules],
            },
            "options": {
                "total": cov.options_total,
                "covered": cov.options_covered,
                "percent": round(cov.option_percent, 2),
                "per_question": [{"question": q, "used": u, "total": t} for q, u, t in cov.per_question],
                "uncovered": [
                    {
                        "question": q.id,
                        "value": o.value,
                        "file": cov.rules_path,
                        "line": cov.option_location(q, o).line,
                    }
                    for q, o in cov.uncovered_options
                ],
            },
        }
        data["coverage"]["invariants"] = {
            "total": cov.invariants_total,
            "covered": len(cov.invariants_covered),
            "percent": round(cov.invariant_percent, 2),
            "uncovered": [{"id": i.id, "file": cov.rules_path, "line": i.line} for i in cov.uncovered_invariants],
        }
        if fail_under is not None:
            data["coverage"]["fail_under"] = {"threshold": fail_under, "met": cov.meets(fail_under)}
    return data
