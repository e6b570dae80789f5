"""Generate a valid, deterministic synthetic rule file for benchmarking ``scarhelp check``.

    python benchmarks/gen_rules.py --questions 25 --options 4 --rules 1000 --seed 1 -o /tmp/big.yaml

The shape imitates the bundled rules, scaled up: a few ``many`` questions with a
"none of these" option, every fifth question asked only for some answers to an
earlier one (skip logic), conditions of 1-3 tests (some negated, some ``any:``),
and recommend rules partitioned by strength on one key question per treatment
(as the bundled rules do, so a well-kept rule set has no conflicts).  Pass
``--conflicts`` to drop that partitioning and get overlapping strengths.
"""

from __future__ import annotations

import argparse
import json
import random
import sys

STRENGTHS = ("best_fit", "option", "weaker_fit", "not_suited")


def q(v: str) -> str:
    return json.dumps(v)


def generate(
    questions: int = 10,
    options: int = 4,
    rules: int = 100,
    seed: int = 1,
    treatments: int = 8,
    conflicts: bool = False,
    invariants: int = 0,
) -> str:
    rnd = random.Random(seed)
    out: list[str] = []
    w = out.append
    w("meta:")
    w('  title: "synthetic benchmark rule set"')
    w('  version: "0.0.1"')
    w('  last_reviewed: "2026-01-01"')
    w('  disclaimer: "Synthetic data for benchmarks; not medical advice."')
    w("  source:")
    for key in ("title", "author", "reviewer", "publisher", "published"):
        w(f'    {key}: "synthetic"')
    w("    references:")
    w('      - {number: 1, citation: "Synthetic reference."}')
    w("  claims:")
    nclaims = 10
    for c in range(nclaims):
        w(f'    - {{id: C{c}, text: "Synthetic claim {c}.", refs: [1]}}')

    kinds: list[str] = []
    values: list[list[str]] = []
    w("questions:")
    for i in range(questions):
        kind = "many" if i % 7 == 3 else "one"
        vals = [f"v{j}" for j in range(options)]
        kinds.append(kind)
        values.append(vals)
        w(f"  - id: q{i}")
        w(f'    text: "Question {i}?"')
        w(f"    kind: {kind}")
        w("    options:")
        for j, v in enumerate(vals):
            excl = ", exclusive: true" if kind == "many" and j == len(vals) - 1 else ""
            w(f'      - {{value: {v}, label: "Answer {j}"{excl}}}')
        if i % 5 == 4:
            dep = rnd.randrange(i)
            chosen = rnd.sample(values[dep], max(1, options // 2))
            w(f"    ask_if: {{q{dep}: [{', '.join(chosen)}]}}")

    w("treatments:")
    for t in range(treatments):
        w(f"  - id: t{t}")
        w(f'    name: "Treatment {t}"')
        w(f'    what: "Synthetic treatment {t}."')
        w(f'    benefits: [{{text: "Helps.", claims: [C{t % nclaims}]}}]')
        w(f'    harms: [{{text: "Hurts.", claims: [C{(t + 1) % nclaims}]}}]')

    # per treatment, a key question whose options are split among the strengths
    key_q = [rnd.randrange(questions) for _ in range(treatments)]
    for t in range(treatments):
        while kinds[key_q[t]] == "many":
            key_q[t] = rnd.randrange(questions)
    split: list[dict[str, list[str]]] = []
    for t in range(treatments):
        vals = list(values[key_q[t]])
        rnd.shuffle(vals)
        parts: dict[str, list[str]] = {}
        for j, v in enumerate(vals):
            parts.setdefault(STRENGTHS[j % len(STRENGTHS)], []).append(v)
        split.append(parts)

    def test(qi: int, avoid: int | None = None) -> str:
        vals = values[qi]
        chosen = rnd.sample(vals, rnd.randint(1, max(1, len(vals) - 1)))
        if kinds[qi] != "many" and rnd.random() < 0.15:
            return f"q{qi}: {{not: [{', '.join(chosen)}]}}"
        return f"q{qi}: [{', '.join(chosen)}]"

    def tests(n: int, exclude: set[int]) -> list[str]:
        pool = [i for i in range(questions) if i not in exclude]
        return [test(i) for i in rnd.sample(pool, min(n, len(pool)))]

    w("rules:")
    for r in range(rules):
        roll = rnd.random()
        w(f"  - id: r{r}")
        if roll < 0.7:
            t = rnd.randrange(treatments)
            strength = rnd.choice([s for s in STRENGTHS if s in split[t]])
            parts = tests(rnd.randint(0, 2), {key_q[t]})
            if not conflicts:
                parts.insert(0, f"q{key_q[t]}: [{', '.join(split[t][strength])}]")
            elif not parts:
                parts = tests(1, set())
            w(f"    when: {{{', '.join(parts)}}}")
            w(f"    recommend: t{t}")
            w(f"    strength: {strength}")
        elif roll < 0.85:
            if rnd.random() < 0.3:
                a, b = tests(2, set()), tests(1, set())
                w(f"    when: {{any: [{{{', '.join(a)}}}, {{{', '.join(b)}}}]}}")
            else:
                w(f"    when: {{{', '.join(tests(rnd.randint(1, 3), set()))}}}")
            w(f'    advise: "Advice {r}."')
        else:
            w(f"    when: {{{', '.join(tests(rnd.randint(1, 2), set()))}}}")
            w(f'    caveat: "Caveat {r}."')
            w(f"    treatment: t{rnd.randrange(treatments)}")
        w(f'    because: "Reason {r}."')
        w(f"    claims: [C{r % nclaims}]")

    # invariants of every kind, in turn: never, always, require, require_any, forbid, and
    # "unless shown at least": each with a condition of one or two tests
    if invariants:
        notes = [f"r{r}" for r in range(rules)]
        w("invariants:")
    for n in range(invariants):
        w(f"  - id: i{n}")
        w(f'    says: "Synthetic property {n}."')
        w(f"    claims: [C{n % nclaims}]")
        w(f"    when: {{{', '.join(tests(rnd.randint(1, 2), set()))}}}")
        t = rnd.randrange(treatments)
        kind = n % 6
        if kind == 0:
            w(f"    never: {{t{t}: {rnd.choice(STRENGTHS)}}}")
        elif kind == 1:
            w(f"    always: {{t{t}: [{', '.join(rnd.sample([*STRENGTHS, 'not_shown'], 3))}]}}")
        elif kind == 2:
            w(f"    require: [{rnd.choice(notes)}]")
        elif kind == 3:
            w(f"    require_any: [{', '.join(rnd.sample(notes, 3))}]")
        elif kind == 4:
            w(f"    forbid: [{rnd.choice(notes)}]")
        else:
            w("    unless_shown_at_least: option")
            w(f"    require_any: [{', '.join(rnd.sample(notes, 2))}]")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--questions", "-n", type=int, default=10)
    p.add_argument("--options", "-k", type=int, default=4)
    p.add_argument("--rules", "-r", type=int, default=100)
    p.add_argument("--treatments", "-t", type=int, default=8)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--conflicts", action="store_true", help="do not partition strengths (expect conflicts)")
    p.add_argument("--invariants", "-i", type=int, default=0, help="add this many invariants of every kind")
    p.add_argument("--output", "-o", default="-")
    a = p.parse_args(argv)
    text = generate(a.questions, a.options, a.rules, a.seed, a.treatments, a.conflicts, a.invariants)
    if a.output == "-":
        sys.stdout.write(text)
    else:
        with open(a.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
