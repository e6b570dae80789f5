"""Build a rule file's questions and their options, skip logic (``ask_if``) included.

Skip conditions are read after every question, because they may name any question
asked before their own (and only those): the order of the file is the order asked.
"""

from __future__ import annotations

from typing import Any

from .. import schema as S
from ..errors import suggest
from ..model import ALWAYS, Option, Question
from ..yamldoc import Path
from .fields import Fields
from .when import Conditions

YES_NO = (Option("yes", "Yes"), Option("no", "No"))


def build_questions(r: Fields, root: dict[str, Any], when: Conditions) -> tuple[Question, ...]:
    """The questions in file order; those declared too badly to use go to ``when.unusable``."""
    out: list[Question] = []
    raw = r.field(root, (), "questions", S.RULE_SET) or []
    # where each question id stands, for "skip logic may only look back"; malformed ids
    # are reported below, so here they are only left out
    order: dict[str, int] = {}
    for i, q in enumerate(raw):
        qid = r.doc.text(("questions", i, "id"), q.get("id")) if isinstance(q, dict) else None
        if isinstance(qid, str):
            order.setdefault(qid, i)
    known: dict[str, Question] = {}
    pending_conditions = []
    for i, q in enumerate(raw):
        qp = ("questions", i)
        q = r.obj(q, qp, S.QUESTION)
        if q is None:
            continue
        qid = r.field(q, qp, "id", S.QUESTION)
        text = r.field(q, qp, "text", S.QUESTION)
        kind = r.field(q, qp, "kind", S.QUESTION)
        help_ = r.field(q, qp, "help", S.QUESTION) or ""
        options = build_options(r, q, qp, kind)
        if qid is None or text is None or kind is None:
            when.unusable.update(_meant_ids(q, qid))
            continue
        if qid in known:
            r.p.add(r.loc(qp + ("id",)), f"duplicate question id '{qid}'")
            continue
        preference = bool(r.field(q, qp, "preference", S.QUESTION))
        question = Question(qid, text, kind, options, help_, ALWAYS, r.line(qp), preference)
        known[qid] = question
        out.append(question)
        if "ask_if" in q:
            pending_conditions.append((len(out) - 1, q["ask_if"], qp + ("ask_if",), qid))
    # Skip conditions may only look back: a question cannot depend on one not asked yet.
    for idx, raw_cond, cp, qid in pending_conditions:
        before = {k for k, n in order.items() if n < order.get(qid, 0)}
        cond = when.read(raw_cond, cp, known, earlier=before, owner=qid)
        out[idx] = out[idx].replace(ask_if=cond)
    return tuple(out)


def _meant_ids(q: dict[str, Any], qid: object) -> set[str]:
    """The id a broken question was meant to have: its own, or the text under a misspelt 'id' key."""
    if isinstance(qid, str):
        return {qid}
    return {v for k, v in q.items() if isinstance(v, str) and k != "id" and suggest(k, ["id"])}


def build_options(r: Fields, q: dict[str, Any], qp: Path, kind: object) -> tuple[Option, ...]:
    """A question's options; a yes_no question without any gets yes and no."""
    raw = r.field(q, qp, "options", S.QUESTION)
    if raw is None:
        if kind == "yes_no":
            return YES_NO
        if kind in ("one", "many"):
            r.p.add(r.loc(qp), "this question has no options", "add an 'options:' list")
        return ()
    if not raw and kind in ("one", "many"):
        r.p.add(r.loc(qp + ("options",)), "this question has no options")
    out: list[Option] = []
    seen: set[str] = set()
    unsure_at: str | None = None
    for j, o in enumerate(raw):
        op = qp + ("options", j)
        o = r.obj(o, op, S.OPTION)
        if o is None:
            continue
        value = r.field(o, op, "value", S.OPTION)
        label = r.field(o, op, "label", S.OPTION)
        help_ = r.field(o, op, "help", S.OPTION) or ""
        exclusive = bool(r.field(o, op, "exclusive", S.OPTION))
        unsure = bool(r.field(o, op, "unsure", S.OPTION))
        if exclusive and kind != "many":
            r.p.add(r.loc(op + ("exclusive",), key=True), "'exclusive' only makes sense in a 'many' question")
        if unsure and kind == "many":
            r.p.add(
                r.loc(op + ("unsure",), key=True),
                "'unsure' marks the 'not sure' answer of a 'one' or 'yes_no' question, not a 'many' one",
                "in a 'many' question, make 'not sure' an exclusive option instead",
            )
        elif unsure and unsure_at is not None:
            r.p.add(
                r.loc(op + ("unsure",), key=True),
                f"a question has one 'not sure' answer; '{unsure_at}' is already marked unsure",
            )
        elif unsure and value is not None:
            unsure_at = value
        if value is None or label is None:
            continue
        if value in seen:
            r.p.add(r.loc(op + ("value",)), f"duplicate option value '{value}'")
            continue
        seen.add(value)
        out.append(Option(value, label, help_, exclusive, r.line(op), unsure and kind != "many"))
    if kind == "yes_no" and out and not {"yes", "no"} <= seen:
        r.p.add(r.loc(qp + ("options",)), "a yes_no question needs the options 'yes' and 'no'")
    if kind == "one" and 0 < len(out) < 2:
        r.p.add(r.loc(qp + ("options",)), "a question needs at least two options to choose from")
    return tuple(out)
