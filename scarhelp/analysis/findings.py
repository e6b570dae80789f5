"""What ``scarhelp check`` reports: a :class:`Finding`, the :class:`Report` of a rule set, as text or JSON.

A finding has a severity, a kind (the name a unit in ``scarhelp.checks`` gives
it), a message, the places in the rule file to look at, and the answer regions
it holds for, in words and as data.  The text and JSON written here are the
command's output; ``commands/check.py`` adds the GitHub annotations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Rule, RuleSet
from .rules import question_of
from .space import Space

SEVERITIES = ("error", "warning", "info")
MAX_REGIONS = 200  # per finding list; a rule set this broken needs fixing, not a longer report


@dataclass
class Finding:
    severity: str  # error, warning, info
    kind: str
    message: str
    rules: list[tuple[str, int]] = field(default_factory=list)  # (rule id or item, line)
    regions: list[str] = field(default_factory=list)
    region_data: list[dict[str, list[Any]]] = field(default_factory=list)

    def to_json(self, path: str) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "kind": self.kind,
            "message": self.message,
            "locations": [{"file": path, "line": line, "item": item} for item, line in self.rules],
            "regions": self.region_data,
            "regions_text": self.regions,
        }


@dataclass
class Report:
    path: str
    findings: list[Finding]
    stats: dict[str, int]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def rule_loc(r: Rule) -> tuple[str, int]:
    return (f"rule {r.id}", r.line)


def question_locs(rs: RuleSet, space: Space, regions: Sequence[Mapping[int, int]]) -> list[tuple[str, int]]:
    """Where the questions a set of regions pins down are declared: the place to start reading a gap."""
    used = sorted({v for r in regions for v in r})
    return [(f"question {space.vars[v].qid}", question_of(rs, space.vars[v].qid).line) for v in used]


def format_text(report: Report) -> str:
    lines: list[str] = []
    s = report.stats
    lines.append(
        f"{report.path}: {_plural(s['questions'], 'question')}, {_plural(s['rules'], 'rule')}, "
        f"{_plural(s['treatments'], 'treatment')}; checked all {_plural(s['answer_combinations'], 'answer combination')}"
        " symbolically"
        + (
            f" (not counting {_plural(s['preference_questions'], 'preference question')}, which change no result)"
            if s.get("preference_questions")
            else ""
        )
    )
    for sev in SEVERITIES:
        group = [f for f in report.findings if f.severity == sev]
        if not group:
            continue
        lines.append("")
        lines.append(f"{sev.upper()}S ({len(group)})" if sev != "info" else f"INFO ({len(group)})")
        for f in group:
            lines.append(f"  [{f.kind}] {f.message}")
            for item, line in f.rules:
                lines.append(f"    {report.path}:{line}: {item}")
            for reg in f.regions:
                lines.append(f"    {reg}")
    lines.append("")
    e, w, i = (report.count(x) for x in SEVERITIES)
    lines.append(f"{e} error(s), {w} warning(s), {i} info")
    return "\n".join(lines) + "\n"


def format_json(report: Report) -> dict[str, Any]:
    return {
        "file": report.path,
        "stats": report.stats,
        "summary": {s: report.count(s) for s in SEVERITIES},
        "findings": [f.to_json(report.path) for f in report.findings],
    }


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")
