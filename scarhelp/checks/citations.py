"""Findings ``no-claims``, ``uncited-claim`` and ``uncited-reference``: every statement traces to the article.

A rule must cite a claim; a claim nobody cites (no rule, no benefit, harm or
against_values note) and a reference behind no cited claim are left over from
an edit.  Plain bookkeeping over the file: no search.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.findings import Finding, rule_loc
from ..model import AgainstValue, Point, RuleSet
from .context import Context


def cited_claims(rs: RuleSet) -> set[str]:
    """The ids of the claims a rule or a treatment's benefit, harm or against_values note cites."""
    cited: set[str] = set()
    for r in rs.rules:
        cited.update(r.claims)
    for t in rs.treatments:
        points: tuple[Point | AgainstValue, ...] = (*t.benefits, *t.harms, *t.against_values)
        for pt in points:
            cited.update(pt.claims)
    return cited


def no_claims(ctx: Context) -> Iterator[Finding]:
    for r in ctx.rule_set.rules:
        if not r.claims:
            yield Finding("error", "no-claims", f"rule '{r.id}' cites no claim", [rule_loc(r)])


def uncited_claims(ctx: Context) -> Iterator[Finding]:
    cited = cited_claims(ctx.rule_set)
    for c in ctx.rule_set.meta.claims:
        if c.id not in cited:
            yield Finding(
                "warning",
                "uncited-claim",
                f"claim '{c.id}' is cited by no rule and no benefit or harm",
                [(f"claim {c.id}", c.line)],
            )


def uncited_references(ctx: Context) -> Iterator[Finding]:
    cited = cited_claims(ctx.rule_set)
    cited_refs: set[int] = set()
    for c in ctx.rule_set.meta.claims:
        if c.id in cited:
            cited_refs.update(c.refs)
    for ref in ctx.rule_set.meta.source.references:
        if ref.number not in cited_refs:
            yield Finding(
                "warning",
                "uncited-reference",
                f"reference {ref.number} is behind no cited claim",
                [(f"reference {ref.number}", ref.line)],
            )
