"""What scarhelp asks of the terminal: is there one, how wide, may it have colour.

Kept in one place because the prompts, the report and the help text all ask,
and because ``$COLUMNS`` and friends come from the environment, where anything
can be set: every answer here falls back to a sane default instead of failing.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from typing import TextIO


# C0 and C1 control characters except tab and newline, and DEL: text from a rule
# or answers file must not be able to move the cursor, retitle or clear a terminal.
CONTROL = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)])


def printable(text: str) -> str:
    """``text`` without the control characters a terminal would act on."""
    return text.translate(CONTROL)


def columns_env() -> int:
    """$COLUMNS as a number, 0 when unset or not a plain whole number ("²" is a digit
    to ``str.isdigit`` but not to ``int``)."""
    cols = os.environ.get("COLUMNS", "").strip()
    return int(cols) if cols.isascii() and cols.isdigit() else 0


def columns(stream: TextIO | None = None, default: int = 80) -> int:
    """How wide the terminal is, asked one way for the help, the report and the prompts:
    $COLUMNS when set (as ``shutil.get_terminal_size`` and most tools honour it), else the
    terminal behind ``stream`` (standard output by default), else ``default``."""
    cols = columns_env()
    if cols > 0:
        return cols
    stream = sys.__stdout__ if stream is None else stream
    if stream is None:  # no standard output at all (pythonw)
        return default
    try:
        return os.get_terminal_size(stream.fileno()).columns or default
    except (AttributeError, ValueError, OSError):
        return default


def help_columns() -> int:
    """The width ``shutil.get_terminal_size`` would give: $COLUMNS, the terminal, or 80."""
    return columns()


def terminal_width(default: int = 80) -> int:
    """Columns for the report (at least 20)."""
    return max(20, columns(sys.stdout, default))


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


def page(text: str) -> bool:
    """Show a report taller than the screen through a pager (``$PAGER``, else ``less``,
    with ``LESS=FRX`` unless set: quit at once if it fits, keep colours, leave the text
    on screen), so the first screen a person sees is the top: the disclaimer and the
    options at a glance.  False when there is no pager to use (then print as usual)."""
    import shlex
    import shutil
    import subprocess

    rows = shutil.get_terminal_size((80, 24)).lines
    if text.count("\n") < rows:
        return False
    pager = os.environ.get("PAGER", "less").strip()
    if not pager or pager == "cat":
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    try:
        subprocess.run(shlex.split(pager), input=text, text=True, env=env, check=False)
    except OSError:
        return False
    return True
