"""A pseudo-language for the tests: every catalogue message wrapped in markers.

``build(localedir)`` compiles, from the committed ``scarhelp.pot``, a catalogue
``xx`` whose every msgstr is its msgid between ``⟦`` and ``⟧`` (placeholders kept,
so the code still fills them).  Run scarhelp with ``SCARHELP_LOCALEDIR`` pointing
there and ``--lang xx``, and any visible English outside the markers is a sentence
that did not go through the catalogue: :func:`leftovers` finds it.

The rule set's own texts (questions, labels, treatment texts, claims, ids) come from
the rule file, not the catalogue, so :func:`rule_strings` collects them from the
loaded RuleSet and :func:`leftovers` takes them out before looking.  When the rule
set's translation lands, a pseudo rule translation can take the place of that list.

Not shipped: only the tests make it, in a temporary folder.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "scarhelp" / "locale" / "scarhelp.pot"
OPEN, CLOSE = "⟦", "⟧"
LANG = "xx"

_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_WORD = re.compile(r"[^\W\d_]{2,}")
_CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]|\x1b\][^\x07]*\x07")


def wrap(message: str) -> str:
    """``⟦message⟧``, with leading and trailing whitespace kept outside the markers."""
    core = message.strip()
    if not core:
        return message
    start = message.index(core[0])
    return f"{message[:start]}{OPEN}{core}{CLOSE}{message[start + len(core) :]}"


def build(localedir: Path, lang: str = LANG) -> Path:
    """Compile the pseudo catalogue into ``localedir/lang/LC_MESSAGES/scarhelp.mo``."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with POT.open("rb") as f:
        template = read_po(f)
    catalog = Catalog(locale=None, charset="utf-8")
    catalog.mime_headers = [("Plural-Forms", "nplurals=2; plural=(n != 1);")]
    for message in template:
        if not message.id:
            continue
        string = tuple(wrap(m) for m in message.id) if message.pluralizable else wrap(message.id)
        catalog.add(message.id, string)
    target = localedir / lang / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    (target / "scarhelp.mo").write_bytes(buf.getvalue())
    return localedir


def rule_strings(rule_set: object) -> list[str]:
    """Every text of a rule set (and its ids and values), whitespace-normalised, longest first."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            text = " ".join(value.split())
            if text:
                found.add(text)
                # the report may show one sentence of a text (the summary's "why")
                found.update(part for part in re.split(r"(?<=[.!?])\s+", text) if part)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for v in value:
                walk(v)
        elif hasattr(value, "_fields"):
            for name in value._fields:  # type: ignore[attr-defined]
                walk(getattr(value, name))

    walk(rule_set)
    return sorted(found, key=lambda s: (-len(s), s))


def visible(text: str) -> str:
    """Terminal output without its escape sequences, whitespace collapsed."""
    return " ".join(_CSI.sub(" ", text).split())


def leftovers(text: str, rule_texts: list[str], allowed: tuple[str, ...] = ()) -> list[str]:
    """The words in ``text`` that are neither inside markers nor part of a rule-set text
    nor ``allowed``; each given with a little of its context."""
    text = " ".join(text.split())
    while True:  # innermost first: a translated text may hold another
        new = _MARKED.sub(" ", text)
        if new == text:
            break
        text = new
    # a screen that has scrolled may begin inside a message: up to its closing marker is marked
    first_close, first_open = text.find(CLOSE), text.find(OPEN)
    if first_close != -1 and (first_open == -1 or first_close < first_open):
        text = text[first_close + 1 :]
    for s in (*rule_texts, *allowed):
        if s in text:
            text = re.sub(r"(?<!\w)" + re.escape(s) + r"(?!\w)", " ", text)
    out = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        if word in ("scarhelp",):
            continue
        out.append(f"{word!r} in …{text[max(0, m.start() - 40) : m.end() + 40]}…")
    return out
