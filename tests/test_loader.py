"""The loader reports every problem with file, line, column and a suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from scarhelp.errors import InputError, RulesError
from scarhelp.loader import parse_rules

MINI = (Path(__file__).parent / "data" / "mini.yaml").read_text()


def problems(text: str) -> list[str]:
    with pytest.raises(RulesError) as info:
        parse_rules(text, "r.yaml")
    return [str(p) for p in info.value.problems]


def one_problem(text: str) -> str:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_mini_rule_set_loads():
    rs = parse_rules(MINI, "r.yaml")
    assert [q.id for q in rs.questions] == ["scar_depth", "tried"]
    assert rs.rules[0].strength == "best_fit"
    assert rs.question("tried").option("none").exclusive


def test_unknown_key_with_suggestion():
    text = MINI.replace("    because: shallow", "    becuase: x\n    because: shallow")
    msg = one_problem(text)
    assert "r.yaml:" in msg and "unknown key 'becuase'" in msg and "did you mean 'because'" in msg
    line = text.splitlines().index("    becuase: x") + 1
    assert msg.startswith(f"r.yaml:{line}:5:")


def test_wrong_type():
    msg = one_problem(MINI.replace('      - {number: 1, citation: "X"}', '      - {number: one, citation: "X"}'))
    assert "'number' should be a whole number" in msg and "meta.source.references[0].number" in msg


def test_missing_required_key():
    msg = one_problem(MINI.replace("    because: deep\n", ""))
    assert "missing the required key 'because'" in msg


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  - id: tried\n", "  - id: scar_depth\n", "duplicate question id 'scar_depth'"),
        ("  - id: r2\n", "  - id: r1\n", "duplicate rule id 'r1'"),
        ("{value: deep, label: Deep}", "{value: shallow, label: Deep}", "duplicate option value 'shallow'"),
    ],
)
def test_duplicate_ids(old, new, expected):
    found = problems(MINI.replace(old, new))
    assert any(expected in p for p in found), found


def test_unknown_references_are_all_reported_at_once():
    text = (
        MINI.replace("recommend: creams", "recommend: cream")
        .replace("when: {scar_depth: deep, tried: creams}", "when: {scar_dept: deep, tried: cremes}")
        .replace("    claims: [T1]\n  - id: r2", "    claims: [T1x]\n  - id: r2")
        .replace("refs: [1]", "refs: [13]")
    )
    found = problems(text)
    joined = "\n".join(found)
    assert "unknown treatment 'cream'" in joined and "did you mean 'creams'" in joined
    assert "unknown question 'scar_dept'" in joined and "did you mean 'scar_depth'" in joined
    assert "'cremes' is not an option of question 'tried'" in joined and "did you mean 'creams'" in joined
    assert "unknown claim 'T1x'" in joined and "did you mean 'T1'" in joined
    assert "unknown reference 13" in joined
    assert len(found) == 5


def test_question_with_no_options():
    text = MINI.replace(
        "    kind: one\n    options:\n      - {value: shallow, label: Shallow}\n      - {value: deep, label: Deep}\n",
        "    kind: one\n",
    )
    assert "this question has no options" in "\n".join(problems(text))


def test_yes_no_question_gets_yes_and_no_by_default():
    text = (
        MINI.replace(
            "    kind: one\n    options:\n      - {value: shallow, label: Shallow}\n      - {value: deep, label: Deep}\n",
            "    kind: yes_no\n",
        )
        .replace("{scar_depth: shallow}", '{scar_depth: "yes"}')
        .replace("scar_depth: deep", "scar_depth: no")
    )
    rs = parse_rules(text, "r.yaml")
    assert rs.question("scar_depth").values == ("yes", "no")
    # an unquoted `no` is YAML's false; the loader reads it back as the text the author typed
    assert rs.rules[1].when.tests[0].values == frozenset({"no"})


def test_skip_condition_on_a_later_question():
    text = MINI.replace("    kind: one\n", "    kind: one\n    ask_if: {tried: creams}\n", 1)
    msg = one_problem(text)
    assert "skip condition of 'scar_depth' refers to 'tried', which comes later" in msg


def test_skip_condition_on_itself():
    text = MINI.replace("    ask_if: {scar_depth: deep}", "    ask_if: {tried: creams}")
    assert "refers to itself" in one_problem(text)


def test_rule_needs_exactly_one_outcome():
    text = MINI.replace("    advise: see derm\n", "    advise: see derm\n    caveat: hm\n")
    assert "exactly one of 'recommend', 'caveat', 'advise' or 'not_shown'" in one_problem(text)


def test_strength_must_be_known():
    msg = one_problem(MINI.replace("strength: best_fit", "strength: best"))
    assert "'best' is not one of: best_fit, option, weaker_fit, not_suited" in msg
    assert "did you mean 'best_fit'" in msg


def test_not_and_any_conditions():
    text = MINI.replace(
        "when: {scar_depth: deep, tried: creams}", "when: {any: [{scar_depth: {not: shallow}}, {tried: [creams]}]}"
    )
    rs = parse_rules(text, "r.yaml")
    cond = rs.rules[1].when
    assert len(cond.branches) == 2 and cond.branches[0].tests[0].negated


def test_nested_any_is_refused():
    text = MINI.replace("when: {scar_depth: deep, tried: creams}", "when: {any: [{any: [{tried: creams}]}]}")
    assert "'any' cannot be nested" in one_problem(text)


def test_not_yaml_at_all_is_an_input_error_with_position():
    with pytest.raises(InputError) as info:
        parse_rules("meta: [unclosed\n", "r.yaml")
    assert str(info.value).startswith("r.yaml:")


def test_top_level_must_be_a_mapping():
    with pytest.raises(RulesError) as info:
        parse_rules("- a\n- b\n", "r.yaml")
    assert "rule set should be a mapping" in str(info.value)


def test_bundled_rules_load(rules):
    assert rules.meta.version
    assert "not medical advice" in rules.meta.disclaimer
    assert len(rules.meta.source.references) == 12
    cited = {n for c in rules.meta.claims for n in c.refs}
    assert cited <= {r.number for r in rules.meta.source.references}


def test_a_broken_question_is_one_error_not_one_per_reference():
    # 'idd' for 'id': the question cannot be used, and the rules that test it are not
    # reported again, so the one real mistake stays at the top of the list
    found = problems(MINI.replace("  - id: scar_depth", "  - idd: scar_depth"))
    assert any("unknown key 'idd'" in p for p in found)
    assert any("missing the required key 'id'" in p for p in found)
    assert not any("unknown question 'scar_depth'" in p for p in found), found
    # a reference to a question that was never declared is still reported
    found = problems(MINI.replace("when: {scar_depth: shallow}", "when: {scar_dept: shallow}"))
    assert any("unknown question 'scar_dept'" in p and "did you mean 'scar_depth'" in p for p in found)


def test_disclaimer_must_say_not_medical_advice():
    found = problems(
        MINI.replace("disclaimer: Informational only, not medical advice.", "disclaimer: Just information.")
    )
    assert found == ["r.yaml:5:15: error: this text must say 'not medical advice' in those words (at meta.disclaimer)"]
    # any letter case, and a line break between the words, are fine
    rs = parse_rules(MINI.replace("not medical advice", "Not Medical\n    Advice"), "r.yaml")
    assert rs.meta.disclaimer == "Informational only, Not Medical Advice."


INVARIANT = """
invariants:
  - id: i1
    says: never best when deep
    claims: [T1]
    when: {scar_depth: deep}
    never: {creams: best_fit}
    require: [r2]
"""


def test_invariants_load_as_data():
    rs = parse_rules(MINI + INVARIANT, "r.yaml")
    (inv,) = rs.invariants
    assert inv.id == "i1" and inv.never == (("creams", frozenset({"best_fit"})),) and inv.require == ("r2",)
    assert inv.line == (MINI + INVARIANT).splitlines().index("  - id: i1") + 1


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("never: {creams: best_fit}", "never: {cream: best_fit}", "did you mean 'creams'?"),
        ("never: {creams: best_fit}", "never: {creams: bestfit}", "'bestfit' is not one of"),
        ("require: [r2]", "require: [r22]", "unknown rule 'r22'"),
        ("when: {scar_depth: deep}", "when: {scar_dept: deep}", "unknown question 'scar_dept'"),
        ("claims: [T1]\n    when", "claims: [T9]\n    when", "unknown claim 'T9'"),
    ],
)
def test_invariant_cross_references_are_checked_with_location(old, new, expected):
    text = (MINI + INVARIANT).replace(old, new)
    msg = one_problem(text)
    assert expected in msg, msg
    wrong = new.split("\n")[0].split("{")[-1].split("[")[-1].split(":")[0].rstrip("]}")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if wrong in ln and i > MINI.count("\n"))
    assert msg.startswith(f"r.yaml:{line}:"), msg


def test_two_unsure_answers_in_one_question_are_refused():
    text = MINI.replace(
        "      - {value: deep, label: Deep}",
        "      - {value: deep, label: Deep}\n      - {value: ns, label: '?', unsure: true}\n"
        "      - {value: ns2, label: '??', unsure: true}",
    )
    assert "already marked unsure" in one_problem(text)


def test_not_shown_rule_names_a_known_treatment():
    text = (
        MINI
        + """  - id: r3
    not_shown: cremes
    because: deep scars
    claims: [T1]
"""
    )
    msg = one_problem(text)
    assert "unknown treatment 'cremes'" in msg and "did you mean 'creams'?" in msg


# -- what matters to you: preference questions and against_values ------------------

PREF = MINI.replace(
    "treatments:\n",
    "  - id: mind_wait\n    text: Would a wait bother you?\n    kind: one\n    preference: true\n"
    "    options:\n      - {value: bothers, label: It would}\n      - {value: fine, label: It would not}\n"
    "treatments:\n",
).replace(
    "    harms: [{text: h, claims: [T1]}]\n",
    "    harms: [{text: h, claims: [T1]}]\n    against_values:\n"
    "      - {when: {mind_wait: bothers}, text: 'You said a wait would bother you: creams are slow.',"
    " short: a wait, claims: [T1]}\n",
)


def test_a_preference_question_feeds_against_values_and_nothing_else():
    rs = parse_rules(PREF, "r.yaml")
    assert rs.question("mind_wait").preference and not rs.question("scar_depth").preference
    (note,) = rs.treatments[0].against_values
    assert (note.short, note.claims) == ("a wait", ("T1",))
    assert note.line == PREF.splitlines().index("    against_values:") + 2


PREF_FIRST = PREF.replace(
    "questions:\n",
    "questions:\n  - id: mind_first\n    text: Would it bother you?\n"
    "    kind: one\n    preference: true\n    options: [{value: bothers, label: Yes}, {value: fine, label: No}]\n",
    1,
)


@pytest.mark.parametrize(
    ("text", "old", "new", "qid"),
    [
        (
            PREF,
            "    when: {scar_depth: shallow}\n",
            "    when: {scar_depth: shallow, mind_wait: bothers}\n",
            "mind_wait",
        ),
        (PREF_FIRST, "    ask_if: {scar_depth: deep}\n", "    ask_if: {mind_first: fine}\n", "mind_first"),
    ],
    ids=["rule", "skip-condition"],
)
def test_no_rule_or_skip_condition_may_test_a_preference_question(text, old, new, qid):
    text = text.replace(old, new)
    msg = one_problem(text)
    assert f"'{qid}' is a preference question" in msg and "no rule, skip condition or invariant may test it" in msg
    assert "hint: show it beside a treatment with against_values" in msg
    line = text.splitlines().index(new.rstrip("\n")) + 1
    assert msg.startswith(f"r.yaml:{line}:")


def test_an_against_values_note_needs_a_when_and_a_short():
    msg = one_problem(PREF.replace("{when: {mind_wait: bothers}, text:", "{text:"))
    assert "missing the required key 'when'" in msg or "needs a 'when'" in msg
    msg = one_problem(PREF.replace(" short: a wait,", ""))
    assert "missing the required key 'short'" in msg


LEAVE = MINI + (
    "leave_as_they_are:\n"
    "  name: Leave them\n"
    "  glance:\n"
    '    what: {text: "No treatment.", claims: []}\n'
    '    check_first: {text: "How much they bother you.", claims: [T1]}\n'
)


def test_leave_as_they_are_is_read():
    leave = parse_rules(LEAVE, "r.yaml").leave_as_they_are
    assert leave is not None and leave.name == "Leave them"
    assert [(k, p.claims) for k, p in leave.glance] == [("what", ()), ("check_first", ("T1",))]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("claims: [T1]}\n", "claims: [T9]}\n", "error: unknown claim 'T9' (at leave_as_they_are.glance.check_first"),
        ("  name: Leave them\n", "  nmae: Leave them\n", "unknown key 'nmae' in leave as they are"),
        ("    what: {", "    wat: {", "unknown key 'wat' in glance"),
    ],
    ids=["unknown-claim", "misspelt-name", "misspelt-cell"],
)
def test_a_broken_leave_as_they_are_row_is_reported_not_dropped(old, new, expected):
    """It was read only after the problems were raised, so its own were lost: a file
    with an unknown claim there loaded with the claim silently left out."""
    text = LEAVE[: len(MINI)] + LEAVE[len(MINI) :].replace(old, new, 1)
    assert text != LEAVE
    assert any(expected in p for p in problems(text))
