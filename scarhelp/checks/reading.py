"""Finding ``reading-grade``: a patient-facing text reads above the rule file's grade limit.

GUIDANCE.md asks for patient-facing text at or below a US grade-8 reading level.
The measure is the Flesch-Kincaid grade from the ``textstat`` library (the
``readability`` extra), imported only here, when ``check`` runs.  The limit is
``meta.reading_grade_limit`` (default 8).

Texts under :data:`MIN_WORDS` words (option labels, short harms such as
"Redness") are not graded: with one sentence of a few words the formula swings
on a single long word, so a grade says nothing about them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..analysis.findings import Finding
from ..model import RuleSet
from .context import Context

MIN_WORDS = 8
INSTALL = "pip install 'scarhelp[readability]'"


def texts(rs: RuleSet) -> Iterator[tuple[str, str, int, str]]:
    """Every patient-facing text as (kind, item, line, text)."""
    meta_lines = _meta_lines(rs.path)
    yield "disclaimer", "meta disclaimer", meta_lines.get("disclaimer", 0), rs.meta.disclaimer
    yield "source note", "meta source note", meta_lines.get("note", 0), rs.meta.source.note
    for i, outside in enumerate(rs.meta.outside_article):
        yield "outside article", f"meta outside_article {i + 1}", meta_lines.get("outside_article", 0), outside
    for c in rs.meta.claims:
        yield "claim", f"claim {c.id}", c.line, c.text
    for q in rs.questions:
        yield "question", f"question {q.id}", q.line, q.text
        if q.help:
            yield "question help", f"question {q.id} help", q.line, q.help
        for o in q.options:
            yield "option label", f"question {q.id} option {o.value}", o.line, o.label
            if o.help:
                yield "question help", f"question {q.id} option {o.value} help", o.line, o.help
    for t in rs.treatments:
        yield "treatment what", f"treatment {t.id} what", t.line, t.what
        for p in t.benefits:
            yield "benefit/harm", f"treatment {t.id} benefit", t.line, p.text
        for p in t.harms:
            yield "benefit/harm", f"treatment {t.id} harm", t.line, p.text
        for a in t.ask_your_dermatologist:
            yield "ask your dermatologist", f"treatment {t.id} ask", t.line, a
        for v in t.against_values:
            yield "against values", f"treatment {t.id} against_values", v.line, v.text
    for r in rs.rules:
        kind = "not-shown why" if r.kind == "not_shown" else "because"
        yield kind, f"rule {r.id}", r.line, r.because
        if r.text:
            yield f"{r.kind} text", f"rule {r.id} text", r.line, r.text


def grade_of(text: str) -> float | None:
    """The Flesch-Kincaid grade of ``text``, or None when it is too short to grade."""
    import textstat  # lazy: only ``check`` and the benchmark need it

    if len(text.split()) < MIN_WORDS:
        return None
    return float(textstat.flesch_kincaid_grade(text))


def check(ctx: Context) -> Iterator[Finding]:
    try:
        import textstat  # noqa: F401
    except ImportError:
        yield Finding(
            "info",
            "reading-grade",
            f"reading grades not measured: textstat is not installed (to measure them: {INSTALL})",
        )
        return
    limit = ctx.rule_set.meta.reading_grade_limit
    for _kind, item, line, text in texts(ctx.rule_set):
        grade = grade_of(text)
        if grade is not None and grade > limit:
            yield Finding(
                "warning",
                "reading-grade",
                f"{item} reads at grade {grade:.1f} (Flesch-Kincaid), above the limit {limit} "
                "(meta.reading_grade_limit): use shorter sentences and plainer words",
                [(item, line)],
            )


def _meta_lines(path: str) -> dict[str, int]:
    """Lines of the meta keys that carry no line of their own (best effort: 0 when unread)."""
    out: dict[str, int] = {}
    try:
        with open(path, encoding="utf-8") as f:
            for n, row in enumerate(f, 1):
                m = re.match(r"\s*(disclaimer|note|outside_article):", row)
                if m and m.group(1) not in out:
                    out[m.group(1)] = n
    except OSError:
        pass
    return out
