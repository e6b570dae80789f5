"""Where a rule set comes from: the bundled one (pre-compiled) or a YAML file.

Why a pre-compiled copy: loading the bundled YAML means importing PyYAML and
the validating loader, then parsing some 850 lines while recording positions;
that took longer than everything else in a ``--answers`` run put together.
``rules/acne-scars.compiled.json`` is the same rule set after loading, as plain
JSON, together with a checksum of the YAML bytes it was made from, one of its
own content, and the field names of every model class.  It is used only while
all of these still match; after any edit to the YAML (or to the model), or any
damage to the copy, the YAML is loaded as usual, so a stale copy costs time,
never correctness.  ``python scripts/compile_rules.py`` rewrites it,
and the test suite fails while it is stale.

The copy holds only data: strings, numbers, lists and the names of model classes
from a fixed table.  Decoding it runs no code from the file.
"""

from __future__ import annotations

import os

from . import model
from .i18n import is_english
from .record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from typing import Any

BUNDLED_NAME = "acne-scars.yaml"
FORMAT = 2

# The classes a compiled rule set may name; anything else makes the copy unusable.
CLASSES: dict[str, type[Record]] = {
    cls.__name__: cls
    for cls in (
        model.Reference,
        model.Claim,
        model.Source,
        model.Meta,
        model.Test,
        model.All,
        model.AnyOf,
        model.Option,
        model.Question,
        model.Point,
        model.AgainstValue,
        model.Treatment,
        model.Rule,
        model.Invariant,
        model.Language,
        model.RuleSet,
    )
}


def bundled_rules_path() -> str:
    """The rule set the tool runs on by default: inside the installed package,
    or ``rules/`` at the top of a source checkout."""
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = (os.path.join(here, "rules", BUNDLED_NAME), os.path.join(os.path.dirname(here), "rules", BUNDLED_NAME))
    for candidate in candidates:
        if os.path.isfile(candidate):
            return candidate
    return candidates[0]


def compiled_path(yaml_path: str) -> str:
    base, _ = os.path.splitext(yaml_path)
    return base + ".compiled.json"


def load_rules(path: str | None = None, lang: str | None = None) -> model.RuleSet:
    """The rule set at ``path`` (a YAML file, ``-`` for stdin), or the bundled one.

    With ``lang`` (``es``, ``es_MX``...), its texts come from the translation file
    beside the rules (``acne-scars.es.yaml``); a text the translation lacks or whose
    English changed since stays English and is listed in ``rule_set.language``, and
    the report says so.  ``None`` or ``en``: the rule file's own English, unchanged.

    Raises :class:`~scarhelp.errors.RulesError` listing every problem in the file.
    """
    rule_set = _load(path)
    if is_english(lang):
        return rule_set  # without importing the translation machinery
    from .translation import apply_language

    return apply_language(rule_set, bundled_rules_path() if path is None else path, lang)


def _load(path: str | None) -> model.RuleSet:
    if path is None:
        yaml_path = bundled_rules_path()
        rule_set = load_compiled(yaml_path)
        if rule_set is not None:
            return rule_set
        path = yaml_path
    from .loader import read_rules

    return read_rules(str(path))


def load_compiled(yaml_path: str) -> model.RuleSet | None:
    """The compiled copy beside ``yaml_path``, or None when it is missing, damaged,
    or does not match the YAML (or this version's model) exactly."""
    import json

    try:
        with open(yaml_path, "rb") as fh:
            source = fh.read()
        with open(compiled_path(yaml_path), "rb") as fh:
            header_line, payload, *rest = fh.read().split(b"\n", 2)
        header = json.loads(header_line)
        if (rest and rest[0].strip()) or not _current(header, source, payload):
            return None
        rule_set = _decode(json.loads(payload))
        if not isinstance(rule_set, model.RuleSet):
            return None
        return rule_set.replace(path=yaml_path)
    except Exception:  # any damage means: load the YAML instead
        return None


def compile_rules(rule_set: model.RuleSet, source: bytes) -> str:
    """The compiled copy of ``rule_set``, loaded from the YAML bytes ``source``.

    Two lines of JSON: a header (what the copy was made from, and checksums of
    the YAML and of the second line), then the rule set itself.
    """
    import json

    payload = json.dumps(_encode(rule_set.replace(path="")), ensure_ascii=False, separators=(",", ":"))
    header = {
        "generated_by": "scripts/compile_rules.py from the YAML beside this file; do not edit",
        "format": FORMAT,
        "source": checksum(source),
        "payload": checksum(payload.encode("utf-8")),
        "fields": {name: list(cls._fields) for name, cls in CLASSES.items()},
    }
    return json.dumps(header, ensure_ascii=False, separators=(",", ":")) + "\n" + payload + "\n"


def checksum(data: bytes) -> str:
    """Length, CRC-32 and Adler-32 of ``data``: enough to notice any edit or damage.

    Not a defence against someone forging a copy: whoever can write it can as well
    write the code that reads it.  zlib rather than hashlib, whose import (OpenSSL)
    costs more than the rest of the check, and unlike ``importlib.util.source_hash``
    the same on every Python version.
    """
    import zlib

    return f"{len(data)}-{zlib.crc32(data):08x}-{zlib.adler32(data):08x}"


def _current(header: object, source: bytes, payload: bytes) -> bool:
    return (
        isinstance(header, dict)
        and header.get("format") == FORMAT
        and header.get("fields") == {name: list(cls._fields) for name, cls in CLASSES.items()}
        and header.get("source") == checksum(source)
        and header.get("payload") == checksum(payload)
    )


def _encode(value: object) -> object:
    if isinstance(value, Record):
        if CLASSES.get(type(value).__name__) is not type(value):  # else the copy could never be read back
            raise TypeError(f"cannot compile a {type(value).__name__}: add it to bundle.CLASSES")
        return {"R": type(value).__name__, "v": [_encode(v) for v in value._values()]}
    if isinstance(value, frozenset):
        return {"S": sorted(value)}
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, bool)):
        return value
    raise TypeError(f"cannot compile a {type(value).__name__}")


def _decode(value: Any) -> object:  # Any: a parsed JSON value
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if isinstance(value, dict):
        if "S" in value:
            return frozenset(value["S"])
        cls = CLASSES[value["R"]]
        values = value["v"]
        if len(values) != len(cls._fields):  # never lean on defaults: a shift would go unnoticed
            raise ValueError(f"{cls.__name__}: {len(values)} values for {len(cls._fields)} fields")
        return cls(*[_decode(v) for v in values])
    return value
