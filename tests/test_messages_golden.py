"""Broken rule and scenario files give exactly the messages they gave before the loader was split.

Each case damages one of the test rule or scenario files in tests/data (or a richer
variant of mini.yaml built below) in one place (a required key deleted, a wrong
type, an unknown or misspelt id, a bad condition) and runs
``scarhelp check`` (rule files) or ``scarhelp test`` (scenario files) on it. What the
command prints, its exit code and the order of the messages are compared byte for
byte with ``tests/data/broken-messages.json``, recorded from the code before
``scarhelp/loading`` existed: a reworded message, a moved column or a changed order
fails here even where the targeted tests in test_loader.py only look for a phrase.

After a deliberate change of wording, record the file again and review its diff::

    python tests/test_messages_golden.py --write
"""

from __future__ import annotations

import io
import json
import os
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "broken-messages.json"

MINI = (ROOT / "tests" / "data" / "mini.yaml").read_text(encoding="utf-8")
MINI_SCENARIOS = (ROOT / "tests" / "data" / "mini.scenarios.yaml").read_text(encoding="utf-8")


def _extended(text: str, *edits: tuple[str, str]) -> str:
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


# tests/data/mini.yaml with what it lacks (the bundled rules change too often to hold
# recorded line numbers): meta's optional keys, a preference question, a treatment's
# summary cells, notes set against values and questions to ask, and invariants
RICH = _extended(
    MINI,
    ("  claims:\n", "  reading_grade_limit: 8\n  outside_article:\n    - Leaving them is a choice.\n  claims:\n"),
    (
        "treatments:\n",
        "  - id: mind_wait\n    text: Would a wait bother you?\n    kind: one\n    preference: true\n"
        "    options: [{value: bothers, label: Yes}, {value: fine, label: No}]\n"
        "treatments:\n",
    ),
    (
        "    harms: [{text: h, claims: [T1]}]\n",
        "    harms: [{text: h, claims: [T1]}]\n"
        "    glance:\n"
        "      what: {text: Creams., claims: [T1]}\n"
        "      permanent: {text: Not in the article., claims: []}\n"
        "    against_values:\n"
        "      - when: {mind_wait: bothers}\n"
        "        text: You said a wait would bother you.\n"
        "        short: a wait\n"
        "        claims: [T1]\n"
        "    ask_your_dermatologist:\n"
        "      - Will it work?\n",
    ),
)
RICH += (
    "invariants:\n"
    "  - id: creams-for-shallow\n"
    "    says: Shallow scars always get creams.\n"
    "    claims: [T1]\n"
    "    when: {scar_depth: shallow}\n"
    "    always: {creams: best_fit}\n"
    "  - id: deep-advice\n"
    "    says: Deep scars tried with creams get advice.\n"
    "    claims: [T1]\n"
    "    when: {scar_depth: deep, tried: creams}\n"
    "    require: [r2]\n"
)
QUESTIONNAIRE = (ROOT / "tests" / "data" / "questionnaire.yaml").read_text(encoding="utf-8")
RULE_BASES = {"mini": MINI, "rich": RICH, "questionnaire": QUESTIONNAIRE}
# scenario file, and the rules it is read against
SCENARIO_BASES = {"mini": (MINI_SCENARIOS, MINI), "rich": (MINI_SCENARIOS, RICH)}

# name: (base, the text to replace (found exactly once), its replacement)
RULE_CASES: dict[str, tuple[str, str, str]] = {
    "yaml-syntax-error": ("mini", "meta:\n  title: Mini\n", "- meta:\n  title: Mini\n"),
    "no-meta": ("mini", "meta:\n", "meta_:\n"),
    "meta-title-missing": ("mini", "  title: Mini\n", ""),
    "meta-version-list": ("mini", '  version: "0.1"\n', "  version: [0, 1]\n"),
    "disclaimer-without-words": ("mini", "not medical advice.", "for information."),
    "disclaimer-empty": ("mini", "  disclaimer: Informational only, not medical advice.\n", '  disclaimer: ""\n'),
    "source-missing-author": ("mini", "    author: A\n", ""),
    "references-empty": ("mini", '      - {number: 1, citation: "X"}\n', "      []\n"),
    "reference-number-text": ("mini", "{number: 1,", "{number: one,"),
    "duplicate-reference": ("mini", '      - {number: 1, citation: "X"}\n', '      - {number: 1, citation: "X"}\n' * 2),
    "claim-unknown-reference": ("mini", "refs: [1]}", "refs: [1, 4]}"),
    "claim-reference-not-number": ("mini", "refs: [1]}", "refs: [one]}"),
    "claim-bad-origin": ("mini", "refs: [1]}", "refs: [1], origin: articel}"),
    "duplicate-claim": (
        "mini",
        "    - {id: T1, text: creams help, refs: [1]}\n",
        "    - {id: T1, text: c, refs: [1]}\n" * 2,
    ),
    "questions-not-list": ("mini", "questions:\n", "questions: 7\nquestions_:\n"),
    "question-id-misspelt": ("mini", "  - id: tried\n", "  - idd: tried\n"),
    "question-bad-kind": ("mini", "    kind: many\n", "    kind: several\n"),
    "question-no-options": ("mini", "    kind: one\n    options:\n", "    kind: one\n    options_:\n"),
    "one-option-only": ("mini", "      - {value: deep, label: Deep}\n", ""),
    "duplicate-option": ("mini", "{value: deep, label: Deep}", "{value: shallow, label: Deep}"),
    "exclusive-in-one": ("mini", "{value: deep, label: Deep}", "{value: deep, label: Deep, exclusive: true}"),
    "unsure-in-many": ("mini", "{value: creams, label: Creams}", "{value: creams, label: Creams, unsure: true}"),
    "bool-not-bool": ("mini", "exclusive: true}", "exclusive: maybe}"),
    "ask-if-looks-ahead": (
        "mini",
        "    kind: one\n    options:\n",
        "    kind: one\n    ask_if: {tried: none}\n    options:\n",
    ),
    "ask-if-itself": ("mini", "    ask_if: {scar_depth: deep}\n", "    ask_if: {tried: none}\n"),
    "condition-unknown-question": ("mini", "when: {scar_depth: shallow}", "when: {scar_dept: shallow}"),
    "condition-unknown-option": ("mini", "when: {scar_depth: shallow}", "when: {scar_depth: shalow}"),
    "condition-not-mapping": ("mini", "when: {scar_depth: shallow}", "when: [scar_depth]"),
    "condition-empty-list": ("mini", "when: {scar_depth: shallow}", "when: {scar_depth: []}"),
    "condition-bad-not": ("mini", "when: {scar_depth: shallow}", "when: {scar_depth: {nott: deep}}"),
    "condition-value-mapping": ("mini", "tried: creams}", "tried: [creams, {a: 1}]}"),
    "condition-nested-any": ("mini", "when: {scar_depth: shallow}", "when: {any: [{any: [{scar_depth: deep}]}]}"),
    "condition-any-with-others": (
        "mini",
        "when: {scar_depth: shallow}",
        "when: {any: [{scar_depth: deep}], tried: none}",
    ),
    "condition-any-empty": ("mini", "when: {scar_depth: shallow}", "when: {any: []}"),
    "treatment-missing-harms": ("mini", "    harms: [{text: h, claims: [T1]}]\n", ""),
    "point-unknown-claim": ("mini", "benefits: [{text: b, claims: [T1]}]", "benefits: [{text: b, claims: [T11, t1]}]"),
    "point-no-claims": ("mini", "benefits: [{text: b, claims: [T1]}]", "benefits: [{text: b, claims: []}]"),
    "rule-two-outcomes": ("mini", "    advise: see derm\n", "    advise: see derm\n    caveat: also\n"),
    "rule-no-outcome": ("mini", "    advise: see derm\n", ""),
    "recommend-no-strength": ("mini", "    strength: best_fit\n", ""),
    "recommend-bad-strength": ("mini", "    strength: best_fit\n", "    strength: bestfit\n"),
    "recommend-unknown-treatment": ("mini", "    recommend: creams\n", "    recommend: cream\n"),
    "advise-with-treatment": ("mini", "    advise: see derm\n", "    advise: see derm\n    treatment: creams\n"),
    "advise-with-strength": ("mini", "    advise: see derm\n", "    advise: see derm\n    strength: option\n"),
    "recommend-with-first": ("mini", "    strength: best_fit\n", "    strength: best_fit\n    first: lead\n"),
    "duplicate-rule": ("mini", "  - id: r2\n", "  - id: r1\n"),
    "rule-claims-number": ("mini", "    because: deep\n    claims: [T1]\n", "    because: deep\n    claims: 5\n"),
    "yes-no-without-no": (
        "questionnaire",
        '      - {value: "no", label: "No"}\n',
        '      - {value: "nah", label: "No"}\n',
    ),
    "rich-preference-in-rule": (
        "rich",
        "when: {scar_depth: shallow}\n    recommend",
        "when: {scar_depth: shallow, mind_wait: fine}\n    recommend",
    ),
    "rich-preference-in-ask-if": ("rich", "ask_if: {scar_depth: deep}", "ask_if: {mind_wait: fine}"),
    "rich-glance-unknown-key": ("rich", "      what: {text: Creams.", "      wat: {text: Creams."),
    "rich-glance-cell-text": ("rich", "      what: {text: Creams.", "      what: {text: [Creams.]"),
    "rich-glance-unknown-claim": ("rich", "Not in the article., claims: []}", "Not in the article., claims: [T2]}"),
    "rich-against-values-no-when": ("rich", "      - when: {mind_wait: bothers}\n", "      - when: {}\n"),
    "rich-against-values-missing-short": ("rich", "        short: a wait\n", ""),
    "rich-against-values-bad-value": ("rich", "when: {mind_wait: bothers}", "when: {mind_wait: bother}"),
    "rich-ask-not-list": (
        "rich",
        "    ask_your_dermatologist:\n      - Will it work?\n",
        "    ask_your_dermatologist: Will it?\n",
    ),
    "rich-invariant-unknown-treatment": (
        "rich",
        "    always: {creams: best_fit}\n",
        "    always: {cream: best_fit, creams: bestfit}\n",
    ),
    "rich-invariant-empty-outcomes": ("rich", "    always: {creams: best_fit}\n", "    always: {creams: []}\n"),
    "rich-invariant-outcomes-not-mapping": ("rich", "    always: {creams: best_fit}\n", "    always: [creams]\n"),
    "rich-invariant-says-nothing": ("rich", "    always: {creams: best_fit}\n", ""),
    "rich-invariant-unknown-rule": ("rich", "    require: [r2]\n", "    require: [r3, 4]\n    forbid: []\n"),
    "rich-invariant-bad-unless": (
        "rich",
        "    require: [r2]\n",
        "    require: [r2]\n    unless_shown_at_least: not_suited\n",
    ),
    "rich-duplicate-invariant": ("rich", "  - id: deep-advice\n", "  - id: creams-for-shallow\n"),
    "rich-outside-article-list": ("rich", "    - Leaving them is a choice.\n", "    - [Leaving]\n"),
    "rich-reading-grade-text": ("rich", "  reading_grade_limit: 8\n", "  reading_grade_limit: eight\n"),
    "rich-question-misspelt-id": ("rich", "  - id: scar_depth\n", "  - idd: scar_depth\n"),
}

SCENARIO_CASES: dict[str, tuple[str, str, str]] = {
    "not-a-mapping": ("mini", "scenarios:\n", "- scenarios:\n"),
    "no-scenarios": ("mini", "scenarios:\n", "scenarioss:\n"),
    "scenarios-empty": ("mini", "scenarios:\n", "scenarios: []\nold:\n"),
    "scenarios-not-list": ("mini", "scenarios:\n", "scenarios: 3\nold:\n"),
    "scenario-not-mapping": ("mini", "  - name: shallow scars\n", "  - just a name\n  - name: shallow scars\n"),
    "scenario-unknown-key": ("mini", "    answers: {scar_depth: shallow}\n", "    answer: {scar_depth: shallow}\n"),
    "name-empty": ("mini", "  - name: shallow scars\n", '  - name: ""\n'),
    "name-blank": ("mini", "  - name: shallow scars\n", '  - name: "   "\n'),
    "name-mapping": ("mini", "  - name: shallow scars\n", "  - name: {a: 1}\n"),
    "name-list": ("mini", "  - name: shallow scars\n", "  - name: [a]\n"),
    "duplicate-name": ("mini", "  - name: deep scars, nothing tried\n", "  - name: shallow scars\n"),
    "answers-not-mapping": ("mini", "    answers: {scar_depth: shallow}\n", "    answers: [shallow]\n"),
    "answers-unknown-question": (
        "mini",
        "    answers: {scar_depth: shallow}\n",
        "    answers: {scar_depth: shallow, scar_dept: deep}\n",
    ),
    "answers-unknown-value": ("mini", "    answers: {scar_depth: shallow}\n", "    answers: {scar_depth: shalow}\n"),
    "answers-skipped-question": (
        "mini",
        "    answers: {scar_depth: shallow}\n",
        "    answers: {scar_depth: shallow, tried: [none]}\n",
    ),
    "answers-incomplete": ("mini", "answers: {scar_depth: deep, tried: [none]}", "answers: {scar_depth: deep}"),
    "expect-not-mapping": (
        "mini",
        "    expect:\n      not_shown: [creams]\n      no_advice: true\n",
        "    expect: [creams]\n",
    ),
    "expect-checks-nothing": (
        "mini",
        "    expect:\n      not_shown: [creams]\n      no_advice: true\n",
        "    expect: {}\n",
    ),
    "expect-unknown-key": ("mini", "      not_shown: [creams]\n", "      notshown: [creams]\n"),
    "shown-not-mapping": ("mini", "      shown: {creams: best_fit}\n", "      shown: [creams]\n"),
    "shown-unknown-treatment": ("mini", "      shown: {creams: best_fit}\n", "      shown: {cream: best_fit}\n"),
    "shown-bad-strength": ("mini", "      shown: {creams: best_fit}\n", "      shown: {creams: bestfit}\n"),
    "shown-strength-number": ("mini", "      shown: {creams: best_fit}\n", "      shown: {creams: 3}\n"),
    "not-shown-not-list": ("mini", "      not_shown: [creams]\n", "      not_shown: creams\n"),
    "not-shown-unknown": ("mini", "      not_shown: [creams]\n", "      not_shown: [cremes, 4, '']\n"),
    "not-shown-twice": ("mini", "      not_shown: [creams]\n", "      not_shown: [creams, creams]\n"),
    "shown-and-not-shown": (
        "mini",
        "      no_advice: true\n      only: true\n",
        "      not_shown: [creams]\n      only: true\n",
    ),
    "advice-is-recommend": ("mini", "      not_shown: [creams]\n", "      not_shown: [creams]\n      advice: [r1]\n"),
    "caveats-is-advise": (
        "mini",
        "      not_shown: [creams]\n",
        "      not_shown: [creams]\n      caveats: [r2, r3]\n",
    ),
    "no-advice-and-advice": ("mini", "      not_shown: [creams]\n", "      not_shown: [creams]\n      advice: [r2]\n"),
    "flag-not-bool": ("mini", "      only: true\n", "      only: yes please\n"),
    "said-unknown": ("mini", "      not_shown: [creams]\n", "      not_shown: [creams]\n      said: [cream]\n"),
    "answers-bad-values": (
        "mini",
        "answers: {scar_depth: deep, tried: [none]}",
        "answers: {scar_depth: 3, tried: [none, creams, x]}",
    ),
    "rich-said-known": (
        "rich",
        "      not_shown: [creams]\n",
        "      not_shown: [creams]\n      said: [creams, nope]\n",
    ),
    "rich-preference-answer-bad": (
        "rich",
        "answers: {scar_depth: shallow}",
        "answers: {scar_depth: shallow, mind_wait: maybe}",
    ),
}


def _mutated(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the text to damage must occur exactly once: {old!r}"
    return text.replace(old, new)


def run_case(kind: str, name: str, where: Path) -> dict[str, object]:
    """Write the damaged file into ``where`` and run the command on it from there,
    so the messages name it by a short relative path."""
    from scarhelp.cli import main

    if kind == "rules":
        base, old, new = RULE_CASES[name]
        (where / "broken.yaml").write_text(_mutated(RULE_BASES[base], old, new), encoding="utf-8")
        argv = ["check", "broken.yaml"]
    else:
        base, old, new = SCENARIO_CASES[name]
        scenarios, rules = SCENARIO_BASES[base]
        (where / "rules.yaml").write_text(rules, encoding="utf-8")
        (where / "broken.scenarios.yaml").write_text(_mutated(scenarios, old, new), encoding="utf-8")
        argv = ["test", "--rules", "rules.yaml", "broken.scenarios.yaml"]
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(where)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(argv)
    finally:
        os.chdir(cwd)
    return {"exit": code, "stdout": out.getvalue(), "stderr": err.getvalue()}


CASES = [("rules", n) for n in RULE_CASES] + [("scenarios", n) for n in SCENARIO_CASES]


def _golden() -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return data


def test_every_case_is_recorded_and_every_record_is_a_case():
    assert sorted(_golden()) == sorted(f"{kind}/{name}" for kind, name in CASES)


def test_every_case_is_an_error_with_a_located_message():
    """A case that stopped being broken would prove nothing about the messages."""
    for key, got in _golden().items():
        assert got["exit"] == 2 and got["stdout"] == "", key
        assert str(got["stderr"]).startswith("scarhelp: broken"), key


@pytest.mark.parametrize(("kind", "name"), CASES, ids=[f"{k}/{n}" for k, n in CASES])
def test_messages_are_unchanged(kind, name, tmp_path):
    assert run_case(kind, name, tmp_path) == _golden()[f"{kind}/{name}"]


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    import tempfile

    record = {}
    for kind, name in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            record[f"{kind}/{name}"] = run_case(kind, name, Path(tmp))
    GOLDEN.write_text(json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"recorded {len(record)} cases in {GOLDEN.relative_to(ROOT)}")
