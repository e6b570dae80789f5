"""Benchmark ``scarhelp batch`` against merely reading the same file and json.loads-ing each line.

    python benchmarks/bench_batch.py                  # 1,000,000 rows, 5 runs each
    python benchmarks/bench_batch.py --rows 100000 --runs 3
    python benchmarks/bench_batch.py --distinct 0     # worst case: (nearly) every row a new answer set

The input is deterministic (fixed seed): ``--distinct`` answer sets are drawn by
walking the bundled questionnaire's skip logic with random choices (so every set
is valid and complete), then rows are sampled from that pool with a skewed
(Zipf-like) distribution, as real batches repeat common answer sets.  Each row
has an ``id``.  Both commands are timed side by side in the same run (hyperfine
when installed, otherwise a subprocess loop), and the medians are compared.
Goals (issue 11): the skewed million-row batch within 1.3x the floor, 200,000
uniformly random rows (``--distinct 0``) within 5x.  Output goes to /dev/null in both cases.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLOOR = "import json,sys\nfor line in open(sys.argv[1], encoding='utf-8'): json.loads(line)"


def walk(rule_set, rng: random.Random) -> dict:
    """One complete, valid answer set: answer each question the skip logic asks."""
    from scarhelp import flow

    answers: dict = {}
    while True:
        q = flow.next_question(rule_set, answers)
        if q is None:
            return answers
        if q.kind == "many":
            plain = [o.value for o in q.options if not o.exclusive]
            exclusive = [o.value for o in q.options if o.exclusive]
            if exclusive and rng.random() < 0.3:
                answers[q.id] = [exclusive[0]]
            else:
                answers[q.id] = sorted(rng.sample(plain, rng.randint(1, len(plain))))
        else:
            answers[q.id] = rng.choice(q.values)


def generate(path: Path, rows: int, distinct: int, seed: int = 20261125) -> int:
    """Write the input file; return the number of distinct answer sets in it."""
    from scarhelp.bundle import load_rules

    rule_set = load_rules()
    rng = random.Random(seed)
    if distinct > 0:
        pool: dict[str, dict] = {}
        tries = 0
        while len(pool) < distinct and tries < distinct * 50:
            tries += 1
            a = walk(rule_set, rng)
            pool.setdefault(json.dumps(a, sort_keys=True), a)
        sets = list(pool.values())
        weights = [1 / (i + 1) ** 0.8 for i in range(len(sets))]
        cum = []
        total = 0.0
        for w in weights:
            total += w
            cum.append(total)
        seen = set()
        with open(path, "w", encoding="utf-8") as fh:
            for n in range(rows):
                a = rng.choices(sets, cum_weights=cum)[0]
                seen.add(id(a))
                fh.write(json.dumps({"id": f"r{n + 1}", **a}) + "\n")
        return len(seen)
    seen_keys = set()
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(rows):
            a = walk(rule_set, rng)
            seen_keys.add(json.dumps(a, sort_keys=True))
            fh.write(json.dumps({"id": f"r{n + 1}", **a}) + "\n")
    return len(seen_keys)


def time_with_hyperfine(commands: dict[str, list[str]], runs: int, workdir: Path) -> dict[str, list[float]]:
    import shlex

    export = workdir / "hyperfine.json"
    cmd = ["hyperfine", "--style", "basic", "--warmup", "1", "--runs", str(runs), "--export-json", str(export)]
    names = list(commands)
    for name in names:
        cmd += ["--command-name", name, shlex.join(commands[name])]
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    data = json.loads(export.read_text())
    return {r["command"]: r["times"] for r in data["results"]}


def time_with_loop(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm-up
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=False)
    for _ in range(runs):  # interleaved, so drift in machine load hits both alike
        for name, argv in commands.items():
            t = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, check=False)
            times[name].append(time.perf_counter() - t)
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--distinct", type=int, default=5000, help="pool of distinct answer sets (0: a new walk per row)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-hyperfine", action="store_true")
    ap.add_argument("--keep", metavar="DIR", help="write the input there and keep it")
    args = ap.parse_args()

    workdir = Path(args.keep or tempfile.mkdtemp(prefix="scarhelp-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    data = workdir / "answers.jsonl"
    t = time.perf_counter()
    distinct = generate(data, args.rows, args.distinct)
    size = data.stat().st_size
    print(
        f"input: {args.rows:,} rows, {distinct:,} distinct answer sets, {size / 1e6:.1f} MB "
        f"(generated in {time.perf_counter() - t:.1f} s)",
        file=sys.stderr,
    )
    commands = {
        "floor: read + json.loads": [sys.executable, "-c", FLOOR, str(data)],
        "scarhelp batch": [sys.executable, "-m", "scarhelp", "batch", str(data), "--quiet"],
    }
    # sanity: the batch must succeed on this valid input
    check = subprocess.run(commands["scarhelp batch"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if check.returncode != 0:
        print(check.stderr, file=sys.stderr)
        return 1
    use_hf = shutil.which("hyperfine") and not args.no_hyperfine
    times = time_with_hyperfine(commands, args.runs, workdir) if use_hf else time_with_loop(commands, args.runs)
    floor, batch = (statistics.median(times[n]) for n in commands)
    print()
    print("| rows | distinct sets | tool | floor median (s) | scarhelp batch median (s) | ratio | goal |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    goal = "<= 5x" if args.distinct == 0 else "<= 1.3x"
    print(
        f"| {args.rows:,} | {distinct:,} | {'hyperfine' if use_hf else 'subprocess loop'} "
        f"| {floor:.2f} | {batch:.2f} | {batch / floor:.2f}x | {goal} |"
    )
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
