"""Read the two everyday shapes of answers file without importing PyYAML.

Importing PyYAML takes longer than the rest of a ``--answers`` run.  Most
answers files are one of two simple shapes: a JSON object, or the flat YAML
that ``--save-answers`` writes and people type by hand::

    # a comment
    scar_type: sunken
    tried: ["creams", "peel"]
    over_21: "yes"
    _rules: {"title": "...", "version": "1.0.0", "options": {"scar_type": ["sunken", "raised"]}}

(the last line, the rule set the answers were saved with, is the one-line JSON
object ``json.dumps`` writes, and nothing else).  :func:`flat_mapping` reads exactly these shapes and gives up (returns None) on
anything else, so the YAML reader handles every other file and reports every
problem with its line and column.  Within these shapes each value means what
YAML would make of it as text: a plain word is that word, ``null`` is nothing,
and a quoted string or ``[...]`` list is read as JSON, whose syntax YAML shares.
tests/test_properties.py checks the agreement on generated files.
"""

from __future__ import annotations

import json
import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from typing import Any

# A key or a plain value: letters, digits and underscores, starting with a letter.
_WORD = r"[A-Za-z][A-Za-z0-9_]*"
_LINE = re.compile(rf"({_WORD}):(?: +(.*?))?")
_PLAIN = re.compile(_WORD)
# The spellings YAML 1.1 reads as null.  (Keys are kept as typed by the YAML
# reader too, so ``on:`` is the question 'on' either way.)
_NULL = frozenset(("null", "Null", "NULL"))


class _GiveUp(Exception):
    """Not one of the simple shapes: let the YAML reader have it."""


# Characters after which the two readers could disagree: tabs and line breaks
# other than "\n" (YAML ends a comment at "\r", U+0085, U+2028 and U+2029, and is
# strict about tabs in flow collections), and what YAML refuses as unprintable.
_UNSURE_ASCII = re.compile("[\x00-\x09\x0b-\x1f\x7f]")


def _unsure(text: str) -> bool:
    if _UNSURE_ASCII.search(text):
        return True
    if text.isascii():
        return False
    # one character at a time: a regular expression over these ranges takes
    # milliseconds to compile, longer than the whole check of a typical file
    return any(
        "\x80" <= c < "\xa0" or c in "\u2028\u2029\ufffe\uffff" or "\ud800" <= c <= "\udfff" for c in text if c > "~"
    )


# In a JSON object, a key whose ':' is on a later line, or 1,024 or more
# characters after the key starts: YAML refuses both ("simple keys").
_FAR_COLON = re.compile(r'"(?:[^"\\]|\\.)*"(?:[ ]*\n\s*|[ ]{900,}):')


def flat_mapping(text: str) -> dict[str, Any] | None:  # Any: parsed JSON or YAML values
    """The mapping in ``text`` if it is a JSON object or flat YAML of the shape above."""
    if _unsure(text):
        return None
    try:
        if text.lstrip().startswith("{"):
            if _FAR_COLON.search(text) or any(len(line) > 1000 for line in text.split("\n")):
                return None
            data: dict[str, Any] = json.loads(text, object_pairs_hook=_unique)
            return data
        return _flat_yaml(text)
    except (_GiveUp, ValueError, RecursionError):
        return None


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise _GiveUp  # a repeated key: the YAML reader says where
    return data


def _flat_yaml(text: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for line in text.split("\n"):
        if not line or line.startswith("#") or not line.strip(" "):
            continue
        m = _LINE.fullmatch(line.rstrip(" "))
        if m is None and line.startswith("_rules: {") and "_rules" not in data:
            data["_rules"] = _record(line[len("_rules: ") :].rstrip(" "))
            continue
        if m is None:
            raise _GiveUp
        key, value = m.group(1), m.group(2)
        if key in data or value is None:
            raise _GiveUp  # a repeated key, or a value on the following lines
        data[key] = _value(value)
    if not data:
        raise _GiveUp
    return data


def _record(text: str) -> dict[str, Any]:
    """The one-line JSON object ``--save-answers`` writes under ``_rules``, exactly as
    ``json.dumps`` spells it (and without escapes), which YAML reads as the same mapping."""
    if "\\" in text:
        raise _GiveUp
    value = json.loads(text)
    if not isinstance(value, dict) or json.dumps(value, ensure_ascii=False) != text:
        raise _GiveUp
    return value


def _value(text: str) -> str | list[str] | None:
    if _PLAIN.fullmatch(text):
        # YAML reads yes/no/true/... as true/false, but an answer is read back as the
        # text that was typed (see source.Document.text): only null is different.
        return None if text in _NULL else text
    if text.startswith('"'):
        return _quoted(text)
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip(" ")
        return [_item(item.strip(" ")) for item in inner.split(",")] if inner else []
    raise _GiveUp


def _item(text: str) -> str:
    # A quoted item holding a comma was cut in two by the split above, and
    # neither half is a whole quoted string, so it gives up in _quoted.
    if _PLAIN.fullmatch(text) and text not in _NULL:
        return text
    return _quoted(text)


def _quoted(text: str) -> str:
    """A double-quoted string without escapes, which JSON and YAML read alike."""
    if len(text) < 2 or not text.startswith('"') or not text.endswith('"') or "\\" in text:
        raise _GiveUp
    value = json.loads(text)
    if not isinstance(value, str):
        raise _GiveUp
    return value
