"""``scarhelp diff OLD NEW``: what changes for users between two versions of a rule set."""

from __future__ import annotations

from ..i18n import _, ngettext
from ._common import new_parser, write_output

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    import argparse

    from ..analysis.diff import Change
    from ..analysis.textdiff import TextChange
    from ._common import Subparsers

EPILOG = """\
Compares what users would see - each treatment's strength, which advice and
caveats appear - for every reachable set of answers, exactly; then lists every
text people read (question, benefit, harm, reason, claim...) that was added,
removed or reworded, before and after. Renaming or reordering rules, or
restyling the YAML, changes nothing for users and is not reported.

To compare with the last commit:
  scarhelp diff <(git show HEAD:rules/acne-scars.yaml) rules/acne-scars.yaml

exit codes: 0 no change for users, 1 some answers get a different result or
            a text people read changed, 2 unreadable or invalid rule file.
"""


def register(sub: Subparsers) -> None:
    p = new_parser(
        sub,
        "diff",
        _("what changes for users between two rule sets"),
        _(
            "Show the answer regions whose result differs between OLD and NEW, with the\n"
            "result before and after, in the same region notation as 'scarhelp check'."
        ),
    )
    p.epilog = EPILOG
    p.add_argument("old", metavar="OLD", help=_("the rule file before the change ('-' for stdin)"))
    p.add_argument("new", metavar="NEW", help=_("the rule file after the change ('-' for stdin; not both)"))
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help=_("output format (default: text)"))
    p.add_argument("--output", "-o", metavar="FILE", help=_("write the changes to FILE instead of stdout"))


def run(args: argparse.Namespace) -> int:
    from ..analysis.diff import diff
    from ..analysis.textdiff import text_changes
    from ..bundle import load_rules
    from ..errors import UsageError
    from ._common import display_path

    if args.old == "-" and args.new == "-":
        raise UsageError(_("scarhelp diff: only one of OLD and NEW can be '-' (stdin)"))
    old = load_rules(args.old)
    new = load_rules(args.new)
    changes = diff(old, new)
    reworded = text_changes(old, new)
    old_name, new_name = ("<stdin>" if p == "-" else display_path(p) for p in (args.old, args.new))
    names = (old_name, new_name)
    if args.format == "json":
        import json

        data = {
            "old": {"file": names[0], "version": old.meta.version},
            "new": {"file": names[1], "version": new.meta.version},
            "changed": bool(changes or reworded),
            "changes": [{"region": c.region_data, "region_text": c.region, "changes": c.changes_data} for c in changes],
            "texts": [{"key": t.key, "before": t.before, "after": t.after} for t in reworded],
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = format_text(changes, names, (old.meta.version, new.meta.version), bool(reworded))
        text += ("\n" if changes and reworded else "") + format_texts(reworded)
    write_output(text, args.output, _("diff"))
    return 1 if changes or reworded else 0


def format_text(
    changes: list[Change], names: tuple[str, str], versions: tuple[str, str], texts_changed: bool = False
) -> str:
    head = f"{names[0]} ({versions[0]}) -> {names[1]} ({versions[1]})"
    if not changes and texts_changed:
        return (
            _("{head}: every answer gets the same result, but some texts read differently").format(head=head) + "\n\n"
        )
    if not changes:
        return _("{head}: no change for users (every answer gets the same result)").format(head=head) + "\n"
    n = len(changes)
    heading = ngettext(
        "{head}: {n} region of answers gets a different result",
        "{head}: {n} regions of answers get a different result",
        n,
    )
    lines = [heading.format(head=head, n=n), ""]
    for c in changes:
        lines.append("  " + _("when {region}").format(region=c.region))
        lines.extend(f"    {line}" for line in c.changes)
        lines.append("")
    return "\n".join(lines)


def format_texts(reworded: list[TextChange]) -> str:
    """The texts people read that changed, each before and after, in full."""
    if not reworded:
        return ""
    n = len(reworded)
    lines = [
        ngettext(
            "{n} text people read changed (whatever the answers):",
            "{n} texts people read changed (whatever the answers):",
            n,
        ).format(n=n),
        "",
    ]
    for t in reworded:
        lines.append(f"  {t.key}")
        if t.before is not None:
            lines.append(f"    - {t.before}")
        if t.after is not None:
            lines.append(f"    + {t.after}")
        lines.append("")
    return "\n".join(lines)
