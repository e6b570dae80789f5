"""Write or refresh a translation file: the translator's working copy, never losing work.

Why a generated skeleton: a translator should start from every text the rule set
has, each with its fingerprint, and after an edit to the English get the new
texts added without touching what is already translated.  So a refresh keeps
every existing entry as it is (a stale one keeps its old fingerprint, so it
stays flagged until someone looks at it; one whose text is gone is kept at the
end), adds each new text with the English as a placeholder marked
``untranslated: true``, and puts the current English above each entry as a
comment, where the translator reads it.
"""

from __future__ import annotations

import json

from .model import RuleSet
from .record import Record
from .translation import Entry, TranslationFile, fingerprint, texts

WIDTH = 96
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
TRANSLATOR_PLACEHOLDER = "name the translator, and say how it was translated"
PHRASE_PLACEHOLDER = "the words of 'not medical advice' the translated disclaimer must contain"


class Refresh(Record):
    """What a refresh did, counted for the message the command prints."""

    text: str
    current: int = 0  # entries whose English has not changed
    added: int = 0  # new texts, English placeholders
    stale: int = 0  # kept, with their old fingerprint, for the translator to redo
    untranslated: int = 0  # placeholders written before and still not translated
    orphaned: int = 0  # entries for texts the rule file no longer has, kept at the end


def refresh(
    rs: RuleSet,
    lang: str,
    translates: str,
    existing: TranslationFile | None = None,
    translator: str = "",
    disclaimer_phrase: str = "",
) -> Refresh:
    """The translation file's new text: ``existing`` (if any) with every text of ``rs`` in it."""
    old = {e.key: e for e in existing.entries} if existing else {}
    out = [
        f"# The {lang} translation of {translates}, by id path. Written by 'scarhelp translate';",
        "# edit the 'text' of each entry. 'source' is the fingerprint of the English it was made",
        "# from: after an edit to the English the entry is stale (shown in English, reported by",
        f"# 'scarhelp check --lang {lang}') until it is translated again and its 'source' updated.",
        "# 'untranslated: true' marks the English left as a placeholder; delete the line once translated.",
        f"lang: {_scalar(lang, 0)}",
        f"translates: {_scalar(translates, 0)}",
        f"translator: {_scalar(translator or (existing.translator if existing else '') or TRANSLATOR_PLACEHOLDER, 0)}",
        "# a clinician who reviewed the translation; null while nobody has",
        f"reviewer: {_scalar(existing.reviewer, 0) if existing and existing.reviewer else 'null'}",
        "# words the translated disclaimer must contain, as the English must say 'not medical advice'",
        "disclaimer_phrase: "
        + _scalar(disclaimer_phrase or (existing.disclaimer_phrase if existing else "") or PHRASE_PLACEHOLDER, 0),
        "texts:",
    ]
    counts = {"current": 0, "added": 0, "stale": 0, "untranslated": 0, "orphaned": 0}
    seen = set()
    for t in texts(rs):
        seen.add(t.key)
        now = fingerprint(t.english)
        e = old.get(t.key)
        if e is None:
            counts["added"] += 1
            out.append(f"  # English: {_comment(t.english)}")
            out += _entry(Entry(t.key, now, t.english, True))
            continue
        if e.source != now:
            counts["stale"] += 1
            out.append(f"  # STALE: the English changed since this was translated (from {e.source}, now {now})")
            out.append(f"  # English now: {_comment(t.english)}")
        else:
            counts["untranslated" if e.untranslated else "current"] += 1
            out.append(f"  # English: {_comment(t.english)}")
        out += _entry(e)
    gone = [e for e in (existing.entries if existing else ()) if e.key not in seen]
    if gone:
        out.append("  # The entries below are for texts the rule file no longer has; kept so no work is lost.")
    for e in gone:
        counts["orphaned"] += 1
        out += _entry(e)
    return Refresh("\n".join(out) + "\n", **counts)


def _entry(e: Entry) -> list[str]:
    lines = [f"  {_key(e.key)}:", f"    source: {_scalar(e.source, 4)}"]
    if e.untranslated:
        lines.append("    untranslated: true")
    lines.append(f"    text: {_scalar(e.text, 4)}")
    return lines


def _key(key: str) -> str:
    return key if key and set(key) <= _KEY_CHARS and key[0].isalpha() else json.dumps(key, ensure_ascii=False)


def _comment(text: str) -> str:
    flat = " ".join(text.split())
    return "".join(c if c.isprintable() else " " for c in flat)


def _foldable(text: str) -> bool:
    return bool(text) and " ".join(text.split()) == text and text.isprintable()


def _scalar(text: str, indent: int) -> str:
    """``text`` as YAML: a folded block (wrapped at WIDTH) when it is one plain line of
    words, else a double-quoted scalar with JSON's escapes (a subset of YAML's)."""
    if not _foldable(text):
        quoted = json.dumps(text, ensure_ascii=False)
        return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")
    plain = json.dumps(text, ensure_ascii=False)
    if indent + len(plain) + 8 <= WIDTH and plain[1:-1] == text:
        return plain  # short: one quoted line
    pad = " " * (indent + 2)
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(pad) + len(line) + 1 + len(word) > WIDTH:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ">-\n" + "\n".join(pad + ln for ln in lines)
