"""Read a document's values against their declared shape, collecting problems with file:line:col.

One implementation of "this should be a mapping with these keys", "this should be
text" and "this should be true or false", shared by the rule loader and the scenario
reader, so the two cannot drift apart in what they accept or how they say it. The
declarations themselves are :mod:`scarhelp.schema`'s; nothing here raises: every
problem goes to ``problems`` and the caller decides when to stop.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from .. import schema as S
from ..errors import Location, ProblemList, suggest
from ..errors import kind as _kind
from ..yamldoc import Document, Path


class Fields:
    """A document being read, and the problems found in it so far."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.p = ProblemList()

    def loc(self, path: Path, key: bool = False) -> Location:
        return self.doc.loc(path, key)

    def line(self, path: Path) -> int:
        return self.doc.loc(path).line or 0

    # -- mappings ---------------------------------------------------------------
    def unknown_keys(self, mapping: dict[str, Any], path: Path, allowed: Collection[str], what: str) -> None:
        """Report each key of ``mapping`` not in ``allowed``, at the key, with a 'did you mean'."""
        for key in mapping:
            if key not in allowed:
                hint = suggest(key, allowed) or "allowed keys: " + ", ".join(allowed)
                self.p.add(self.loc(path + (key,), key=True), f"unknown key '{key}' in {what}", hint)

    def missing_keys(self, mapping: dict[str, Any], path: Path, required: Iterable[str], subject: str) -> None:
        """Report each of ``required`` that ``mapping`` lacks, at the mapping."""
        for name in required:
            if name not in mapping:
                self.p.add(self.loc(path), f"{subject} is missing the required key '{name}'")

    def obj(self, value: Any, path: Path, spec: S.Obj) -> dict[str, Any] | None:
        """Check a mapping's keys against ``spec``; return it if it is a mapping."""
        if not isinstance(value, dict):
            self.p.add(self.loc(path), f"{spec.name} should be a mapping, not {_kind(value)}")
            return None
        self.unknown_keys(value, path, spec.fields, spec.name)
        self.missing_keys(value, path, required(spec), spec.name)
        return value

    # -- scalars ----------------------------------------------------------------
    def as_typed(self, value: Any, path: Path) -> Any:
        """Where text is expected, the value as the author typed it: YAML's ``yes`` or
        ``1.10`` read back as that text, and any other number as its digits."""
        value = self.doc.text(path, value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        return value

    def string(
        self, value: Any, path: Path, required: bool = True, enum: Collection[str] = (), must_say: str = ""
    ) -> str | None:
        """A text field of a rule file: None (reported) unless it is text; an empty
        required text is reported but returned, so the rest of its mapping is still read."""
        if value is None and not required:
            return None
        value = self.as_typed(value, path)
        if not isinstance(value, str):
            self.p.add(self.loc(path), f"expected text, found {_kind(value)}")
            return None
        if enum and value not in enum:
            self.p.add(
                self.loc(path),
                f"'{value}' is not one of: {', '.join(enum)}",
                suggest(value, enum),
            )
            return None
        if required and not value.strip():
            self.p.add(self.loc(path), "this text is empty")
        elif must_say and must_say not in " ".join(value.lower().split()):
            # every report repeats this text first and last: it is what keeps scarhelp honest
            self.p.add(self.loc(path), f"this text must say '{must_say}' in those words")
        return value

    def text(self, value: Any, path: Path) -> str | None:
        """Text that must say something (a scenario's name, an id in a list): a blank is None."""
        value = self.as_typed(value, path)
        if not isinstance(value, str) or not value.strip():
            self.p.add(self.loc(path), f"expected text, found {_kind(value) if value != '' else 'empty text'}")
            return None
        return value

    def field(self, mapping: dict[str, Any], path: Path, name: str, spec: S.Obj) -> Any:
        """Read one declared field with the type check its declaration implies."""
        fld = spec.fields[name]
        if name not in mapping:
            return None
        value = mapping[name]
        fpath = path + (name,)
        t = fld.type
        if isinstance(t, S.Str):
            return self.string(value, fpath, fld.required, t.enum, t.must_say)
        if isinstance(t, S.Int):
            if isinstance(value, bool) or not isinstance(value, int):
                self.p.add(self.loc(fpath), f"'{name}' should be a whole number, not {_kind(value)}")
                return None
            return value
        if isinstance(t, S.Bool):
            if not isinstance(value, bool):
                self.p.add(self.loc(fpath), f"'{name}' should be true or false, not {_kind(value)}")
                return None
            return value
        if isinstance(t, S.ListOf):
            if not isinstance(value, list):
                self.p.add(self.loc(fpath), f"'{name}' should be a list, not {_kind(value)}")
                return None
            if len(value) < t.min_items:
                self.p.add(self.loc(fpath), f"'{name}' needs at least {t.min_items} item(s)")
            return value
        return value

    def str_list(self, values: list[Any] | None, path: Path) -> tuple[str, ...]:
        """The text items of a list already checked to be one; the others are reported."""
        out = []
        for i, v in enumerate(values or []):
            s = self.string(v, path + (i,))
            if s is not None:
                out.append(s)
        return tuple(out)


def required(spec: S.Obj) -> list[str]:
    """The keys ``spec`` declares required, in declaration order (the order they are reported in)."""
    return [name for name, fld in spec.fields.items() if fld.required]
