"""Answers files: read and check them against the questionnaire, and save them.

An answers file is a YAML (or JSON) mapping of question id to option value, a
list of values for multiple choice.  Everything wrong is reported at once with
its line and the allowed values, because the person fixing it needs all of it.

A file in one of the everyday shapes (a JSON object, or flat ``key: value``
YAML as ``--save-answers`` writes it) whose answers are all valid is read
without PyYAML (:mod:`scarhelp.quickread`): importing PyYAML costs more than the
rest of such a run.  Any other file, and any file with a problem, goes through
the YAML reader, which knows where every value is, so the messages are the
same whichever way the file was written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from . import flow
from .errors import AnswersError, Location, ProblemList, suggest
from .errors import kind as _kind
from .fileio import read_text
from .i18n import _, ngettext

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from typing import Any, TypedDict

    from .errors import Problem
    from .model import Answer, Question, RuleSet
    from .yamldoc import Document, Path

    class Stamp(TypedDict):
        """A recorded ``_rules`` value (``options`` None when not recorded)."""

        title: str
        version: str
        options: dict[str, list[str]] | None

    class Origin(Stamp):
        """A :class:`Stamp`, and the questions whose answers were left out as stale."""

        stale: list[str]


_TRUTHY = {"true": "yes", "false": "no", "True": "yes", "False": "no", "on": "yes", "off": "no"}


def read_answers(path: str) -> Document:
    """Parse an answers file (``-`` for stdin) into a document with positions."""
    return _parse(*_read(path))


def load_answers(path: str, rule_set: RuleSet) -> tuple[dict[str, Answer], list[Problem]]:
    """Read and validate an answers file; returns (answers, warnings)."""
    answers, warnings, _origin = load_answers_file(path, rule_set)
    return answers, warnings


def load_answers_file(path: str, rule_set: RuleSet) -> tuple[dict[str, Answer], list[Problem], Origin | None]:
    """Read and validate an answers file; returns (answers, warnings, origin).

    ``origin`` is None for a file that does not say which rule set it was saved
    with; otherwise ``{title, version, options, stale}``, where ``stale`` lists the
    questions that are new in ``rule_set`` or whose options changed since: their
    answers (if any) are left out, so that they are asked again.
    """
    text, name = _read(path)
    quick = _quick(text, rule_set)
    if quick is not None:
        return quick
    return validate_file(_parse(text, name), rule_set)


RULES_KEY = "_rules"
"""The reserved key of an answers file that records the rule set it was saved with:
``{title, version, options: {question id: [option values]}}``.  Not a question."""


def rules_stamp(rule_set: RuleSet) -> Stamp:
    """What ``--save-answers`` records under ``_rules``."""
    return {
        "title": rule_set.meta.title,
        "version": rule_set.meta.version,
        "options": {q.id: list(q.values) for q in rule_set.questions},
    }


def _stamp(raw: object) -> Stamp | str:
    """A recorded ``_rules`` value as ``{title, version, options}`` (options None when
    not recorded), or a message saying what is wrong with it."""
    if not isinstance(raw, dict):
        return _("expected a mapping of title, version and options, found {kind}").format(kind=_kind(raw))
    for key in raw:
        if key not in ("title", "version", "options"):
            return _("unknown key '{key}' (it records the rule set's title, version and options)").format(key=key)
    for key in ("title", "version"):
        if not isinstance(raw.get(key), str):
            return _("'{key}' must be text, found {kind}").format(key=key, kind=_kind(raw.get(key)))
    options = raw.get("options")
    if options is not None:
        if not isinstance(options, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in options.values()
        ):
            return _("'options' maps each question id to the list of its option values")
        options = {str(k): v for k, v in options.items()}
    return {"title": raw["title"], "version": raw["version"], "options": options}


def _stale(stamp: Stamp, rule_set: RuleSet) -> list[str]:
    """The questions new in ``rule_set`` or whose option values differ from the stamp's."""
    saved = stamp["options"]
    if saved is None:
        return []  # not recorded: only missing answers can be found
    return [q.id for q in rule_set.questions if q.id not in saved or set(saved[q.id]) != set(q.values)]


def _origin(stamp: Stamp, rule_set: RuleSet) -> Origin:
    return {**stamp, "stale": _stale(stamp, rule_set)}


def _read(path: str) -> tuple[str, str]:
    name = "<stdin>" if path == "-" else path
    text = read_text(path, _("answers file"))
    if not text.strip():
        raise AnswersError(_("{file}: the answers file is empty").format(file=name))
    return text, name


def _parse(text: str, name: str) -> Document:
    from .yamldoc import load_yaml

    return load_yaml(text, name, _("answers file"))


def _quick(text: str, rule_set: RuleSet) -> tuple[dict[str, Answer], list[Problem], Origin | None] | None:
    """The answers, when ``text`` has one of the simple shapes and holds only valid
    answers and nothing the skip logic ignores; otherwise None.  Only then do the
    two readers agree value for value, so only then is this path taken.
    """
    from .quickread import flat_mapping

    data = flat_mapping(text)
    if data is None:
        return None
    origin = None
    if RULES_KEY in data:
        stamp = _stamp(data[RULES_KEY])
        if isinstance(stamp, str):
            return None  # the YAML reader says where
        origin = _origin(stamp, rule_set)
        if origin["stale"] or stamp["options"] is None:
            return None  # answers to leave out, or no record of the options: the full reader
        data = {k: v for k, v in data.items() if k != RULES_KEY}
    p = ProblemList()
    answers: dict[str, Any] = {}
    for key, raw in data.items():
        q = rule_set.question(key)
        if q is None or not _plain(raw, q.kind == "yes_no"):
            return None
        if raw is not None:
            value = check_answer(q, raw, (key,), None, p)
            if p.problems or value is None:
                return None
            answers[q.id] = value
    if flow.skipped_answers(rule_set, answers):
        return None  # warnings need line numbers
    return flow.prune(rule_set, answers), [], origin


def _plain(raw: object, bool_ok: bool) -> bool:
    if raw is None or isinstance(raw, str) or (bool_ok and isinstance(raw, bool)):
        return True
    return isinstance(raw, list) and all(isinstance(v, str) for v in raw)


def validate(doc: Document, rule_set: RuleSet) -> tuple[dict[str, Answer], list[Problem]]:
    """Check every answer against its question; raise listing all problems, else
    return the usable answers and warnings (answers the skip logic ignores)."""
    answers, warnings, _origin = validate_file(doc, rule_set)
    return answers, warnings


def validate_file(doc: Document, rule_set: RuleSet) -> tuple[dict[str, Answer], list[Problem], Origin | None]:
    """:func:`validate`, and the file's ``_rules`` record (see :func:`load_answers_file`)."""
    p = ProblemList()
    data = doc.data
    if not isinstance(data, dict):
        raise AnswersError(
            _(
                "{location}: an answers file is a mapping of question id to answer, e.g. 'scar_type: sunken'; found {kind}"
            ).format(location=doc.loc(()), kind=_kind(data))
        )
    ids = [q.id for q in rule_set.questions]
    answers: dict[str, Any] = {}
    origin = None
    if RULES_KEY in data:
        stamp = _stamp(data[RULES_KEY])
        if isinstance(stamp, str):
            p.add(
                doc.loc((RULES_KEY,)),
                _("'{key}' records the rule set the answers were saved with: {problem}").format(
                    key=RULES_KEY, problem=stamp
                ),
            )
        else:
            origin = _origin(stamp, rule_set)
    stale = set(origin["stale"]) if origin else set()
    saved_ids = set(origin["options"] or ()) if origin else set()
    for key, raw in data.items():
        if key == RULES_KEY:
            continue
        q = rule_set.question(str(key))
        if raw is None and q is not None:
            continue  # left blank (as in a template): not answered yet
        if q is not None and q.id in stale:
            continue  # its options changed since the file was saved: asked again
        if q is None and origin is not None and str(key) in saved_ids:
            p.warn(
                doc.loc((key,), key=True),
                _(
                    "'{key}' is not a question of this rule set (version {version}); "
                    "the file was saved with version {saved}, so its answer is ignored"
                ).format(key=key, version=rule_set.meta.version, saved=origin["version"]),
            )
            continue
        if q is None:
            p.add(
                doc.loc((key,), key=True),
                _("unknown question '{key}'").format(key=key),
                suggest(key, ids) or _("see 'scarhelp questions' for the question ids"),
            )
            continue
        value = check_answer(q, raw, (key,), doc, p)
        if value is not None:
            answers[q.id] = value
    if p.errors:
        from .yamldoc import problems_error

        n = len(p.errors)
        message = ngettext("{file}: {n} problem in the answers", "{file}: {n} problems in the answers", n)
        raise problems_error(AnswersError, message.format(file=doc.file, n=n), p.errors)
    if stale:
        # the answers left out may be what makes a later question asked: the skip
        # logic is applied once they are given again
        return answers, p.warnings, origin
    for qid in flow.skipped_answers(rule_set, answers):
        p.warn(
            doc.loc((qid,), key=True),
            _("'{question}' is not asked with these answers (skip logic), so its answer is ignored").format(
                question=qid
            ),
        )
    return flow.prune(rule_set, answers), p.warnings, origin


def check_answer(q: Question, raw: Any, path: Path, doc: Document | None, p: ProblemList) -> Answer | None:
    """One answer, normalised: a str, or a sorted tuple for multiple choice."""
    loc = doc.loc(path) if doc else Location("<answers>", path=".".join(map(str, path)))
    allowed = ", ".join(q.values)

    def one(value: object, vpath: Path) -> str | None:
        if doc is not None:
            value = doc.text(vpath, value)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        if isinstance(value, (int, float)):
            value = str(value)
        if not isinstance(value, str):
            p.add(
                doc.loc(vpath) if doc else loc,
                _("'{question}': expected one of {allowed}, found {kind}").format(
                    question=q.id, allowed=allowed, kind=_kind(value)
                ),
            )
            return None
        if q.kind == "yes_no" and value in _TRUTHY:
            value = _TRUTHY[value]
        if q.option(value) is None:
            p.add(
                doc.loc(vpath) if doc else loc,
                _("'{value}' is not an answer to '{question}'; allowed: {allowed}").format(
                    value=value, question=q.id, allowed=allowed
                ),
                suggest(value, q.values),
            )
            return None
        return value

    if q.kind == "many":
        items = raw if isinstance(raw, list) else [raw]
        if isinstance(raw, dict) or raw is None:
            p.add(
                loc,
                _("'{question}': expected a list of values from {allowed}, found {kind}").format(
                    question=q.id, allowed=allowed, kind=_kind(raw)
                ),
            )
            return None
        if not items:
            p.add(loc, _("'{question}': choose at least one of {allowed}").format(question=q.id, allowed=allowed))
            return None
        values = []
        failed = False
        for i, item in enumerate(items):
            v = one(item, path + (i,) if isinstance(raw, list) else path)
            if v is None:
                failed = True  # one() has said why
            elif v not in values:  # a choice listed twice is still one choice
                values.append(v)
        exclusive = [v for v in values if (opt := q.option(v)) is not None and opt.exclusive]
        if exclusive and len(values) > 1:
            p.add(
                loc,
                _("'{question}': '{value}' cannot be combined with other choices").format(
                    question=q.id, value=exclusive[0]
                ),
            )
            return None
        return None if failed else tuple(sorted(values))
    if isinstance(raw, (list, dict)) or raw is None:
        p.add(
            loc,
            _("'{question}' takes a single answer, one of {allowed}; found {kind}").format(
                question=q.id, allowed=allowed, kind=_kind(raw)
            ),
        )
        return None
    return one(raw, path)


def validate_mapping(
    answers: Mapping[str, object], rule_set: RuleSet, where: str = "<answers>"
) -> tuple[dict[str, Answer], list[str]]:
    """Validate answers that did not come from a file (batch rows, API callers)."""
    p = ProblemList()
    out: dict[str, Any] = {}
    ids = [q.id for q in rule_set.questions]
    for key, raw in answers.items():
        q = rule_set.question(str(key))
        if q is None:
            p.add(Location(where, path=str(key)), _("unknown question '{key}'").format(key=key), suggest(key, ids))
            continue
        value = check_answer(q, raw, (key,), None, p)
        if value is not None:
            out[q.id] = value
    if p.errors:
        n = len(p.errors)
        message = ngettext("{file}: {n} problem in the answers", "{file}: {n} problems in the answers", n)
        raise AnswersError(message.format(file=where, n=n), p.errors)
    kept = flow.prune(rule_set, out)
    warnings = [
        _("'{question}' is not asked with these answers (skip logic); ignored").format(question=qid)
        for qid in out
        if qid not in kept
    ]
    return kept, warnings


def parse_sets(items: list[str], rule_set: RuleSet) -> dict[str, Answer]:
    """Answers given on the command line as ``--set QUESTION=VALUE`` (``VALUE,VALUE``
    for "choose one or more"), checked exactly as an answers file is: every problem
    at once, with the allowed values and a did-you-mean.  A later ``--set`` of the
    same question wins."""
    p = ProblemList()
    answers: dict[str, Any] = {}
    ids = [q.id for q in rule_set.questions]
    for item in items:
        where = Location(f"--set {item}")
        key, sep, raw = item.partition("=")
        key, raw = key.strip(), raw.strip()
        if not sep or not key:
            p.add(where, _("expected QUESTION=VALUE, e.g. --set scar_type=sunken"))
            continue
        q = rule_set.question(key)
        if q is None:
            p.add(
                where,
                _("unknown question '{key}'").format(key=key),
                suggest(key, ids) or _("see 'scarhelp questions' for the question ids"),
            )
            continue
        if not raw:
            p.add(
                where,
                _("'{question}': give a value, one of {allowed}").format(question=q.id, allowed=", ".join(q.values)),
            )
            continue
        if q.kind == "many" and q.option(raw) is None:
            value: Any = [v.strip() for v in raw.split(",")]
        else:
            value = raw
        found = ProblemList()
        checked = check_answer(q, value, (key,), None, found)
        for problem in found.problems:
            p.add(where, problem.message, problem.hint)
        if checked is not None and not found.problems:
            answers[q.id] = checked
    if p.errors:
        n = len(p.errors)
        message = ngettext(
            "--set: {n} problem in the answers given on the command line",
            "--set: {n} problems in the answers given on the command line",
            n,
        )
        raise AnswersError(message.format(n=n), p.errors)
    return answers


def dump_answers(answers: Mapping[str, Answer], rule_set: RuleSet) -> str:
    """An answers file, in question order, with each question as a comment."""
    lines = [
        "# " + _("scarhelp answers file: question id -> answer. Re-run with: scarhelp --answers FILE"),
        "# " + _("rule set: {title} {version}").format(title=rule_set.meta.title, version=rule_set.meta.version),
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
    lines.append("# " + _("the rule set these answers were given to (not a question; read to spot changed questions):"))
    lines.append(f"{RULES_KEY}: {json.dumps(rules_stamp(rule_set), ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
