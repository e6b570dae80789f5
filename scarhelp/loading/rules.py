"""Build a rule file's rules: each a condition and exactly one outcome (recommend, caveat, advise or not_shown).

Which keys go with which outcome is checked here by hand; :mod:`scarhelp.schema`
spells the same checks for the JSON Schema validator (its ``_CROSS_FIELD``).
"""

from __future__ import annotations

from typing import Any

from .. import schema as S
from ..model import RULE_KINDS, STRENGTHS, Question, Rule, Treatment
from . import refs
from .fields import Fields
from .when import Conditions


def build_rules(
    r: Fields,
    root: dict[str, Any],
    questions: tuple[Question, ...],
    treatments: tuple[Treatment, ...],
    claim_ids: set[str],
    when: Conditions,
) -> tuple[Rule, ...]:
    """The rules in file order, each id once; a rule naming an unknown treatment is left out."""
    qmap = {q.id: q for q in questions}
    tids = [t.id for t in treatments]
    out: list[Rule] = []
    seen: set[str] = set()
    for i, raw in enumerate(r.field(root, (), "rules", S.RULE_SET) or []):
        rp = ("rules", i)
        rule = r.obj(raw, rp, S.RULE)
        if rule is None:
            continue
        rid = r.field(rule, rp, "id", S.RULE)
        cond = when.read(rule.get("when"), rp + ("when",), qmap)
        because = r.field(rule, rp, "because", S.RULE)
        claims = refs.claims(r, r.field(rule, rp, "claims", S.RULE), rp + ("claims",), claim_ids)
        outcomes = [k for k in RULE_KINDS if k in rule]
        if len(outcomes) != 1:
            r.p.add(
                r.loc(rp),
                "a rule needs exactly one of 'recommend', 'caveat', 'advise' or 'not_shown'"
                + (f" (it has {', '.join(outcomes)})" if outcomes else ""),
            )
            continue
        kind = outcomes[0]
        treatment = strength = None
        text = ""
        if kind == "not_shown":
            treatment = r.field(rule, rp, "not_shown", S.RULE)
            for key in ("strength", "treatment"):
                if key in rule:
                    r.p.add(
                        r.loc(rp + (key,), key=True),
                        f"'{key}' does not go with 'not_shown', which names the treatment itself",
                    )
            tpath = rp + ("not_shown",)
        elif kind == "recommend":
            treatment = r.field(rule, rp, "recommend", S.RULE)
            strength = r.field(rule, rp, "strength", S.RULE)
            if "strength" not in rule:
                r.p.add(r.loc(rp), "a 'recommend' rule needs a 'strength'", "one of: " + ", ".join(STRENGTHS))
            if "treatment" in rule:
                r.p.add(
                    r.loc(rp + ("treatment",), key=True),
                    "'treatment' goes with 'caveat'; 'recommend' names the treatment itself",
                )
            tpath = rp + ("recommend",)
        else:
            text = r.field(rule, rp, kind, S.RULE) or ""
            if "strength" in rule:
                r.p.add(r.loc(rp + ("strength",), key=True), f"'strength' only goes with 'recommend', not '{kind}'")
            treatment = r.field(rule, rp, "treatment", S.RULE) if kind == "caveat" else None
            if kind == "advise" and "treatment" in rule:
                r.p.add(r.loc(rp + ("treatment",), key=True), "'treatment' goes with 'caveat', not 'advise'")
            tpath = rp + ("treatment",)
        if treatment is not None and not refs.treatment(r, treatment, tpath, tids):
            continue
        if rid is None or because is None:
            continue
        if rid in seen:
            r.p.add(r.loc(rp + ("id",)), f"duplicate rule id '{rid}'")
            continue
        seen.add(rid)
        first = r.field(rule, rp, "first", S.RULE) or ""
        if "first" in rule and (kind in ("recommend", "not_shown") or treatment is not None):
            r.p.add(
                r.loc(rp + ("first",), key=True),
                "'first' goes with 'advise' or a 'caveat' on every option: only those lead the summary",
            )
        out.append(Rule(rid, cond, because, claims, kind, treatment, strength, text, r.line(rp), first))
    return tuple(out)
