"""Scenario files: named answer sets with the result each must give, run against a rule set.

A scenario file sits beside its rules (``acne-scars.yaml`` -> ``acne-scars.scenarios.yaml``)
and reads::

    scenarios:
      - name: deep scars on the cheeks, nothing tried
        answers: {active_acne: "no", scar_type: sunken, scar_depth: deep, ...}
        expect:
          shown: {bellafill: best_fit, topical_creams: not_suited}
          not_shown: [topical_creams]
          advice: [depth-unsure-ask]
          caveats: [peel-side-effects]
          no_advice: true
          only: true

The expectation vocabulary (``EXPECT_KEYS``) is deliberately small:

* ``shown`` - treatment id -> the strength the result gives it (``best_fit``,
  ``option``, ``weaker_fit``; ``not_suited`` means a rule rules it out, and the
  report gives that reason under "not shown, and why").
* ``not_shown`` - treatments that must not be among the options shown (ruled out,
  or no rule recommends them).
* ``advice`` / ``caveats`` - rule ids whose advice / caveat must appear in the
  result (a caveat counts when it is printed: general, or on a shown treatment).
* ``said`` - treatments shown with a note set against what the person said
  matters to them (a treatment's ``against_values`` whose ``when`` holds).
* ``no_advice: true`` - the result gives no general advice at all.
* ``only: true`` - the lists above are complete: any other treatment with a
  strength, advice or caveat in the result is a failure.

This module is the library side of ``scarhelp test``: load and validate scenario
files (every problem at once, with file:line:column), run them, and compute
coverage.  It prints nothing; ``scarhelp.commands.test`` does the talking.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import flow
from . import schema as S
from .answers import validate as validate_answers
from .conditions import holds
from .engine import Result, evaluate
from .errors import AnswersError, InputError, Location, Problem, suggest
from .errors import kind as _kind
from .fileio import read_text
from .loading.fields import Fields, required
from .model import STRENGTHS, Invariant, Option, Question, Rule, RuleSet, at_least
from .yamldoc import Document, format_path, load_yaml, problems_error

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from .model import Answer, Strength
    from .yamldoc import Path as DocPath

# The shape of a scenario file, declared as the rule file's is (in ``schema``) and read
# with the same field reader; what the declarations cannot say (ids that must exist,
# answers the skip logic must ask for) the reader below checks against the rule set.
_IDS = "ids of rules in the rule set"
EXPECT = S.Obj(
    "'expect'",
    {
        "shown": S.Field(S.MapOf(S.Str("a strength, or not_suited", STRENGTHS), "treatment id -> strength")),
        "not_shown": S.Field(S.ListOf(S.Str(), "treatments that must not be among the options shown")),
        "advice": S.Field(S.ListOf(S.Str(), _IDS + " whose advice must appear")),
        "caveats": S.Field(S.ListOf(S.Str(), _IDS + " whose caveat must be printed")),
        "said": S.Field(S.ListOf(S.Str(), "treatments shown with a note set against what the person said")),
        "no_advice": S.Field(S.Bool("the result gives no general advice at all")),
        "only": S.Field(S.Bool("the lists above are the whole result")),
    },
)
SCENARIO = S.Obj(
    "a scenario",
    {
        "name": S.Field(S.Str("what the scenario is about, unique in its file"), True),
        "answers": S.Field(S.MapOf(S.Str(), "question id -> answer, as in an answers file"), True),
        "expect": S.Field(EXPECT, True),
    },
)
SCENARIO_FILE = S.Obj("the scenario file", {"scenarios": S.Field(S.ListOf(SCENARIO, min_items=1), True)})

ROOT_KEYS: tuple[str, ...] = tuple(SCENARIO_FILE.fields)
SCENARIO_KEYS: tuple[str, ...] = tuple(SCENARIO.fields)
EXPECT_KEYS: tuple[str, ...] = tuple(EXPECT.fields)
SUFFIX = ".scenarios.yaml"


class ScenarioError(InputError):
    """A scenario file is unreadable or invalid; ``problems`` lists every finding."""


# -- the model ------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One expected thing (a treatment or rule id), with where the file says it."""

    id: str
    location: Location
    strength: str = ""  # for ``shown`` only


@dataclass(frozen=True)
class Expect:
    shown: tuple[Item, ...] = ()
    not_shown: tuple[Item, ...] = ()
    advice: tuple[Item, ...] = ()
    caveats: tuple[Item, ...] = ()
    no_advice: Location | None = None  # set when ``no_advice: true``
    only: Location | None = None  # set when ``only: true``
    # treatments shown with a note set against what the person said matters (against_values)
    said: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Scenario:
    name: str
    answers: dict[str, Answer]
    expect: Expect
    location: Location  # the scenario's first line


@dataclass(frozen=True)
class Mismatch:
    """One expectation the result did not meet: what was expected, what came out."""

    check: str  # an EXPECT_KEYS name
    subject: str  # e.g. "shown.bellafill", "advice", "only"
    expected: str
    actual: str
    location: Location


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    result: Result
    fired: tuple[str, ...]  # ids of the rules whose condition held
    mismatches: tuple[Mismatch, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.mismatches


@dataclass(frozen=True)
class Coverage:
    """Which rules fired in some scenario, and which answer options some scenario used."""

    rules_path: str
    rules_total: int
    rules_covered: tuple[str, ...]
    uncovered_rules: tuple[Rule, ...]
    options_total: int
    options_covered: int
    uncovered_options: tuple[tuple[Question, Option], ...]
    per_question: tuple[tuple[str, int, int], ...] = field(default=())  # (question id, used, total)
    invariants_total: int = 0
    invariants_covered: tuple[str, ...] = ()
    uncovered_invariants: tuple[Invariant, ...] = ()

    @property
    def rule_percent(self) -> float:
        return _percent(len(self.rules_covered), self.rules_total)

    @property
    def option_percent(self) -> float:
        return _percent(self.options_covered, self.options_total)

    @property
    def invariant_percent(self) -> float:
        return _percent(len(self.invariants_covered), self.invariants_total)

    def meets(self, threshold: float) -> bool:
        """Rule and invariant coverage are each at least ``threshold`` percent (compared exactly)."""
        return all(
            total == 0 or covered * 100 >= threshold * total
            for covered, total in (
                (len(self.rules_covered), self.rules_total),
                (len(self.invariants_covered), self.invariants_total),
            )
        )

    def rule_location(self, rule: Rule) -> Location:
        return Location(self.rules_path, rule.line or None)

    def option_location(self, question: Question, option: Option) -> Location:
        # yes/no options the loader implies have no line of their own: point at the question
        return Location(self.rules_path, option.line or question.line or None)


def _percent(part: int, whole: int) -> float:
    return 100.0 if whole == 0 else 100.0 * part / whole


# -- finding and loading ----------------------------------------------------------


def default_scenarios_path(rules_path: str | Path) -> Path:
    """``<rules stem>.scenarios.yaml`` in the rule file's directory.

    For the bundled rules this is ``rules/acne-scars.scenarios.yaml`` in a source
    checkout and ``scarhelp/rules/acne-scars.scenarios.yaml`` in an installed
    wheel (the whole ``rules/`` directory is packaged).
    """
    path = Path(rules_path)
    stem = path.name
    for ext in (".yaml", ".yml", ".json"):
        if stem.endswith(ext):
            stem = stem[: -len(ext)]
            break
    return path.with_name(stem + SUFFIX)


def load_scenarios(paths: Iterable[str | Path], rule_set: RuleSet) -> list[Scenario]:
    """Read and validate scenario files; raise :class:`ScenarioError` listing every
    problem of every file, so one run shows all that needs fixing."""
    problems: list[Problem] = []
    scenarios: list[Scenario] = []
    files = [str(p) for p in paths]
    for path in files:
        text = read_text(path, "scenario file")
        try:
            scenarios.extend(parse_scenarios(text, path, rule_set))
        except ScenarioError as exc:
            if not exc.problems:
                raise
            problems.extend(exc.problems)
    if problems:
        where = files[0] if len(files) == 1 else f"{len(files)} scenario files"
        raise problems_error(ScenarioError, f"{where}: {len(problems)} problem(s) in the scenarios", problems)
    return scenarios


def parse_scenarios(text: str, file: str, rule_set: RuleSet) -> list[Scenario]:
    try:
        doc = load_yaml(text, file, "scenario file")
    except InputError as exc:
        raise ScenarioError(exc.message, exc.problems) from None
    return _Reader(doc, rule_set).read()


class _Reader(Fields):
    """A scenario file read with the rule loader's field reader, its ids checked against ``rule_set``."""

    def __init__(self, doc: Document, rule_set: RuleSet) -> None:
        super().__init__(doc)
        self.rs = rule_set
        self.rule_ids = [r.id for r in rule_set.rules]
        self.treatment_ids = [t.id for t in rule_set.treatments]
        self.answer_docs = _answer_documents(doc)

    def read(self) -> list[Scenario]:
        data = self.doc.data
        file = self.doc.file
        if not isinstance(data, dict):
            raise ScenarioError(
                f"{self.loc(())}: a scenario file is a mapping with a 'scenarios:' list; found {_kind(data)}"
            )
        self.unknown_keys(data, (), SCENARIO_FILE.fields, SCENARIO_FILE.name)
        raw = data.get("scenarios")
        if "scenarios" not in data:
            self.p.add(self.loc(()), "the scenario file has no 'scenarios:' list")
        elif not isinstance(raw, list):
            self.p.add(self.loc(("scenarios",)), f"'scenarios' should be a list of scenarios, not {_kind(raw)}")
        elif not raw:
            self.p.add(self.loc(("scenarios",)), "'scenarios' is empty; add at least one scenario")
        out: list[Scenario] = []
        names: dict[str, Location] = {}
        for i, item in enumerate(raw if isinstance(raw, list) else []):
            sc = self.scenario(item, ("scenarios", i))
            name = self.doc.text(("scenarios", i, "name"), item.get("name")) if isinstance(item, dict) else None
            if isinstance(name, str):
                if name in names:
                    self.p.add(
                        self.loc(("scenarios", i, "name")),
                        f"duplicate scenario name '{name}'",
                        f"the first one is at line {names[name].line}; give each scenario its own name",
                    )
                    continue
                names[name] = self.loc(("scenarios", i))
            if sc is not None:
                out.append(sc)
        if self.p.errors:
            raise problems_error(
                ScenarioError, f"{file}: {len(self.p.errors)} problem(s) in the scenarios", self.p.errors
            )
        return out

    # -- one scenario ----------------------------------------------------------
    def scenario(self, item: Any, path: DocPath) -> Scenario | None:
        if not isinstance(item, dict):
            self.p.add(
                self.loc(path), f"a scenario should be a mapping with name, answers and expect; found {_kind(item)}"
            )
            return None
        self.unknown_keys(item, path, SCENARIO.fields, SCENARIO.name)
        self.missing_keys(item, path, required(SCENARIO), "this scenario")
        name = self.text(item["name"], path + ("name",)) if "name" in item else None
        answers = self.answers(item["answers"], path + ("answers",)) if "answers" in item else None
        expect = self.expect(item["expect"], path + ("expect",)) if "expect" in item else None
        if name is None or answers is None or expect is None:
            return None
        return Scenario(name, answers, expect, self.loc(path))

    def answers(self, raw: Any, path: DocPath) -> dict[str, Answer] | None:
        if not isinstance(raw, dict):
            self.p.add(
                self.loc(path),
                f"'answers' should be a mapping of question id to answer, not {_kind(raw)}",
                'e.g. answers: {active_acne: "no", scar_type: sunken}',
            )
            return None
        index = path[1]  # the scenario's index in the list
        sub = (self.answer_docs.get(index) if isinstance(index, int) else None) or Document(raw, {}, {}, self.doc.file)
        prefix = format_path(path)
        try:
            answers, warnings = validate_answers(sub, self.rs)
        except AnswersError as exc:
            for prob in exc.problems or [Problem(self.loc(path), exc.message)]:
                self.p.problems.append(_reroot(prob, prefix))
            return None
        for prob in warnings:
            # in a scenario an answer the skip logic ignores is a mistake, not a note
            self.p.add(
                _reroot(prob, prefix).location,
                prob.message.replace("so its answer is ignored", "so it does not belong in this scenario"),
                "remove it, or change the earlier answers so that the question is asked",
            )
        todo = flow.missing(self.rs, answers, preferences=False)
        if todo:
            self.p.add(
                self.loc(path),
                "these answers leave questions unanswered: " + ", ".join(q.id for q in todo),
                "a scenario answers every question the skip logic asks, as a person would",
            )
            return None
        return answers

    def expect(self, raw: Any, path: DocPath) -> Expect | None:
        if not isinstance(raw, dict):
            self.p.add(
                self.loc(path), f"'expect' should be a mapping, not {_kind(raw)}", "keys: " + ", ".join(EXPECT_KEYS)
            )
            return None
        self.unknown_keys(raw, path, EXPECT.fields, EXPECT.name)
        if not any(k in raw for k in EXPECT_KEYS):
            self.p.add(self.loc(path), "'expect' checks nothing", "add at least one of: " + ", ".join(EXPECT_KEYS))
            return None
        before = len(self.p.errors)
        shown = self.shown(raw["shown"], path + ("shown",)) if "shown" in raw else ()
        not_shown = self.ids(raw, path, "not_shown", self.treatment_ids, "treatment")
        advice = self.ids(raw, path, "advice", self.rule_ids, "rule")
        caveats = self.ids(raw, path, "caveats", self.rule_ids, "rule")
        said = self.ids(raw, path, "said", self.treatment_ids, "treatment")
        no_advice = self.flag(raw, path, "no_advice")
        only = self.flag(raw, path, "only")
        for item in advice:
            self.rule_kind(item, "advise", "advice")
        for item in caveats:
            self.rule_kind(item, "caveat", "caveats")
        for item in not_shown:
            strength = next((s.strength for s in shown if s.id == item.id), None)
            if strength and strength != "not_suited":
                self.p.add(
                    item.location,
                    f"'{item.id}' is expected both shown ({strength}) and not shown",
                )
        if no_advice and advice:
            self.p.add(no_advice, "'no_advice: true' contradicts the 'advice' list of this scenario")
        if len(self.p.errors) > before:
            return None
        return Expect(shown, not_shown, advice, caveats, no_advice, only, said)

    def shown(self, raw: Any, path: DocPath) -> tuple[Item, ...]:
        if not isinstance(raw, dict):
            self.p.add(
                self.loc(path),
                f"'shown' should be a mapping of treatment id to strength, not {_kind(raw)}",
                "e.g. shown: {topical_creams: best_fit}",
            )
            return ()
        out = []
        for tid, strength in raw.items():
            kpath = path + (tid,)
            tid = str(tid)
            if tid not in self.treatment_ids:
                hint = suggest(tid, self.treatment_ids) or "treatments: " + ", ".join(self.treatment_ids)
                self.p.add(self.loc(kpath, key=True), f"unknown treatment '{tid}'", hint)
                continue
            value = self.doc.text(kpath, strength)
            if not isinstance(value, str) or value not in STRENGTHS:
                shown_as = f"'{value}'" if isinstance(value, str) else _kind(value)
                hint = (suggest(value, STRENGTHS) if isinstance(value, str) else "") or ""
                self.p.add(
                    self.loc(kpath),
                    f"unknown strength {shown_as} for '{tid}'; allowed: {', '.join(STRENGTHS)}",
                    hint,
                )
                continue
            out.append(Item(tid, self.loc(kpath), value))
        return tuple(out)

    def ids(self, raw: dict[str, Any], path: DocPath, key: str, known: list[str], what: str) -> tuple[Item, ...]:
        if key not in raw:
            return ()
        value = raw[key]
        lpath = path + (key,)
        if not isinstance(value, list):
            self.p.add(
                self.loc(lpath),
                f"'{key}' should be a list of {what} ids, not {_kind(value)}",
                f"e.g. {key}: [{known[0] if known else 'id'}]",
            )
            return ()
        out: list[Item] = []
        seen: set[str] = set()
        for j, v in enumerate(value):
            ipath = lpath + (j,)
            v = self.text(v, ipath)
            if v is None:
                continue
            if v not in known:
                hint = suggest(v, known) or f"see the {what} ids in {self.rs.path}"
                self.p.add(self.loc(ipath), f"unknown {what} '{v}' in '{key}'", hint)
                continue
            if v in seen:
                self.p.add(self.loc(ipath), f"'{v}' is listed twice in '{key}'")
                continue
            seen.add(v)
            out.append(Item(v, self.loc(ipath)))
        return tuple(out)

    def flag(self, raw: dict[str, Any], path: DocPath, key: str) -> Location | None:
        """Where ``key: true`` is written; None when it is false, missing or not true/false (reported)."""
        return self.loc(path + (key,), key=True) if self.field(raw, path, key, EXPECT) else None

    def rule_kind(self, item: Item, kind: str, key: str) -> None:
        rule = next(r for r in self.rs.rules if r.id == item.id)
        if rule.kind != kind:
            where = {"advise": "advice", "caveat": "caveats"}.get(rule.kind)
            hint = f"list it under '{where}'" if where else "expect its treatment under 'shown' instead"
            self.p.add(
                item.location,
                f"rule '{item.id}' gives {_rule_output(rule)}, not {'a caveat' if key == 'caveats' else 'advice'}",
                hint,
            )


def _rule_output(rule: Rule) -> str:
    if rule.kind == "recommend":
        return f"a strength ({rule.strength}) for {rule.treatment}"
    if rule.kind == "not_shown":
        return f"the reason {rule.treatment} is not shown"
    return "a caveat" if rule.kind == "caveat" else "advice"


def _answer_documents(doc: Document) -> dict[int, Document]:
    """Each scenario's ``answers`` as a document of its own (positions re-rooted), so the
    answers-file validation can run on it unchanged and still point at the right line."""
    data = doc.data
    raw = data.get("scenarios") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        return {}
    out: dict[int, Document] = {}
    for i, item in enumerate(raw):
        if isinstance(item, dict) and isinstance(item.get("answers"), dict):
            out[i] = Document(item["answers"], {}, {}, doc.file)
    for table, attr in ((doc.positions, "positions"), (doc.key_positions, "key_positions")):
        for path, pos in table.items():
            if len(path) >= 3 and path[0] == "scenarios" and path[2] == "answers" and path[1] in out:
                getattr(out[path[1]], attr)[path[3:]] = pos
    return out


def _reroot(prob: Problem, prefix: str) -> Problem:
    loc = prob.location
    inner = loc.path
    path = prefix + ("" if not inner else ("" if inner.startswith("[") else ".") + inner)
    return Problem(Location(loc.file, loc.line, loc.column, path), prob.message, prob.hint, prob.severity)


# -- running ----------------------------------------------------------------------


def run_scenarios(rule_set: RuleSet, scenarios: Iterable[Scenario]) -> list[ScenarioResult]:
    return [run_scenario(rule_set, sc) for sc in scenarios]


def run_scenario(rule_set: RuleSet, scenario: Scenario) -> ScenarioResult:
    result = evaluate(rule_set, scenario.answers)
    fired = tuple(t.rule for t in result.trace if t.fired)
    return ScenarioResult(scenario, result, fired, tuple(_compare(rule_set, scenario.expect, result, fired)))


def treatment_outcomes(result: Result) -> dict[str, Strength]:
    """Treatment id -> the strength the result gives it; ``not_suited`` when a rule rules
    it out; treatments no rule mentions are left out."""
    out = {r.treatment: r.strength for r in result.recommendations}
    for n in result.not_recommended:
        if n.outcome == "not_suited":
            out[n.treatment] = "not_suited"
    return out


def caveat_ids(result: Result) -> list[str]:
    """The caveats the result prints: general ones, then those on each shown treatment."""
    ids = [n.rule for n in result.general_caveats]
    for rec in result.recommendations:
        ids.extend(n.rule for n in rec.caveats if n.rule not in ids)
    return ids


def _compare(rule_set: RuleSet, expect: Expect, result: Result, fired: tuple[str, ...]) -> list[Mismatch]:
    out: list[Mismatch] = []
    outcomes = treatment_outcomes(result)
    why_not = {n.treatment: n.why for n in result.not_recommended}
    advice = [n.rule for n in result.advice]
    caveats = caveat_ids(result)

    def actual_for(tid: str) -> str:
        if tid in outcomes:
            return outcomes[tid]
        return f"not shown ({why_not.get(tid, 'no rule recommends it')})"

    for item in expect.shown:
        got = actual_for(item.id)
        if outcomes.get(item.id) != item.strength:
            out.append(Mismatch("shown", f"shown.{item.id}", item.strength, got, item.location))
    for item in expect.not_shown:
        shown_as = outcomes.get(item.id)
        if shown_as and shown_as != "not_suited":
            out.append(
                Mismatch("not_shown", f"not_shown: {item.id}", "not shown", f"shown as {shown_as}", item.location)
            )
    for item in expect.advice:
        if item.id not in advice:
            out.append(
                Mismatch(
                    "advice", f"advice: {item.id}", f"'{item.id}' among the advice", _listing(advice), item.location
                )
            )
    for item in expect.caveats:
        if item.id not in caveats:
            actual = _listing(caveats)
            rule = next(r for r in rule_set.rules if r.id == item.id)
            if item.id in fired and rule.treatment:
                actual += f" (the rule fired, but {rule.treatment} is {actual_for(rule.treatment)}, so its caveat is not printed)"
            out.append(
                Mismatch("caveats", f"caveats: {item.id}", f"'{item.id}' among the caveats", actual, item.location)
            )
    said = [r.treatment for r in result.recommendations if r.said]
    for item in expect.said:
        if item.id not in said:
            got = (
                f"{item.id} is {actual_for(item.id)}"
                if item.id not in outcomes or outcomes[item.id] == "not_suited"
                else ""
            )
            out.append(
                Mismatch(
                    "said",
                    f"said: {item.id}",
                    f"a note on '{item.id}' set against what the person said",
                    got or "no such note (no against_values 'when' holds)",
                    item.location,
                )
            )
    if expect.no_advice and advice:
        out.append(Mismatch("no_advice", "no_advice", "no advice", _listing(advice), expect.no_advice))
    if expect.only:
        listed = {i.id for i in expect.shown}
        extra = [f"{t}: {s}" for t, s in outcomes.items() if t not in listed]
        if extra:
            out.append(
                Mismatch("only", "only: shown", "no other treatment with a strength", ", ".join(extra), expect.only)
            )
        listed = {i.id for i in expect.advice}
        extra = [a for a in advice if a not in listed]
        if extra:
            out.append(Mismatch("only", "only: advice", "no other advice", ", ".join(extra), expect.only))
        listed = {i.id for i in expect.caveats}
        extra = [c for c in caveats if c not in listed]
        if extra:
            out.append(Mismatch("only", "only: caveats", "no other caveats", ", ".join(extra), expect.only))
        listed = {i.id for i in expect.said}
        extra = [t for t in said if t not in listed]
        if extra:
            out.append(
                Mismatch("only", "only: said", "no other note on what the person said", ", ".join(extra), expect.only)
            )
    return out


def _listing(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "(none)"


# -- coverage -----------------------------------------------------------------------


def coverage(rule_set: RuleSet, results: Iterable[ScenarioResult]) -> Coverage:
    """Rules that fired in at least one scenario, and answer options at least one
    scenario chose, over every result given (passing or not)."""
    fired: set[str] = set()
    used: dict[str, set[str]] = {}
    exercised: set[str] = set()
    for res in results:
        fired.update(res.fired)
        exercised.update(i.id for i in rule_set.invariants if invariant_applies(i, res.result))
        for qid, value in res.scenario.answers.items():
            values = (value,) if isinstance(value, str) else tuple(value)
            used.setdefault(qid, set()).update(values)
    covered = tuple(r.id for r in rule_set.rules if r.id in fired)
    uncovered = tuple(r for r in rule_set.rules if r.id not in fired)
    missing_opts: list[tuple[Question, Option]] = []
    per_question = []
    total = hit = 0
    for q in rule_set.questions:
        chosen = used.get(q.id, set())
        n = sum(1 for o in q.options if o.value in chosen)
        per_question.append((q.id, n, len(q.options)))
        total += len(q.options)
        hit += n
        missing_opts.extend((q, o) for o in q.options if o.value not in chosen)
    return Coverage(
        rule_set.path,
        len(rule_set.rules),
        covered,
        uncovered,
        total,
        hit,
        tuple(missing_opts),
        tuple(per_question),
        len(rule_set.invariants),
        tuple(i.id for i in rule_set.invariants if i.id in exercised),
        tuple(i for i in rule_set.invariants if i.id not in exercised),
    )


def invariant_applies(inv: Invariant, result: Result) -> bool:
    """Does an invariant speak about this result (so a scenario exercises it)?  Its ``when``
    holds and, with ``unless_shown_at_least``, no treatment is shown that strongly."""
    if not holds(inv.when, result.answers):
        return False
    if inv.unless_shown_at_least is None:
        return True
    strong = at_least(inv.unless_shown_at_least)
    return not any(rec.strength in strong for rec in result.recommendations)


# -- plain data for --format json ------------------------------------------------------


def as_data(
    rule_set: RuleSet,
    files: Sequence[str],
    results: Sequence[ScenarioResult],
    cov: Coverage | None = None,
    fail_under: float | None = None,
) -> dict[str, Any]:
    """The results as JSON-ready data, with stable keys."""
    from .version import __version__

    passed = sum(1 for r in results if r.passed)
    data: dict[str, Any] = {
        "scarhelp": {"version": __version__},
        "rule_set": {"title": rule_set.meta.title, "version": rule_set.meta.version, "path": rule_set.path},
        "files": list(files),
        "scenarios": [
            {
                "name": r.scenario.name,
                "file": r.scenario.location.file,
                "line": r.scenario.location.line,
                "passed": r.passed,
                "mismatches": [
                    {
                        "check": m.check,
                        "subject": m.subject,
                        "expected": m.expected,
                        "actual": m.actual,
                        "file": m.location.file,
                        "line": m.location.line,
                        "column": m.location.column,
                    }
                    for m in r.mismatches
                ],
                "fired": list(r.fired),
            }
            for r in results
        ],
        "summary": {"total": len(results), "passed": passed, "failed": len(results) - passed},
    }
    if cov is not None:
        data["coverage"] = {
            "rules": {
                "total": cov.rules_total,
                "covered": len(cov.rules_covered),
                "percent": round(cov.rule_percent, 2),
                "uncovered": [{"id": r.id, "file": cov.rules_path, "line": r.line} for r in cov.uncovered_rules],
            },
            "options": {
                "total": cov.options_total,
                "covered": cov.options_covered,
                "percent": round(cov.option_percent, 2),
                "per_question": [{"question": q, "used": u, "total": t} for q, u, t in cov.per_question],
                "uncovered": [
                    {
                        "question": q.id,
                        "value": o.value,
                        "file": cov.rules_path,
                        "line": cov.option_location(q, o).line,
                    }
                    for q, o in cov.uncovered_options
                ],
            },
        }
        data["coverage"]["invariants"] = {
            "total": cov.invariants_total,
            "covered": len(cov.invariants_covered),
            "percent": round(cov.invariant_percent, 2),
            "uncovered": [{"id": i.id, "file": cov.rules_path, "line": i.line} for i in cov.uncovered_invariants],
        }
        if fail_under is not None:
            data["coverage"]["fail_under"] = {"threshold": fail_under, "met": cov.meets(fail_under)}
    return data
