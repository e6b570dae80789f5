"""YAML text into plain data plus the position of every value (reading files is :mod:`.fileio`'s job).

Why our own walk over PyYAML's node graph instead of ``yaml.safe_load``: we need
the line and column of every value for error messages, we must bound alias
expansion (a "billion laughs" file is a few hundred bytes of nodes that expand to
gigabytes of data), we refuse every non-standard tag, and we keep the literal
text of plain scalars so ``yes`` or ``1.0`` can be read as the string the author
typed where a string is expected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import InputError, Location, Problem
from .i18n import _

if TYPE_CHECKING:
    from types import ModuleType
    from typing import TypeAlias, TypeVar

    from yaml.constructor import SafeConstructor
    from yaml.nodes import Node

    from .errors import ScarhelpError

    E = TypeVar("E", bound=ScarhelpError)

MAX_NODES = 200_000  # nodes after alias expansion
MAX_DEPTH = 64  # nesting of mappings and sequences

if TYPE_CHECKING:
    Path: TypeAlias = tuple[object, ...]  # a path inside the document: keys and indexes
else:
    Path = tuple  # a path inside the document: keys and indexes


class Pos:
    """Where a value starts, and the literal text of a plain scalar (to read it back
    as a string).  A plain slotted class: one is made for every node of every file."""

    __slots__ = ("column", "line", "raw")

    def __init__(self, line: int, column: int, raw: str | None = None) -> None:
        self.line = line  # 1-based
        self.column = column  # 1-based
        self.raw = raw


class Document:
    """Parsed data with the position of every key and value, addressed by path."""

    def __init__(self, data: Any, positions: dict[Path, Pos], key_positions: dict[Path, Pos], file: str) -> None:
        self.data = data
        self.positions = positions
        self.key_positions = key_positions
        self.file = file

    def loc(self, path: Path, key: bool = False) -> Location:
        table = self.key_positions if key else self.positions
        pos = table.get(path) or self.positions.get(path)
        probe = path
        while pos is None and probe:
            probe = probe[:-1]
            pos = self.positions.get(probe)
        return Location(
            self.file,
            pos.line if pos else None,
            pos.column if pos else None,
            format_path(path),
        )

    def text(self, path: Path, value: Any) -> Any:
        """The value as the author typed it, for fields that are strings."""
        if isinstance(value, (bool, int, float)) or value is None:
            pos = self.positions.get(path)
            if pos and pos.raw is not None:
                return pos.raw
        return value


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def load_yaml(text: str, file: str, what: str = "file") -> Document:
    """Parse one YAML document safely into a :class:`Document`."""
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_cls(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.composer.ComposerError as exc:
        if "single document" in str(exc):
            mark = exc.problem_mark
            raise InputError(
                _("{file}:{line}: the {what} holds several YAML documents (separated by ---); keep one").format(
                    file=file, line=mark.line + 1 if mark else "?", what=what
                ),
            ) from None
        raise _yaml_error(exc, file, what) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, file, what) from None
    except RecursionError:
        raise InputError(_("{file}: the {what} is nested too deeply").format(file=file, what=what)) from None
    if node is None:
        raise InputError(_("{file}: the {what} is empty").format(file=file, what=what))
    doc = Document(None, {}, {}, file)
    counter = [0]
    doc.data = _convert(node, (), doc, counter, 0, what)
    return doc


def _yaml_error(exc: Exception, file: str, what: str) -> InputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        loc = Location(file, mark.line + 1, mark.column + 1)
        return InputError(
            _("{file}: the {what} is not valid YAML: {problem}").format(file=loc, what=what, problem=problem)
        )
    return InputError(
        _("{file}: the {what} is not valid YAML: {problem}").format(file=file, what=what, problem=problem)
    )


_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


_constructor: list[SafeConstructor] = []


def _CONSTRUCTOR(yaml: ModuleType) -> SafeConstructor:
    if not _constructor:
        _constructor.append(yaml.constructor.SafeConstructor())
    return _constructor[0]


def _convert(node: Node, path: Path, doc: Document, counter: list[int], depth: int, what: str) -> Any:
    """Convert a node; an alias (a node seen before) costs its whole size again, so
    the node budget bounds the expanded size without expanding it first."""
    memo = doc.__dict__.setdefault("_memo", {})
    seen = memo.get(id(node))
    if seen is not None:
        value, size = seen
        counter[0] += size
        if counter[0] > MAX_NODES:
            m = node.start_mark
            raise InputError(_too_many(doc.file, m.line + 1, what))
        return value
    before = counter[0]
    value = _convert_new(node, path, doc, counter, depth, what)
    memo[id(node)] = (value, counter[0] - before)
    return value


def _convert_new(node: Node, path: Path, doc: Document, counter: list[int], depth: int, what: str) -> Any:
    import yaml

    counter[0] += 1
    mark = node.start_mark
    if counter[0] > MAX_NODES:
        raise InputError(_too_many(doc.file, mark.line + 1, what))
    if depth > MAX_DEPTH:
        raise InputError(
            _("{file}:{line}: the {what} is nested more than {depth} levels deep").format(
                file=doc.file, line=mark.line + 1, what=what, depth=MAX_DEPTH
            )
        )
    pos = Pos(mark.line + 1, mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise _bad_tag(node, doc, what)
        raw = node.value if not node.style else None
        doc.positions[path] = Pos(pos.line, pos.column, raw)
        if node.tag == _STD + "str":
            return node.value
        if node.tag == _STD + "timestamp":
            return node.value  # dates stay text: we never compute with them
        return _CONSTRUCTOR(yaml).construct_object(node)
    doc.positions[path] = pos
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _STD + "seq":
            raise _bad_tag(node, doc, what)
        return [_convert(child, path + (i,), doc, counter, depth + 1, what) for i, child in enumerate(node.value)]
    if node.tag != _STD + "map":
        raise _bad_tag(node, doc, what)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            m = key_node.start_mark
            raise InputError(
                _("{file}:{line}:{column}: a key must be plain text").format(
                    file=doc.file, line=m.line + 1, column=m.column + 1
                )
            )
        if key_node.tag == _STD + "merge":
            raise InputError(
                _("{file}:{line}: merge keys (<<) are not supported").format(
                    file=doc.file, line=key_node.start_mark.line + 1
                )
            )
        key = key_node.value
        kpos = Pos(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if key in result:
            raise InputError(
                _("{file}:{line}:{column}: the key '{key}' appears twice in one mapping").format(
                    file=doc.file, line=kpos.line, column=kpos.column, key=key
                )
            )
        doc.key_positions[path + (key,)] = kpos
        result[key] = _convert(value_node, path + (key,), doc, counter, depth + 1, what)
    return result


def _bad_tag(node: Node, doc: Document, what: str) -> InputError:
    m = node.start_mark
    message = (
        _(
            "{file}:{line}:{column}: the tag {tag} is not allowed in an {what}; "
            "only plain YAML values (text, numbers, lists, mappings) are read"
        )
        if what[:1] in "aeiou"
        else _(
            "{file}:{line}:{column}: the tag {tag} is not allowed in a {what}; "
            "only plain YAML values (text, numbers, lists, mappings) are read"
        )
    )
    return InputError(
        message.format(file=doc.file, line=m.line + 1, column=m.column + 1, tag=repr(node.tag), what=what)
    )


def _too_many(file: str, line: int, what: str) -> str:
    return _(
        "{file}:{line}: the {what} expands to more than {count} values (too many aliases?); refusing to load it"
    ).format(file=file, line=line, what=what, count=f"{MAX_NODES:,}")


def problems_error(cls: type[E], message: str, problems: list[Problem]) -> E:
    """Build an error of ``cls`` whose problems are sorted by file position."""
    problems = sorted(problems, key=lambda p: (p.location.file, p.location.line or 0, p.location.column or 0))
    return cls(message, problems)
