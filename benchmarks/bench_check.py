"""How ``scarhelp check`` grows with questions and rules, on generated rule sets.

    python benchmarks/bench_check.py              # the grid below, 3 runs each, pinned to one core
    python benchmarks/bench_check.py --runs 5 --questions 25 --rules 1000

The goal: 25 questions x 4 options x 1,000 rules (4^25, about 10^15 answer
combinations, far beyond enumeration) checked in under 5 s on one core. The rule
sets come from ``gen_rules.py`` (fixed seed, so every run checks the same files).

Each row is one rule set: the whole ``scarhelp check FILE`` command as a process
(``taskset -c 0`` when available, so one core), the median of ``--runs``; and,
inside one Python process, how that splits into loading the YAML and the analysis.
The floor, measured in the same run, is ``python -c "import yaml"``: the ratio
column says how many interpreter start-ups the check costs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_startup import machine  # noqa: E402
from gen_rules import generate  # noqa: E402

# (questions, rules, conflicts, invariants): the rule count grows at 25 questions, the question
# count at 1,000 rules; the last row adds 20 invariants of every kind to the 1,000-rule set
GRID = [
    (25, 100, False, 0),
    (25, 250, False, 0),
    (25, 500, False, 0),
    (25, 1000, False, 0),
    (25, 2000, False, 0),
    (5, 1000, False, 0),
    (10, 1000, False, 0),
    (15, 1000, False, 0),
    (20, 1000, False, 0),
    (25, 1000, True, 0),
    (25, 1000, False, 20),
]

SPLIT = """
import json, sys, time
from scarhelp.bundle import load_rules
from scarhelp.analysis.check import check
t0 = time.perf_counter(); rs = load_rules(sys.argv[1]); t1 = time.perf_counter()
report = check(rs); t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "check": t2 - t1, "combinations": report.stats["answer_combinations"],
                  "findings": {s: report.count(s) for s in ("error", "warning", "info")}}))
"""


def one_core(argv: list[str]) -> list[str]:
    return ["taskset", "-c", "0", *argv] if shutil.which("taskset") else argv


def timed(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--questions", type=int, help="one rule set of this many questions (with --rules)")
    ap.add_argument("--rules", type=int, help="one rule set of this many rules (with --questions)")
    ap.add_argument("--options", type=int, default=4)
    ap.add_argument("--invariants", type=int, default=0, help="with --questions and --rules: add this many invariants")
    args = ap.parse_args()
    grid = [(args.questions, args.rules, False, args.invariants)] if args.questions and args.rules else GRID
    scarhelp = [sys.executable, "-m", "scarhelp", "check"]

    rows = []
    floor = timed(one_core([sys.executable, "-c", "import yaml"]), max(args.runs, 5))
    with tempfile.TemporaryDirectory(prefix="scarhelp-check-") as tmp:
        for questions, rules, conflicts, invariants in grid:
            path = Path(tmp) / f"q{questions}-r{rules}{'-c' if conflicts else ''}-i{invariants}.yaml"
            path.write_text(
                generate(questions, args.options, rules, seed=1, conflicts=conflicts, invariants=invariants)
            )
            whole = timed(one_core([*scarhelp, str(path)]), args.runs)
            splits = [
                json.loads(
                    subprocess.run(
                        one_core([sys.executable, "-c", SPLIT, str(path)]), capture_output=True, text=True, check=True
                    ).stdout
                )
                for _ in range(args.runs)
            ]
            rows.append(
                (
                    questions,
                    rules,
                    conflicts,
                    invariants,
                    splits[0]["combinations"],
                    splits[0]["findings"],
                    statistics.median(s["load"] for s in splits),
                    statistics.median(s["check"] for s in splits),
                    whole,
                )
            )
            print(f"  {path.name}: {whole:.2f} s", file=sys.stderr)

    print(f"machine: {machine()}")
    print(
        f"date: {time.strftime('%Y-%m-%d')}; {args.runs} runs per row, medians; one core: {bool(shutil.which('taskset'))}"
    )
    print(f'floor: python -c "import yaml" = {floor * 1e3:.1f} ms')
    print()
    print(
        "| questions | rules | invariants | answer combinations | findings (e/w/i) | load (ms) | analysis (ms) "
        "| `scarhelp check` (ms) | x floor | goal |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for q, r, c, n, comb, f, load, chk, whole in rows:
        goal = "< 5 s" if (q, r, c) == (25, 1000, False) else ""
        label = f"{r}" + (" (overlapping strengths)" if c else "")
        print(
            f"| {q} | {label} | {n} | {comb:.1e} | {f['error']}/{f['warning']}/{f['info']} | {load * 1e3:.0f} | "
            f"{chk * 1e3:.0f} | {whole * 1e3:.0f} | {whole / floor:.1f}x | {goal} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
