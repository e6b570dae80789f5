"""``scarhelp batch FILE``: evaluate many answer sets (JSON Lines or CSV), one result each."""

from __future__ import annotations

from ..i18n import _
from ._common import add_rules_option, new_parser

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from typing import BinaryIO, TextIO

    from rich.console import Console

    from ..batch import Progress, Stats
    from ._common import Subparsers

EPILOG = """\
input:
  JSON Lines (.jsonl, .ndjson; the default for '-'): one object per line,
    {"id": "p1", "scar_type": "sunken", "tried": ["creams", "peel"], ...}
    "id" is optional (the line number is used instead).
  CSV (.csv): a header row of question ids (and optionally 'id'), one row per
    answer set; multiple choice as 'creams;peel'; an empty cell = not answered.

output (JSON Lines, one line per input row, in input order):
  {"id": ..., "line": N, "recommendations": [{"treatment", "strength",
   "reasons": [rule ids], "caveats", "said", "claims", "references"}], "general_caveats",
   "advice", "not_recommended", "warnings", "disclaimer"}
  (treatment ids only: names, benefits and harms are in the --full report)
  a bad row gives {"id": ..., "line": N, "error": "...", "disclaimer": ...} and a
  message on stderr; --full gives the whole '--format json' report per row;
  --format csv gives a summary table (id, line, best, other_options, advice,
  error, disclaimer).

exit codes: 0 every row evaluated, 1 some row failed, 2 unreadable input or rules,
            130 interrupted (an existing --output file is left untouched).
Informational only - not medical advice.
"""


def register(sub: Subparsers) -> None:
    p = new_parser(
        sub,
        "batch",
        _("evaluate many answer sets (JSON Lines or CSV)"),
        _("Evaluate every answer set in FILE with the rules and write one result per row."),
    )
    p.epilog = EPILOG  # new_parser's formatter keeps its line breaks
    p.add_argument("file", metavar="FILE", help=_("JSON Lines or CSV file of answer sets ('-' for stdin)"))
    add_rules_option(p)
    p.add_argument(
        "--input-format", choices=("jsonl", "csv"), help=_("input format (default: from the extension; jsonl for '-')")
    )
    p.add_argument(
        "--format",
        "-f",
        choices=("jsonl", "csv"),
        default="jsonl",
        help=_("output: JSON Lines (default) or a CSV summary"),
    )
    p.add_argument(
        "--output", "-o", metavar="FILE", help=_("write to FILE (atomically, when complete) instead of stdout")
    )
    p.add_argument("--fail-fast", action="store_true", help=_("stop at the first bad row"))
    p.add_argument("--full", action="store_true", help=_("JSON Lines: the whole '--format json' report per row"))
    p.add_argument("--quiet", "-q", action="store_true", help=_("no progress bar and no per-row error messages"))


def run(args: argparse.Namespace) -> int:
    import sys

    from ..batch import Evaluator, detect_format, iter_rows, run_batch
    from ..bundle import load_rules
    from ..fileio import AtomicFile, open_input

    rule_set = load_rules(args.rules)
    fmt = detect_format(args.file, args.input_format)
    name = "<stdin>" if args.file == "-" else args.file
    stream = open_input(args.file)
    errors_shown = [0]

    def report_error(line: int, message: str) -> None:
        if args.quiet:
            return
        errors_shown[0] += 1
        sys.stderr.write(f"scarhelp: {name}:{line}: {message}\n")

    def work(out: TextIO) -> Stats:
        ev = Evaluator(rule_set, full=args.full and args.format != "csv")
        rows = iter_rows(stream, fmt, rule_set, name, seen=ev.cache)  # a row seen before is not parsed again
        return run_batch(rows, out, rule_set, args.format, args.fail_fast, args.full, report_error, progress, ev)

    try:
        progress, finish = _progress(stream, args)
        try:
            if args.output and args.output != "-":
                with AtomicFile(args.output, "output", buffering=1 << 16) as out:
                    stats = work(out)
            else:
                stats = work(sys.stdout)
                sys.stdout.flush()
        finally:
            finish()
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    if stats.failed:
        where = " (stopped at the first, --fail-fast)" if stats.stopped_early else ""
        sys.stderr.write(f"scarhelp: {stats.failed} of {stats.rows} row(s) failed{where}\n")
        return 1
    if stats.rows == 0:
        sys.stderr.write(f"scarhelp: {name}: no rows\n")
    return 0


def _progress(stream: BinaryIO, args: argparse.Namespace) -> tuple[Progress | None, Callable[[], None]]:
    """A progress bar on stderr, only when stderr is a terminal (rich imported only then)."""
    import os
    import sys

    def nothing(*_a: object) -> None:
        return None

    try:
        is_tty = sys.stderr.isatty()
    except (ValueError, OSError):
        is_tty = False
    if args.quiet or not is_tty or os.environ.get("TERM") == "dumb":
        return None, nothing
    try:
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
    except ImportError:
        return None, nothing
    try:
        fd = stream.fileno()
        total = os.fstat(fd).st_size or None
    except (OSError, ValueError, AttributeError):
        fd, total = None, None
    bar = Progress(
        TextColumn("scarhelp batch"),
        BarColumn(),
        TextColumn("{task.fields[rows]:,} rows"),
        TimeRemainingColumn(),
        console=_stderr_console(),
        transient=True,
    )
    task = bar.add_task("rows", total=total, rows=0)
    bar.start()

    def update(rows: int) -> None:
        done = None
        if fd is not None and total:
            try:
                done = os.lseek(fd, 0, os.SEEK_CUR)
            except OSError:
                done = None
        bar.update(task, completed=done, rows=rows)

    return update, bar.stop


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)
