"""The condition interpreter: values, lists, negation, any, multiple choice, unasked questions."""

from __future__ import annotations

from scarhelp.conditions import describe, first_failure, holds, matched_answers
from scarhelp.model import All, AnyOf, Test


def t(q, *values, negated=False):
    return Test(q, frozenset(values), negated)


def test_single_value_and_list():
    assert holds(All((t("depth", "deep"),)), {"depth": "deep"})
    assert not holds(All((t("depth", "deep"),)), {"depth": "shallow"})
    assert holds(All((t("depth", "deep", "not_sure"),)), {"depth": "not_sure"})


def test_all_tests_must_hold():
    cond = All((t("depth", "deep"), t("area", "mobile")))
    assert holds(cond, {"depth": "deep", "area": "mobile"})
    assert not holds(cond, {"depth": "deep", "area": "static"})


def test_many_choice_holds_when_any_chosen_value_is_listed():
    cond = All((t("tried", "creams"),))
    assert holds(cond, {"tried": ("creams", "peel")})
    assert not holds(cond, {"tried": ("peel",)})


def test_negation():
    cond = All((t("depth", "deep", negated=True),))
    assert holds(cond, {"depth": "shallow"})
    assert not holds(cond, {"depth": "deep"})
    assert not holds(All((t("tried", "none", negated=True),)), {"tried": ("none",)})


def test_a_test_on_an_unasked_question_never_holds_even_negated():
    assert not holds(All((t("depth", "deep"),)), {})
    assert not holds(All((t("depth", "deep", negated=True),)), {})


def test_any_of():
    cond = AnyOf((All((t("depth", "deep"),)), All((t("tried", "creams"),))))
    assert holds(cond, {"tried": ("creams",)})
    assert matched_answers(cond, {"depth": "x", "tried": ("creams",)}) == {"tried": ("creams",)}
    assert not holds(cond, {"depth": "shallow", "tried": ("peel",)})


def test_empty_condition_always_holds():
    assert holds(All(()), {})
    assert describe(All(())) == "always"


def test_first_failure_names_the_failed_test_and_the_answer():
    cond = All((t("depth", "deep"), t("area", "mobile")))
    why = first_failure(cond, {"depth": "deep", "area": "static"})
    assert why == "it needs area is 'mobile'; your answer was 'static'"
    assert "not asked or answered" in first_failure(cond, {"depth": "deep"})


# -- implication and notation (the graph's skip edges and node labels read them) -----------


def _answer_sets():
    """Every answer set over two small questions, "one" and "many", each possibly unasked."""
    import itertools

    ones = [None, "a", "b", "c"]
    manys = [None, ("x",), ("y",), ("z",), ("x", "y"), ("x", "z"), ("y", "z"), ("x", "y", "z")]
    for o, m in itertools.product(ones, manys):
        yield {k: v for k, v in (("q", o), ("m", m)) if v is not None}


def _tests():
    for q, vals in (("q", "abc"), ("m", "xyz")):
        for n in (1, 2):
            for i in range(len(vals) - n + 1):
                for negated in (False, True):
                    yield t(q, *vals[i : i + n], negated=negated)


def test_branch_implies_is_sound_and_finds_the_plain_cases():
    from scarhelp.conditions import branch_implies

    answers = list(_answer_sets())
    tests = list(_tests())
    found = 0
    for a in tests:
        for b in tests:
            branch, cond = All((a,)), All((b,))
            if branch_implies(branch, cond):
                found += 1
                assert all(holds(cond, s) for s in answers if holds(branch, s)), (a, b)
    # a narrower value list implies a wider one, a wider "not" list a narrower one, on the same question
    assert branch_implies(All((t("q", "a"),)), All((t("q", "a", "b"),)))
    assert branch_implies(All((t("q", "a", "b", negated=True),)), All((t("q", "a", negated=True),)))
    assert not branch_implies(All((t("q", "a", "b"),)), All((t("q", "a"),)))
    assert not branch_implies(All((t("q", "a"),)), All((t("m", "x"),)))
    # any: holds when one branch does, so a branch implies it through any one of them
    assert branch_implies(All((t("q", "a"), t("m", "x"))), AnyOf((All((t("m", "y"),)), All((t("q", "a", "c"),)))))
    assert found > len(tests)  # more than the trivial a-implies-a pairs


def test_notation_uses_the_file_order_and_the_file_words():
    from scarhelp.conditions import notation, notation_lines, notation_phrase

    orders = {"q": ("c", "a", "b")}
    assert notation(t("q", "a", "c"), orders["q"]) == "q: c / a"
    assert notation(t("q", "b", negated=True), orders["q"]) == "q: not b"
    assert notation(t("other", "z", "y")) == "other: y / z"  # no order known: alphabetical
    cond = AnyOf((All((t("q", "a"), t("m", "x"))), All((t("q", "b"),))))
    assert notation_lines(cond, orders) == ["when q: a", "and m: x", "or q: b"]
    assert notation_phrase(cond, orders) == "(q: a and m: x) or q: b"
    assert notation_lines(All(()), orders) == ["always"]
