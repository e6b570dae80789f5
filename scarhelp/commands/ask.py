"""``scarhelp [ask]``: answer the questionnaire (or read answers) and show the report."""

from __future__ import annotations

import datetime

from ..i18n import _, ngettext
from ..terminal import stdin_is_terminal, stdout_is_terminal, terminal_width, use_color
from ._common import add_rules_option, new_parser, print_warnings, write_output

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from ..answers import Origin
    from ..model import Answer, RuleSet
    from ..reportshape import Report
    from ._common import Subparsers

FORMATS = ("text", "json", "markdown", "html")


def register(sub: Subparsers) -> None:
    p = new_parser(
        sub,
        "ask",
        _("answer the questionnaire and show the report (the default command)"),
        _(
            "Ask the questions in the terminal, or read them from --answers, and show which\n"
            "treatments the article's guidance points to, and why. Not medical advice."
        ),
    )
    add_rules_option(p)
    p.add_argument("--answers", "-a", metavar="FILE", help=_("read answers from a YAML or JSON file ('-' for stdin)"))
    p.add_argument("--format", "-f", choices=FORMATS, default="text", help=_("report format (default: text)"))
    p.add_argument("--output", "-o", metavar="FILE", help=_("write the report to FILE (atomically) instead of stdout"))
    p.add_argument("--save-answers", metavar="FILE", help=_("save the answers to FILE, to re-run with --answers"))
    p.add_argument(
        "--set",
        "-d",
        action="append",
        default=[],
        metavar="QUESTION=VALUE",
        help=_("give one answer (repeatable; VALUE,VALUE for 'choose one or more'); wins over --answers"),
    )
    p.add_argument("--no-input", action="store_true", help=_("never prompt: fail if answers are missing"))
    p.add_argument("--explain", action="store_true", help=_("include the full trace of every rule"))
    p.add_argument(
        "--no-pager",
        action="store_true",
        help=_("after the questionnaire, print the report straight out instead of through $PAGER (default: less)"),
    )
    p.add_argument(
        "--brief",
        action="store_true",
        help=_("print only the summary (your options at a glance), with the disclaimer"),
    )
    p.add_argument("--plain", action="store_true", help=_("plain numbered prompts (screen readers, simple terminals)"))
    p.add_argument(
        "--width",
        type=_width,
        metavar="N",
        help=_("text report width in columns, at least {min} (default: the terminal's, at most 100)").format(
            min=MIN_WIDTH
        ),
    )


MIN_WIDTH = 20  # the text renderer never goes narrower


def _width(text: str) -> int:
    import argparse

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a whole number of columns, got {typed}").format(typed=repr(text))
        ) from None
    if n < MIN_WIDTH:
        raise argparse.ArgumentTypeError(_("{n} is too narrow; give {min} columns or more").format(n=n, min=MIN_WIDTH))
    return n


def run(args: argparse.Namespace) -> int:
    import os

    from .. import flow
    from ..bundle import load_rules
    from ..engine import evaluate
    from ..errors import MissingAnswersError, UsageError
    from ..i18n import current_language
    from ..report import build_report

    rule_set = load_rules(args.rules, lang=current_language())  # the rule set's texts in the tool's language
    answers: dict[str, Answer] = {}
    warnings: Sequence[object] = []  # problems in the file, then sentences
    sets: dict[str, Answer] = {}
    if args.set:
        from ..answers import parse_sets

        sets = parse_sets(args.set, rule_set)  # checked first: a typo here needs no file read
    saved_with = None
    if args.answers:
        from ..answers import load_answers_file

        if args.answers == "-" and not args.no_input:
            args.no_input = True  # stdin is the answers: there is no one to ask
        answers, warnings, origin = load_answers_file(args.answers, rule_set)
        print_warnings(warnings)
        saved_with = origin
    if sets:
        answers = {**answers, **sets}  # a --set wins over the file
    if sets and not (saved_with and saved_with["stale"]):  # else pruned once the changed questions are answered
        ignored = [
            _("{where}: '{question}' is not asked with these answers (skip logic), so its answer is ignored").format(
                where="--set " + qid if qid in sets else args.answers, question=qid
            )
            for qid in flow.skipped_answers(rule_set, answers)
        ]
        print_warnings(ignored)
        warnings = [*warnings, *ignored]
        answers = flow.prune(rule_set, answers)
    given = args.answers or sets
    interactive = not args.no_input and stdin_is_terminal()
    # the questionnaire also asks the preference questions left out; without a terminal
    # they are optional, as they change no result
    todo = flow.missing(rule_set, answers, preferences=interactive)
    stale = _say_if_saved_with_other_rules(args.answers, saved_with, rule_set, {q.id for q in todo})
    if todo and not interactive:
        if not given:
            raise UsageError(
                _(
                    "scarhelp: no terminal to ask the questions on; give the answers with --answers FILE "
                    "or --set QUESTION=VALUE (see 'scarhelp questions --template' for a skeleton)"
                )
            )
        names = ", ".join(q.id for q in todo)
        where = args.answers or "--set"
        changed = [q.id for q in todo if q.id in stale]
        message = _("{where}: missing answers for: {names}").format(where=where, names=names) + "\n"
        if changed:
            message += _("(new or changed since the file was saved: {names})").format(names=", ".join(changed)) + "\n"
        message += (
            _(
                "Add them to the file (or give them with --set QUESTION=VALUE), "
                "or run on a terminal without --no-input to be asked."
            )
            if args.answers
            else _("Give them with --set, or run on a terminal without --no-input to be asked.")
        )
        raise MissingAnswersError(message, [q.id for q in todo])
    asked = bool(todo or (interactive and not given))
    plain = args.plain or os.environ.get("TERM") == "dumb"
    if asked:
        from ..prompts import ask_questions

        answers = ask_questions(rule_set, answers, plain=plain, save_to=args.save_answers, review=True)
    answers = flow.prune(rule_set, answers)
    if args.save_answers:
        from ..answers import dump_answers
        from ..fileio import atomic_write

        atomic_write(args.save_answers, dump_answers(answers, rule_set), _("answers file"))
    result = evaluate(rule_set, answers)
    report = build_report(rule_set, result, warnings, explain=args.explain)
    text = _render(report, args)
    paged = False
    if asked and args.format == "text" and args.output in (None, "-") and stdout_is_terminal() and not args.no_pager:
        from ..terminal import page

        paged = page(text)
    if not paged:
        write_output(text, args.output)
    if asked and not plain and args.output in (None, "-") and stdout_is_terminal():
        from ..prompts import offer_save

        offer_save(
            rule_set,
            answers,
            lambda fmt: render_take_away(report, fmt, explain=args.explain),
            answers_saved=args.save_answers,
        )
    return 0


def _say_if_saved_with_other_rules(
    path: str | None, origin: Origin | None, rule_set: RuleSet, todo: set[str]
) -> list[str]:
    """Say on stderr when an answers file was saved with another version of the rules
    (or one whose questions have changed since), naming the questions new or changed
    since that these answers lead to (``todo``, still to be answered: the reader left
    their old answers out); returns their ids."""
    import sys

    if origin is None:
        return []
    meta = rule_set.meta
    same = (origin["title"], origin["version"]) == (meta.title, meta.version)
    if same and not origin["stale"]:
        return []
    name = "<stdin>" if path == "-" else path
    if same:
        head = _(
            "scarhelp: {file} was saved with rule set version {version}, whose questions have since changed"
        ).format(file=name, version=meta.version)
    elif origin["title"] == meta.title:
        head = _("scarhelp: {file} was saved with rule set version {then}; these rules are version {now}").format(
            file=name, then=origin["version"], now=meta.version
        )
    else:
        head = _(
            "scarhelp: {file} was saved with rule set version {then} of '{then_title}'; "
            "these rules are version {now} of '{now_title}'"
        ).format(file=name, then=origin["version"], then_title=origin["title"], now=meta.version, now_title=meta.title)
    stale = [qid for qid in origin["stale"] if qid in todo]
    if origin["options"] is None:
        detail = _("the file does not record the rule set's questions, so only missing answers can be found")
    elif stale:
        detail = ngettext(
            "new or changed question to answer again: {names}",
            "new or changed questions to answer again: {names}",
            len(stale),
        ).format(names=", ".join(stale))
    else:
        detail = _("no question these answers lead to is new or has changed")
    sys.stderr.write(f"{head}; {detail}\n")
    return stale


def _render(report: Report, args: argparse.Namespace) -> str:
    from ..render import render

    if args.format == "text":
        to_file = bool(args.output and args.output != "-")
        color = use_color() and not to_file
        width = args.width or (100 if to_file else min(terminal_width(), 100))
        today = datetime.date.today().isoformat()
        return render(report, "text", color=color, width=width, explain=args.explain, brief=args.brief, generated=today)
    if args.format in ("html", "markdown"):
        return render_take_away(report, args.format, explain=args.explain, brief=args.brief)
    if args.brief:  # the summary alone; the disclaimer and the rule set stay with it
        from ..render.json import dump

        keep = ("scarhelp", "disclaimer", "rule_set", "summary")
        return dump({k: v for k, v in report.items() if k in keep})
    return render(report, args.format, explain=args.explain)


def render_take_away(report: Report, fmt: str, *, explain: bool = False, brief: bool = False) -> str:
    """The report as HTML or Markdown, dated: a take-away report says when it was
    made (JSON stays free of clocks)."""
    from ..render import render

    return render(report, fmt, explain=explain, brief=brief, generated=datetime.date.today().isoformat())
