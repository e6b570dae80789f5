"""The summary ("your options at a glance") fits one screen for every reachable answer set.

Walking every reachable answer set and rendering each would take minutes, so the
sets are grouped by what the summary depends on: the recommend rules that fired
(which options, at which fit, and the reasons for that fit), and the rules with a
``first`` line, and which "what matters to you" questions are asked.  Treatments
without a recommend rule are only named.  One answer set per group is rendered,
with every asked preference question answered the way that adds the most: each
against_values note of the bundled rules speaks to one answer ("bothers"), and
a note only adds words to its option's line.  The grouping is checked against
full renders on a sample below (preference answers drawn at random), so a
summary that came to depend on something else would fail here, not pass quietly.
"""

from __future__ import annotations

import random
import re

import pytest

from scarhelp.compiled import Compiled
from scarhelp.conditions import holds
from scarhelp.engine import _rank, evaluate
from scarhelp.model import All, Test
from scarhelp.render import render
from scarhelp.report import build_report

MAX_LINES = 30  # issue 10: one terminal screen at 100 columns, disclaimer included
DATE = "2026-12-03"


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


def _asked_preferences(rs, answers) -> tuple[str, ...]:
    return tuple(q.id for q in rs.questions if q.preference and holds(q.ask_if, answers))


def _fullest(rs) -> dict[str, str]:
    """Per preference question, the one answer its against_values notes speak to.

    The summary test renders this answer as the longest case; it is sound only while
    each note tests one answer of one question, which this asserts."""
    out: dict[str, str] = {}
    for t in rs.treatments:
        for v in t.against_values:
            test = v.when.tests[0] if isinstance(v.when, All) and len(v.when.tests) == 1 else v.when
            assert isinstance(test, Test) and len(test.values) == 1 and not test.negated, (t.id, v.when)
            (value,) = test.values
            assert out.setdefault(test.question, value) == value, v.when
    return out


@pytest.fixture(scope="module")
def classes(rules, every_answer):
    """summary key -> (one answer set, with every asked preference at its fullest; how many sets share the key)."""
    compiled = Compiled(rules)
    fullest = _fullest(rules)
    out: dict[tuple, list] = {}
    for answers in every_answer:
        asked = _asked_preferences(rules, answers)
        key = (_summary_key(rules, compiled, answers), asked)
        hit = out.get(key)
        if hit is None:
            out[key] = [dict(answers, **{q: fullest[q] for q in asked if q in fullest}), 1]
        else:
            hit[1] += 1
    return out


def brief(rs, answers, width: int) -> str:
    return render(
        build_report(rs, evaluate(rs, answers, with_trace=False)), "text", width=width, brief=True, generated=DATE
    )


def test_summary_fits_one_screen_for_every_reachable_answer_set(rules, classes):
    assert sum(n for _, n in classes.values()) > 250_000  # every reachable set, not a sample
    too_long = []
    for answers, n in classes.values():
        text = brief(rules, answers, 100)
        if text.count("\n") > MAX_LINES:
            too_long.append((text.count("\n"), n, answers))
    too_long.sort(key=lambda t: -t[0])
    assert not too_long, f"{len(too_long)} summary classes over {MAX_LINES} lines; longest:\n" + brief(
        rules, too_long[0][2], 100
    )


def test_the_summary_depends_only_on_its_key(rules, classes, every_answer):
    # the grouping above is sound: sets sharing a key, and the same preference answers,
    # get the very same summary; and the fullest preference answers give the longest one
    rng = random.Random(10)
    compiled = Compiled(rules)
    prefs = {q.id: [o.value for o in q.options] for q in rules.questions if q.preference}
    for answers in rng.sample(every_answer, 400):
        asked = _asked_preferences(rules, answers)
        first, _ = classes[(_summary_key(rules, compiled, answers), asked)]
        said = {q: rng.choice(prefs[q]) for q in asked}
        mine = brief(rules, dict(answers, **said), 100)
        assert mine == brief(rules, dict(first, **said), 100), answers
        assert mine.count("\n") <= brief(rules, first, 100).count("\n"), (answers, said)


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


SOURCE_ONLY = re.compile(r"From (?:references?|refs?) [\d, and]+, not the article\.")


def test_each_why_says_more_than_where_it_comes_from(rules, classes):
    # the one line of why is the first sentence of a reason: a reason that opens with
    # "From references 5 and 11, not the article: ..." would leave only that in the summary
    for answers, _ in classes.values():
        report = build_report(rules, evaluate(rules, answers, with_trace=False))
        for o in report["summary"]["options"]:
            assert o["why"] and not SOURCE_ONLY.fullmatch(o["why"]), (o["treatment"], o["why"], answers)


def test_summary_carries_the_date_and_the_disclaimer(rules, classes):
    answers, _ = next(iter(classes.values()))
    text = brief(rules, answers, 100)
    assert DATE in text.splitlines()[5]  # the heading, right under the disclaimer box
    assert "not medical advice" in " ".join(text.split()[:40])


def test_summary_leads_with_what_comes_before_every_option(rules):
    """GUIDANCE logic 1: treating breakouts comes first. Where the advice also has a line for
    the summary (no treatment is the best fit), the breakouts line still leads it."""
    from .conftest import DEEP

    first = build_report(rules, evaluate(rules, DEEP, with_trace=False))["summary"]["first"]
    breakouts = next(r.first for r in rules.rules if r.id == "acne-active-once-controlled")
    no_best = next(r.first for r in rules.rules if r.id == "see-dermatologist-next-step")
    assert first == [breakouts, no_best]
