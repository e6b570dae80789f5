"""Flesch-Kincaid grades of a rule file's patient-facing texts, by kind of text, as a Markdown table.

    python benchmarks/reading_grades.py [rules/acne-scars.yaml]

Texts are those ``scarhelp check``'s reading-grade finding reads; texts under
``MIN_WORDS`` words (option labels, one-word harms) are counted as "short" and
not graded.  Needs textstat (``pip install 'scarhelp[readability]'``).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from scarhelp.checks.reading import MIN_WORDS, grade_of, texts
from scarhelp.loader import read_rules

ROOT = Path(__file__).resolve().parent.parent


def table(path: str) -> str:
    rs = read_rules(path)
    limit = rs.meta.reading_grade_limit
    by: dict[str, list[float]] = defaultdict(list)
    short: dict[str, int] = defaultdict(int)
    order: list[str] = []
    for kind, _item, _line, text in texts(rs):
        if kind not in order:
            order.append(kind)
        g = grade_of(text)
        if g is None:
            short[kind] += 1
        else:
            by[kind].append(g)
    rows = [
        f"| kind of text | graded | short (< {MIN_WORDS} words) | mean grade | worst | above {limit} |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    every: list[float] = []
    for kind in order:
        gs = by[kind]
        every += gs
        mean = f"{sum(gs) / len(gs):.1f}" if gs else "–"
        worst = f"{max(gs):.1f}" if gs else "–"
        rows.append(f"| {kind} | {len(gs)} | {short[kind]} | {mean} | {worst} | {sum(g > limit for g in gs)} |")
    mean = f"{sum(every) / len(every):.1f}" if every else "–"
    worst = f"{max(every):.1f}" if every else "–"
    n_short = sum(short.values())
    rows.append(
        f"| **all** | **{len(every)}** | **{n_short}** | **{mean}** | **{worst}** | **{sum(g > limit for g in every)}** |"
    )
    return "\n".join(rows)


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "rules" / "acne-scars.yaml")
    print(table(path))


if __name__ == "__main__":
    main()
