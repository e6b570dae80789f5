"""``scarhelp check [RULES]``: prove properties of a rule set over every reachable answer set."""

from __future__ import annotations

from ._common import add_rules_option, new_parser, write_output

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    import argparse

    from ..analysis.findings import Report
    from ..model import RuleSet
    from ..translation_check import TReport
    from ._common import Subparsers

EPILOG = """\
what it proves, exactly (symbolically, never by sampling answers):
  errors    gap        answers that end with no treatment shown and no advice
            conflict   answers for which rules give one treatment two strengths
            no-harms   a treatment that can be shown but lists no harms
            no-claims  a rule that cites no claim
            invariant  answers for which one of the rule set's invariants fails
            unsure-narrows     a "not sure" answer that shows less than a
                               definite one would, ranks higher, or says
                               nothing about what to ask
            generated-why-not  answers for which a treatment is left out
                               with no not_shown rule saying why
  warnings  dead-rule, masked-rule, duplicate-rule, question-never-asked,
            treatment-never-shown, uncited-claim, uncited-reference
  info      redundant-rule, unused-option

regions read 'question=value|value, other=*': '*' is any answer, '(skipped)'
means the skip logic does not ask that question, 'has:x' is a multiple-choice
answer that includes x; a question left out may take any answer.

--format github prints one '::error file=F,line=N,title=...::message' line
(::warning, ::notice for info) per finding, which GitHub Actions shows on the
lines of the rule file in a pull request.

translations (RULES' <stem>.LANG.yaml files; --lang LANG checks one):
  errors    translation-missing       a text with no entry (at the English text's line)
            translation-stale         an entry made from English that has changed since
                                      (at the entry's line; the old and new fingerprints)
            translation-untranslated  an entry still holding the English placeholder
            translation-disclaimer    the translated disclaimer lacks its declared phrase
  warnings  translation-unknown       an entry for a text the rules no longer have

exit codes: 0 no errors (and no warnings with --strict), 1 findings,
            2 unreadable or invalid rule file.
"""


def register(sub: Subparsers) -> None:
    p = new_parser(
        sub,
        "check",
        "prove the rule set's invariants and that no answer is left without advice; find conflicts",
        "Load and validate a rule set, then check it over every reachable set of answers:\n"
        "its invariants, 'not sure' answers that must widen the result, gaps, conflicts,\n"
        "reasons not written by a person, rules that never fire or never matter, unused\n"
        "questions, options, treatments, claims and references.",
    )
    p.epilog = EPILOG
    p.add_argument(
        "rules_files", nargs="*", metavar="RULES", help="rule files, each checked in turn (default: the bundled rules)"
    )
    add_rules_option(p)
    p.add_argument(
        "--format",
        "-f",
        choices=("text", "json", "github"),
        default="text",
        help="output format (default: text; github: workflow-command annotations for a CI's code view)",
    )
    p.add_argument(
        "--lang",
        metavar="LANG",
        help="check the rule set's translation into LANG (RULES' <stem>.LANG.yaml) and its disclaimer phrase;"
        " without it, every translation file beside the rules is checked",
    )
    p.add_argument("--strict", action="store_true", help="warnings count as failures too (exit 1)")
    p.add_argument("--output", "-o", metavar="FILE", help="write the findings to FILE instead of stdout")


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ._common import rules_argument

    files = list(args.rules_files)
    if args.rules and files and files != [args.rules]:
        raise UsageError(
            f"scarhelp check: two rule files given ({' '.join(files)} and --rules {args.rules}); give one way"
        )
    if not files:
        args.rules_file = None
        files = [rules_argument(args)]
    if len(files) > 1 and args.format == "json":
        raise UsageError("scarhelp check: --format json reports on one rule file; give one, or use --format text")
    from ..errors import InputError, ScarhelpError

    texts: list[str] = []
    failing = 0
    unreadable: list[ScarhelpError] = []
    for path in files:
        try:
            text, fails = _check_one(path, args)
        except ScarhelpError as exc:
            if args.format == "github":  # the loading errors, where the code view shows them too
                texts.append(
                    "".join(
                        _annotation(
                            p.severity, p.location.file, p.location.line, p.message, "scarhelp check: invalid rule file"
                        )
                        for p in exc.problems
                    )
                    or _annotation(
                        "error", str(path or "rules"), None, exc.message, "scarhelp check: unreadable rule file"
                    )
                )
            unreadable.append(exc)  # the other files are still checked
            continue
        texts.append(text)
        failing += fails
    if any(texts):
        write_output("\n".join(t for t in texts if t), args.output, "check report")
    if unreadable:  # exit 2, after the reports of the files that could be read
        raise unreadable[0] if len(unreadable) == 1 else InputError("\n".join(map(str, unreadable)))
    return 1 if failing else 0


def _check_one(path: str | None, args: argparse.Namespace) -> tuple[str, int]:
    from ..analysis.check import check
    from ..analysis.findings import format_json, format_text
    from ..bundle import load_rules
    from ..translation import rules_of_translation
    from ._common import display_path

    lang = args.lang
    translated = rules_of_translation(path) if path else None
    if translated:  # a translation file given (as pre-commit does): its rule file, in its language
        path, lang = translated
    rule_set = load_rules(path)
    report = check(rule_set)
    report.path = display_path(report.path)
    translations = _translations(path, rule_set, lang)
    if args.format == "json":
        import json

        from ..translation_check import format_json as translation_json

        data = format_json(report)
        if translations:
            data["translations"] = [translation_json(t) for t in translations]
        data["strict"] = args.strict
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    elif args.format == "github":
        text = format_github(report) + "".join(_github_translation(t) for t in translations)
    else:
        from ..translation_check import format_text as translation_text

        text = "\n".join([format_text(report), *(translation_text(t) for t in translations)])
    fails = report.count("error") + (report.count("warning") if args.strict else 0)
    fails += sum(t.count("error") + (t.count("warning") if args.strict else 0) for t in translations)
    return text, fails


def _translations(path: str | None, rule_set: RuleSet, lang: str | None) -> list[TReport]:
    """The findings about the translations beside the rule file: ``--lang``'s one, or every one found."""
    import os

    from ..bundle import bundled_rules_path
    from ..errors import InputError, UsageError
    from ..fileio import read_text
    from ..translation import check_lang, find_translations, read_translation, translation_path
    from ..translation_check import check_translation
    from ..yamldoc import load_yaml
    from ._common import display_path

    rules_path = path or bundled_rules_path()
    if rules_path == "-":
        if lang:
            raise UsageError("scarhelp check: --lang needs the rule file by name; its translation is beside it")
        return []
    if lang:
        lang = check_lang(lang.split(".")[0])
        if lang == "en":
            return []  # the rule file itself, checked above
        target = translation_path(rules_path, lang)
        if not os.path.isfile(target):
            raise InputError(
                f"{display_path(target)}: no translation into '{lang}' beside {display_path(rules_path)}; "
                f"'scarhelp translate {display_path(rules_path)} --lang {lang}' writes one"
            )
        pairs = [(lang, target)]
    else:
        pairs = find_translations(rules_path)
    if not pairs:
        return []
    shown = display_path(rules_path)
    doc = load_yaml(read_text(rules_path, "rule file"), shown, "rule file")
    return [
        check_translation(rule_set, read_translation(display_path(tp)), doc, shown, display_path(tp), lg)
        for lg, tp in pairs
    ]


def _github_translation(t: TReport) -> str:
    out = []
    for f in t.findings:
        first, rest = f.places[0], f.places[1:]
        message = "\n".join([f.message, *map(str, rest)])
        out.append(_annotation(f.severity, first.file, first.line, message, f"scarhelp check: {f.kind}"))
    out.append(f"{t.file}: {t.count('error')} error(s), {t.count('warning')} warning(s)\n")
    return "".join(out)


_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _annotation(severity: str, file: str, line: int | None, message: str, title: str) -> str:
    props = [f"file={_escape(file, True)}"]
    if line:
        props.append(f"line={line}")
    props.append(f"title={_escape(title, True)}")
    return f"::{_LEVELS.get(severity, 'error')} {','.join(props)}::{_escape(message)}\n"


def format_github(report: Report) -> str:
    """One GitHub Actions workflow command per finding (``::error file=...,line=...::message``),
    at its first location; the other locations and the regions follow in the message."""
    lines: list[str] = []
    for f in report.findings:
        line = f.rules[0][1] if f.rules else None
        rest = [f"{report.path}:{ln}: {item}" for item, ln in f.rules[1:]] + list(f.regions)
        message = "\n".join([f.message, *rest])
        lines.append(_annotation(f.severity, report.path, line, message, f"scarhelp check: {f.kind}"))
    e, w, i = (report.count(x) for x in ("error", "warning", "info"))
    lines.append(f"{report.path}: {e} error(s), {w} warning(s), {i} info\n")
    return "".join(lines)
