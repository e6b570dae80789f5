"""Property-based tests (hypothesis).

* Generated rule sets, valid and then mutated (wrong types, missing keys, dangling
  references, unicode, huge strings, deep nesting): ``parse_rules`` succeeds or
  raises scarhelp's own error with a location, never another exception.
* Generated answers files against the bundled rules: the same.
* On the bundled rules: every complete answer set (walked through the skip
  logic) gets a recommendation or advice; the disclaimer is in every output
  format; the result does not depend on the order of mapping keys in the YAML
  or of the answers.

A few thousand examples in all by default; ``SCARHELP_HYPOTHESIS_SCALE=10`` runs
ten times as many.
"""

from __future__ import annotations

import copy
import json
import os
import random

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scarhelp import flow
from scarhelp.answers import validate
from scarhelp.engine import evaluate
from scarhelp.errors import ScarhelpError
from scarhelp.loader import parse_rules
from scarhelp.report import build_report
from scarhelp.yamldoc import load_yaml

from .conftest import RULES, plain_meta

SCALE = float(os.environ.get("SCARHELP_HYPOTHESIS_SCALE", "1"))


def examples(n: int) -> settings:
    return settings(
        max_examples=max(1, int(n * SCALE)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


# -- generated rule sets ---------------------------------------------------------

ident = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
text = st.text(min_size=1, max_size=30).filter(lambda s: s.strip())


@st.composite
def rule_sets(draw) -> dict:
    """A valid rule set (as plain data)."""
    nq = draw(st.integers(1, 4))
    qids = draw(st.lists(ident, min_size=nq, max_size=nq, unique=True))
    questions = []
    for i, qid in enumerate(qids):
        kind = draw(st.sampled_from(["one", "many", "yes_no"]))
        q: dict = {"id": qid, "text": draw(text), "kind": kind}
        if kind != "yes_no":
            values = draw(st.lists(ident, min_size=2, max_size=4, unique=True))
            q["options"] = [{"value": v, "label": draw(text)} for v in values]
        else:
            values = ["yes", "no"]
        if i > 0 and draw(st.booleans()):
            prev = questions[draw(st.integers(0, i - 1))]
            pvals = [o["value"] for o in prev.get("options", [{"value": "yes"}, {"value": "no"}])]
            q["ask_if"] = {prev["id"]: draw(st.sampled_from(pvals))}
        q["_values"] = values
        questions.append(q)
    claims = [{"id": f"C{i}", "text": draw(text), "refs": [1]} for i in range(draw(st.integers(1, 3)))]
    treatments = [
        {
            "id": f"t{i}",
            "name": draw(text),
            "what": draw(text),
            "benefits": [{"text": "b", "claims": ["C0"]}],
            "harms": [{"text": "h", "claims": ["C0"]}],
        }
        for i in range(draw(st.integers(1, 3)))
    ]
    rules = []
    for i in range(draw(st.integers(1, 5))):
        q = draw(st.sampled_from(questions))
        when = {q["id"]: draw(st.sampled_from(q["_values"]))}
        kind = draw(st.sampled_from(["recommend", "caveat", "advise"]))
        r: dict = {"id": f"r{i}", "when": when, "because": draw(text), "claims": ["C0"]}
        if kind == "recommend":
            r["recommend"] = draw(st.sampled_from(treatments))["id"]
            r["strength"] = draw(st.sampled_from(["best_fit", "option", "weaker_fit", "not_suited"]))
        elif kind == "caveat":
            r["caveat"] = draw(text)
            r["treatment"] = draw(st.sampled_from(treatments))["id"]
        else:
            r["advise"] = draw(text)
        rules.append(r)
    for q in questions:
        del q["_values"]
    return {
        "meta": plain_meta(claims, "T"),
        "questions": questions,
        "treatments": treatments,
        "rules": rules,
    }


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*prefix, i))


def _get(data, path):
    for p in path:
        data = data[p]
    return data


def _nest(depth: int):
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.just("x" * 100_000),
    st.just("\u202e\u0000\ufeff\U0001f600 caf\u00e9"),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.integers(10, 200).map(_nest),
    st.just("no_such_thing"),
)


@st.composite
def mutated_rule_sets(draw) -> dict:
    data = copy.deepcopy(draw(rule_sets()))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = _get(data, path[:-1])
        action = draw(st.sampled_from(["replace", "delete", "dangle", "add_key"]))
        if action == "replace":
            parent[path[-1]] = draw(junk)
        elif action == "delete":
            del parent[path[-1]]
        elif action == "dangle" and isinstance(parent[path[-1]], str):
            parent[path[-1]] = parent[path[-1]] + "_missing"
        elif action == "add_key" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(junk)
    return data


def _dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**9)


def _assert_located(exc: ScarhelpError, file: str) -> None:
    text = str(exc)
    assert file in text, text
    for p in exc.problems:
        assert p.location.file == file
        assert p.location.line is not None or p.location.path, p


@examples(300)
@given(rule_sets())
def test_valid_generated_rule_sets_load(data):
    rs = parse_rules(_dump(data), "gen.yaml")
    assert len(rs.questions) == len(data["questions"])


@examples(1200)
@given(mutated_rule_sets())
def test_mutated_rule_sets_fail_cleanly(data):
    try:
        text = _dump(data)
    except (yaml.YAMLError, RecursionError):
        return
    try:
        parse_rules(text, "gen.yaml")
    except ScarhelpError as exc:
        _assert_located(exc, "gen.yaml")


@examples(300)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_arbitrary_bytes_as_rules_fail_cleanly(blob):
    import tempfile

    from scarhelp.fileio import read_text

    with tempfile.NamedTemporaryFile(suffix=".yaml", delete=False) as fh:
        fh.write(blob)
    try:
        parse_rules(read_text(fh.name, "rule file"), fh.name)
    except ScarhelpError as exc:
        assert fh.name in str(exc)
    finally:
        os.unlink(fh.name)


# -- generated answers files ---------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    from scarhelp.bundle import load_rules

    return load_rules(RULES)


def answer_values(rs):
    qids = [q.id for q in rs.questions]
    values = sorted({v for q in rs.questions for v in q.values})
    key = st.sampled_from(qids) | st.text(max_size=12)
    value = st.one_of(
        st.sampled_from(values),
        st.lists(st.sampled_from(values), max_size=4),
        junk,
    )
    return st.dictionaries(key, value, max_size=12)


def test_generated_answers_files_fail_cleanly(bundled):
    @examples(800)
    @given(answer_values(bundled))
    def inner(data):
        try:
            text = _dump(data)
        except (yaml.YAMLError, RecursionError):
            return
        try:
            answers, _warnings = validate(load_yaml(text, "ans.yaml", "answers file"), bundled)
        except ScarhelpError as exc:
            _assert_located(exc, "ans.yaml")
        else:
            assert set(answers) <= {q.id for q in bundled.questions}

    inner()


def assert_readers_agree(path, text: str, rule_set) -> None:
    """``load_answers`` (which may take the quickread shortcut) and the YAML reader
    must give the same outcome: the answers, warnings and the record of the rule set
    the file was saved with (``_rules``), or the same error."""
    from scarhelp.answers import load_answers_file, validate_file

    def outcome(read):
        try:
            answers, warnings, origin = read()
        except ScarhelpError as exc:
            return ("error", str(exc))
        return ("ok", answers, [str(w) for w in warnings], origin)

    from scarhelp.answers import read_answers

    path.write_text(text, encoding="utf-8")
    fast = outcome(lambda: load_answers_file(str(path), rule_set))
    # read_answers reads the file the same way (BOM dropped, CRLF made LF, empty refused)
    slow = outcome(lambda: validate_file(read_answers(str(path)), rule_set))
    assert fast == slow


def test_json_answers_read_without_yaml_agree_with_the_yaml_reader(bundled, tmp_path):
    """``load_answers`` takes a JSON-only shortcut for plain answers; whatever the file
    holds, the outcome (answers, warnings or the exact error) must be the YAML reader's."""
    path = tmp_path / "ans.json"

    records = [yaml.safe_load(r) for r in stamp_records(bundled)]  # the same records, as JSON values
    stamped = st.builds(lambda d, r: {**d, "_rules": r}, complete_answers(bundled), st.sampled_from(records))

    @examples(600)
    @given(
        answer_values(bundled)
        | st.dictionaries(st.sampled_from([q.id for q in bundled.questions]), st.booleans())
        | stamped
    )
    def inner(data):
        try:
            text = json.dumps(data, ensure_ascii=bool(len(data) % 2))
        except (ValueError, TypeError):
            return
        assert_readers_agree(path, text, bundled)

    inner()


def stamp_records(rs) -> list[str]:
    """``_rules`` values: the rule set's record as --save-answers writes it, for this
    rule set, another version of it, changed options, and near misses that each
    reader must treat alike."""
    from scarhelp.answers import rules_stamp

    stamp = rules_stamp(rs)
    qids = [q.id for q in rs.questions]
    other = {**stamp, "version": stamp["version"] + ".1"}
    changed = {**stamp, "options": {**stamp["options"], qids[0]: ["brand_new"]}}
    fewer = {**stamp, "options": {k: v for k, v in stamp["options"].items() if k != qids[-1]}}
    return [json.dumps(x, ensure_ascii=False) for x in (stamp, other, changed, fewer)] + [
        "{title: T, version: '1'}",
        '{"title": "T"}',
        '{"title": "T", "version": "1", "by": "x"}',
        '{"title": "T", "version": 1}',
        '{"title":"T","version":"1"}',
        '{"title": "a\\"b", "version": "1"}',
        "[]",
        "x",
    ]


def flat_yaml_files(rs):
    """Answers files in and around the flat ``key: value`` shape that scarhelp reads
    without PyYAML: the shape itself, and near misses that must go to PyYAML."""
    qids = [q.id for q in rs.questions]
    words = sorted({v for q in rs.questions for v in q.values})
    specials = ["yes", "no", "true", "True", "YES", "on", "Off", "null", "Null", "NULL", "~", "y", "n"]
    plain = st.sampled_from(words + specials) | ident
    quoted = (st.sampled_from(words + specials) | st.text(max_size=8)).map(lambda v: json.dumps(v, ensure_ascii=False))
    item = plain | quoted | st.sampled_from(["", "1", "0.5", "-", '"a,b"'])
    flow = st.lists(item, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")
    odd = st.sampled_from(["", "1.0", "0x1f", "-", '"a" # c', "sunken # c", "[none,]", "{a: b}", "'yes'", "|", "*x"])
    value = plain | quoted | flow | odd
    key = st.sampled_from(qids) | st.sampled_from(["on", "Yes", "null", "True"]) | ident
    sep = st.sampled_from([": ", ":  ", ":", " : ", ":\t"])
    line = st.one_of(
        st.tuples(key, sep, value, st.sampled_from(["", " ", "  "])).map("".join),
        st.sampled_from(["# a comment", "", "   ", "  # indented comment", "---", "- none", "  - none", "\t"]),
        st.tuples(
            st.sampled_from(["# c", "scar_type: sunken", ""]), st.sampled_from("\r\x85\u2028\u2029\t\x7f\x1b\ufeff")
        ).map("".join),
    )
    records = stamp_records(rs)
    line = line | st.sampled_from(records).map(lambda r: "_rules: " + r)
    anything = st.lists(line, min_size=1, max_size=12).map("\n".join)

    # mostly well-formed: each question at most once, with one of its own values
    # spelt plain, quoted or in a list (or a special word), so the shortcut is taken
    def answer_line(q):
        own = st.sampled_from(list(q.values) + specials)
        spelt = (
            own
            | own.map(json.dumps)
            | st.lists(own | own.map(json.dumps), min_size=1, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")
        )
        return spelt.map(lambda v: f"{q.id}: {v}")

    lines = [st.none() | answer_line(q) for q in rs.questions]
    lines.append(st.none() | st.sampled_from(records).map(lambda r: "_rules: " + r))
    tidy = st.tuples(*lines).map(lambda ls: "\n".join(x for x in ls if x is not None) or "# empty")
    return anything | tidy


def test_flat_yaml_answers_read_without_yaml_agree_with_the_yaml_reader(bundled, tmp_path):
    """Same promise as for JSON, for the flat YAML that --save-answers writes."""
    from scarhelp.answers import dump_answers

    path = tmp_path / "ans.yaml"

    def restamped(answers, record):
        lines = dump_answers(answers, bundled).splitlines()
        return "\n".join(lines[:-1] + ["_rules: " + record]) + "\n"

    @examples(1500)
    @given(
        flat_yaml_files(bundled)
        | complete_answers(bundled).map(lambda a: dump_answers(a, bundled))
        | st.builds(restamped, complete_answers(bundled), st.sampled_from(stamp_records(bundled)))
    )
    def inner(text):
        if not text.strip():
            return
        assert_readers_agree(path, text, bundled)

    inner()


COMPLETE_FLAT = (
    'active_acne: "no"\nscar_type: sunken\nscar_depth: shallow\ncreams_outcome: hoped_for\n'
    'avoid_downtime: "no"\ndarker_skin: "no"\n'
)


@pytest.mark.parametrize(
    "text",
    [
        COMPLETE_FLAT + "tried: [creams, creams]\n",  # a choice listed twice
        '{"scar_type": "sunken", "scar_depth": "shallow", "tried": ["creams", "creams"]}',
        "# c\u2028tried: [peel]\nscar_type: sunken\n",  # YAML ends the comment at U+2028
        "# c\u2029scar_type: raised\nscar_type: sunken\n",
        "# c\rscar_type: raised\nscar_type: sunken\n",
        "# c\x85scar_type: raised\nscar_type: sunken\n",
        "# c\x7f\nscar_type: raised\n",  # unprintable: YAML refuses the file
        "# c\x1b[2J\nscar_type: raised\n",
        'scar_type: "sunk\ten"\n',
        '{"scar_type"\n: "sunken"}',  # YAML wants a key and its colon on one line
        '{"scar_type"' + " " * 1100 + ': "sunken"}',  # and within 1,024 characters
        '{\n\t"scar_type": "sunken"\n}',  # tabs in a flow mapping: libyaml and PyYAML differ
    ],
)
def test_answers_readers_agree_on_the_cases_a_review_found(bundled, tmp_path, text):
    assert_readers_agree(tmp_path / "ans.yaml", text, bundled)


TRICKY_RULES = """\
meta:
  title: Tricky
  version: "0.1"
  last_reviewed: 2026-11-25
  disclaimer: Informational only, not medical advice.
  source: {title: T, author: A, reviewer: R, publisher: P, published: not stated, references: [{number: 1, citation: X}]}
  claims: [{id: T1, text: t, refs: [1]}]
questions:
  - {id: "on", text: On?, kind: one, options: [{value: "Null", label: a}, {value: "True", label: b}, {value: "yes", label: c}]}
  - {id: "yes", text: Yes?, kind: yes_no}
  - {id: "NULL", text: Null?, kind: many, options: [{value: "a,b", label: a}, {value: "x y", label: b}, {value: "~", label: c}]}
  - {id: q, text: Q?, kind: one, options: [{value: "Null", label: a}, {value: "True", label: b}, {value: "off", label: c}]}
  - {id: m, text: M?, kind: many, options: [{value: "a,b", label: a}, {value: "Null", label: b}, {value: "x", label: c}]}
treatments:
  - {id: t, name: T, what: w, benefits: [{text: b, claims: [T1]}], harms: [{text: h, claims: [T1]}]}
rules:
  - {id: r1, when: {"on": "yes"}, recommend: t, strength: option, because: b, claims: [T1]}
"""


def test_flat_yaml_reader_agrees_on_ids_and_values_that_yaml_reads_differently(tmp_path):
    """Question ids and option values chosen to trip a reader that is not YAML:
    'on' and 'yes' as ids, 'Null' and 'True' as values, commas and '~'."""
    tricky = parse_rules(TRICKY_RULES, "tricky.yaml")
    path = tmp_path / "ans.yaml"

    @examples(800)
    @given(flat_yaml_files(tricky))
    def inner(text):
        if not text.strip():
            return
        assert_readers_agree(path, text, tricky)

    inner()


# -- engine properties on the bundled rules -----------------------------------


def complete_answers(rs):
    """Complete answer sets, chosen question by question through the skip logic."""

    @st.composite
    def walk(draw):
        answers: dict = {}
        while (q := flow.next_question(rs, answers)) is not None:
            if q.kind == "many":
                exclusive = [o.value for o in q.options if o.exclusive]
                plain = [o.value for o in q.options if not o.exclusive]
                if exclusive and draw(st.booleans()):
                    answers[q.id] = (draw(st.sampled_from(exclusive)),)
                else:
                    answers[q.id] = tuple(sorted(draw(st.lists(st.sampled_from(plain), min_size=1, unique=True))))
            else:
                answers[q.id] = draw(st.sampled_from(q.values))
        return answers

    return walk()


def test_answering_the_preference_questions_changes_no_result(bundled):
    """That every complete answer set gets guidance is proven by walking every one (in
    test_engine), with the preference questions left unanswered.  Here, on complete sets
    drawn through the real skip logic, preferences answered: the result is the one without
    them, but for the person's own words (``said``), and it gives guidance."""
    prefs = {q.id for q in bundled.questions if q.preference}
    seen = []

    def same_but_said(a, b):
        assert [r.replace(said=()) for r in a.recommendations] == [r.replace(said=()) for r in b.recommendations]
        assert (a.advice, a.general_caveats, a.not_recommended, a.conflicts) == (
            b.advice,
            b.general_caveats,
            b.not_recommended,
            b.conflicts,
        )

    @examples(600)
    @given(complete_answers(bundled))
    def inner(answers):
        without = {k: v for k, v in answers.items() if k not in prefs}
        seen.append(len(answers) - len(without))
        result = evaluate(bundled, answers)
        same_but_said(result, evaluate(bundled, without))
        assert result.recommendations or result.advice, answers

    inner()
    assert prefs and max(seen) == len(prefs), "the draws answered the preference questions"


FORMATS = ("text", "json", "markdown", "html")


def _render(report, fmt):
    # every format is written: a renderer that cannot be imported (or imports a module
    # that is missing) is a failure, not a skip
    import importlib

    return importlib.import_module(f"scarhelp.render.{fmt}").render(report)


def test_disclaimer_in_every_format(bundled):
    @examples(60)
    @given(complete_answers(bundled), st.sampled_from(FORMATS))
    def inner(answers, fmt):
        report = build_report(bundled, evaluate(bundled, answers))
        out = _render(report, fmt)
        flat = " ".join(out.split()).lower()
        assert "not medical advice" in flat, fmt

    inner()


def _shuffled_yaml(text: str, seed: int) -> str:
    """The same YAML with the keys of every mapping in another order (scalars kept as typed)."""
    rng = random.Random(seed)
    node = yaml.compose(text, Loader=yaml.SafeLoader)

    def shuffle(n):
        if isinstance(n, yaml.MappingNode):
            rng.shuffle(n.value)
            for k, v in n.value:
                shuffle(k)
                shuffle(v)
        elif isinstance(n, yaml.SequenceNode):
            for v in n.value:
                shuffle(v)

    shuffle(node)
    return yaml.serialize(node, allow_unicode=True, width=10**9)


def _comparable(report: dict) -> str:
    report = dict(report)
    report.pop("rule_set", None)
    return json.dumps(report, sort_keys=True)


def test_result_independent_of_key_order(bundled):
    text = RULES.read_text(encoding="utf-8")
    shuffled = [parse_rules(_shuffled_yaml(text, seed), str(RULES)) for seed in range(3)]

    @examples(150)
    @given(complete_answers(bundled), st.randoms(use_true_random=False), st.integers(0, 2))
    def inner(answers, rnd, which):
        items = list(answers.items())
        rnd.shuffle(items)
        expected = _comparable(build_report(bundled, evaluate(bundled, answers)))
        got = _comparable(build_report(shuffled[which], evaluate(shuffled[which], dict(items))))
        assert got == expected

    inner()
