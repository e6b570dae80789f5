"""Reading scenario files: their schema, the reader that checks them against a rule set, and where they sit.

Every problem of every file is collected, with file:line:column, before one
:class:`~.model.ScenarioError` is raised, so one run shows all that needs fixing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .. import flow
from .. import schema as S
from ..answers import validate as validate_answers
from ..errors import AnswersError, InputError, Location, Problem, suggest
from ..errors import kind as _kind
from ..fileio import read_text
from ..loading.fields import Fields, required
from ..model import STRENGTHS, Rule, RuleSet
from ..yamldoc import Document, format_path, load_yaml, problems_error
from .model import Expect, Item, Scenario, ScenarioError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from typing import Any

    from ..model import Answer
    from ..yamldoc import Path as DocPath

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
