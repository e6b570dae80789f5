"""Pages of the HTML report printed to PDF by headless Chromium, A4 and Letter.

Walks every reachable answer set of the bundled rules, groups them by outcome
(recommendations with their strengths, and what is not shown), takes a
deterministic sample of the outcome classes, renders each class's first answer
set as HTML, prints it with ``chromium --headless --print-to-pdf`` and counts the
pages with ``pdfinfo`` (poppler-utils) or, without it, the ``/Type /Page`` objects.
With ``pdftotext`` (poppler-utils) it also reads page 1 and says, for each class and
paper, whether it holds the disclaimer, the options at a glance, the date, the questions
to ask, every answer and the notes heading (issue 10's page 1).

    .venv/bin/python benchmarks/print_pages.py [--classes 40] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import concurrent.futures
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
from scarhelp.i18n import _  # noqa: E402
from scarhelp.render import _common as C  # noqa: E402
from scarhelp.render import render  # noqa: E402
from scarhelp.report import build_report  # noqa: E402
from tests.test_analysis import every_answer_set  # noqa: E402

PAPERS = {"A4": "210mm 297mm", "Letter": "8.5in 11in"}
GENERATED = "2026-01-01"
# what page 1 must hold, each found in pdftotext's text of page 1 (spaces ignored)
PAGE1 = ("disclaimer", "glance", "date", "questions", "answers", "notes")


def outcome(result) -> tuple:
    return (
        tuple((r.treatment, r.strength) for r in result.recommendations),
        tuple((n.treatment, n.outcome) for n in result.not_recommended),
    )


def sample(rs, n: int) -> tuple[list[dict], int, list[int]]:
    """The first answer set of each chosen outcome class, how many classes there are, and
    how many answer sets each chosen class holds."""
    classes: dict[tuple, dict] = {}
    sizes: dict[tuple, int] = {}
    for answers in every_answer_set(rs):
        key = outcome(evaluate(rs, answers, with_trace=False))
        classes.setdefault(key, answers)
        sizes[key] = sizes.get(key, 0) + 1
    keys = sorted(classes, key=repr)
    if n and len(keys) > n:
        step = len(keys) / n
        keys = [keys[int(i * step)] for i in range(n)]
    return [classes[k] for k in keys], len(classes), [sizes[k] for k in keys]


def weighted_median(values: list[int], weights: list[int]) -> int:
    half, seen = sum(weights) / 2, 0
    for v, w in sorted(zip(values, weights, strict=True)):
        seen += w
        if seen >= half:
            return v
    raise ValueError("no values")


def pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page1_holds(pdf: Path, report: dict) -> dict[str, bool] | None:
    """Which of :data:`PAGE1` page 1 holds; ``answers``: the heading and every question
    answered (its text), so a table split onto page 2 does not count. None without pdftotext."""
    if not shutil.which("pdftotext"):
        return None
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = _squash(text)
    answers = [a.get("text") or a.get("question") or "" for a in report.get("answers_detail") or ()]

    def has(s: str) -> bool:
        return _squash(s) in flat

    return {
        "disclaimer": has(_("Please read")),
        "glance": has(_(C.SUMMARY)),
        "date": has(GENERATED),
        "questions": has(_(C.QUESTIONS)),
        "answers": has(_(C.ANSWERS)) and all(has(q) for q in answers),
        "notes": has(_("Your notes")),
    }


def print_pdf(chromium: str, html: str, paper: str, tmp: Path) -> Path:
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
            f"--user-data-dir={tmp / ('profile-' + paper)}",
            f"--print-to-pdf={pdf}",
            src.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return pdf


def label(answers: dict) -> str:
    """A short name for an answer set: its answers, in the order asked."""
    return ", ".join(f"{k}={'+'.join(v) if isinstance(v, (list, tuple)) else v}" for k, v in answers.items())


def one(chromium: str, rs, answers: dict, root: Path, i: int) -> dict:
    tmp = root / str(i)
    tmp.mkdir()
    report = build_report(rs, evaluate(rs, answers), [])
    html = render(report, "html", generated=GENERATED)
    row: dict = {"answers": answers}
    for paper in PAPERS:
        pdf = print_pdf(chromium, html, paper, tmp)
        row[paper] = (pages(pdf), page1_holds(pdf, report))
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--classes", type=int, default=40, help="outcome classes to print (0: all)")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--jobs", type=int, default=2, help="browsers run at once")
    args = ap.parse_args()
    rs = load_rules(None)
    chosen, total, sizes = sample(rs, args.classes)
    with tempfile.TemporaryDirectory() as d, concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        rows = list(pool.map(lambda ia: one(args.chromium, rs, ia[1], Path(d), ia[0]), enumerate(chosen)))
    print(f"Printed pages of the HTML report, {len(chosen)} of {total} outcome classes\n")
    print("| paper | min | median | max | page 1 holds all of: " + ", ".join(PAGE1) + " |")
    print("|---|---|---|---|---|")
    for paper in PAPERS:
        c = [r[paper][0] for r in rows]
        held = [r[paper][1] for r in rows]
        ok = "n/a (no pdftotext)" if None in held else f"{sum(all(h.values()) for h in held)} of {len(held)}"
        print(f"| {paper} | {min(c)} | {statistics.median(c):g} | {max(c)} | {ok} |")
    if len(chosen) == total:
        # every class printed: the median answer set, each class's first set standing for
        # every set of its class (sets of one class differ in caveats, advice and reasons)
        print(
            "\nThe median answer set (classes weighted by their answer sets): "
            + ", ".join(f"{p} {weighted_median([r[p][0] for r in rows], sizes)} pages" for p in PAPERS)
        )
    print("\nPer class (pages A4/Letter; page 1 missing, if anything):\n")
    for i, r in enumerate(rows, 1):
        where = "; ".join(
            f"{p}: {','.join(k for k, v in r[p][1].items() if not v)}"
            for p in PAPERS
            if r[p][1] and not all(r[p][1].values())
        )
        print(
            f"{i:2}. {r['A4'][0]}/{r['Letter'][0]}  page 1 {'lacks ' + where if where else 'holds all'}  ({label(r['answers'])})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
