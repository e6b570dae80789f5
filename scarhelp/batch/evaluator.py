"""Evaluating batch rows: the record of one answer set as JSON text, memoised.

Two ways to the same text.  The general path validates the answers
(:func:`~scarhelp.answers.validate_mapping`), applies the skip logic, runs
:func:`~scarhelp.engine.evaluate` and encodes :func:`lean_record`; it alone
writes error messages and warnings.  The fast path (:mod:`.fast`) reads a
complete, valid row with nothing to warn about through bit masks and puts its
record together from parts encoded once; any row it cannot vouch for goes the
general way, so every message stays exactly the general path's.  Tests hold
the two equal on every reachable answer set and on generated rule sets.
"""

from __future__ import annotations

import json

from .. import flow
from ..answers import validate_mapping
from ..compiled import Compiled
from ..engine import evaluate
from ..errors import AnswersError
from ..model import RuleSet
from .fast import FastPath
from .lean import lean_record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Hashable
    from typing import Any, TypeAlias

    from ..model import Answer

    # (ok, the record's JSON text after its id and line, or the error message)
    Outcome: TypeAlias = tuple[bool, str]

CACHE_SIZE = 16384  # distinct answer sets remembered; bounds memory whatever the input


class Evaluator:
    """The rule set compiled once, with outcomes memoised by the rows' memo keys.

    ``outcome(answers, key)`` returns ``(ok, text)``: the JSON text of the
    record after its ``id`` and ``line``, or the error message.  ``answers`` may
    be None only for a key already in ``cache`` (the reader saw it there).
    ``full``: the whole ``--format json`` report per row (general path only);
    ``fast=False`` takes the general path for every row (the tests' reference).
    Memory is bounded by ``cache_size`` entries per cache.
    """

    def __init__(self, rule_set: RuleSet, full: bool = False, cache_size: int = CACHE_SIZE, fast: bool = True) -> None:
        self.rule_set = rule_set
        self.full = full
        self.cache_size = cache_size
        self.cache: dict[Hashable, Outcome] = {}
        self.hits = self.misses = 0
        self.compiled = Compiled(rule_set)
        self.fast = FastPath(rule_set, self.compiled, cache_size) if fast and not full else None

    def outcome(self, answers: dict[str, Any] | None, key: Hashable | None) -> Outcome:
        if key is not None:
            hit = self.cache.get(key)
            if hit is not None:
                self.hits += 1
                return hit
        assert answers is not None, "a row without answers must be in the cache"
        self.misses += 1
        text = self.fast.text(answers) if self.fast is not None else None
        result = (True, text) if text is not None else self.general(answers)
        if key is not None:
            if len(self.cache) >= self.cache_size:
                self.cache.clear()  # simple and bounded; real batches re-warm it at once
            self.cache[key] = result
        return result

    def general(self, answers: dict[str, Any]) -> Outcome:
        """The outcome through the general interpreter: the reference the fast path matches."""
        rs = self.rule_set
        try:
            clean, warnings = validate_mapping(answers, rs, "row")
        except AnswersError as exc:
            return False, _problems_text(exc)
        todo = flow.missing(rs, clean, preferences=False)
        if todo:
            return False, "missing answers for: " + ", ".join(q.id for q in todo)
        if self.full:
            from ..report import build_report

            record = build_report(rs, evaluate(rs, clean, with_trace=False), warnings)
            return True, json.dumps(record, ensure_ascii=False, separators=(",", ":"))[1:]
        return True, self.lean_text(clean, warnings)

    def lean_text(self, clean: dict[str, Answer], warnings: list[str]) -> str:
        """The lean record of valid, complete answers, as JSON text without its first ``{``."""
        rs = self.rule_set
        result = evaluate(rs, clean, with_trace=False, fired=self.compiled.fired(clean))
        return json.dumps(lean_record(rs, result, warnings), ensure_ascii=False, separators=(",", ":"))[1:]


def _problems_text(exc: AnswersError) -> str:
    if not exc.problems:
        return exc.message
    parts = []
    for p in exc.problems:
        text = p.message
        if p.hint:
            text += f" ({p.hint})"
        parts.append(text)
    return "; ".join(parts)
