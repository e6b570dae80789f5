"""``scarhelp check [RULES]``: prove properties of a rule set over every reachable answer set."""

from __future__ import annotations

from ._common import add_rules_option, new_parser, write_output

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

exit codes: 0 no errors (and no warnings with --strict), 1 findings,
            2 unreadable or invalid rule file.
"""


def register(sub) -> None:
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
    p.add_argument("rules_file", nargs="?", metavar="RULES", help="rule file (default: the bundled rules)")
    add_rules_option(p)
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--strict", action="store_true", help="warnings count as failures too (exit 1)")
    p.add_argument("--output", "-o", metavar="FILE", help="write the findings to FILE instead of stdout")


def run(args) -> int:
    from ..analysis import check, format_json, format_text
    from ..bundle import load_rules
    from ._common import display_path, rules_argument

    rule_set = load_rules(rules_argument(args))
    report = check(rule_set)
    report.path = display_path(report.path)
    if args.format == "json":
        import json

        data = format_json(report)
        data["strict"] = args.strict
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = format_text(report)
    write_output(text, args.output, "check report")
    failing = report.count("error") + (report.count("warning") if args.strict else 0)
    return 1 if failing else 0
