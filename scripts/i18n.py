"""The translator's loop for scarhelp's own words (the gettext catalogue).

    python scripts/i18n.py extract    # scarhelp/*.py -> scarhelp/locale/scarhelp.pot
    python scripts/i18n.py update     # merge the .pot into every scarhelp/locale/*/LC_MESSAGES/scarhelp.po
    python scripts/i18n.py compile    # every .po -> its .mo (shipped in the wheel)
    python scripts/i18n.py all        # the three, in order

Babel (in the test extra) does the work; scarhelp itself reads the .mo with the
standard library's gettext.  The output is made to be stable, so the tests can
check that the committed files match a fresh run: the .pot's locations carry the
file but not the line (moving code does not change it), its header carries no
date, and a .mo is compiled from its .po alone.  Fuzzy entries are not compiled
(gettext shows the English until a person confirms the translation).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scarhelp"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "scarhelp.pot"
DOMAIN = "scarhelp"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
WIDTH = 100


def _fixed_header(catalog: object) -> None:
    """No dates or tool versions in the header: a fresh run gives the same bytes."""
    import datetime

    epoch = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    catalog.creation_date = epoch  # type: ignore[attr-defined]
    catalog.revision_date = epoch  # type: ignore[attr-defined]
    catalog.fuzzy = False  # type: ignore[attr-defined]


def extract_catalog():  # type: ignore[no-untyped-def]
    """The messages of scarhelp's source, as a Babel catalogue (the .pot's content)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(
        project="scarhelp",
        version="",
        copyright_holder="the scarhelp authors",
        msgid_bugs_address="",
        charset="utf-8",
    )
    _fixed_header(catalog)
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**/locale/**", "ignore"), ("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in sorted(found, key=lambda m: (m[0], m[1])):
        catalog.add(
            message,
            None,
            [(f"scarhelp/{filename}", lineno)],
            auto_comments=comments,
            context=context,
            flags=("python-brace-format",) if "{" in (message if isinstance(message, str) else message[0]) else (),
        )
    return catalog


def pot_text() -> bytes:
    from babel.messages.pofile import write_po

    buf = io.BytesIO()
    write_po(buf, extract_catalog(), width=WIDTH, include_lineno=False)
    return buf.getvalue()


def po_files() -> list[Path]:
    return sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def mo_bytes(po: Path) -> bytes:
    """The .mo compiled from ``po`` (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def extract() -> None:
    POT.parent.mkdir(parents=True, exist_ok=True)
    POT.write_bytes(pot_text())
    print(f"extracted {len(extract_catalog())} messages to {POT.relative_to(ROOT)}")


def update() -> None:
    from babel.messages.pofile import read_po, write_po

    with POT.open("rb") as f:
        template = read_po(f)
    for po in po_files():
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        catalog.update(template, no_fuzzy_matching=False)
        _fixed_header(catalog)
        buf = io.BytesIO()
        write_po(buf, catalog, width=WIDTH, include_lineno=False, ignore_obsolete=True)
        po.write_bytes(buf.getvalue())
        untranslated = sum(
            1 for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])
        )
        fuzzy = sum(1 for m in catalog if m.id and m.fuzzy)
        print(f"updated {po.relative_to(ROOT)}: {untranslated} untranslated, {fuzzy} fuzzy")


def init(lang: str) -> None:
    """Start a catalogue for a new language from the .pot."""
    from babel.messages.pofile import read_po, write_po

    po = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if po.exists():
        sys.exit(f"{po.relative_to(ROOT)} exists; use update")
    with POT.open("rb") as f:
        catalog = read_po(f, locale=lang)
    catalog.locale = lang
    _fixed_header(catalog)
    po.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=WIDTH, include_lineno=False)
    po.write_bytes(buf.getvalue())
    print(f"created {po.relative_to(ROOT)}")


def compile_all() -> None:
    for po in po_files():
        mo = po.with_suffix(".mo")
        mo.write_bytes(mo_bytes(po))
        print(f"compiled {mo.relative_to(ROOT)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=("extract", "update", "compile", "all", "init"))
    ap.add_argument("lang", nargs="?", help="for init: the new language's code, e.g. pt_BR")
    args = ap.parse_args()
    if args.step == "init":
        if not args.lang:
            ap.error("init needs a language code")
        init(args.lang)
        return
    if args.step in ("extract", "all"):
        extract()
    if args.step in ("update", "all"):
        update()
    if args.step in ("compile", "all"):
        compile_all()


if __name__ == "__main__":
    main()
