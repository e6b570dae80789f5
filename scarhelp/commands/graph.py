"""``scarhelp graph``: draw the decision flow of a rule set (Mermaid or Graphviz DOT).

The drawing itself is ``scarhelp.graph``; this module only reads the options.
The README's diagram is this command's Mermaid output for the bundled rules
(refresh it with ``python scripts/update_readme_graph.py``).
"""

from __future__ import annotations

from ..i18n import _
from ._common import add_rules_option, new_parser, write_output

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    import argparse

    from ._common import Subparsers

FORMATS = ("mermaid", "dot")  # the same as scarhelp.graph.FORMATS, without importing it here


def register(sub: Subparsers) -> None:
    p = new_parser(
        sub,
        "graph",
        _("draw the decision flow (mermaid or dot)"),
        _(
            "Draw the decision flow of a rule set: the questions in order with their skip logic,\n"
            "the rules grouped by treatment, and what each leads to (a treatment at a strength,\n"
            "a caveat, or advice).\n\n"
            "examples:\n"
            "  scarhelp graph > flow.mmd                       # Mermaid, the bundled rules\n"
            "  scarhelp graph my-rules.yaml --format dot | dot -Tsvg > flow.svg"
        ),
    )
    p.add_argument("rules_file", nargs="?", metavar="RULES", help=_("the rule file (the same as --rules)"))
    add_rules_option(p)
    p.add_argument("--format", "-f", choices=FORMATS, default="mermaid", help=_("output format (default: mermaid)"))
    p.add_argument(
        "--rule-links",
        action="store_true",
        help=_("also draw an edge from the question that decides each rule (busy for large rule sets)"),
    )
    p.add_argument("--output", "-o", metavar="FILE", help=_("write to FILE (atomically) instead of stdout"))


def run(args: argparse.Namespace) -> int:
    from ..bundle import load_rules
    from ..graph import render
    from ._common import rules_argument

    rule_set = load_rules(rules_argument(args))
    write_output(render(rule_set, args.format, args.rule_links), args.output, f"{args.format} graph")
    return 0
