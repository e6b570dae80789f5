"""Answers files: read and check them against the questionnaire, and save them.

An answers file is a YAML (or JSON) mapping of question id to option value, a
list of values for multiple choice.  Everything wrong is reported at once with
its line and the allowed values, because the person fixing it needs all of it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from . import flow
from .errors import AnswersError, Location, ProblemList
from .loader import suggest
from .model import Question, RuleSet
from .source import Document, load_yaml, problems_error, read_text

_TRUTHY = {"true": "yes", "false": "no", "True": "yes", "False": "no", "on": "yes", "off": "no"}


def read_answers(path: str) -> Document:
    """Parse an answers file (``-`` for stdin) into a document with positions."""
    name = "<stdin>" if path == "-" else path
    text = read_text(path, "answers file")
    if not text.strip():
        raise AnswersError(f"{name}: the answers file is empty")
    return load_yaml(text, name, "answers file")


def load_answers(path: str, rule_set: RuleSet) -> tuple[dict, list]:
    """Read and validate an answers file; returns (answers, warnings)."""
    return validate(read_answers(path), rule_set)


def validate(doc: Document, rule_set: RuleSet) -> tuple[dict, list]:
    """Check every answer against its question; raise listing all problems, else
    return the usable answers and warnings (answers the skip logic ignores)."""
    p = ProblemList()
    data = doc.data
    if not isinstance(data, dict):
        raise AnswersError(
            f"{doc.loc(())}: an answers file is a mapping of question id to answer, "
            f"e.g. 'scar_type: sunken'; found {_kind(data)}"
        )
    ids = [q.id for q in rule_set.questions]
    answers: dict[str, Any] = {}
    for key, raw in data.items():
        q = rule_set.question(str(key))
        if raw is None and q is not None:
            continue  # left blank (as in a template): not answered yet
        if q is None:
            p.add(
                doc.loc((key,), key=True),
                f"unknown question '{key}'",
                suggest(key, ids) or "see 'scarhelp questions' for the question ids",
            )
            continue
        value = check_answer(q, raw, (key,), doc, p)
        if value is not None:
            answers[q.id] = value
    if p.errors:
        raise problems_error(AnswersError, f"{doc.file}: {len(p.errors)} problem(s) in the answers", p.errors)
    for qid in flow.skipped_answers(rule_set, answers):
        p.warn(
            doc.loc((qid,), key=True),
            f"'{qid}' is not asked with these answers (skip logic), so its answer is ignored",
        )
    return flow.prune(rule_set, answers), p.warnings


def check_answer(q: Question, raw: Any, path, doc: Document | None, p: ProblemList):
    """One answer, normalised: a str, or a sorted tuple for multiple choice."""
    loc = doc.loc(path) if doc else Location("<answers>", path=".".join(map(str, path)))
    allowed = ", ".join(q.values)

    def one(value, vpath) -> str | None:
        if doc is not None:
            value = doc.text(vpath, value)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        if isinstance(value, (int, float)):
            value = str(value)
        if not isinstance(value, str):
            p.add(doc.loc(vpath) if doc else loc, f"'{q.id}': expected one of {allowed}, found {_kind(value)}")
            return None
        if q.kind == "yes_no" and value in _TRUTHY:
            value = _TRUTHY[value]
        if q.option(value) is None:
            p.add(
                doc.loc(vpath) if doc else loc,
                f"'{value}' is not an answer to '{q.id}'; allowed: {allowed}",
                suggest(value, q.values),
            )
            return None
        return value

    if q.kind == "many":
        items = raw if isinstance(raw, list) else [raw]
        if isinstance(raw, dict) or raw is None:
            p.add(loc, f"'{q.id}': expected a list of values from {allowed}, found {_kind(raw)}")
            return None
        if not items:
            p.add(loc, f"'{q.id}': choose at least one of {allowed}")
            return None
        values = []
        for i, item in enumerate(items):
            v = one(item, path + (i,) if isinstance(raw, list) else path)
            if v is not None and v not in values:
                values.append(v)
        exclusive = [v for v in values if q.option(v).exclusive]
        if exclusive and len(values) > 1:
            p.add(loc, f"'{q.id}': '{exclusive[0]}' cannot be combined with other choices")
            return None
        return tuple(sorted(values)) if len(values) == len(items) else None
    if isinstance(raw, (list, dict)) or raw is None:
        p.add(loc, f"'{q.id}' takes a single answer, one of {allowed}; found {_kind(raw)}")
        return None
    return one(raw, path)


def validate_mapping(answers: Mapping, rule_set: RuleSet, where: str = "<answers>") -> tuple[dict, list]:
    """Validate answers that did not come from a file (batch rows, API callers)."""
    p = ProblemList()
    out: dict[str, Any] = {}
    ids = [q.id for q in rule_set.questions]
    for key, raw in answers.items():
        q = rule_set.question(str(key))
        if q is None:
            p.add(Location(where, path=str(key)), f"unknown question '{key}'", suggest(key, ids))
            continue
        value = check_answer(q, raw, (key,), None, p)
        if value is not None:
            out[q.id] = value
    if p.errors:
        raise AnswersError(f"{where}: {len(p.errors)} problem(s) in the answers", p.errors)
    warnings = [
        f"'{qid}' is not asked with these answers (skip logic); ignored" for qid in flow.skipped_answers(rule_set, out)
    ]
    return flow.prune(rule_set, out), warnings


def dump_answers(answers: Mapping, rule_set: RuleSet) -> str:
    """An answers file, in question order, with each question as a comment."""
    lines = [
        "# scarhelp answers file: question id -> answer. Re-run with: scarhelp --answers FILE",
        f"# rule set: {rule_set.meta.title} {rule_set.meta.version}",
    ]
    for q in rule_set.questions:
        if q.id not in answers:
            continue
        lines.append(f"# {q.text}")
        value = answers[q.id]
        if isinstance(value, (list, tuple)):
            lines.append(f"{q.id}: [{', '.join(json.dumps(v) for v in value)}]")
        else:
            lines.append(f"{q.id}: {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def _kind(value: Any) -> str:
    from .loader import _kind as kind

    return kind(value)
