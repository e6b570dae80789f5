"""The summary ("your options at a glance") fits one screen for every reachable answer set.

Walking every reachable answer set and rendering each would take minutes, so the
sets are grouped by what the summary depends on: the recommend rules that fired
(which options, at which fit, and the reasons for that fit), and the rules with a
``first`` line.  Treatments without a recommend rule are
only named.  One answer set per group is rendered; the grouping is checked
against full renders on a sample below, so a summary that came to depend on
something else would fail here, not pass quietly.
"""

from __future__ import annotations

import random

import pytest

from scarhelp.bundle import load_rules
from scarhelp.compiled import Compiled
from scarhelp.engine import _rank, evaluate
from scarhelp.render import render
from scarhelp.report import build_report

from .test_analysis import every_answer_set

MAX_LINES = 30  # issue 10: one terminal screen at 100 columns, disclaimer included
DATE = "2026-12-03"


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def _summary_key(rs, compiled: Compiled, answers) -> tuple:
    """Per treatment, its fit and the rules that give it (the why is one of theirs); the rules that lead it."""
    by: dict[str, list] = {}
    lead = []
    for i in compiled.fired(answers):
        rule = rs.rules[i]
        if rule.kind == "recommend":
            by.setdefault(rule.treatment, []).append(rule)
        elif rule.first:
            lead.append(i)
    fits = []
    for t, fired in sorted(by.items()):
        strength = max((r.strength for r in fired), key=_rank)
        fits.append((t, strength, tuple(r.id for r in fired if r.strength == strength)))
    return tuple(fits), tuple(lead)


@pytest.fixture(scope="module")
def classes(rules):
    """summary key -> (one answer set, how many answer sets share the key)."""
    compiled = Compiled(rules)
    out: dict[tuple, list] = {}
    for answers in every_answer_set(rules):
        key = _summary_key(rules, compiled, answers)
        hit = out.get(key)
        if hit is None:
            out[key] = [answers, 1]
        else:
            hit[1] += 1
    return out


def brief(rs, answers, width: int) -> str:
    return render(
        build_report(rs, evaluate(rs, answers, with_trace=False)), "text", width=width, brief=True, generated=DATE
    )


def test_summary_fits_one_screen_for_every_reachable_answer_set(rules, classes):
    assert sum(n for _, n in classes.values()) > 300_000  # every reachable set, not a sample
    too_long = []
    for answers, n in classes.values():
        text = brief(rules, answers, 100)
        if text.count("\n") > MAX_LINES:
            too_long.append((text.count("\n"), n, answers))
    too_long.sort(key=lambda t: -t[0])
    assert not too_long, f"{len(too_long)} summary classes over {MAX_LINES} lines; longest:\n" + brief(
        rules, too_long[0][2], 100
    )


def test_the_summary_depends_only_on_its_key(rules, classes):
    # the grouping above is sound: sets sharing a key get the very same summary
    rng = random.Random(10)
    compiled = Compiled(rules)
    everything = list(every_answer_set(rules))
    for answers in rng.sample(everything, 400):
        first, _ = classes[_summary_key(rules, compiled, answers)]
        assert brief(rules, answers, 100) == brief(rules, first, 100), answers


def test_summary_reads_at_40_columns(rules, classes):
    # narrow terminal: nothing cut or lost, no line over the width, every option named
    for answers, _ in list(classes.values())[::25]:
        report = build_report(rules, evaluate(rules, answers, with_trace=False))
        text = render(report, "text", width=40, brief=True, generated=DATE)
        assert max(len(line) for line in text.splitlines()) <= 40
        flat = " ".join(text.split())
        for o in report["summary"]["options"]:
            assert f"{o['name']} [{o['strength_label']}]" in flat
            assert " ".join(o["why"].split()) in flat


def test_summary_carries_the_date_and_the_disclaimer(rules, classes):
    answers, _ = next(iter(classes.values()))
    text = brief(rules, answers, 100)
    assert DATE in text.splitlines()[6]  # the heading, right under the disclaimer box
    assert "not medical advice" in " ".join(text.split()[:40])
