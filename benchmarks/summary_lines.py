"""How many lines the text summary takes at 100 columns, over every reachable answer set.

The same grouping as ``tests/test_summary.py`` (which holds the maximum to 30 lines):
answer sets that share the fired recommend rules, the ``first:`` rules and the
preference questions asked get the same summary, so one set per class is rendered,
with every asked preference question at the answer its notes speak to (the longest
case). Prints the class count and the distribution of lines over all answer sets.

    .venv/bin/python benchmarks/summary_lines.py [--width 100] [--lang es]
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scarhelp import i18n  # noqa: E402
from scarhelp.bundle import load_rules  # noqa: E402
from scarhelp.compiled import Compiled  # noqa: E402
from tests.test_analysis import every_answer_set  # noqa: E402
from tests.test_summary import _asked_preferences, _fullest, _summary_key, brief  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--width", type=int, default=100)
    ap.add_argument("--lang", default=None, help="the tool's words and the rule set's texts in this language")
    ap.add_argument("--show-longest", action="store_true", help="print the longest summary and its answers")
    args = ap.parse_args()
    width = args.width
    start = time.perf_counter()
    i18n.use(args.lang or "en")
    rs = load_rules(lang=args.lang)
    compiled, fullest = Compiled(rs), _fullest(rs)
    classes: dict[tuple, list] = {}
    for answers in every_answer_set(rs):
        asked = _asked_preferences(rs, answers)
        key = (_summary_key(rs, compiled, answers), asked)
        if key not in classes:
            classes[key] = [dict(answers, **{q: fullest[q] for q in asked if q in fullest}), 0]
        classes[key][1] += 1
    dist: collections.Counter[int] = collections.Counter()
    longest = (0, "", {})
    for answers, n in classes.values():
        text = brief(rs, answers, width)
        dist[text.count("\n")] += n
        longest = max(longest, (text.count("\n"), text, answers), key=lambda t: t[0])
    total = sum(dist.values())
    print(f"{total:,} answer sets, {len(classes):,} summary classes, {time.perf_counter() - start:.0f} s")
    print("| lines | answer sets |\n|---:|---:|")
    for lines, n in sorted(dist.items()):
        print(f"| {lines} | {n:,} |")
    if args.show_longest:
        print(f"\nthe longest, {longest[0]} lines, for {longest[2]}:\n{longest[1]}")


if __name__ == "__main__":
    main()
