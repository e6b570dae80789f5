"""The lean batch record: what one row's JSON Lines line says (see the package docstring).

Kept apart so the general path (:mod:`.evaluator`) and the fast path
(:mod:`.fast`, which cuts it into parts encoded once) make it the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import RuleSet

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

    from ..engine import Note, Result


def lean_record(rule_set: RuleSet, result: Result, warnings: Iterable[object]) -> dict[str, Any]:
    """The per-row record of the JSON Lines output (see the package docstring)."""

    def note(n: Note) -> dict[str, Any]:
        return {"rule": n.rule, "text": n.text, "claims": list(n.claims), "references": list(n.refs)}

    return {
        "recommendations": [
            {
                "treatment": rec.treatment,
                "strength": rec.strength,
                "reasons": [r.rule for r in rec.reasons],
                "caveats": [note(c) for c in rec.caveats],
                "said": [{"text": s.text, "claims": list(s.claims), "references": list(s.refs)} for s in rec.said],
                "claims": list(rec.claims),
                "references": list(rule_set.refs_for(rec.claims)),
            }
            for rec in result.recommendations
        ],
        "general_caveats": [note(n) for n in result.general_caveats],
        "advice": [note(n) for n in result.advice],
        "not_recommended": [
            {"treatment": ns.treatment, "outcome": ns.outcome, "rule": ns.rule} for ns in result.not_recommended
        ],
        "warnings": [str(w) for w in warnings],
        "disclaimer": rule_set.meta.disclaimer,
    }
