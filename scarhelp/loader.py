"""Turn a rule file into a :class:`~scarhelp.model.RuleSet`, or say everything wrong with it.

The loader collects every problem (with file, line, column and a "did you mean")
before raising, because a maintainer fixing a file one error per run would give up.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from . import schema as S
from .errors import Location, ProblemList, RulesError, suggest
from .errors import kind as _kind
from .fileio import read_text
from .i18n import _
from .model import (
    ALWAYS,
    GLANCE_FIELDS,
    OUTCOMES,
    RULE_KINDS,
    STRENGTHS,
    AgainstValue,
    All,
    AnyOf,
    Claim,
    Condition,
    Invariant,
    Meta,
    Option,
    Point,
    Question,
    Reference,
    Rule,
    RuleSet,
    Source,
    Test,
    Treatment,
)
from .yamldoc import Document, Path, load_yaml, problems_error

YES_NO = (Option("yes", "Yes"), Option("no", "No"))


def read_rules(path: str) -> RuleSet:
    """Read, parse and validate a rule file; raise :class:`RulesError` listing every problem.

    Most callers want :func:`scarhelp.bundle.load_rules`, which also knows the
    bundled rule set and its pre-compiled copy.
    """
    text = read_text(path, _("rule file"))
    return parse_rules(text, "<stdin>" if path == "-" else path)  # named as answers from stdin are


def parse_rules(text: str, path: str = "<rules>") -> RuleSet:
    doc = load_yaml(text, path, _("rule file"))
    return build(doc)


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.p = ProblemList()
        # ids of questions declared too badly to use: already reported once, so references to
        # them are not reported again (one 'idd: scar_depth' typo is one error, not thirty)
        self.unusable: set[str] = set()

    # -- generic shape checks, driven by schema declarations -------------------
    def loc(self, path: Path, key: bool = False) -> Location:
        return self.doc.loc(path, key)

    def line(self, path: Path) -> int:
        return self.doc.loc(path).line or 0

    def obj(self, value: Any, path: Path, spec: S.Obj) -> dict[str, Any] | None:
        """Check a mapping's keys against ``spec``; return it if it is a mapping."""
        if not isinstance(value, dict):
            self.p.add(self.loc(path), f"{spec.name} should be a mapping, not {_kind(value)}")
            return None
        for key in value:
            if key not in spec.fields:
                hint = suggest(key, spec.fields) or "allowed keys: " + ", ".join(spec.fields)
                self.p.add(self.loc(path + (key,), key=True), f"unknown key '{key}' in {spec.name}", hint)
        for name, fld in spec.fields.items():
            if fld.required and name not in value:
                self.p.add(self.loc(path), f"{spec.name} is missing the required key '{name}'")
        return value

    def string(
        self, value: Any, path: Path, required: bool = True, enum: Collection[str] = (), must_say: str = ""
    ) -> str | None:
        if value is None and not required:
            return None
        value = self.doc.text(path, value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.p.add(self.loc(path), f"expected text, found {_kind(value)}")
            return None
        if enum and value not in enum:
            self.p.add(
                self.loc(path),
                f"'{value}' is not one of: {', '.join(enum)}",
                suggest(value, enum),
            )
            return None
        if required and not value.strip():
            self.p.add(self.loc(path), "this text is empty")
        elif must_say and must_say not in " ".join(value.lower().split()):
            # every report repeats this text first and last: it is what keeps scarhelp honest
            self.p.add(self.loc(path), f"this text must say '{must_say}' in those words")
        return value

    def field(self, mapping: dict[str, Any], path: Path, name: str, spec: S.Obj) -> Any:
        """Read one declared field with the type check its declaration implies."""
        fld = spec.fields[name]
        if name not in mapping:
            return None
        value = mapping[name]
        fpath = path + (name,)
        t = fld.type
        if isinstance(t, S.Str):
            return self.string(value, fpath, fld.required, t.enum, t.must_say)
        if isinstance(t, S.Int):
            if isinstance(value, bool) or not isinstance(value, int):
                self.p.add(self.loc(fpath), f"'{name}' should be a whole number, not {_kind(value)}")
                return None
            return value
        if isinstance(t, S.Bool):
            if not isinstance(value, bool):
                self.p.add(self.loc(fpath), f"'{name}' should be true or false, not {_kind(value)}")
                return None
            return value
        if isinstance(t, S.ListOf):
            if not isinstance(value, list):
                self.p.add(self.loc(fpath), f"'{name}' should be a list, not {_kind(value)}")
                return None
            if len(value) < t.min_items:
                self.p.add(self.loc(fpath), f"'{name}' needs at least {t.min_items} item(s)")
            return value
        return value

    def str_list(self, values: list[Any] | None, path: Path) -> tuple[str, ...]:
        out = []
        for i, v in enumerate(values or []):
            s = self.string(v, path + (i,))
            if s is not None:
                out.append(s)
        return tuple(out)

    # -- the rule set -----------------------------------------------------------
    def build(self) -> RuleSet:
        root = self.obj(self.doc.data, (), S.RULE_SET)
        if root is None:
            raise problems_error(RulesError, f"{self.doc.file}: invalid rule file", self.p.problems)
        meta = self.meta(root.get("meta"), ("meta",)) if "meta" in root else None
        claim_ids = {c.id for c in meta.claims} if meta else set()
        questions = self.questions(root)
        treatments = self.treatments(root, claim_ids, questions)
        rules = self.rules(root, questions, treatments, claim_ids)
        invariants = self.invariants(root, questions, treatments, rules, claim_ids)
        if self.p.errors or meta is None:
            raise problems_error(
                RulesError,
                f"{self.doc.file}: {len(self.p.errors)} problem(s) in the rule file",
                self.p.errors,
            )
        leave = self.leave_as_they_are(root, claim_ids)
        return RuleSet(
            meta, questions, treatments, rules, path=self.doc.file, invariants=invariants, leave_as_they_are=leave
        )

    def meta(self, value: Any, path: Path) -> Meta | None:
        m = self.obj(value, path, S.META)
        if m is None:
            return None
        src_path = path + ("source",)
        src = self.obj(m.get("source"), src_path, S.SOURCE) if "source" in m else None
        refs: list[Reference] = []
        refs_ok = src is not None  # only judge claims' reference numbers against a clean list
        if src is not None:
            seen: set[int] = set()
            for i, r in enumerate(self.field(src, src_path, "references", S.SOURCE) or []):
                rp = src_path + ("references", i)
                r = self.obj(r, rp, S.REFERENCE)
                if r is None:
                    refs_ok = False
                    continue
                num = self.field(r, rp, "number", S.REFERENCE)
                cit = self.field(r, rp, "citation", S.REFERENCE)
                if num is None or cit is None:
                    refs_ok = False
                    continue
                if num in seen:
                    self.p.add(self.loc(rp + ("number",)), f"duplicate reference number {num}")
                seen.add(num)
                refs.append(Reference(num, cit, self.line(rp)))
        ref_nums = {r.number for r in refs}
        claims: list[Claim] = []
        seen_c: set[str] = set()
        for i, c in enumerate(self.field(m, path, "claims", S.META) or []):
            cp = path + ("claims", i)
            c = self.obj(c, cp, S.CLAIM)
            if c is None:
                continue
            cid = self.field(c, cp, "id", S.CLAIM)
            text = self.field(c, cp, "text", S.CLAIM)
            nums = self.field(c, cp, "refs", S.CLAIM) or []
            origin = self.field(c, cp, "origin", S.CLAIM) or "article"
            good_nums = []
            for j, n in enumerate(nums):
                if isinstance(n, bool) or not isinstance(n, int):
                    self.p.add(
                        self.loc(cp + ("refs", j)), f"a reference number should be a whole number, not {_kind(n)}"
                    )
                elif refs_ok and n not in ref_nums:
                    self.p.add(
                        self.loc(cp + ("refs", j)),
                        f"unknown reference {n}",
                        f"the source lists references {_span(ref_nums)}",
                    )
                else:
                    good_nums.append(n)
            if cid is None or text is None:
                continue
            if cid in seen_c:
                self.p.add(self.loc(cp + ("id",)), f"duplicate claim id '{cid}'")
            seen_c.add(cid)
            claims.append(Claim(cid, text, tuple(good_nums), origin, self.line(cp)))

        def s(name: str) -> Any:
            return self.field(m, path, name, S.META) or ""

        def ss(name: str) -> Any:
            return (self.field(src, src_path, name, S.SOURCE) or "") if src else ""

        source = Source(
            ss("title"), ss("author"), ss("reviewer"), ss("publisher"), ss("published"), ss("note"), tuple(refs)
        )
        outside = self.str_list(self.field(m, path, "outside_article", S.META), path + ("outside_article",))
        limit = self.field(m, path, "reading_grade_limit", S.META)
        return Meta(
            s("title"),
            s("version"),
            s("last_reviewed"),
            s("disclaimer"),
            source,
            tuple(claims),
            outside,
            8 if limit is None else limit,
        )

    @staticmethod
    def _meant_ids(q: dict[str, Any], qid: object) -> set[str]:
        """The id a broken question was meant to have: its own, or the text under a misspelt 'id' key."""
        if isinstance(qid, str):
            return {qid}
        return {v for k, v in q.items() if isinstance(v, str) and k != "id" and suggest(k, ["id"])}

    def questions(self, root: dict[str, Any]) -> tuple[Question, ...]:
        out: list[Question] = []
        raw = self.field(root, (), "questions", S.RULE_SET) or []
        # where each question id stands, for "skip logic may only look back"; malformed ids
        # are reported below, so here they are only left out
        order: dict[str, int] = {}
        for i, q in enumerate(raw):
            qid = self.doc.text(("questions", i, "id"), q.get("id")) if isinstance(q, dict) else None
            if isinstance(qid, str):
                order.setdefault(qid, i)
        known: dict[str, Question] = {}
        pending_conditions = []
        for i, q in enumerate(raw):
            qp = ("questions", i)
            q = self.obj(q, qp, S.QUESTION)
            if q is None:
                continue
            qid = self.field(q, qp, "id", S.QUESTION)
            text = self.field(q, qp, "text", S.QUESTION)
            kind = self.field(q, qp, "kind", S.QUESTION)
            help_ = self.field(q, qp, "help", S.QUESTION) or ""
            options = self.options(q, qp, kind)
            if qid is None or text is None or kind is None:
                self.unusable.update(self._meant_ids(q, qid))
                continue
            if qid in known:
                self.p.add(self.loc(qp + ("id",)), f"duplicate question id '{qid}'")
                continue
            preference = bool(self.field(q, qp, "preference", S.QUESTION))
            question = Question(qid, text, kind, options, help_, ALWAYS, self.line(qp), preference)
            known[qid] = question
            out.append(question)
            if "ask_if" in q:
                pending_conditions.append((len(out) - 1, q["ask_if"], qp + ("ask_if",), qid))
        # Skip conditions may only look back: a question cannot depend on one not asked yet.
        for idx, raw_cond, cp, qid in pending_conditions:
            before = {k for k, n in order.items() if n < order.get(qid, 0)}
            cond = self.condition(raw_cond, cp, known, earlier=before, owner=qid)
            q = out[idx]
            out[idx] = q.replace(ask_if=cond)
        return tuple(out)

    def options(self, q: dict[str, Any], qp: Path, kind: object) -> tuple[Option, ...]:
        raw = self.field(q, qp, "options", S.QUESTION)
        if raw is None:
            if kind == "yes_no":
                return YES_NO
            if kind in ("one", "many"):
                self.p.add(self.loc(qp), "this question has no options", "add an 'options:' list")
            return ()
        if not raw and kind in ("one", "many"):
            self.p.add(self.loc(qp + ("options",)), "this question has no options")
        out: list[Option] = []
        seen: set[str] = set()
        unsure_at: str | None = None
        for j, o in enumerate(raw):
            op = qp + ("options", j)
            o = self.obj(o, op, S.OPTION)
            if o is None:
                continue
            value = self.field(o, op, "value", S.OPTION)
            label = self.field(o, op, "label", S.OPTION)
            help_ = self.field(o, op, "help", S.OPTION) or ""
            exclusive = bool(self.field(o, op, "exclusive", S.OPTION))
            unsure = bool(self.field(o, op, "unsure", S.OPTION))
            if exclusive and kind != "many":
                self.p.add(self.loc(op + ("exclusive",), key=True), "'exclusive' only makes sense in a 'many' question")
            if unsure and kind == "many":
                self.p.add(
                    self.loc(op + ("unsure",), key=True),
                    "'unsure' marks the 'not sure' answer of a 'one' or 'yes_no' question, not a 'many' one",
                    "in a 'many' question, make 'not sure' an exclusive option instead",
                )
            elif unsure and unsure_at is not None:
                self.p.add(
                    self.loc(op + ("unsure",), key=True),
                    f"a question has one 'not sure' answer; '{unsure_at}' is already marked unsure",
                )
            elif unsure and value is not None:
                unsure_at = value
            if value is None or label is None:
                continue
            if value in seen:
                self.p.add(self.loc(op + ("value",)), f"duplicate option value '{value}'")
                continue
            seen.add(value)
            out.append(Option(value, label, help_, exclusive, self.line(op), unsure and kind != "many"))
        if kind == "yes_no" and out and not {"yes", "no"} <= seen:
            self.p.add(self.loc(qp + ("options",)), "a yes_no question needs the options 'yes' and 'no'")
        if kind == "one" and 0 < len(out) < 2:
            self.p.add(self.loc(qp + ("options",)), "a question needs at least two options to choose from")
        return tuple(out)

    def condition(
        self,
        raw: Any,
        path: Path,
        questions: dict[str, Question],
        earlier: set[str] | None = None,
        owner: str | None = None,
        preferences: bool = False,
    ) -> Condition:
        """A condition; ``preferences``: whether it may test a preference question (only a
        treatment's against_values may: nothing that decides a result or the questions asked)."""
        if raw is None or raw == {}:
            return ALWAYS
        if not isinstance(raw, dict):
            self.p.add(self.loc(path), f"a condition should be a mapping of question ids to values, not {_kind(raw)}")
            return ALWAYS
        if "any" in raw:
            if len(raw) > 1:
                self.p.add(self.loc(path), "put 'any:' alone in its mapping; move the other tests into each branch")
            branches = raw["any"]
            if not isinstance(branches, list) or not branches:
                self.p.add(self.loc(path + ("any",)), "'any' needs a non-empty list of conditions")
                return ALWAYS
            out = []
            for i, b in enumerate(branches):
                bp = path + ("any", i)
                if isinstance(b, dict) and "any" in b:
                    self.p.add(self.loc(bp), "'any' cannot be nested inside 'any'")
                    continue
                c = self.condition(b, bp, questions, earlier, owner, preferences)
                if isinstance(c, All):
                    out.append(c)
            return AnyOf(tuple(out))
        tests = []
        for qid, spec in raw.items():
            tp = path + (qid,)
            q = questions.get(qid)
            if q is None and qid in self.unusable:
                continue
            if q is None:
                hint = suggest(qid, list(questions)) or f"known questions: {', '.join(questions)}"
                self.p.add(self.loc(tp, key=True), f"unknown question '{qid}'", hint)
                continue
            if q.preference and not preferences:
                self.p.add(
                    self.loc(tp, key=True),
                    f"'{qid}' is a preference question (what matters to the person): no rule, skip condition "
                    "or invariant may test it",
                    "show it beside a treatment with against_values; to let it change a result, drop "
                    "'preference: true' (check and diff then explore its answers too)",
                )
                continue
            if earlier is not None and qid not in earlier:
                what = "itself" if qid == owner else f"'{qid}', which comes later"
                self.p.add(
                    self.loc(tp, key=True),
                    f"the skip condition of '{owner}' refers to {what}",
                    "a question can only depend on questions asked before it",
                )
                continue
            negated = False
            vpath = tp
            if isinstance(spec, dict):
                if set(spec) != {"not"}:
                    self.p.add(self.loc(tp), "a test is a value, a list of values, or {not: value(s)}")
                    continue
                negated, spec, vpath = True, spec["not"], tp + ("not",)
            items = spec if isinstance(spec, list) else [spec]
            if isinstance(spec, list) and not spec:
                self.p.add(self.loc(vpath), "an empty list of values can never hold")
                continue
            values = set()
            for i, v in enumerate(items):
                ipath = vpath + (i,) if isinstance(spec, list) else vpath
                v = self.doc.text(ipath, v)
                if not isinstance(v, str):
                    self.p.add(self.loc(ipath), f"a value should be text, not {_kind(v)}")
                    continue
                if q.option(v) is None:
                    self.p.add(
                        self.loc(ipath),
                        f"'{v}' is not an option of question '{qid}'",
                        suggest(v, q.values) or f"options: {', '.join(q.values)}",
                    )
                    continue
                values.add(v)
            if values:
                tests.append(Test(qid, frozenset(values), negated, self.line(tp)))
        return All(tuple(tests))

    def points(self, raw: Any, path: Path, claim_ids: set[str]) -> tuple[Point, ...]:
        out = []
        for i, pt in enumerate(raw or []):
            pp = path + (i,)
            pt = self.obj(pt, pp, S.POINT)
            if pt is None:
                continue
            text = self.field(pt, pp, "text", S.POINT)
            claims = self.claims(self.field(pt, pp, "claims", S.POINT), pp + ("claims",), claim_ids)
            if text is not None:
                out.append(Point(text, claims))
        return tuple(out)

    def claims(self, raw: Any, path: Path, claim_ids: set[str]) -> tuple[str, ...]:
        out = []
        for i, c in enumerate(raw or []):
            c = self.string(c, path + (i,))
            if c is None:
                continue
            if claim_ids and c not in claim_ids:
                self.p.add(
                    self.loc(path + (i,)),
                    f"unknown claim '{c}'",
                    suggest(c, sorted(claim_ids)) or "claims are declared under meta.claims",
                )
                continue
            out.append(c)
        return tuple(out)

    def treatments(
        self, root: dict[str, Any], claim_ids: set[str], questions: Iterable[Question] = ()
    ) -> tuple[Treatment, ...]:
        qmap = {q.id: q for q in questions}
        out: list[Treatment] = []
        seen: set[str] = set()
        for i, t in enumerate(self.field(root, (), "treatments", S.RULE_SET) or []):
            tp = ("treatments", i)
            t = self.obj(t, tp, S.TREATMENT)
            if t is None:
                continue
            tid = self.field(t, tp, "id", S.TREATMENT)
            name = self.field(t, tp, "name", S.TREATMENT)
            what = self.field(t, tp, "what", S.TREATMENT)
            benefits = self.points(self.field(t, tp, "benefits", S.TREATMENT), tp + ("benefits",), claim_ids)
            harms = self.points(self.field(t, tp, "harms", S.TREATMENT), tp + ("harms",), claim_ids)
            ask = self.str_list(
                self.field(t, tp, "ask_your_dermatologist", S.TREATMENT), tp + ("ask_your_dermatologist",)
            )
            if tid is None or name is None or what is None:
                continue
            if tid in seen:
                self.p.add(self.loc(tp + ("id",)), f"duplicate treatment id '{tid}'")
                continue
            seen.add(tid)
            glance = self.glance(self.field(t, tp, "glance", S.TREATMENT), tp + ("glance",), claim_ids)
            against = self.against_values(
                self.field(t, tp, "against_values", S.TREATMENT), tp + ("against_values",), qmap, claim_ids
            )
            out.append(Treatment(tid, name, what, benefits, harms, ask, self.line(tp), glance, against))
        return tuple(out)

    def against_values(
        self, raw: Any, path: Path, qmap: dict[str, Question], claim_ids: set[str]
    ) -> tuple[AgainstValue, ...]:
        out = []
        for i, item in enumerate(raw or []):
            ip = path + (i,)
            item = self.obj(item, ip, S.AGAINST_VALUE)
            if item is None:
                continue
            when = self.condition(item.get("when"), ip + ("when",), qmap, preferences=True)
            text = self.field(item, ip, "text", S.AGAINST_VALUE)
            short = self.field(item, ip, "short", S.AGAINST_VALUE)
            claims = self.claims(self.field(item, ip, "claims", S.AGAINST_VALUE), ip + ("claims",), claim_ids)
            if "when" not in item:
                continue  # reported as a missing required key
            if when is ALWAYS or (isinstance(when, All) and not when.tests):
                self.p.add(
                    self.loc(ip + ("when",)),
                    "an against_values note needs a 'when' naming the answers it speaks to",
                    "for example when: {mind_waiting: bothers}",
                )
                continue
            if text is not None and short is not None:
                out.append(AgainstValue(when, text, claims, self.line(ip), short))
        return tuple(out)

    def glance(self, raw: Any, path: Path, claim_ids: set[str]) -> tuple[tuple[str, Point], ...]:
        if raw is None:
            return ()
        g = self.obj(raw, path, S.GLANCE)
        if g is None:
            return ()
        out = []
        for key in GLANCE_FIELDS:
            if key not in g:
                continue
            cp = path + (key,)
            cell = self.obj(g[key], cp, S.GLANCE_CELL)
            if cell is None:
                continue
            text = self.field(cell, cp, "text", S.GLANCE_CELL)
            claims = self.claims(self.field(cell, cp, "claims", S.GLANCE_CELL), cp + ("claims",), claim_ids)
            if text is not None:
                out.append((key, Point(text, claims)))
        return tuple(out)

    def leave_as_they_are(self, root: dict[str, Any], claim_ids: set[str]) -> Treatment | None:
        if "leave_as_they_are" not in root:
            return None
        lp = ("leave_as_they_are",)
        lv = self.obj(root["leave_as_they_are"], lp, S.LEAVE)
        if lv is None:
            return None
        name = self.field(lv, lp, "name", S.LEAVE)
        glance = self.glance(self.field(lv, lp, "glance", S.LEAVE), lp + ("glance",), claim_ids)
        if name is None:
            return None
        return Treatment("leave_as_they_are", name, "", (), (), (), self.line(lp), glance)

    def rules(
        self,
        root: dict[str, Any],
        questions: tuple[Question, ...],
        treatments: tuple[Treatment, ...],
        claim_ids: set[str],
    ) -> tuple[Rule, ...]:
        qmap = {q.id: q for q in questions}
        tids = [t.id for t in treatments]
        out: list[Rule] = []
        seen: set[str] = set()
        for i, r in enumerate(self.field(root, (), "rules", S.RULE_SET) or []):
            rp = ("rules", i)
            r = self.obj(r, rp, S.RULE)
            if r is None:
                continue
            rid = self.field(r, rp, "id", S.RULE)
            when = self.condition(r.get("when"), rp + ("when",), qmap)
            because = self.field(r, rp, "because", S.RULE)
            claims = self.claims(self.field(r, rp, "claims", S.RULE), rp + ("claims",), claim_ids)
            outcomes = [k for k in RULE_KINDS if k in r]
            if len(outcomes) != 1:
                self.p.add(
                    self.loc(rp),
                    "a rule needs exactly one of 'recommend', 'caveat', 'advise' or 'not_shown'"
                    + (f" (it has {', '.join(outcomes)})" if outcomes else ""),
                )
                continue
            kind = outcomes[0]
            treatment = strength = None
            text = ""
            if kind == "not_shown":
                treatment = self.field(r, rp, "not_shown", S.RULE)
                for key in ("strength", "treatment"):
                    if key in r:
                        self.p.add(
                            self.loc(rp + (key,), key=True),
                            f"'{key}' does not go with 'not_shown', which names the treatment itself",
                        )
                tpath = rp + ("not_shown",)
            elif kind == "recommend":
                treatment = self.field(r, rp, "recommend", S.RULE)
                strength = self.field(r, rp, "strength", S.RULE)
                if "strength" not in r:
                    self.p.add(self.loc(rp), "a 'recommend' rule needs a 'strength'", "one of: " + ", ".join(STRENGTHS))
                if "treatment" in r:
                    self.p.add(
                        self.loc(rp + ("treatment",), key=True),
                        "'treatment' goes with 'caveat'; 'recommend' names the treatment itself",
                    )
                tpath = rp + ("recommend",)
            else:
                text = self.field(r, rp, kind, S.RULE) or ""
                if "strength" in r:
                    self.p.add(
                        self.loc(rp + ("strength",), key=True), f"'strength' only goes with 'recommend', not '{kind}'"
                    )
                treatment = self.field(r, rp, "treatment", S.RULE) if kind == "caveat" else None
                if kind == "advise" and "treatment" in r:
                    self.p.add(self.loc(rp + ("treatment",), key=True), "'treatment' goes with 'caveat', not 'advise'")
                tpath = rp + ("treatment",)
            if treatment is not None and treatment not in tids:
                self.p.add(
                    self.loc(tpath),
                    f"unknown treatment '{treatment}'",
                    suggest(treatment, tids) or f"treatments: {', '.join(tids)}",
                )
                continue
            if rid is None or because is None:
                continue
            if rid in seen:
                self.p.add(self.loc(rp + ("id",)), f"duplicate rule id '{rid}'")
                continue
            seen.add(rid)
            first = self.field(r, rp, "first", S.RULE) or ""
            if "first" in r and (kind in ("recommend", "not_shown") or treatment is not None):
                self.p.add(
                    self.loc(rp + ("first",), key=True),
                    "'first' goes with 'advise' or a 'caveat' on every option: only those lead the summary",
                )
            out.append(Rule(rid, when, because, claims, kind, treatment, strength, text, self.line(rp), first))
        return tuple(out)

    def invariants(
        self,
        root: dict[str, Any],
        questions: tuple[Question, ...],
        treatments: tuple[Treatment, ...],
        rules: tuple[Rule, ...],
        claim_ids: set[str],
    ) -> tuple[Invariant, ...]:
        qmap = {q.id: q for q in questions}
        tids = [t.id for t in treatments]
        rids = [r.id for r in rules]
        out: list[Invariant] = []
        seen: set[str] = set()
        for i, raw in enumerate(self.field(root, (), "invariants", S.RULE_SET) or []):
            ip = ("invariants", i)
            inv = self.obj(raw, ip, S.INVARIANT)
            if inv is None:
                continue
            iid = self.field(inv, ip, "id", S.INVARIANT)
            says = self.field(inv, ip, "says", S.INVARIANT)
            claims = self.claims(self.field(inv, ip, "claims", S.INVARIANT), ip + ("claims",), claim_ids)
            when = self.condition(inv.get("when"), ip + ("when",), qmap)
            unless = self.field(inv, ip, "unless_shown_at_least", S.INVARIANT)
            never = self.outcome_map(inv, ip, "never", tids)
            always = self.outcome_map(inv, ip, "always", tids)
            lists = {k: self.rule_ids(inv, ip, k, rids) for k in ("require", "require_any", "forbid")}
            if not (never or always or any(lists.values())) and not any(
                k in inv for k in ("never", "always", "require", "require_any", "forbid")
            ):
                self.p.add(
                    self.loc(ip),
                    "an invariant needs at least one of 'never', 'always', 'require', 'require_any' or 'forbid'",
                )
            if iid is None or says is None:
                continue
            if iid in seen:
                self.p.add(self.loc(ip + ("id",)), f"duplicate invariant id '{iid}'")
                continue
            seen.add(iid)
            out.append(
                Invariant(
                    iid,
                    says,
                    claims,
                    when,
                    unless,
                    never,
                    always,
                    lists["require"],
                    lists["require_any"],
                    lists["forbid"],
                    self.line(ip),
                )
            )
        return tuple(out)

    def outcome_map(
        self, inv: dict[str, Any], ip: Path, key: str, tids: list[str]
    ) -> tuple[tuple[str, frozenset[str]], ...]:
        raw = self.field(inv, ip, key, S.INVARIANT)
        if raw is None:
            return ()
        mp = ip + (key,)
        if not isinstance(raw, dict) or not raw:
            self.p.add(self.loc(mp), f"'{key}' should be a mapping of treatment ids to outcomes, not {_kind(raw)}")
            return ()
        out = []
        for tid, spec in raw.items():
            tp = mp + (tid,)
            if tid not in tids:
                self.p.add(
                    self.loc(tp, key=True),
                    f"unknown treatment '{tid}'",
                    suggest(str(tid), tids) or f"treatments: {', '.join(tids)}",
                )
                continue
            items = spec if isinstance(spec, list) else [spec]
            if not items:
                self.p.add(self.loc(tp), "an empty list of outcomes says nothing")
                continue
            got = set()
            for j, v in enumerate(items):
                vp = tp + (j,) if isinstance(spec, list) else tp
                v = self.string(v, vp, enum=OUTCOMES)
                if v is not None:
                    got.add(v)
            if got:
                out.append((tid, frozenset(got)))
        return tuple(out)

    def rule_ids(self, inv: dict[str, Any], ip: Path, key: str, rids: list[str]) -> tuple[str, ...]:
        raw = self.field(inv, ip, key, S.INVARIANT)
        out = []
        for j, v in enumerate(raw or []):
            vp = ip + (key, j)
            v = self.string(v, vp)
            if v is None:
                continue
            if v not in rids:
                self.p.add(
                    self.loc(vp),
                    f"unknown rule '{v}'",
                    suggest(v, rids) or "list the ids of rules under 'rules:'",
                )
                continue
            out.append(v)
        return tuple(out)


def build(doc: Document) -> RuleSet:
    return _Builder(doc).build()


def _span(nums: Iterable[int]) -> str:
    nums = sorted(nums)
    if not nums:
        return "(none)"
    if len(nums) > 2 and nums == list(range(nums[0], nums[-1] + 1)):
        return f"{nums[0]}-{nums[-1]}"
    return ", ".join(map(str, nums))
