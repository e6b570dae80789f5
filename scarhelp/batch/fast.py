"""The batch fast path: a complete, valid row's record through bit masks and parts encoded once.

Why: a batch of mostly distinct answer sets used to pay some 60 µs a row, 35 to
70 times the cost of parsing it, walking every condition through the general
interpreter and encoding each record from scratch.  Here a row costs a few
dictionary look-ups:

1. **Validation and the test mask at once.**  Every valid answer text to every
   question, as :func:`~scarhelp.answers.check_answer` accepts it (``"true"``
   for yes, one choice of a multiple-choice question without a list), maps to
   the bits of the tests it satisfies (:class:`~scarhelp.compiled.Compiled`)
   plus one "answered" bit of its question; the row's mask is the sum of its
   answers' masks (their bits never overlap).  A list answer is checked once
   per distinct list.  Anything not in the tables (an unknown question or
   value, a number, a ``true``) sends the row down the general path.
2. **Which branches hold.**  The questions are cut into small groups; the
   branches each group's part of the mask makes fail are worked out once per
   distinct part, so every branch of every rule, skip condition and
   ``against_values`` note is decided by a handful of look-ups.
3. **The skip logic.**  The row is taken only when every question its skip
   logic asks is answered (preference questions may be left out) and none it
   skips is.  Skip conditions look only at earlier questions (the loader makes
   sure), so then nothing is pruned and the mask of the whole row is the mask
   the rules see; any other row, with its warning or its "missing answers"
   error, goes the general way.
4. **The record from parts.**  It is made of one part per treatment (its
   recommendation or why it is not shown), the general caveats and the advice;
   each part depends only on which branches of its own rules and notes hold.
   The first row with a part not seen before is evaluated in full by the
   engine (:func:`~scarhelp.engine.evaluate`, :func:`.lean.lean_record`) and
   its parts are kept as JSON text, so later rows join texts.

Every cache is bounded; tests/test_batch_fast.py holds the result equal to the
general path's on every reachable answer set of the bundled rules and on
generated rule sets.
"""

from __future__ import annotations

import json

from ..answers import _TRUTHY, check_answer, validate_mapping
from ..compiled import Compiled
from ..engine import evaluate
from ..errors import AnswersError, ProblemList
from ..flow import missing
from ..model import STRENGTHS, RuleSet
from .lean import lean_record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

    Part = tuple[int, str]  # (sort key, JSON text): a recommendation (key >= 0) or a not-shown entry (-1)

GROUP = 4  # questions per group of the mask: few enough that each group's parts are few


class FastPath:
    """The compiled validator, skip logic and record parts of one rule set."""

    def __init__(self, rule_set: RuleSet, compiled: Compiled, cache_size: int) -> None:
        self.rule_set = rule_set
        self.compiled = c = compiled
        self.cache_size = cache_size
        questions = rule_set.questions
        answered = [1 << (c.bits + k) for k in range(len(questions))]

        # 1. (question id, answer text) -> the answer's mask, for every text check_answer takes
        self._pairs: dict[tuple[str, object], int] = {}
        for q, bit in zip(questions, answered, strict=True):
            for raw in (*q.values, *_TRUTHY):
                p = ProblemList()
                value = check_answer(q, raw, (q.id,), None, p)
                if value is not None and not p.problems:
                    self._pairs[(q.id, raw)] = c.answer_mask(q.id, value) | bit
        self._answered_bit = dict(zip((q.id for q in questions), answered, strict=True))
        self._lists: dict[tuple[str, tuple[str, ...]], int] = {}

        # 2. every branch of every condition gets a bit of its own
        branches: list[int] = []

        def add(masks: tuple[int, ...]) -> int:
            bb = 0
            for m in masks:
                bb |= 1 << len(branches)
                branches.append(m)
            return bb

        rule_bits = [add(masks) for _, masks in c.rules]
        ask = [add(masks) for masks in c.ask_if]
        self._skips = tuple(zip((q.preference for q in questions), answered, ask, strict=True))
        said_bits = [[add(masks) for masks in notes] for notes in c.said]
        self._all_branches = (1 << len(branches)) - 1
        self._groups: list[tuple[int, tuple[tuple[int, int], ...], dict[int, int]]] = []
        for g in range(0, len(questions), GROUP):
            gmask = 0
            for k in range(g, min(g + GROUP, len(questions))):
                gmask |= c.question_bits.get(questions[k].id, 0) | answered[k]
            tests = tuple((1 << b, m & gmask) for b, m in enumerate(branches) if m & gmask)
            self._groups.append((gmask, tests, {}))

        # 4. the parts of the record, and the branches each depends on
        index = {t.id: i for i, t in enumerate(rule_set.treatments)}
        per_treatment = [0] * len(rule_set.treatments)
        general = advice = 0
        for rule, bits in zip(rule_set.rules, rule_bits, strict=True):
            if rule.kind in ("recommend", "not_shown", "caveat") and rule.treatment is not None:
                if rule.treatment in index:
                    per_treatment[index[rule.treatment]] |= bits
            elif rule.kind == "caveat":
                general |= bits
            else:
                advice |= bits
        for i, notes in enumerate(said_bits):
            per_treatment[i] |= sum(notes)
        self._treatments: tuple[tuple[int, dict[int, Part]], ...] = tuple((b, {}) for b in per_treatment)
        self._general: tuple[int, dict[int, str]] = (general, {})
        self._advice: tuple[int, dict[int, str]] = (advice, {})
        self._tail = '],"warnings":[],"disclaimer":' + json.dumps(rule_set.meta.disclaimer, ensure_ascii=False) + "}"

    def text(self, answers: dict[str, Any]) -> str | None:
        """The record's JSON text after its first ``{``, or None: the general path decides."""
        try:
            m: int | None = sum(map(self._pairs.get, answers.items()))  # type: ignore[arg-type]
        except TypeError:  # a list (or an answer that is not in the tables)
            m = self._mask_slow(answers)
        if m is None:
            return None
        fail = 0
        for gmask, tests, known in self._groups:
            part = m & gmask
            f = known.get(part)
            if f is None:
                f = self._fails(part, tests, known)
            fail |= f
        held = self._all_branches & ~fail
        if not self._skips_agree(held, m):
            return None
        parts = []
        for bits, known_parts in self._treatments:
            got = known_parts.get(held & bits)
            if got is None:
                return self._evaluate(answers, held)
            parts.append(got)
        general = self._general[1].get(held & self._general[0])
        advice = self._advice[1].get(held & self._advice[0])
        if general is None or advice is None:
            return self._evaluate(answers, held)
        recs = [p for p in parts if p[0] >= 0]
        if len(recs) > 1:
            recs.sort()
        return "".join(
            (
                '"recommendations":[',
                ",".join([p[1] for p in recs]),
                '],"general_caveats":[',
                general,
                '],"advice":[',
                advice,
                '],"not_recommended":[',
                ",".join([p[1] for p in parts if p[0] < 0]),
                self._tail,
            )
        )

    def _mask_slow(self, answers: dict[str, Any]) -> int | None:
        """The row's mask when some answer is a list; None when some answer is not in the tables."""
        pairs, lists = self._pairs, self._lists
        m = 0
        try:
            for k, v in answers.items():
                if v.__class__ is list:
                    key = (k, tuple(v))
                    got = lists.get(key)
                    if got is None:
                        got = self._list_mask(k, v, key)
                else:
                    got = pairs.get((k, v))
                if got is None:
                    return None
                m |= got
        except TypeError:  # an unhashable value (a dict, a list of lists)
            return None
        return m

    def _list_mask(self, qid: str, value: list[Any], key: tuple[str, tuple[str, ...]]) -> int | None:
        """A list answer checked once by :func:`~scarhelp.answers.check_answer`: its mask, or None."""
        q = self.rule_set.question(qid)
        if q is None or not all(v.__class__ is str for v in value):
            return None  # not kept: 1 and true are equal in Python, so only text is remembered
        p = ProblemList()
        checked = check_answer(q, value, (qid,), None, p)
        if checked is None or p.problems:
            return None
        if len(self._lists) >= self.cache_size:
            self._lists.clear()
        got = self._lists[key] = self.compiled.answer_mask(qid, checked) | self._answered_bit[qid]
        return got

    def _fails(self, part: int, tests: tuple[tuple[int, int], ...], known: dict[int, int]) -> int:
        """The branches that one group's part of a mask makes fail (once per distinct part)."""
        f = 0
        for branch, needed in tests:
            if needed & ~part:
                f |= branch
        if len(known) >= self.cache_size:
            known.clear()
        known[part] = f
        return f

    def _skips_agree(self, held: int, m: int) -> bool:
        """Every question the skip logic asks is answered (preferences aside), and no other."""
        for preference, bit, ask in self._skips:
            if m & bit:
                if not held & ask:
                    return False  # answered, but skipped: a warning, so the general path
            elif held & ask and not preference:
                return False  # asked, not answered: "missing answers", the general path
        return True

    def _evaluate(self, answers: dict[str, Any], held: int) -> str | None:
        """A row with a part not seen yet: the engine's record, kept in parts for later rows."""
        rs = self.rule_set
        try:
            clean, warnings = validate_mapping(answers, rs, "row")
        except AnswersError:
            return None  # cannot happen for a row the tables took; the general path would say why
        if warnings or missing(rs, clean, preferences=False):
            return None
        record = lean_record(rs, evaluate(rs, clean, with_trace=False, fired=self.compiled.fired(clean)), [])
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))[1:]

        def dumps(value: object) -> str:
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

        recs = {r["treatment"]: r for r in record["recommendations"]}
        nots = {n["treatment"]: n for n in record["not_recommended"]}
        size = len(rs.treatments)
        for i, (t, (bits, known)) in enumerate(zip(rs.treatments, self._treatments, strict=True)):
            rec = recs.get(t.id)
            part: Part = (STRENGTHS.index(rec["strength"]) * size + i, dumps(rec)) if rec else (-1, dumps(nots[t.id]))
            self._keep(known, held & bits, part)
        self._keep(self._general[1], held & self._general[0], dumps(record["general_caveats"])[1:-1])
        self._keep(self._advice[1], held & self._advice[0], dumps(record["advice"])[1:-1])
        return text

    def _keep(self, known: dict[int, Any], key: int, value: object) -> None:
        if len(known) >= self.cache_size:
            known.clear()
        known[key] = value
