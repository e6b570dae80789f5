"""``scarhelp translate [RULES] --lang LANG``: write or refresh a rule set's translation file.

The translator's loop is: this command (every text of the rule set, new ones as
English placeholders), translate the texts, ``scarhelp check --lang LANG`` (what
is missing or stale, with file:line), fix, and again after each edit to the
English.  Existing translations are never lost: see ``translation_skeleton``.
"""

from __future__ import annotations

from ._common import new_parser

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    import argparse

    from ._common import Subparsers


def register(sub: Subparsers) -> None:
    p = new_parser(
        sub,
        "translate",
        "write or refresh a translation file of a rule set (for translators)",
        "Write the translation file beside a rule file (rules/acne-scars.es.yaml for --lang es)\n"
        "with an entry for every text, or refresh an existing one: new texts are added with the\n"
        "English as a placeholder marked 'untranslated: true', and every existing entry is kept as\n"
        "it is (a stale one keeps its old fingerprint, so 'scarhelp check --lang' still flags it).",
    )
    p.add_argument("rules_file", nargs="?", metavar="RULES", help="the rule file (default: the bundled rules)")
    p.add_argument("--rules", metavar="PATH", help="the rule file, as for the other commands")
    p.add_argument("--lang", required=True, metavar="LANG", help="the language tag, e.g. es or pt-BR")
    p.add_argument("--output", "-o", metavar="FILE", help="write here instead of RULES' own <stem>.LANG.yaml")
    p.add_argument("--translator", metavar="TEXT", help="who translated it, and how (kept from the file if unset)")
    p.add_argument(
        "--disclaimer-phrase",
        metavar="TEXT",
        help="words the translated disclaimer must contain (kept from the file if unset)",
    )
    p.epilog = "exit codes: 0 written, 2 the rule file or an existing translation file cannot be read."


def run(args: argparse.Namespace) -> int:
    import os
    import sys

    from ..bundle import bundled_rules_path, load_rules
    from ..errors import UsageError
    from ..fileio import AtomicFile
    from ..translation import check_lang, read_translation, translation_path
    from ..translation_skeleton import refresh
    from ._common import display_path, rules_argument

    lang = check_lang(args.lang)
    if lang == "en":
        raise UsageError("scarhelp translate: the rule file itself is the English; give another --lang")
    path = rules_argument(args)
    if path == "-":
        raise UsageError("scarhelp translate: give the rule file by name; a translation is written beside it")
    rules_path = path or bundled_rules_path()
    rule_set = load_rules(path)
    target = args.output or translation_path(rules_path, lang)
    existing = read_translation(target) if os.path.exists(target) else None
    done = refresh(
        rule_set,
        lang,
        os.path.basename(rules_path),
        existing,
        translator=args.translator or "",
        disclaimer_phrase=args.disclaimer_phrase or "",
    )
    with AtomicFile(target, "translation file") as fh:
        fh.write(done.text)
    total = done.current + done.added + done.stale + done.untranslated
    sys.stdout.write(
        f"{display_path(target)}: {total} texts: {done.current} translated and up to date, "
        f"{done.added} new (English placeholders, marked untranslated), "
        f"{done.untranslated} still untranslated, {done.stale} stale (kept, flagged)"
        + (f", {done.orphaned} for texts no longer in the rule file (kept at the end)" if done.orphaned else "")
        + f"\nnext: translate the texts, then run: scarhelp check {display_path(rules_path)} --lang {lang}\n"
    )
    return 0
