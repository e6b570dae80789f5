"""Evaluate many answer sets in one run: JSON Lines or CSV in, JSON Lines (or a CSV summary) out.

Output format (JSON Lines, one record per input row, in input order; version 1)
--------------------------------------------------------------------------------
Every record is one compact JSON object on one line.  A row that worked::

    {"id": "p-17", "line": 17,
     "recommendations": [{"treatment": "topical_creams", "strength": "best_fit",
                          "reasons": ["creams-shallow"],
                          "caveats": [{"rule": "creams-slow", "text": "...", "claims": [...], "references": [...]}],
                          "said": [{"text": "You said a long wait would bother you: ...", "claims": [...],
                                    "references": [...]}],
                          "claims": ["T1", "T3"], "references": [6, 7]}, ...],
     "general_caveats": [{"rule": "...", "text": "...", "claims": [...], "references": [...]}],
     "advice": [{"rule": "...", "text": "...", "claims": [...], "references": [...]}],
     "not_recommended": [{"treatment": "bellafill", "outcome": "not_suited", "rule": "bellafill-shallow-not-suited"},
                         {"treatment": "chemical_peel", "outcome": "not_shown", "rule": null}],
     "warnings": ["..."],
     "disclaimer": "... not medical advice ..."}

``reasons`` are the ids of the rules behind a recommendation; ``said`` holds its
notes set against what the person said matters (empty unless a "what matters to
you" answer calls for one); in
``not_recommended`` the ``outcome`` is ``not_suited`` (a rule ruled the
treatment out) or ``not_shown`` (no rule recommended it for these answers), and
``rule`` names the rule whose reason the report prints (``null``: none, so the
engine's own words).  Treatment names, benefits, harms and the wording of why a treatment
is not shown are in the full report: ``--full``, or ``scarhelp --format json``.

A row that did not (invalid JSON, not an object, unknown question or option,
answers missing for questions the skip logic asks)::

    {"id": "p-18", "line": 18, "error": "...", "disclaimer": "..."}

``id`` is the row's own ``id`` (JSON Lines) or ``id`` column (CSV), or the line
number when there is none; ``line`` is always the 1-based line number in the
input (for CSV, the line the row starts on).  ``recommendations`` are strongest
first, as in ``--format json``; ``--full`` replaces the lean record by the whole
``--format json`` report (still one line) with ``id`` and ``line`` added.

Why it is fast and flat
-----------------------
Rows are read, evaluated and written one at a time, so memory does not grow
with the input.  Results are memoised by the row's answers (the answer space is
small and real batches repeat answer sets heavily), in a bounded cache, so a
repeated answer set costs a JSON parse, a dictionary look-up and a write.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring

from . import flow
from .answers import validate_mapping
from .engine import evaluate
from .errors import AnswersError, InputError, kind
from .model import RuleSet

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable, Hashable
    from typing import Any, BinaryIO, TextIO, TypeAlias

    from .engine import Note, Result

    # (ok, the record's JSON text after its id and line or the error message, the record)
    Outcome: TypeAlias = tuple[bool, str, dict[str, Any] | None]
    ErrorReporter: TypeAlias = Callable[[int, str], None]
    Progress: TypeAlias = Callable[[int], None]

BATCH_FORMAT_VERSION = 1
CACHE_SIZE = 16384  # distinct answer sets remembered; bounds memory whatever the input
INPUT_FORMATS = ("jsonl", "csv")
OUTPUT_FORMATS = ("jsonl", "csv")
CSV_COLUMNS = ("id", "line", "best", "other_options", "advice", "error", "disclaimer")


@dataclass
class Stats:
    rows: int = 0
    failed: int = 0
    stopped_early: bool = False


# One input row, a plain tuple for speed: (line, id or None, answers dict or None,
# memo key or None, error message or None).  The id is a parsed JSON value.
if TYPE_CHECKING:
    Row: TypeAlias = tuple[int, Any, dict[str, Any] | None, Hashable | None, str | None]
else:
    Row = tuple


def detect_format(path: str, given: str | None) -> str:
    if given:
        return given
    lower = path.lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith((".jsonl", ".ndjson")) or path == "-":
        return "jsonl"
    raise InputError(f"{path}: cannot tell the input format from the file name; add --input-format jsonl or csv")


# -- reading ------------------------------------------------------------------


def _memo_key(obj: dict[str, Any]) -> tuple[tuple[str, object], ...] | None:
    """A hashable key equal only for rows that validate and evaluate identically.

    Text and lists of text are used as they are; other JSON values are tagged
    with their type so ``true`` and ``1`` (equal in Python) never share a result.
    """
    out: list[tuple[str, object]] = []
    for k, v in obj.items():
        cls = v.__class__
        if cls is str:
            out.append((k, v))
        elif cls is list:
            for x in v:
                if x.__class__ is not str:
                    return None
            out.append((k, tuple(v)))
        elif v is None or cls in (bool, int, float):
            out.append((k, (cls, v)))
        else:
            return None
    return tuple(out)


def read_jsonl(lines: Iterable[bytes]) -> Iterator[Row]:
    """Rows of a JSON Lines stream (lines as bytes); blank lines are skipped."""
    for n, raw in enumerate(lines, 1):
        row = _jsonl_row(n, raw)
        if row is not None:
            yield row


def _jsonl_row(n: int, raw: bytes) -> Row | None:
    """Parse one JSON Lines line into a row (None for a blank line).

    The memo key of a row is the text after its id when it starts with its id
    (the usual layout), or its whole text when it has no id: that text
    determines its answers exactly.  Texts with another "id" or a backslash
    escape (which could spell one) get :func:`_memo_key` of the parsed object.
    """
    if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (n, None, None, None, f"not valid UTF-8 (byte {exc.start} of the line)")
    try:
        obj = json.loads(text)
    except ValueError as exc:
        if not text.strip():
            return None  # a blank line is not a row
        return (n, None, None, None, f"invalid JSON: {exc}")
    if obj.__class__ is not dict:
        return (n, None, None, None, f"a row must be a JSON object of question id to answer, not {kind(obj)}")
    if "id" not in obj:
        if '"id"' not in text and "\\" not in text:
            return (n, None, obj, text, None)
        return (n, None, obj, _memo_key(obj), None)
    rid = obj.pop("id")
    cls = rid.__class__
    head = encode_basestring(rid) if cls is str else str(rid) if cls is int else None
    if head is not None:
        for start in ('{"id": ', '{"id":'):
            if text.startswith(start) and text.startswith(head, len(start)):
                rest = text[len(start) + len(head) :]
                if '"id"' not in rest and "\\" not in rest:
                    return (n, rid, obj, rest, None)
                break
    return (n, rid, obj, _memo_key(obj), None)


def run_jsonl(
    lines: Iterable[bytes],
    out: TextIO,
    ev: Evaluator,
    fail_fast: bool = False,
    report_error: ErrorReporter | None = None,
    progress: Progress | None = None,
) -> Stats:
    """JSON Lines in, JSON Lines out, with a fast path for repeated answer sets.

    A line ``{"id": "<plain id>"<rest>`` (or a line without id) whose rest was
    seen before in a valid row is the same answer set with another id: its
    record is written from the memo without parsing the line again.  The id
    must be plain (no backslash, quote or control character), so the line is
    valid JSON exactly when the earlier one was.  Everything else goes through
    :func:`_jsonl_row` and the evaluator.
    """
    sink = JsonlSink(out, ev)
    write = sink.write
    cache = ev.cache
    outcome = ev.outcome
    stats = Stats()
    n = 0
    for raw in lines:
        n += 1
        if progress is not None and not n & 4095:
            progress(n)
        if raw.startswith(b'{"id": "'):
            j = raw.find(b'"', 8)
            start = 8
        elif raw.startswith(b'{"id":"'):
            j = raw.find(b'"', 7)
            start = 7
        elif raw.startswith(b"{"):
            try:
                hit = cache.get(raw.decode())
            except UnicodeDecodeError:
                hit = None
            if hit is not None and hit[0]:
                write(f'{{"id":{n},"line":{n},{hit[1]}\n')
                continue
            j = -1
        else:
            j = -1
        if j > 0:
            rid_b = raw[start:j]
            if b"\\" not in rid_b:
                try:
                    rid = rid_b.decode()
                    hit = cache.get(raw[j + 1 :].decode())
                except UnicodeDecodeError:
                    hit = None
                if hit is not None and hit[0] and rid.isprintable():
                    write(f'{{"id":"{rid}","line":{n},{hit[1]}\n')
                    continue
        row = _jsonl_row(n, raw)
        if row is None:
            stats.rows -= 1  # a blank line is not a row
            continue
        line, rid, answers, key, error = row
        if error is None:
            assert answers is not None  # a row without an error has its answers
            ok, body, _record = outcome(answers, key)
            if ok:
                sink.ok(line, rid, body, None)
                continue
            error = body
        stats.failed += 1
        sink.error(line, rid, error)
        if report_error is not None:
            report_error(line, error)
        if fail_fast:
            stats.stopped_early = True
            stats.rows += n
            return stats
    stats.rows += n
    return stats


def read_csv(stream: io.TextIOBase, rule_set: RuleSet, name: str) -> Iterator[Row]:
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{name}: the CSV file is empty; its first row must name the questions") from None
    except csv.Error as exc:
        raise InputError(f"{name}:1: cannot read the CSV header: {exc}") from None
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    header = [h.strip() for h in header]
    _check_header(header, rule_set, name)
    id_col = header.index("id") if "id" in header else None
    many = {q.id for q in rule_set.questions if q.kind == "many"}
    columns = [(i, h, h in many) for i, h in enumerate(header) if i != id_col]
    width = len(header)
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield (start, None, None, None, f"cannot read the CSV row: {exc}")
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # blank line
        rid = cells[id_col].strip() or None if id_col is not None and id_col < len(cells) else None
        if len(cells) != width:
            yield (line, rid, None, None, f"the row has {len(cells)} cells but the header has {width}")
            continue
        answers: dict[str, Any] = {}
        for i, qid, is_many in columns:
            cell = cells[i].strip()
            if not cell:
                continue
            answers[qid] = [v.strip() for v in cell.split(";") if v.strip()] if is_many else cell
        key = tuple(c for i, c in enumerate(cells) if i != id_col)
        yield (line, rid, answers, key, None)


def _check_header(header: list[str], rule_set: RuleSet, name: str) -> None:
    from .errors import suggest

    ids = [q.id for q in rule_set.questions]
    problems = []
    seen: set[str] = set()
    for h in header:
        if h in seen:
            problems.append(f"the column '{h}' appears twice")
        seen.add(h)
        if h != "id" and rule_set.question(h) is None:
            hint = suggest(h, ids)
            problems.append(f"unknown question '{h}'" + (f" ({hint})" if hint else ""))
    if problems:
        raise InputError(
            f"{name}:1: the CSV header names the questions (and optionally 'id'): "
            + "; ".join(problems)
            + f"\nquestion ids: {', '.join(ids)}"
        )


# -- evaluating ---------------------------------------------------------------


class Evaluator:
    """The rule set compiled once, with results memoised by answers.

    ``outcome(answers, key)`` returns ``(ok, body, record)``: ``body`` is the
    JSON text of the record after its ``id`` and ``line`` or the error message;
    ``record`` the record itself when ``keep_records``.  Memory is bounded by
    ``cache_size`` entries.
    """

    def __init__(
        self, rule_set: RuleSet, full: bool = False, cache_size: int = CACHE_SIZE, keep_records: bool = False
    ) -> None:
        self.rule_set = rule_set
        self.full = full
        self.keep_records = keep_records  # the CSV summary needs the record; JSON Lines only its text
        self.cache_size = cache_size
        self.cache: dict[Hashable, Outcome] = {}
        self.disclaimer = rule_set.meta.disclaimer
        self._disclaimer_json = json.dumps(self.disclaimer, ensure_ascii=False)
        self.hits = self.misses = 0
        from .compiled import Compiled

        self.compiled = Compiled(rule_set)
        # preference answers change no rule, but they choose the against_values notes shown
        self.preferences = tuple(q.id for q in rule_set.questions if q.preference)
        self.by_outcome: dict[
            Hashable, tuple[str, dict[str, Any]]
        ] = {}  # (fired rules, preferences, warnings) -> (body, record): one per outcome

    def outcome(self, answers: dict[str, Any], key: Hashable | None) -> Outcome:
        if key is not None:
            hit = self.cache.get(key)
            if hit is not None:
                self.hits += 1
                return hit
        self.misses += 1
        result = self._compute(answers)
        if key is not None:
            if len(self.cache) >= self.cache_size:
                self.cache.clear()  # simple and bounded; real batches re-warm it at once
            self.cache[key] = result
        return result

    def _compute(self, answers: dict[str, Any]) -> Outcome:
        rs = self.rule_set
        try:
            clean, warnings = validate_mapping(answers, rs, "row")
        except AnswersError as exc:
            return False, _problems_text(exc), None
        todo = flow.missing(rs, clean, preferences=False)
        if todo:
            return False, "missing answers for: " + ", ".join(q.id for q in todo), None
        if not self.full:
            okey = (
                self.compiled.fired(clean),
                tuple(str(clean.get(q)) for q in self.preferences),
                tuple(str(w) for w in warnings),
            )
            done = self.by_outcome.get(okey)
            if done is None:
                record = lean_record(rs, evaluate(rs, clean, with_trace=False, fired=okey[0]), warnings)
                body = json.dumps(record, ensure_ascii=False, separators=(",", ":"))[1:]
                if len(self.by_outcome) >= self.cache_size:
                    self.by_outcome.clear()
                done = self.by_outcome[okey] = (body, record)
            return True, done[0], done[1] if self.keep_records else None
        result = evaluate(rs, clean, with_trace=False)
        if self.full:
            from .report import build_report

            record = {**build_report(rs, result, warnings)}  # the report's shape, read here as plain JSON
        else:
            record = lean_record(rs, result, warnings)
        body = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        return True, body[1:], record if self.keep_records else None


def lean_record(rule_set: RuleSet, result: Result, warnings: Iterable[object]) -> dict[str, Any]:
    """The per-row record of the JSON Lines output (see the module docstring)."""

    def note(n: Note) -> dict[str, Any]:
        return {"rule": n.rule, "text": n.text, "claims": list(n.claims), "references": list(n.refs)}

    return {
        "recommendations": [
            {
                "treatment": rec.treatment,
                "strength": rec.strength,
                "reasons": [r.rule for r in rec.reasons],
                "caveats": [note(c) for c in rec.caveats],
                "said": [{"text": s.text, "claims": list(s.claims), "references": list(s.refs)} for s in rec.said],
                "claims": list(rec.claims),
                "references": list(rule_set.refs_for(rec.claims)),
            }
            for rec in result.recommendations
        ],
        "general_caveats": [note(n) for n in result.general_caveats],
        "advice": [note(n) for n in result.advice],
        "not_recommended": [
            {"treatment": ns.treatment, "outcome": ns.outcome, "rule": ns.rule} for ns in result.not_recommended
        ],
        "warnings": [str(w) for w in warnings],
        "disclaimer": rule_set.meta.disclaimer,
    }


def _problems_text(exc: AnswersError) -> str:
    if not exc.problems:
        return exc.message
    parts = []
    for p in exc.problems:
        text = p.message
        if p.hint:
            text += f" ({p.hint})"
        parts.append(text)
    return "; ".join(parts)


# -- writing ------------------------------------------------------------------


def _id_json(rid: Any) -> str:  # Any: a parsed JSON value, or the line number
    cls = rid.__class__
    if cls is int:
        return str(rid)
    if cls is str:
        return encode_basestring(rid)
    return json.dumps(rid, ensure_ascii=False)


class JsonlSink:
    def __init__(self, out: TextIO, evaluator: Evaluator) -> None:
        self.write = out.write
        self.disclaimer_json = evaluator._disclaimer_json

    def ok(self, line: int, rid: object, body: str, record: dict[str, Any] | None) -> None:
        self.write(f'{{"id":{_id_json(line if rid is None else rid)},"line":{line},{body}\n')

    def error(self, line: int, rid: object, message: str) -> None:
        self.write(
            f'{{"id":{_id_json(line if rid is None else rid)},"line":{line},'
            f'"error":{json.dumps(message, ensure_ascii=False)},"disclaimer":{self.disclaimer_json}}}\n'
        )


class CsvSink:
    """The summary table: one row per input row; the disclaimer is a column so it
    survives any filtering or sorting in a spreadsheet."""

    def __init__(self, out: TextIO, evaluator: Evaluator) -> None:
        self.writer = csv.writer(out, lineterminator="\n")
        self.writer.writerow(CSV_COLUMNS)
        self.disclaimer = evaluator.disclaimer
        self.rule_set = evaluator.rule_set
        self.summaries: dict[str, tuple[str, str, str]] = {}

    def ok(self, line: int, rid: object, body: str, record: dict[str, Any] | None) -> None:
        summary = self.summaries.get(body)
        if summary is None:
            assert record is not None  # the CSV output keeps the records (keep_records)
            if len(self.summaries) >= CACHE_SIZE:
                self.summaries.clear()
            summary = self.summaries[body] = _summary(self.rule_set, record)
        self.writer.writerow((line if rid is None else rid, line, *summary, "", self.disclaimer))

    def error(self, line: int, rid: object, message: str) -> None:
        self.writer.writerow((line if rid is None else rid, line, "", "", "", message, self.disclaimer))


def _summary(rule_set: RuleSet, record: dict[str, Any]) -> tuple[str, str, str]:
    """(best, other options, advice) in words, for the CSV summary."""
    from .model import STRENGTH_LABELS

    recs = record["recommendations"]

    def name(r: dict[str, Any]) -> str:
        t = rule_set.treatment(r["treatment"])
        return f"{t.name if t else r['treatment']} ({STRENGTH_LABELS.get(r['strength'], r['strength'])})"

    best = [r for r in recs if r["strength"] == recs[0]["strength"]] if recs else []
    others = [r for r in recs if r not in best]
    advice = [a["text"] for a in record["advice"]]
    return "; ".join(map(name, best)), "; ".join(map(name, others)), " | ".join(advice)


# -- the run ------------------------------------------------------------------


def iter_rows(stream: BinaryIO, fmt: str, rule_set: RuleSet, name: str) -> Iterator[Row]:
    if fmt == "jsonl":
        return read_jsonl(stream)
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    return _csv_rows_checked(text, rule_set, name)


def _csv_rows_checked(text: io.TextIOBase, rule_set: RuleSet, name: str) -> Iterator[Row]:
    try:
        yield from read_csv(text, rule_set, name)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: the CSV file is not valid UTF-8 (byte {exc.start}); save it as UTF-8") from None


def run_batch(
    rows: Iterable[Row],
    out: TextIO,
    rule_set: RuleSet,
    out_format: str = "jsonl",
    fail_fast: bool = False,
    full: bool = False,
    report_error: ErrorReporter | None = None,
    progress: Progress | None = None,
    evaluator: Evaluator | None = None,
) -> Stats:
    """Evaluate ``rows`` and write one record each to ``out``; return counts.

    ``report_error(line, message)`` is called for each bad row (the CLI prints it
    on stderr); ``progress(rows_done)`` every few thousand rows.
    """
    ev = evaluator or Evaluator(rule_set, full=full and out_format != "csv", keep_records=out_format == "csv")
    sink = (CsvSink if out_format == "csv" else JsonlSink)(out, ev)
    stats = Stats()
    outcome = ev.outcome
    ok_write = sink.ok
    n = 0
    for line, rid, answers, key, error in rows:
        n += 1
        if progress is not None and not n & 4095:
            progress(n)
        if error is None:
            assert answers is not None  # a row without an error has its answers
            ok, body, record = outcome(answers, key)
            if ok:
                ok_write(line, rid, body, record)
                continue
            error = body
        stats.failed += 1
        sink.error(line, rid, error)
        if report_error is not None:
            report_error(line, error)
        if fail_fast:
            stats.stopped_early = True
            break
    stats.rows = n
    return stats
