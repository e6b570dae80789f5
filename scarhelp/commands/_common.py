"""Options and helpers shared by several subcommands."""

from __future__ import annotations

import argparse
import functools
import os
import sys

from ..i18n import _
from ..terminal import help_columns

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import TypeAlias

    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter without its ``import shutil`` on every run, and with the
    subcommand names measured where they are printed.

    argparse builds a formatter inside each ``add_argument`` just to check the
    metavar, and the formatter imports shutil (with bz2, lzma and zlib, some
    1.5 ms) to ask for the terminal width.  This asks ``os`` the same way.

    Before gh-87041 (fixed in newer Pythons) argparse measured the subcommand names at
    their parent's indent, not their own one step deeper, so the longest ("completion")
    wrapped onto a line of its own.  Where argparse still does, each name is measured
    with that step added as trailing room; no attribute of argparse is read or set.
    """

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        if width is None:
            width = help_columns() - 2  # as argparse does
        super().__init__(prog, indent_increment, max_help_position, width)
        self.scarhelp_step = indent_increment
        self.scarhelp_measuring: argparse.Action | None = None  # the subcommands action while add_argument measures it

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)

    def add_argument(self, action: argparse.Action) -> None:
        if isinstance(getattr(action, "choices", None), dict) and action.choices and not _subcommands_measured_right():
            self.scarhelp_measuring = action
            try:
                super().add_argument(action)
            finally:
                self.scarhelp_measuring = None
        else:
            super().add_argument(action)

    def _format_action_invocation(self, action: argparse.Action) -> str:
        text = super()._format_action_invocation(action)
        if self.scarhelp_measuring is not None and action is not self.scarhelp_measuring:
            return text + " " * self.scarhelp_step  # a subcommand name: one step deeper
        return text


@functools.lru_cache(maxsize=1)
def _subcommands_measured_right() -> bool:
    """Does this argparse measure subcommand names at their own indent (gh-87041)?  Asked
    of a tiny parser, only when help is formatted."""
    p = argparse.ArgumentParser(
        prog="p", add_help=False, formatter_class=lambda prog: argparse.HelpFormatter(prog, width=80)
    )
    p.add_subparsers(metavar="C").add_parser("abcdefghij", help="h")
    return "abcdefghij  h" in p.format_help()


def add_rules_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rules",
        metavar="PATH",
        help=_("the rule file to use (default: the bundled rules/acne-scars.yaml)"),
    )


def new_parser(sub: Subparsers, name: str, help: str, description: str | None = None) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=help,
        description=description or help,
        formatter_class=HelpFormatter,
    )


def write_output(text: str, output: str | None, what: str | None = None) -> None:
    from ..fileio import atomic_write

    if output and output != "-":
        atomic_write(output, text, what or _("report"))
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def print_warnings(warnings: Iterable[object]) -> None:
    for w in warnings:
        sys.stderr.write(f"scarhelp: {w}\n")


def rules_argument(args: argparse.Namespace) -> str | None:
    """The rule file named positionally or with ``--rules`` (not both, unless they agree)."""
    from ..errors import UsageError

    positional = getattr(args, "rules_file", None)
    option = getattr(args, "rules", None)
    if positional and option and positional != option:
        raise UsageError(
            _("scarhelp {command}: two rule files given ({positional} and --rules {option}); give one").format(
                command=args.command, positional=positional, option=option
            )
        )
    return positional or option


def display_path(path: object) -> str:
    """A path as short as it can be while still pointing at the file: relative under the
    current directory, as given otherwise, so file:line in findings is easy to open."""
    path = str(path)
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return rel if not rel.startswith("..") else path
