"""Start-up benchmarks: each scarhelp path against a floor measured in the same run.

    python benchmarks/bench_startup.py            # all, 20 runs each
    python benchmarks/bench_startup.py --runs 40 --skip-batch

Rows (goal in brackets):
  json      scarhelp --answers FILE --format json     vs  python -c "import yaml"                     (<= 1.3x)
            (twice: a JSON answers file, and the flat YAML that --save-answers writes)
  rich      the coloured terminal report, in a pty     vs  python -c "import yaml, rich.console"        (<= 1.3x)
            (both under `script -qc`, so the pty cost is in both)
  prompt    time until the first question is on screen vs  python -c "import yaml, rich.console,
            through a pseudo-terminal (pexpect)             questionary"; print  (same pty)          (<= 1.2x)
  batch     benchmarks/bench_batch.py (100,000 rows here; run it alone for the 1,000,000-row figure)
  check     benchmarks/bench_check.py (--skip-check leaves it out)

hyperfine is used for the command rows when installed (--no-hyperfine for the
subprocess loop); the prompt row always uses pexpect.  Medians; the ratio is
scarhelp's median over the floor's.  scarhelp's bytecode is compiled first and
PYTHONDONTWRITEBYTECODE is dropped, as for any installed package (pip compiles
at install time); otherwise every run would recompile scarhelp from source
while the floors' libraries load their cached bytecode.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = {  # the brief's example answers (tests/conftest.py EXAMPLE): a report with three options
    "active_acne": "no",
    "scar_type": "sunken",
    "scar_depth": "deep",
    "tried": ["creams"],
    "creams_outcome": "not_enough",
    "avoid_downtime": "no",
    "darker_skin": "no",
    "scar_area": "cheeks",
    "stretch_softens": "yes",
    "over_21": "yes",
    "collagen_allergy": "no",
    # every question answered: in a terminal scarhelp asks the ones a file leaves out,
    # and the pty row would wait for a person
    "mind_waiting": "no_view",
    "mind_needle": "no_view",
    "mind_permanent": "no_view",
}
FIRST_QUESTION = "Do you still get acne breakouts"


def scarhelp_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("scarhelp")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "scarhelp"]


def env() -> dict:
    # PYTHONDONTWRITEBYTECODE would make every run recompile scarhelp from source while
    # the floors' libraries keep the bytecode pip compiled at install: not a fair race
    dropped = ("NO_COLOR", "FORCE_COLOR", "SCARHELP_DEBUG", "PYTHONDONTWRITEBYTECODE")
    e = {k: v for k, v in os.environ.items() if k not in dropped}
    e.setdefault("TERM", "xterm-256color")
    e["COLUMNS"] = "100"
    return e


def hyperfine(pairs: dict[str, str], runs: int, workdir: Path) -> dict[str, list[float]]:
    export = workdir / "hf.json"
    cmd = ["hyperfine", "--style", "basic", "-N", "--warmup", "3", "--runs", str(runs), "--export-json", str(export)]
    if any(" " in c and ("script" in c) for c in pairs.values()):
        cmd.remove("-N")  # script -qc needs no shell, but quoting is simpler with one
    for name, command in pairs.items():
        cmd += ["--command-name", name, command]
    subprocess.run(cmd, check=True, stdout=sys.stderr, env=env())
    data = json.loads(export.read_text())
    return {r["command"]: r["times"] for r in data["results"]}


def loop(pairs: dict[str, str], runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {n: [] for n in pairs}
    argvs = {n: shlex.split(c) for n, c in pairs.items()}
    for argv in argvs.values():
        for _ in range(3):
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env())
    for _ in range(runs):
        for n, argv in argvs.items():
            t = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env())
            times[n].append(time.perf_counter() - t)
    return times


def time_pairs(pairs: dict[str, str], runs: int, workdir: Path, use_hf: bool) -> tuple[float, float]:
    times = hyperfine(pairs, runs, workdir) if use_hf else loop(pairs, runs)
    floor, tool = (statistics.median(times[n]) for n in pairs)
    return floor, tool


def first_screen(argv: list[str], expect: str, runs: int) -> float:
    """Median seconds from spawning ``argv`` in a pty until ``expect`` is on screen."""
    import pexpect

    times = []
    for i in range(runs + 2):
        t = time.perf_counter()
        child = pexpect.spawn(argv[0], argv[1:], env=env(), dimensions=(40, 100), encoding="utf-8", timeout=30)
        child.expect(expect)
        elapsed = time.perf_counter() - t
        child.terminate(force=True)
        child.close()
        if i >= 2:  # the first two warm the caches
            times.append(elapsed)
    return statistics.median(times)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (nproc), {cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--no-hyperfine", action="store_true")
    ap.add_argument("--skip-batch", action="store_true")
    ap.add_argument("--skip-check", action="store_true")
    ap.add_argument("--batch-rows", type=int, default=100_000)
    args = ap.parse_args()
    use_hf = bool(shutil.which("hyperfine")) and not args.no_hyperfine
    # bytecode for scarhelp as an installed copy has it (pip compiles at install time)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "scarhelp")], check=True, env=env())
    py = shlex.quote(sys.executable)
    sh = " ".join(shlex.quote(a) for a in scarhelp_cmd())
    rows = []
    with tempfile.TemporaryDirectory(prefix="scarhelp-startup-") as tmp:
        work = Path(tmp)
        answers = work / "answers.json"
        answers.write_text(json.dumps(ANSWERS))
        a = shlex.quote(str(answers))
        # a run that ends in an error message times the wrong path (the YAML reader and the
        # error report): these answers were once out of date and the JSON row measured that
        preflight = subprocess.run(
            [*scarhelp_cmd(), "--answers", str(answers), "--format", "json"], capture_output=True, text=True, env=env()
        )
        if preflight.returncode != 0 or preflight.stderr:
            print(f"the benchmark's answers do not give a clean report:\n{preflight.stderr}", file=sys.stderr)
            return 1

        floor, tool = time_pairs(
            {"floor": f"{py} -c 'import yaml'", "scarhelp": f"{sh} --answers {a} --format json"},
            args.runs,
            work,
            use_hf,
        )
        rows.append(("`scarhelp --answers F.json --format json`", '`python -c "import yaml"`', floor, tool, 1.3))

        # the same answers as --save-answers writes them: flat YAML with comments
        saved = work / "answers.yaml"
        saved.write_text("# saved by scarhelp\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in ANSWERS.items()))
        floor, tool = time_pairs(
            {"floor": f"{py} -c 'import yaml'", "scarhelp": f"{sh} --answers {shlex.quote(str(saved))} --format json"},
            args.runs,
            work,
            use_hf,
        )
        rows.append(
            (
                "`scarhelp --answers F.yaml --format json` (as `--save-answers` writes)",
                '`python -c "import yaml"`',
                floor,
                tool,
                1.3,
            )
        )

        if shutil.which("script"):

            def in_pty(command: str) -> str:
                return f"script -qec {shlex.quote(command)} /dev/null"

            try:
                subprocess.run(shlex.split(in_pty(f"{sh} --answers {a}")), capture_output=True, env=env(), timeout=30)
            except subprocess.TimeoutExpired:
                print("the report in a pty did not finish in 30 s (is it asking a question?)", file=sys.stderr)
                return 1
            floor, tool = time_pairs(
                {
                    "floor": in_pty(f"{py} -c 'import yaml, rich.console'"),
                    "scarhelp": in_pty(f"{sh} --answers {a}"),
                },
                args.runs,
                work,
                use_hf,
            )
            rows.append(
                (
                    "`scarhelp --answers F` (rich report, pty via `script`)",
                    '`python -c "import yaml, rich.console"` (same pty)',
                    floor,
                    tool,
                    1.3,
                )
            )

        try:
            import pexpect  # noqa: F401

            floor = first_screen(
                [sys.executable, "-c", "import yaml, rich.console, questionary; print('ready')"],
                "ready",
                args.runs,
            )
            tool = first_screen([*scarhelp_cmd()], FIRST_QUESTION, args.runs)
            rows.append(
                (
                    "first question on screen (pexpect pty)",
                    '`python -c "import yaml, rich.console, questionary"` until its print',
                    floor,
                    tool,
                    1.2,
                )
            )
        except ImportError:
            print("pexpect not installed: skipping the first-question row", file=sys.stderr)

    print(f"machine: {machine()}")
    print(f"date: {time.strftime('%Y-%m-%d')}; timer: {'hyperfine' if use_hf else 'subprocess loop'}, {args.runs} runs")
    print()
    print("| path | floor | floor median (ms) | scarhelp median (ms) | ratio | goal |")
    print("|---|---|---:|---:|---:|---:|")
    for what, against, floor, tool, goal in rows:
        print(f"| {what} | {against} | {floor * 1e3:.1f} | {tool * 1e3:.1f} | {tool / floor:.2f}x | <= {goal}x |")
    sys.stdout.flush()

    if not args.skip_batch:
        print()
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "bench_batch.py"),
                "--rows",
                str(args.batch_rows),
                "--runs",
                "3",
            ],
            check=False,
        )
    check = ROOT / "benchmarks" / "bench_check.py"
    if args.skip_check:
        pass
    elif check.exists():
        print()
        subprocess.run([sys.executable, str(check)], check=False)
    else:
        print("\n(benchmarks/bench_check.py not present yet)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
