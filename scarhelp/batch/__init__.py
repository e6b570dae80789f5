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
with the input.  Results are memoised by the row's answers (real batches repeat
answer sets heavily), in a bounded cache, so a repeated answer set costs a
dictionary look-up and a write, not even a JSON parse; a new one goes through
the compiled fast path (:mod:`.fast`) unless it has a problem to report.

One job per module: :mod:`.rows` reads the input, :mod:`.evaluator` (with
:mod:`.fast` and :mod:`.lean`) turns a row into its record, :mod:`.sinks` writes
it; this module runs the one loop that joins them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import RuleSet
from .evaluator import CACHE_SIZE, Evaluator
from .lean import lean_record
from .rows import INPUT_FORMATS, detect_format, iter_rows, read_csv, read_jsonl
from .sinks import CSV_COLUMNS, OUTPUT_FORMATS, CsvSink, JsonlSink

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TextIO, TypeAlias

    from .rows import Row

    ErrorReporter: TypeAlias = Callable[[int, str], None]
    Progress: TypeAlias = Callable[[int], None]

__all__ = [
    "BATCH_FORMAT_VERSION",
    "CACHE_SIZE",
    "CSV_COLUMNS",
    "INPUT_FORMATS",
    "OUTPUT_FORMATS",
    "Evaluator",
    "Stats",
    "detect_format",
    "iter_rows",
    "lean_record",
    "read_csv",
    "read_jsonl",
    "run_batch",
    "run_jsonl",
]

BATCH_FORMAT_VERSION = 1


@dataclass
class Stats:
    rows: int = 0
    failed: int = 0
    stopped_early: bool = False


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

    The one loop of every batch, whatever the formats.  ``report_error(line,
    message)`` is called for each bad row (the CLI prints it on stderr);
    ``progress(rows_done)`` every few thousand rows.  Rows read with the
    evaluator's cache as ``seen`` (see :func:`~.rows.read_jsonl`) may come
    unparsed; the evaluator answers them from the cache.
    """
    ev = evaluator or Evaluator(rule_set, full=full and out_format != "csv")
    sink = (CsvSink if out_format == "csv" else JsonlSink)(out, rule_set)
    stats = Stats()
    outcome = ev.outcome
    ok_write = sink.ok
    n = 0
    for line, rid, answers, key, error in rows:
        n += 1
        if progress is not None and not n & 4095:
            progress(n)
        if error is None:
            ok, text = outcome(answers, key)
            if ok:
                ok_write(line, rid, text)
                continue
            error = text
        stats.failed += 1
        sink.error(line, rid, error)
        if report_error is not None:
            report_error(line, error)
        if fail_fast:
            stats.stopped_early = True
            break
    stats.rows = n
    return stats


def run_jsonl(
    lines: Iterable[bytes],
    out: TextIO,
    ev: Evaluator,
    fail_fast: bool = False,
    report_error: ErrorReporter | None = None,
    progress: Progress | None = None,
) -> Stats:
    """JSON Lines in, JSON Lines out: :func:`run_batch` over :func:`read_jsonl` with the
    evaluator's cache as ``seen``, so a repeated answer set is not even parsed."""
    rows = read_jsonl(lines, ev.cache)
    return run_batch(rows, out, ev.rule_set, "jsonl", fail_fast, ev.full, report_error, progress, ev)
