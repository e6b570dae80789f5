"""Pages of the HTML report printed to PDF by headless Chromium, A4 and Letter.

Walks every reachable answer set of the bundled rules, groups them by outcome
(recommendations with their strengths, and what is not shown), takes a
deterministic sample of the outcome classes, renders each class's first answer
set as HTML, prints it with ``chromium --headless --print-to-pdf`` and counts the
pages with ``pdfinfo`` (poppler-utils) or, without it, the ``/Type /Page`` objects.

    .venv/bin/python benchmarks/print_pages.py [--classes 40] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scarhelp.bundle import load_rules  # noqa: E402
from scarhelp.engine import evaluate  # noqa: E402
from scarhelp.render import render  # noqa: E402
from scarhelp.report import build_report  # noqa: E402
from tests.test_analysis import every_answer_set  # noqa: E402

PAPERS = {"A4": "210mm 297mm", "Letter": "8.5in 11in"}


def outcome(result) -> tuple:
    return (
        tuple((r.treatment, r.strength) for r in result.recommendations),
        tuple((n.treatment, n.outcome) for n in result.not_recommended),
    )


def sample(rs, n: int) -> list[dict]:
    classes: dict[tuple, dict] = {}
    for answers in every_answer_set(rs):
        classes.setdefault(outcome(evaluate(rs, answers, with_trace=False)), answers)
    keys = sorted(classes, key=repr)
    if n and len(keys) > n:
        step = len(keys) / n
        keys = [keys[int(i * step)] for i in range(n)]
    return [classes[k] for k in keys], len(classes)


def pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def print_pdf(chromium: str, html: str, paper: str, tmp: Path) -> int:
    # Chromium has no paper-size flag: the size comes from a CSS @page rule added here.
    page_css = f"<style>@page {{ size: {PAPERS[paper]}; }}</style>"
    src = tmp / f"report-{paper}.html"
    src.write_text(html.replace("</head>", page_css + "</head>", 1), encoding="utf-8")
    pdf = tmp / f"report-{paper}.pdf"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            src.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return pages(pdf)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--classes", type=int, default=40, help="outcome classes to print (0: all)")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args()
    rs = load_rules(None)
    chosen, total = sample(rs, args.classes)
    counts: dict[str, list[int]] = {p: [] for p in PAPERS}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for answers in chosen:
            report = build_report(rs, evaluate(rs, answers), [])
            html = render(report, "html", generated="2026-01-01")
            for paper in PAPERS:
                counts[paper].append(print_pdf(args.chromium, html, paper, tmp))
    print(f"Printed pages of the HTML report, {len(chosen)} of {total} outcome classes\n")
    print("| paper | min | median | max |")
    print("|---|---|---|---|")
    for paper, c in counts.items():
        print(f"| {paper} | {min(c)} | {statistics.median(c):g} | {max(c)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
