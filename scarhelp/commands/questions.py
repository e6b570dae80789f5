"""``scarhelp questions``: the questionnaire as a list, JSON, or an answers-file skeleton."""

from __future__ import annotations

from ..i18n import _, ngettext
from ._common import add_rules_option, new_parser, write_output

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    import argparse

    from ..model import RuleSet
    from ._common import Subparsers


def register(sub: Subparsers) -> None:
    p = new_parser(sub, "questions", _("list the questions, their ids, options and when each is asked"))
    add_rules_option(p)
    p.add_argument("--format", "-f", choices=("text", "json"), help=_("list format (default: text)"))
    p.add_argument(
        "--template", action="store_true", help=_("print a commented answers-file skeleton (YAML; not with --format)")
    )
    p.add_argument("--output", "-o", metavar="FILE", help=_("write to FILE instead of stdout"))


def run(args: argparse.Namespace) -> int:
    from ..bundle import load_rules
    from ..conditions import describe

    if args.template and args.format:
        from ..errors import UsageError

        raise UsageError(
            _(
                "scarhelp questions: --template always writes a YAML answers file; drop --format "
                "{format}, or drop --template to list the questions"
            ).format(format=args.format)
        )
    from ..i18n import current_language

    rule_set = load_rules(args.rules, lang=current_language())  # the rule set's texts in the tool's language
    if args.template:
        write_output(template(rule_set), args.output, _("answers template"))
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
        write_output(json.dumps(data, indent=2, ensure_ascii=False) + "\n", args.output, _("question list"))
        return 0
    count = len(rule_set.questions)
    heading = ngettext("{title} {version}: {n} question", "{title} {version}: {n} questions", count)
    lines = [heading.format(title=rule_set.meta.title, version=rule_set.meta.version, n=count), ""]
    kinds = {"one": _("choose one"), "many": _("choose one or more"), "yes_no": _("yes or no")}
    for n, q in enumerate(rule_set.questions, 1):
        lines.append(f"{n}. {q.id}  ({kinds[q.kind]})")
        lines.append(f"   {q.text}")
        lines.append("   " + _("asked: {when}").format(when=describe(q.ask_if)))
        for o in q.options:
            lines.append(f"     - {o.value:<12} {o.label}" + ("  " + _("(only on its own)") if o.exclusive else ""))
        lines.append("")
    write_output("\n".join(lines), args.output, _("question list"))
    return 0


def template(rule_set: RuleSet) -> str:
    """A commented skeleton: every question, its options, and when it is asked."""
    from ..conditions import describe
    from ..model import All

    out = [
        "# " + _("scarhelp answers file. Fill in one value per question (a list for 'choose one or more');"),
        "# " + _("a question left blank is asked on a terminal, or reported as missing."),
        "# " + _("Run: scarhelp --answers THIS_FILE   (questions skipped by the skip logic can be left out)"),
        "# " + _("rule set: {title} {version}").format(title=rule_set.meta.title, version=rule_set.meta.version),
        "",
    ]
    for q in rule_set.questions:
        out.append(f"# {q.text}")
        if not isinstance(q.ask_if, All) or q.ask_if.tests:
            out.append("# " + _("asked when: {when}").format(when=describe(q.ask_if)))
        if q.preference:
            out.append(
                "# " + _("optional: what matters to you; it changes no result, the report sets the options against it")
            )
        out.append("# " + _("options: {values}").format(values=", ".join(o.value for o in q.options)))
        example = "   # " + _("a list, e.g. [{value}]").format(value=q.options[0].value) if q.kind == "many" else ""
        out.append(f"{q.id}:" + example)
        out.append("")
    import json

    from ..answers import RULES_KEY, rules_stamp

    out.append("# " + _("the rule set these questions come from (not a question; keep it, to be told of changes):"))
    out.append(f"{RULES_KEY}: {json.dumps(rules_stamp(rule_set), ensure_ascii=False)}")
    out.append("")
    return "\n".join(out)
