"""``scarhelp schema``: print the JSON Schema of the rule format.

The schema is generated from the declarations in ``scarhelp/schema.py`` (the
same ones the loader checks against); the committed copy is
``scarhelp/rules.schema.json``, which rule files name on their first line for
editors. Regenerate it with ``scarhelp schema -o scarhelp/rules.schema.json``.
"""

from __future__ import annotations

from ..i18n import _
from ._common import new_parser, write_output

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    import argparse

    from ._common import Subparsers


def register(sub: Subparsers) -> None:
    p = new_parser(
        sub,
        "schema",
        _("print the JSON Schema of the rule format"),
        _(
            "Print the JSON Schema (draft 2020-12) of the rule-file format, for editors and validators.\n"
            "The repository keeps a copy in scarhelp/rules.schema.json; regenerate it with\n"
            "  scarhelp schema --output scarhelp/rules.schema.json"
        ),
    )
    p.add_argument("--output", "-o", metavar="FILE", help=_("write to FILE (atomically) instead of stdout"))
    p.add_argument(
        "--check",
        nargs="+",
        metavar="FILE",
        help=_("write nothing; exit 1 if a FILE is not exactly the current schema (for pre-commit and CI)"),
    )
    p.epilog = "exit codes: 0 written (--check: every FILE is current), 1 --check: a FILE is stale,\n            2 a FILE cannot be read."


def run(args: argparse.Namespace) -> int:
    from ..schema import json_schema_text

    text = json_schema_text()
    if args.check:
        import sys

        from ..errors import UsageError
        from ..fileio import read_text

        if args.output:
            raise UsageError("scarhelp schema: --check writes nothing; drop --output")
        stale = [path for path in args.check if read_text(path, "schema file") != text]
        for path in stale:
            sys.stderr.write(
                f"scarhelp schema: {path} is not the current schema of the rule format; "
                f"regenerate it with: scarhelp schema --output {path}\n"
            )
        return 1 if stale else 0
    write_output(text, args.output, "JSON Schema")
    return 0
