"""Options and helpers shared by several subcommands."""

from __future__ import annotations

import argparse
import os
import sys


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter without its ``import shutil`` on every run.

    argparse builds a formatter inside each ``add_argument`` just to check the
    metavar, and the formatter imports shutil (with bz2, lzma and zlib, some
    1.5 ms) to ask for the terminal width.  This asks ``os`` the same way.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width=None) -> None:
        if width is None:
            width = help_columns() - 2  # as argparse does
        super().__init__(prog, indent_increment, max_help_position, width)

    def add_argument(self, action) -> None:
        super().add_argument(action)
        if isinstance(getattr(action, "choices", None), dict) and action.choices:  # the subcommands
            # argparse measures subcommand names at their parent's indent, not their own
            # (one step deeper), so the longest ("questions") wrapped onto a line of its own
            longest = self._current_indent + self._indent_increment + max(map(len, action.choices))
            self._action_max_length = max(self._action_max_length, longest)


def help_columns() -> int:
    """The width ``shutil.get_terminal_size`` would give: $COLUMNS, the terminal, or 80."""
    cols = columns_env()
    if cols > 0:
        return cols
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def columns_env() -> int:
    """$COLUMNS as a number, 0 when unset or not a plain whole number ("²" is a digit
    to ``str.isdigit`` but not to ``int``)."""
    cols = os.environ.get("COLUMNS", "").strip()
    return int(cols) if cols.isascii() and cols.isdigit() else 0


def add_rules_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rules",
        metavar="PATH",
        help="the rule file to use (default: the bundled rules/acne-scars.yaml)",
    )


def new_parser(sub, name: str, help: str, description: str | None = None) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=help,
        description=description or help,
        formatter_class=HelpFormatter,
    )


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (ValueError, OSError):
        return False


def use_color() -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return stdout_is_terminal()


def terminal_width(default: int = 80) -> int:
    try:
        return max(20, os.get_terminal_size(sys.stdout.fileno()).columns)
    except (OSError, ValueError, AttributeError):
        cols = columns_env()
        return cols if cols >= 20 else default


def write_output(text: str, output: str | None, what: str = "report") -> None:
    from ..fileio import atomic_write

    if output and output != "-":
        atomic_write(output, text, what)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def print_warnings(warnings) -> None:
    for w in warnings:
        sys.stderr.write(f"scarhelp: {w}\n")


def rules_argument(args) -> str | None:
    """The rule file named positionally or with ``--rules`` (not both, unless they agree)."""
    from ..errors import UsageError

    positional = getattr(args, "rules_file", None)
    option = getattr(args, "rules", None)
    if positional and option and positional != option:
        raise UsageError(f"scarhelp {args.command}: two rule files given ({positional} and --rules {option}); give one")
    return positional or option


def display_path(path) -> str:
    """A path as short as it can be while still pointing at the file: relative under the
    current directory, as given otherwise, so file:line in findings is easy to open."""
    path = str(path)
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return rel if not rel.startswith("..") else path
