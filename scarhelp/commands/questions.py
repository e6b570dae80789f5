"""``scarhelp questions``: the questionnaire as a list, JSON, or an answers-file skeleton."""

from __future__ import annotations

from ._common import add_rules_option, new_parser, write_output

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    import argparse

    from ..model import RuleSet
    from ._common import Subparsers


def register(sub: Subparsers) -> None:
    p = new_parser(sub, "questions", "list the questions, their ids, options and when each is asked")
    add_rules_option(p)
    p.add_argument("--format", "-f", choices=("text", "json"), help="list format (default: text)")
    p.add_argument(
        "--template", action="store_true", help="print a commented answers-file skeleton (YAML; not with --format)"
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")


def run(args: argparse.Namespace) -> int:
    from ..bundle import load_rules
    from ..conditions import describe

    if args.template and args.format:
        from ..errors import UsageError

        raise UsageError(
            "scarhelp questions: --template always writes a YAML answers file; drop --format "
            f"{args.format}, or drop --template to list the questions"
        )
    rule_set = load_rules(args.rules)
    if args.template:
        write_output(template(rule_set), args.output, "answers template")
        return 0
    if args.format == "json":
        import json

        data = {
            "rule_set": {"title": rule_set.meta.title, "version": rule_set.meta.version},
            "questions": [
                {
                    "id": q.id,
                    "text": q.text,
                    "help": q.help,
                    "kind": q.kind,
                    "options": [
                        {
                            "value": o.value,
                            "label": o.label,
                            **({"help": o.help} if o.help else {}),
                            **({"exclusive": True} if o.exclusive else {}),
                        }
                        for o in q.options
                    ],
                    "asked_when": describe(q.ask_if),
                }
                for q in rule_set.questions
            ],
        }
        write_output(json.dumps(data, indent=2, ensure_ascii=False) + "\n", args.output, "question list")
        return 0
    lines = [f"{rule_set.meta.title} {rule_set.meta.version}: {len(rule_set.questions)} questions", ""]
    for n, q in enumerate(rule_set.questions, 1):
        kind = {"one": "choose one", "many": "choose one or more", "yes_no": "yes or no"}[q.kind]
        lines.append(f"{n}. {q.id}  ({kind})")
        lines.append(f"   {q.text}")
        lines.append(f"   asked: {describe(q.ask_if)}")
        for o in q.options:
            lines.append(f"     - {o.value:<12} {o.label}" + ("  (only on its own)" if o.exclusive else ""))
        lines.append("")
    write_output("\n".join(lines), args.output, "question list")
    return 0


def template(rule_set: RuleSet) -> str:
    """A commented skeleton: every question, its options, and when it is asked."""
    from ..conditions import describe
    from ..model import All

    out = [
        "# scarhelp answers file. Fill in one value per question (a list for 'choose one or more');",
        "# a question left blank is asked on a terminal, or reported as missing.",
        "# Run: scarhelp --answers THIS_FILE   (questions skipped by the skip logic can be left out)",
        f"# rule set: {rule_set.meta.title} {rule_set.meta.version}",
        "",
    ]
    for q in rule_set.questions:
        out.append(f"# {q.text}")
        if not isinstance(q.ask_if, All) or q.ask_if.tests:
            out.append(f"# asked when: {describe(q.ask_if)}")
        if q.preference:
            out.append("# optional: what matters to you; it changes no result, the report sets the options against it")
        out.append("# options: " + ", ".join(o.value for o in q.options))
        out.append(f"{q.id}:" + ("   # a list, e.g. [" + q.options[0].value + "]" if q.kind == "many" else ""))
        out.append("")
    import json

    from ..answers import RULES_KEY, rules_stamp

    out.append("# the rule set these questions come from (not a question; keep it, to be told of changes):")
    out.append(f"{RULES_KEY}: {json.dumps(rules_stamp(rule_set), ensure_ascii=False)}")
    out.append("")
    return "\n".join(out)
