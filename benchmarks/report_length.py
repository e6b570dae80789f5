"""How long the text report is, in lines at a given width, over every reachable answer set.

Walks every complete answer set the questionnaire of the bundled rules can
produce (``tests.test_analysis.every_answer_set``: 265,686 sets at rule set 2.4.0) and prints,
as a Markdown snippet, the min / median / p90 / max line count of the full text
report (``render(report, "text", width=W)``), of the summary alone
(``brief=True``), and a lower bound: the lines of the content the report is required
to keep, laid out as tightly as plain text allows (:func:`required_lines`); each answer
set counts once.

Exact, not sampled.  Rendering every one of them one by one would take about an
hour, so the walk groups the sets:

* The text depends on the answers in two ways only: through the engine's
  result (which rules fired, the answers each one matched, why a treatment is
  not shown) and through the "Your answers" section, which lists every answer.
  Sets whose result is the same apart from ``Result.answers`` are grouped, and
  one report per group is built and rendered.
* The answers section is a list, one entry per answer, so its length is the
  sum of the lengths of its entries; each (question, answer) entry is measured
  once.  A set's count is then its group's count minus the group
  representative's answers and plus its own.
* Word-wrapping the same text at the same indent always gives the same lines,
  so the wrap function is memoised for the run.

``--step N`` counts only every N-th answer set of the walk (a systematic sample,
said so in the output) for a quick figure on a busy machine.

``--verify N`` renders N answer sets (an even spread) in full, the plain way,
and fails if any count differs from the grouped one: the grouping is checked
every run, not assumed.  ``--jobs`` splits the walk over processes.

    .venv/bin/python benchmarks/report_length.py [--width 100] [--jobs 2] [--verify 300] [--step 1]
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scarhelp.bundle import load_rules  # noqa: E402
from scarhelp.engine import evaluate  # noqa: E402
from scarhelp.render import _common as C  # noqa: E402
from scarhelp.render import render  # noqa: E402
from scarhelp.render import text as plain  # noqa: E402
from scarhelp.render.blocks import Block, build_blocks  # noqa: E402
from scarhelp.report import build_report  # noqa: E402
from tests.test_analysis import every_answer_set  # noqa: E402


def lines(report: dict, width: int, brief: bool = False) -> int:
    return len(render(report, "text", width=width, brief=brief, generated="2026-12-03").splitlines())


def required_lines(report: dict, width: int) -> int:
    """A lower bound: the lines left if the text report kept only what issue 10 and
    GUIDANCE require of it, laid out as tightly as plain text allows.

    Kept: the disclaimer once (no bars), the section headings, the whole summary, every
    reason, benefit, harm, caveat, piece of advice, "not shown" reason and note from
    outside the article with its citation, the questions to ask, the answers, and each
    cited reference on one line.  Dropped: the closing disclaimer, each option's "What it
    is" (the summary has a "What" cell), the "Why it is shown" / "Possible benefits" /
    ... labels, the intro sentences, the rests-on paragraph, and the source, counted as
    two lines.  No real report can be shorter without dropping or shortening content.
    """
    keep: list[Block] = []
    section, disclaimed = "", False
    intros = {C.OPTIONS_INTRO, C.OUTSIDE_INTRO}
    for b in (plain._for_terminal(x) for x in build_blocks(report, generated="2026-12-03")):
        if b.kind == "disclaimer":
            if not disclaimed:
                keep.append(Block("p", b.text))
            disclaimed = True
        elif b.kind == "h1":
            section = b.text
            if section != C.RESTS_ON:
                keep.append(b)
        elif section == C.SOURCE or (section == C.RESTS_ON and b.kind == "p"):
            pass
        elif section in (C.RESTS_ON, C.REFERENCES) and b.kind == "li":
            keep.append(Block("p", b.text[:width]))
        elif b.kind == "option":
            keep.append(Block("p", f"{b.text} - {b.extra}"))
        elif b.kind in ("h3", "end_option", "gap") or b.text in intros or b.text.startswith("What it is: "):
            pass
        else:
            keep.append(b)
    return len(plain.render_plain(keep, width).splitlines()) + 2


def memoise_wrapping() -> None:
    """The renderers' wrap, memoised (same text, width and indents: same lines)."""
    from scarhelp.render import blocks, text

    plain = blocks.wrap

    @functools.cache
    def cached(s, width, first, rest):
        return tuple(plain(s, width, first, rest))

    def wrap(s, width, first, rest):
        return list(cached(s, width, first, rest))

    blocks.wrap = wrap
    text._wrap = wrap


class Walker:
    def __init__(self, width: int):
        self.rs = load_rules()
        self.width = width
        self.groups: dict[str, list] = {}  # result key -> [full lines, brief lines, answers lines of rep]
        self.entry: dict[tuple, int] = {}  # (question, answer) -> lines of its "Your answers" entry
        self.probe: dict | None = None

    def entry_lines(self, q, value) -> int:
        key = (q.id, value)
        n = self.entry.get(key)
        if n is None:
            detail = {
                "question": q.id,
                "text": q.text,
                "value": list(value) if isinstance(value, tuple) else value,
                "label": q.answer_label(value),
            }
            one = dict(self.probe, answers_detail=[detail])
            two = dict(self.probe, answers_detail=[detail, detail])
            n = self.entry[key] = lines(two, self.width) - lines(one, self.width)
        return n

    def answers_lines(self, answers: dict) -> int:
        return sum(self.entry_lines(q, answers[q.id]) for q in self.rs.questions if q.id in answers)

    def count(self, answers: dict) -> tuple[int, int, int]:
        result = evaluate(self.rs, answers, with_trace=False)
        key = repr(result.replace(answers={}))
        group = self.groups.get(key)
        if group is None:
            report = build_report(self.rs, result)
            if self.probe is None:
                self.probe = report
            group = self.groups[key] = [
                lines(report, self.width),
                lines(report, self.width, brief=True),
                required_lines(report, self.width),
                self.answers_lines(answers),
            ]
        full, brief, required, rep_answers = group
        own = self.answers_lines(answers) - rep_answers
        return full + own, brief, required + own


def walk_part(args) -> tuple[Counter, Counter, Counter, int, int]:
    part, parts, width, step = args
    memoise_wrapping()
    w = Walker(width)
    full: Counter = Counter()
    brief: Counter = Counter()
    required: Counter = Counter()
    for i, answers in enumerate(every_answer_set(w.rs)):
        if i % step == 0 and (i // step) % parts == part:
            f, b, r = w.count(answers)
            full[f] += 1
            brief[b] += 1
            required[r] += 1
    return full, brief, required, len(w.groups), len(w.entry)


def verify(n: int, width: int) -> int:
    """Render ``n`` answer sets in full, unmemoised, and compare with the grouped counts."""
    rs = load_rules()
    sets = list(every_answer_set(rs))
    step = max(1, len(sets) // n) if n else len(sets) + 1
    chosen = sets[::step][:n]
    direct = []
    for a in chosen:
        report = build_report(rs, evaluate(rs, a, with_trace=False))
        direct.append((lines(report, width), lines(report, width, brief=True), required_lines(report, width)))
    memoise_wrapping()
    w = Walker(width)
    for a in sets[: 5 * step : step]:  # a few groups first, so the check also covers group reuse
        w.count(a)
    bad = [(a, d, w.count(a)) for a, d in zip(chosen, direct, strict=True) if w.count(a) != d]
    if bad:
        a, d, g = bad[0]
        raise SystemExit(f"grouped count {g} differs from the direct {d} for {a} ({len(bad)} of {len(chosen)} differ)")
    return len(chosen)


def weighted(counter: Counter, q: float) -> int | float:
    """The q-quantile of the multiset (q=0.5: the median, averaging the middle pair)."""
    total = sum(counter.values())
    values = sorted(counter.items())

    def nth(k: int) -> int:  # the k-th smallest, 0-based
        seen = 0
        for v, c in values:
            seen += c
            if k < seen:
                return v
        return values[-1][0]

    if q == 0.5:
        lo, hi = nth((total - 1) // 2), nth(total // 2)
        return lo if lo == hi else (lo + hi) / 2
    return nth(min(total - 1, max(0, -(-int(q * total * 1000) // 1000) - 1)))  # nearest rank


def row(name: str, c: Counter) -> str:
    return f"| {name} | {min(c)} | {weighted(c, 0.5):g} | {weighted(c, 0.9)} | {max(c)} | {sum(c.values()):,} |"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--width", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--verify", type=int, default=300, help="answer sets rendered in full to check the grouping")
    ap.add_argument(
        "--step",
        type=int,
        default=1,
        help="count every STEP-th answer set of the walk only (a systematic sample; 1, the default: all of them)",
    )
    args = ap.parse_args(argv)

    start = time.perf_counter()
    checked = verify(args.verify, args.width)
    parts = [(i, args.jobs, args.width, args.step) for i in range(args.jobs)]
    if args.jobs > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            results = pool.map(walk_part, parts)
    else:
        results = [walk_part(parts[0])]
    full: Counter = Counter()
    brief: Counter = Counter()
    required: Counter = Counter()
    groups = 0
    for f, b, r, g, _ in results:
        full.update(f)
        brief.update(b)
        required.update(r)
        groups += g
    took = time.perf_counter() - start

    total = sum(full.values())
    if args.step == 1:
        print(f"Report length in lines at {args.width} columns, over every reachable answer set")
    else:
        print(
            f"Report length in lines at {args.width} columns, over a systematic sample of the reachable answer "
            f"sets: every {args.step}th of the walk, {total:,} sets"
        )
    print()
    print("| report | min | median | p90 | max | answer sets |")
    print("|---|---|---|---|---|---|")
    print(row("full text report", full))
    print(row("summary alone (`brief=True`)", brief))
    print(row("lower bound: required content only (`required_lines`)", required))
    print()
    print(
        f"Command: `.venv/bin/python benchmarks/report_length.py --width {args.width} --jobs {args.jobs} "
        f"--verify {args.verify} --step {args.step}`; {time.strftime('%Y-%m-%d', time.gmtime())}; "
        f"{took:.0f} s; {groups:,} result groups rendered (over all processes); "
        f"{checked} answer sets also rendered in full and checked against the grouped counts; "
        f"nproc {os.cpu_count()}, Python {platform.python_version()}."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
