"""``scarhelp schema``: not built yet."""

from __future__ import annotations

from ._common import new_parser


def register(sub) -> None:
    new_parser(sub, "schema", "(not yet available)")


def run(args) -> int:
    from ..errors import UsageError

    raise UsageError("scarhelp schema: not available yet")
