"""Read a condition (a rule's ``when``, a question's ``ask_if``) into the model's ``All``/``AnyOf`` of tests.

The condition language is :mod:`scarhelp.conditions`'s; this module only checks
that what is written is one: a mapping of question ids to a value, a list of values
or ``{not: ...}``, or ``{any: [...]}`` one level deep, naming questions and options
that exist, and, for skip logic, only questions asked earlier.
"""

from __future__ import annotations

from typing import Any

from ..errors import kind as _kind
from ..model import ALWAYS, All, AnyOf, Condition, Question, Test
from ..yamldoc import Path
from . import refs
from .fields import Fields


class Conditions:
    """Reads the conditions of one rule file.

    ``unusable`` holds the ids of questions declared too badly to use (filled in by
    :func:`scarhelp.loading.questions.build_questions`): they were reported once, and a
    condition testing one is not reported again.
    """

    def __init__(self, r: Fields) -> None:
        self.r = r
        self.unusable: set[str] = set()

    def read(
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
        r = self.r
        if raw is None or raw == {}:
            return ALWAYS
        if not isinstance(raw, dict):
            r.p.add(r.loc(path), f"a condition should be a mapping of question ids to values, not {_kind(raw)}")
            return ALWAYS
        if "any" in raw:
            if len(raw) > 1:
                r.p.add(r.loc(path), "put 'any:' alone in its mapping; move the other tests into each branch")
            branches = raw["any"]
            if not isinstance(branches, list) or not branches:
                r.p.add(r.loc(path + ("any",)), "'any' needs a non-empty list of conditions")
                return ALWAYS
            out = []
            for i, b in enumerate(branches):
                bp = path + ("any", i)
                if isinstance(b, dict) and "any" in b:
                    r.p.add(r.loc(bp), "'any' cannot be nested inside 'any'")
                    continue
                c = self.read(b, bp, questions, earlier, owner, preferences)
                if isinstance(c, All):
                    out.append(c)
            return AnyOf(tuple(out))
        tests = []
        for qid, spec in raw.items():
            test = self.test(qid, spec, path + (qid,), questions, earlier, owner, preferences)
            if test is not None:
                tests.append(test)
        return All(tuple(tests))

    def test(
        self,
        qid: str,
        spec: Any,
        tp: Path,
        questions: dict[str, Question],
        earlier: set[str] | None,
        owner: str | None,
        preferences: bool,
    ) -> Test | None:
        """One ``question: value(s)`` test, or None when nothing usable is left of it."""
        r = self.r
        q = refs.question(r, qid, tp, questions, self.unusable)
        if q is None:
            return None
        if q.preference and not preferences:
            r.p.add(
                r.loc(tp, key=True),
                f"'{qid}' is a preference question (what matters to the person): no rule, skip condition "
                "or invariant may test it",
                "show it beside a treatment with against_values; to let it change a result, drop "
                "'preference: true' (check and diff then explore its answers too)",
            )
            return None
        if earlier is not None and qid not in earlier:
            what = "itself" if qid == owner else f"'{qid}', which comes later"
            r.p.add(
                r.loc(tp, key=True),
                f"the skip condition of '{owner}' refers to {what}",
                "a question can only depend on questions asked before it",
            )
            return None
        negated = False
        vpath = tp
        if isinstance(spec, dict):
            if set(spec) != {"not"}:
                r.p.add(r.loc(tp), "a test is a value, a list of values, or {not: value(s)}")
                return None
            negated, spec, vpath = True, spec["not"], tp + ("not",)
        items = spec if isinstance(spec, list) else [spec]
        if isinstance(spec, list) and not spec:
            r.p.add(r.loc(vpath), "an empty list of values can never hold")
            return None
        values = set()
        for i, v in enumerate(items):
            ipath = vpath + (i,) if isinstance(spec, list) else vpath
            v = r.doc.text(ipath, v)
            if not isinstance(v, str):
                r.p.add(r.loc(ipath), f"a value should be text, not {_kind(v)}")
                continue
            if refs.option(r, q, v, ipath):
                values.add(v)
        if not values:
            return None
        return Test(qid, frozenset(values), negated, r.line(tp))
