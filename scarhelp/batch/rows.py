"""Reading batch input: JSON Lines or CSV into rows, each with a memo key.

A row is a plain tuple, for speed: ``(line, id or None, answers or None, memo
key or None, error or None)``.  The memo key is equal only for rows that
validate and evaluate identically, so the evaluator can answer a repeated
answer set from its cache.  Given the keys the evaluator has seen, the JSON
Lines reader does not even parse a line whose answers it recognises: it yields
the row with ``answers`` None, and the evaluator answers it from the cache.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Container, Iterable, Iterator
from json.encoder import encode_basestring

from ..errors import InputError, kind
from ..model import RuleSet

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Hashable
    from typing import Any, BinaryIO, TypeAlias

    Row: TypeAlias = tuple[int, Any, dict[str, Any] | None, Hashable | None, str | None]

INPUT_FORMATS = ("jsonl", "csv")
NOTHING_SEEN: frozenset[str] = frozenset()


def detect_format(path: str, given: str | None) -> str:
    if given:
        return given
    lower = path.lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith((".jsonl", ".ndjson")) or path == "-":
        return "jsonl"
    raise InputError(f"{path}: cannot tell the input format from the file name; add --input-format jsonl or csv")


def iter_rows(
    stream: BinaryIO, fmt: str, rule_set: RuleSet, name: str, seen: Container[Hashable] = NOTHING_SEEN
) -> Iterator[Row]:
    """The rows of ``stream``; ``seen``: memo keys whose outcome the evaluator holds."""
    if fmt == "jsonl":
        return read_jsonl(stream, seen)
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    return _csv_rows_checked(text, rule_set, name)


# -- JSON Lines -----------------------------------------------------------------


def _memo_key(obj: dict[str, Any]) -> tuple[tuple[str, object], ...] | None:
    """A hashable key equal only for rows that validate and evaluate identically.

    Text and lists of text are used as they are; other JSON values are tagged
    with their type so ``true`` and ``1`` (equal in Python) never share a result.
    """
    out: list[tuple[str, object]] = []
    for k, v in obj.items():
        cls = v.__class__
        if cls is str:
            out.append((k, v))
        elif cls is list:
            for x in v:
                if x.__class__ is not str:
                    return None
            out.append((k, tuple(v)))
        elif v is None or cls in (bool, int, float):
            out.append((k, (cls, v)))
        else:
            return None
    return tuple(out)


def read_jsonl(lines: Iterable[bytes], seen: Container[Hashable] = NOTHING_SEEN) -> Iterator[Row]:
    """Rows of a JSON Lines stream (lines as bytes); blank lines are skipped.

    A line ``{"id": "<plain id>"<rest>`` (or a line without id) whose rest is
    in ``seen`` is the same answer set as an earlier row, with another id: it
    is yielded unparsed (answers None, key the rest).  The id must be plain (no
    backslash, quote or control character), so the line is valid JSON exactly
    when the earlier one was; and the rest must not start with ``{``, which no
    valid rest does but the text of a line without id always does, so the two
    kinds of key never meet.  Everything else is parsed by :func:`_jsonl_row`.
    """
    loads = json.loads
    for n, raw in enumerate(lines, 1):
        try:
            text = raw.decode()
        except UnicodeDecodeError:
            text = ""
        if text.startswith('{"id": "'):
            start = 8
        elif text.startswith('{"id":"'):
            start = 7
        else:
            start = 0
        if start:
            j = text.find('"', start)
            rid = text[start:j]
            rest = text[j + 1 :]
            if j > 0 and "\\" not in rid and not rest.startswith("{"):
                if rest in seen and rid.isprintable():
                    yield (n, rid, None, rest, None)
                    continue
                try:
                    obj = loads(text)
                except ValueError:
                    obj = None
                # the id is plain text, so the line starts with its id exactly as _jsonl_row requires
                if obj.__class__ is dict and obj.pop("id", None) == rid and '"id"' not in rest and "\\" not in rest:
                    yield (n, rid, obj, rest, None)
                    continue
        elif text.startswith("{") and text in seen:
            yield (n, None, None, text, None)
            continue
        row = _jsonl_row(n, raw)
        if row is not None:
            yield row


def _jsonl_row(n: int, raw: bytes) -> Row | None:
    """Parse one JSON Lines line into a row (None for a blank line).

    The memo key of a row is the text after its id when it starts with its id
    (the usual layout), or its whole text when it has no id and starts with
    ``{``: that text determines its answers exactly.  Texts with another "id"
    or a backslash escape (which could spell one) get :func:`_memo_key` of the
    parsed object.
    """
    if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (n, None, None, None, f"not valid UTF-8 (byte {exc.start} of the line)")
    try:
        obj = json.loads(text)
    except ValueError as exc:
        if not text.strip():
            return None  # a blank line is not a row
        return (n, None, None, None, f"invalid JSON: {exc}")
    if obj.__class__ is not dict:
        return (n, None, None, None, f"a row must be a JSON object of question id to answer, not {kind(obj)}")
    if "id" not in obj:
        if text.startswith("{") and '"id"' not in text and "\\" not in text:
            return (n, None, obj, text, None)
        return (n, None, obj, _memo_key(obj), None)
    rid = obj.pop("id")
    cls = rid.__class__
    head = encode_basestring(rid) if cls is str else str(rid) if cls is int else None
    if head is not None:
        for start in ('{"id": ', '{"id":'):
            if text.startswith(start) and text.startswith(head, len(start)):
                rest = text[len(start) + len(head) :]
                if '"id"' not in rest and "\\" not in rest:
                    return (n, rid, obj, rest, None)
                break
    return (n, rid, obj, _memo_key(obj), None)


# -- CSV ------------------------------------------------------------------------


def read_csv(stream: io.TextIOBase, rule_set: RuleSet, name: str) -> Iterator[Row]:
    """Rows of a CSV file whose header names the questions (and optionally ``id``)."""
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{name}: the CSV file is empty; its first row must name the questions") from None
    except csv.Error as exc:
        raise InputError(f"{name}:1: cannot read the CSV header: {exc}") from None
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    header = [h.strip() for h in header]
    _check_header(header, rule_set, name)
    id_col = header.index("id") if "id" in header else None
    many = {q.id for q in rule_set.questions if q.kind == "many"}
    columns = [(i, h, h in many) for i, h in enumerate(header) if i != id_col]
    width = len(header)
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield (start, None, None, None, f"cannot read the CSV row: {exc}")
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # blank line
        rid = cells[id_col].strip() or None if id_col is not None and id_col < len(cells) else None
        if len(cells) != width:
            yield (line, rid, None, None, f"the row has {len(cells)} cells but the header has {width}")
            continue
        answers: dict[str, Any] = {}
        for i, qid, is_many in columns:
            cell = cells[i].strip()
            if not cell:
                continue
            answers[qid] = [v.strip() for v in cell.split(";") if v.strip()] if is_many else cell
        key = tuple(c for i, c in enumerate(cells) if i != id_col)
        yield (line, rid, answers, key, None)


def _check_header(header: list[str], rule_set: RuleSet, name: str) -> None:
    from ..errors import suggest

    ids = [q.id for q in rule_set.questions]
    problems = []
    seen: set[str] = set()
    for h in header:
        if h in seen:
            problems.append(f"the column '{h}' appears twice")
        seen.add(h)
        if h != "id" and rule_set.question(h) is None:
            hint = suggest(h, ids)
            problems.append(f"unknown question '{h}'" + (f" ({hint})" if hint else ""))
    if problems:
        raise InputError(
            f"{name}:1: the CSV header names the questions (and optionally 'id'): "
            + "; ".join(problems)
            + f"\nquestion ids: {', '.join(ids)}"
        )


def _csv_rows_checked(text: io.TextIOBase, rule_set: RuleSet, name: str) -> Iterator[Row]:
    try:
        yield from read_csv(text, rule_set, name)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: the CSV file is not valid UTF-8 (byte {exc.start}); save it as UTF-8") from None
