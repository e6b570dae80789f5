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
