"""``scarhelp completion bash|zsh|fish``: a shell completion script, from the real parser."""

from __future__ import annotations

from ..i18n import _
from ._common import add_rules_option, new_parser, write_output

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    import argparse

    from ._common import Subparsers

SHELLS = ("bash", "zsh", "fish")  # the same as scarhelp.completion.SHELLS, without importing it here

EPILOG = """\
install:
  bash  scarhelp completion bash > ~/.local/share/bash-completion/completions/scarhelp
  zsh   scarhelp completion zsh > ~/.zfunc/_scarhelp   (fpath+=~/.zfunc before compinit)
  fish  scarhelp completion fish > ~/.config/fish/completions/scarhelp.fish
then open a new shell. The question ids and answers offered for --set are those of the
rule set (--rules FILE for another); make the script again after they change.
"""


def register(sub: Subparsers) -> None:
    p = new_parser(
        sub,
        "completion",
        _("print a shell completion script (bash, zsh or fish)"),
        _(
            "Print a completion script for the shell: commands, options, file names, the values\n"
            "of --format and the like, and the question ids and their answers for --set."
        ),
    )
    p.epilog = EPILOG
    p.add_argument("shell", choices=SHELLS, metavar="SHELL", help=_("bash, zsh or fish"))
    add_rules_option(p)
    p.add_argument("--output", "-o", metavar="FILE", help=_("write to FILE (atomically) instead of stdout"))


def run(args: argparse.Namespace) -> int:
    from ..bundle import load_rules
    from ..cli import build_parser
    from ..completion import script

    rule_set = load_rules(args.rules)
    write_output(script(args.shell, build_parser(), rule_set), args.output, f"{args.shell} completion script")
    return 0
