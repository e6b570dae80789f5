"""``scarhelp diff OLD NEW``: what changes for users between two versions of a rule set."""

from __future__ import annotations

from ._common import new_parser, write_output

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    import argparse

    from ..analysis.diff import Change
    from ._common import Subparsers

EPILOG = """\
Compares what users would see - each treatment's strength, which advice and
caveats appear - for every reachable set of answers, exactly. Rewording a
'because', renaming or reordering rules, or restyling the YAML changes nothing
for users and is not reported; new or removed questions and options are.

To compare with the last commit:
  scarhelp diff <(git show HEAD:rules/acne-scars.yaml) rules/acne-scars.yaml

exit codes: 0 no change for users, 1 some answers get a different result,
            2 unreadable or invalid rule file.
"""


def register(sub: Subparsers) -> None:
    p = new_parser(
        sub,
        "diff",
        "what changes for users between two rule sets",
        "Show the answer regions whose result differs between OLD and NEW, with the\n"
        "result before and after, in the same region notation as 'scarhelp check'.",
    )
    p.epilog = EPILOG
    p.add_argument("old", metavar="OLD", help="the rule file before the change ('-' for stdin)")
    p.add_argument("new", metavar="NEW", help="the rule file after the change ('-' for stdin; not both)")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--output", "-o", metavar="FILE", help="write the changes to FILE instead of stdout")


def run(args: argparse.Namespace) -> int:
    from ..analysis.diff import diff
    from ..bundle import load_rules
    from ..errors import UsageError
    from ._common import display_path

    if args.old == "-" and args.new == "-":
        raise UsageError("scarhelp diff: only one of OLD and NEW can be '-' (stdin)")
    old = load_rules(args.old)
    new = load_rules(args.new)
    changes = diff(old, new)
    old_name, new_name = ("<stdin>" if p == "-" else display_path(p) for p in (args.old, args.new))
    names = (old_name, new_name)
    if args.format == "json":
        import json

        data = {
            "old": {"file": names[0], "version": old.meta.version},
            "new": {"file": names[1], "version": new.meta.version},
            "changed": bool(changes),
            "changes": [{"region": c.region_data, "region_text": c.region, "changes": c.changes_data} for c in changes],
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = format_text(changes, names, (old.meta.version, new.meta.version))
    write_output(text, args.output, "diff")
    return 1 if changes else 0


def format_text(changes: list[Change], names: tuple[str, str], versions: tuple[str, str]) -> str:
    head = f"{names[0]} ({versions[0]}) -> {names[1]} ({versions[1]})"
    if not changes:
        return f"{head}: no change for users (every answer gets the same result)\n"
    n = len(changes)
    lines = [f"{head}: {n} region{'s' if n != 1 else ''} of answers get a different result", ""]
    for c in changes:
        lines.append(f"  when {c.region}")
        lines.extend(f"    {line}" for line in c.changes)
        lines.append("")
    return "\n".join(lines)
