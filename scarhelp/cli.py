"""The command line: parse arguments, call the library, map errors to exit codes.

This is the only module that decides exit codes (``EXIT_CODES``) and the only one
that calls ``sys.exit`` (through ``__main__``); commands return an int and raise
the project's exceptions.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .commands import COMMANDS
from .commands._common import HelpFormatter
from .errors import InputError, Interrupted, OutputError, ScarhelpError, UsageError
from .i18n import N_, _
from .version import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from typing import Any, NoReturn

EXIT_OK = 0
EXIT_FINDINGS = 1  # also: internal error (a bug); check/test/diff/batch use it for "found something"
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

# The one place exceptions become exit codes; order matters (first match wins).
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (Interrupted, EXIT_INTERRUPTED),
    (UsageError, EXIT_USAGE),
    (InputError, EXIT_USAGE),
    (OutputError, EXIT_USAGE),
    (ScarhelpError, EXIT_USAGE),
)

DESCRIPTION = N_(
    "Which acne-scar treatments one dermatology article's guidance points to, for your answers.\n"
    "Informational only - not medical advice: see a board-certified dermatologist before any treatment.\n"
)

EPILOG = N_(
    "exit codes: 0 ok, 1 findings/failures (check, test, diff, batch) or internal error,\n"
    "            2 bad usage or bad input, 130 interrupted.\n"
    "Run 'scarhelp COMMAND --help' for a command's options.\n"
)


class _Parser(argparse.ArgumentParser):
    """argparse, but its usage errors go through our exit-code mapping, and an abbreviated
    option is refused (argparse's prefix matching turns a typo into another option)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # Any: passed on to argparse as they are
        kwargs["allow_abbrev"] = False
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        # argparse's own headings, in the tool's language (argparse reads its own domain)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=_("show this help message and exit")
            )

    def error(self, message: str) -> NoReturn:
        raise UsageError(
            _("{prog}: {message}\n(run '{prog} --help' for usage)").format(prog=self.prog, message=message)
        )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (``only``) the parser with just the command about to run: each
    command's module is imported to declare its options, and start-up time is a feature."""
    parser = _Parser(
        prog="scarhelp",
        description=_(DESCRIPTION),
        epilog=_(EPILOG),
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="store_true",
        help=_("print the version and the rule set's (with --rules PATH, that file's; --format json)"),
    )
    add_lang_option(parser)
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", title=_("commands (default: ask)"), parser_class=_Parser
    )
    for name in (only,) if only else COMMANDS:
        module = importlib.import_module(f"scarhelp.commands.{name}")
        module.register(sub)
    for command_parser in sub.choices.values():
        add_lang_option(command_parser)
    return parser


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    """``--lang LANG`` on ``parser``, unless its command declares its own.  The value was
    already acted on (:func:`lang_option`, before any parser is built); this makes argparse
    accept it and ``--help`` show it."""
    if "--lang" in parser._option_string_actions:
        return
    from .i18n import available

    action = parser.add_argument(
        "--lang",
        metavar="LANG",
        help=_(
            "the language of scarhelp's own words: {languages} (default: from LANGUAGE, LC_ALL, "
            "LC_MESSAGES or LANG, else en)"
        ).format(languages=", ".join(available())),
    )
    setattr(action, GLOBAL_LANG, True)  # marks the option as this one, not a command's own


GLOBAL_LANG = "scarhelp_global_lang"


def _takes_global_lang(parser: argparse.ArgumentParser, command: str | None) -> bool:
    """Is ``--lang`` of ``command`` the global option (the tool's language), rather than an
    option the command declares itself (``translate --lang pt-BR`` names a translation)?"""
    target = parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            target = action.choices[command]
    found = target._option_string_actions.get("--lang")
    return found is not None and bool(getattr(found, GLOBAL_LANG, False))


def lang_option(argv: list[str]) -> str | None:
    """The value of ``--lang`` in ``argv`` (before ``--``), or None; the last one wins."""
    value = None
    for i, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang":
            if i + 1 >= len(argv) or argv[i + 1].startswith("-"):
                raise UsageError(_("scarhelp: --lang needs a language, e.g. --lang es"))
            value = argv[i + 1]
        elif word.startswith("--lang="):
            value = word.split("=", 1)[1]
    return value


def _version_text(argv: list[str]) -> str:
    """``scarhelp --version [--rules PATH] [--format text|json]``: the tool's version and
    that of the rule set it would use."""
    p = _Parser(prog="scarhelp", add_help=False)
    p.add_argument("--rules")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    opts, _rest = p.parse_known_args([a for a in argv if a not in ("--version", "ask")])
    from .bundle import load_rules

    rs = load_rules(opts.rules)
    if opts.format == "json":
        import json

        data = {
            "scarhelp": {"version": __version__},
            "rule_set": {
                "title": rs.meta.title,
                "version": rs.meta.version,
                "last_reviewed": rs.meta.last_reviewed,
                "path": rs.path,
            },
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return _(
        "scarhelp {version}\nrule set: {title} {rules_version} (last reviewed {reviewed})\nrule file: {path}\n"
    ).format(
        version=__version__,
        title=rs.meta.title,
        rules_version=rs.meta.version,
        reviewed=rs.meta.last_reviewed,
        path=rs.path,
    )


def _leading_lang(argv: list[str]) -> tuple[list[str], list[str]]:
    """``scarhelp --lang es questions``: the ``--lang`` words before the command, and the rest."""
    lead: list[str] = []
    while argv and (argv[0] == "--lang" or argv[0].startswith("--lang=")):
        n = 2 if argv[0] == "--lang" else 1
        lead, argv = lead + argv[:n], argv[n:]
    return lead, argv


def _normalise(argv: list[str]) -> list[str]:
    """``scarhelp [options]`` means ``scarhelp ask [options]``."""
    if not argv:
        return ["ask"]
    first = argv[0]
    if first in COMMANDS or first in ("-h", "--help"):
        return argv
    if first.startswith("-"):
        return ["ask", *argv]
    from .errors import suggest

    hint = suggest(first, COMMANDS)
    message = (
        _("scarhelp: unknown command '{command}' - {hint}\ncommands: {commands}")
        if hint
        else _("scarhelp: unknown command '{command}'\ncommands: {commands}")
    )
    raise UsageError(message.format(command=first, hint=hint, commands=", ".join(COMMANDS)))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        from .i18n import use

        requested = lang_option(argv)
        use(requested, strict=False)  # before any parser is built, so --help follows it
        if "--version" in argv and (not argv or argv[0] not in COMMANDS or argv[0] == "ask"):
            sys.stdout.write(_version_text(argv))
            return EXIT_OK
        lead, argv = _leading_lang(argv)
        argv = _normalise(argv)
        argv = [argv[0], *lead, *argv[1:]]  # after the command, whose parser takes it too
        parser = build_parser(argv[0] if argv[0] in COMMANDS else None)
        try:
            args, extra = parser.parse_known_args(argv)
        except UsageError:
            _refuse_unknown_options(argv, parser)  # the likelier cause, when there is one
            raise
        if extra:  # name the command whose options were wrong, not the top-level parser
            prog = f"scarhelp {args.command}" if args.command else "scarhelp"
            hint = _option_hint(extra, parser, args.command)
            raise UsageError(
                _("{prog}: unrecognized arguments: {arguments}{hint}\n(run '{prog} --help' for usage)").format(
                    prog=prog, arguments=" ".join(extra), hint=hint
                )
            )
        if requested is not None and _takes_global_lang(parser, args.command):
            use(requested)  # an unknown language is a usage error, listing those there are
        elif requested is not None:
            use()  # the command's own --lang names a translation (check, translate): the environment's words
        module = importlib.import_module(f"scarhelp.commands.{args.command}")
        code: int = module.run(args)
        return code
    except KeyboardInterrupt:
        _error(_("interrupted"))
        return EXIT_INTERRUPTED
    except ScarhelpError as exc:
        _error(str(exc))
        return exit_code_for(exc)
    except BrokenPipeError:
        # Output piped into `head` and closed: not an error the user needs to see.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return EXIT_OK
    except SystemExit as exc:  # argparse --help
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    except Exception as exc:  # a bug: say so plainly, no traceback unless asked
        if os.environ.get("SCARHELP_DEBUG"):
            raise
        _error(
            _(
                "internal error: {kind}: {error}\nThis is a bug in scarhelp; set SCARHELP_DEBUG=1 for the traceback."
            ).format(kind=type(exc).__name__, error=exc)
        )
        return EXIT_FINDINGS


def long_options(parser: argparse.ArgumentParser, command: str | None) -> list[str]:
    """The long options ``scarhelp COMMAND`` accepts (with the top level's ``--version`` for ask)."""
    names = [o for a in parser._actions for o in a.option_strings if o.startswith("--")]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            names = [o for a in action.choices[command]._actions for o in a.option_strings if o.startswith("--")] + (
                names if command == "ask" else ["--help"]
            )
    return sorted(set(names))


def _refuse_unknown_options(argv: list[str], parser: argparse.ArgumentParser) -> None:
    """Name an unknown long option (with a did-you-mean) rather than what argparse
    complained of, such as a missing positional argument it made look missing."""
    command = argv[0] if argv and argv[0] in COMMANDS else None
    if command is None:
        return
    known = set(long_options(parser, command))
    for word in argv[1:]:
        if word == "--":
            return
        if word.startswith("--") and word.split("=", 1)[0] not in known:
            hint = _option_hint([word], parser, command)
            prog = f"scarhelp {command}"
            raise UsageError(
                _("{prog}: unrecognized arguments: {arguments}{hint}\n(run '{prog} --help' for usage)").format(
                    prog=prog, arguments=word, hint=hint
                )
            )


def _option_hint(extra: list[str], parser: argparse.ArgumentParser, command: str | None) -> str:
    """' (did you mean '--format'?)' for the first unknown option, when one is close:
    every option it abbreviates, else the nearest spelling."""
    known = long_options(parser, command)
    for word in extra:
        if not word.startswith("--"):
            continue
        typed = word.split("=", 1)[0]
        prefixed = [o for o in known if o.startswith(typed)]
        if prefixed:
            return _(" (did you mean {options}? options are not abbreviated)").format(
                options=_(" or ").join(repr(o) for o in prefixed)
            )
        from .errors import suggest

        hint = suggest(typed, known)
        if hint:
            return f" ({hint})"
    return ""


def exit_code_for(exc: BaseException) -> int:
    for cls, code in EXIT_CODES:
        if isinstance(exc, cls):
            return code
    return EXIT_FINDINGS


def _error(message: str) -> None:
    prefix = "scarhelp: " if not message.startswith("scarhelp") else ""
    sys.stderr.write(f"{prefix}{message}\n")
    sys.stderr.flush()


def main_exit() -> None:
    """Console-script entry point: exit with ``main``'s code."""
    sys.exit(main())
