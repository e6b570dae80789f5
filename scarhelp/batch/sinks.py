"""Writing batch output: one JSON Lines record, or one CSV summary row, per input row.

A sink gets the record of a row as JSON text (after its ``id`` and ``line``),
as the evaluator made it, and adds the id and line number; the CSV summary is
worked out once per distinct record.
"""

from __future__ import annotations

import csv
import json
from json.encoder import encode_basestring

from ..model import RuleSet

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any, TextIO

OUTPUT_FORMATS = ("jsonl", "csv")
CSV_COLUMNS = ("id", "line", "best", "other_options", "advice", "error", "disclaimer")
SUMMARIES = 16384  # distinct CSV summaries remembered; bounds memory whatever the input


def id_json(rid: Any) -> str:  # Any: a parsed JSON value, or the line number
    cls = rid.__class__
    if cls is int:
        return str(rid)
    if cls is str:
        return encode_basestring(rid)
    return json.dumps(rid, ensure_ascii=False)


class JsonlSink:
    """The JSON Lines output: the record's text with ``id`` and ``line`` put in front."""

    def __init__(self, out: TextIO, rule_set: RuleSet) -> None:
        self.write = out.write
        self.disclaimer_json = json.dumps(rule_set.meta.disclaimer, ensure_ascii=False)

    def ok(self, line: int, rid: object, body: str) -> None:
        if rid is None:
            self.write(f'{{"id":{line},"line":{line},{body}\n')
        elif rid.__class__ is str:
            self.write(f'{{"id":{encode_basestring(rid)},"line":{line},{body}\n')
        else:
            self.write(f'{{"id":{id_json(rid)},"line":{line},{body}\n')

    def error(self, line: int, rid: object, message: str) -> None:
        self.write(
            f'{{"id":{id_json(line if rid is None else rid)},"line":{line},'
            f'"error":{json.dumps(message, ensure_ascii=False)},"disclaimer":{self.disclaimer_json}}}\n'
        )


class CsvSink:
    """The summary table: one row per input row; the disclaimer is a column so it
    survives any filtering or sorting in a spreadsheet."""

    def __init__(self, out: TextIO, rule_set: RuleSet) -> None:
        self.writer = csv.writer(out, lineterminator="\n")
        self.writer.writerow(CSV_COLUMNS)
        self.disclaimer = rule_set.meta.disclaimer
        self.rule_set = rule_set
        self.summaries: dict[str, tuple[str, str, str]] = {}

    def ok(self, line: int, rid: object, body: str) -> None:
        summary = self.summaries.get(body)
        if summary is None:
            if len(self.summaries) >= SUMMARIES:
                self.summaries.clear()
            summary = self.summaries[body] = _summary(self.rule_set, json.loads("{" + body))
        self.writer.writerow((line if rid is None else rid, line, *summary, "", self.disclaimer))

    def error(self, line: int, rid: object, message: str) -> None:
        self.writer.writerow((line if rid is None else rid, line, "", "", "", message, self.disclaimer))


def _summary(rule_set: RuleSet, record: dict[str, Any]) -> tuple[str, str, str]:
    """(best, other options, advice) in words, for the CSV summary."""
    from ..model import STRENGTH_LABELS

    recs = record["recommendations"]

    def name(r: dict[str, Any]) -> str:
        t = rule_set.treatment(r["treatment"])
        return f"{t.name if t else r['treatment']} ({STRENGTH_LABELS.get(r['strength'], r['strength'])})"

    best = [r for r in recs if r["strength"] == recs[0]["strength"]] if recs else []
    others = [r for r in recs if r not in best]
    advice = [a["text"] for a in record["advice"]]
    return "; ".join(map(name, best)), "; ".join(map(name, others)), " | ".join(advice)
