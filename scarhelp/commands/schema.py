"""``scarhelp schema``: print the JSON Schema of the rule format.

The schema is generated from the declarations in ``scarhelp/schema.py`` (the
same ones the loader checks against); the committed copy is
``scarhelp/rules.schema.json``, which rule files name on their first line for
editors. Regenerate it with ``scarhelp schema -o scarhelp/rules.schema.json``.
"""

from __future__ import annotations

from ._common import new_parser, write_output


def register(sub) -> None:
    p = new_parser(
        sub,
        "schema",
        "print the JSON Schema of the rule format",
        "Print the JSON Schema (draft 2020-12) of the rule-file format, for editors and validators.\n"
        "The repository keeps a copy in scarhelp/rules.schema.json; regenerate it with\n"
        "  scarhelp schema --output scarhelp/rules.schema.json",
    )
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (atomically) instead of stdout")


def run(args) -> int:
    from ..schema import json_schema_text

    write_output(json_schema_text(), args.output, "JSON Schema")
    return 0
