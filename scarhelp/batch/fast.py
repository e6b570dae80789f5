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
    from typing import Any, TypeVar

    T = TypeVar("T")
    Part = tuple[int, str]  # (sort key, JSON text): a recommendation (key >= 0) or a not-shown entry (-1)

NOTES = 3  # general caveats or advice rules per part of the record: at most 2**3 texts each
GROUP = 4  # single-answer questions per group: few enough that each group's answer tuples are few

if TYPE_CHECKING:
    Tests = tuple[tuple[int, int], ...]  # (branch bit, the test bits of the group it needs)
    Entry = tuple[int, int]  # (answered-question bits, bits of the branches it makes fail)


class FastPath:
    """The compiled validator, skip logic and record parts of one rule set."""

    def __init__(self, rule_set: RuleSet, compiled: Compiled, cache_size: int) -> None:
        self.rule_set = rule_set
        self.compiled = c = compiled
        self.cache_size = cache_size
        questions = rule_set.questions
        self._questions = len(questions)

        # 1. (question id, answer text) -> the tests it satisfies, for every text check_answer takes
        self._masks: dict[tuple[str, str], int] = {}
        for q in questions:
            for raw in dict.fromkeys((*q.values, *_TRUTHY)):
                p = ProblemList()
                value = check_answer(q, raw, (q.id,), None, p)
                if value is not None and not p.problems:
                    self._masks[(q.id, raw)] = c.answer_mask(q.id, value)

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
        said_bits = [[add(masks) for masks in notes] for notes in c.said]
        self._all_branches = (1 << len(branches)) - 1
        self._ask_all = sum(ask)
        self._skips = tuple((q.preference, k, bits) for k, q in enumerate(questions) for bits in (ask[k],))
        self._skip_known: dict[int, bool] = {}

        def tests(ks: list[int]) -> Tests:
            gmask = 0
            for k in ks:
                gmask |= c.question_bits.get(questions[k].id, 0)
            return tuple((1 << b, m & gmask) for b, m in enumerate(branches) if m & gmask)

        plain = [k for k, q in enumerate(questions) if q.kind != "many"]
        self._groups: tuple[tuple[tuple[str, ...], dict[Any, Entry], tuple[int, ...], Tests], ...] = tuple(
            (tuple(questions[k].id for k in ks), {}, tuple(ks), tests(ks))
            for ks in (plain[g : g + GROUP] for g in range(0, len(plain), GROUP))
        )
        self._many: tuple[tuple[str, dict[Any, Entry], int, Tests, int], ...] = tuple(
            (q.id, {}, k, t, _fails(0, t)) for k, q in enumerate(questions) if q.kind == "many" for t in (tests([k]),)
        )

        # a condition with several branches: its first branch's bit stands for it, so the
        # record's key says which conditions hold, not which of their branches do
        self._single = 0
        multi = []
        for bits in (*rule_bits, *(b for notes in said_bits for b in notes)):
            if bits & (bits - 1):
                multi.append((bits & -bits, bits))
            else:
                self._single |= bits
        self._multi = tuple(multi)

        # 4. the parts of the record, and the conditions each depends on: one per treatment,
        # and the general caveats and the advice in chunks of a few rules (so few combinations)
        index = {t.id: i for i, t in enumerate(rule_set.treatments)}
        per_treatment = [0] * len(rule_set.treatments)
        sections: dict[str, list[tuple[str, int]]] = {"general_caveats": [], "advice": []}
        for rule, bits in zip(rule_set.rules, rule_bits, strict=True):
            if rule.kind in ("recommend", "not_shown", "caveat") and rule.treatment is not None:
                if rule.treatment in index:
                    per_treatment[index[rule.treatment]] |= bits
            else:
                sections["general_caveats" if rule.kind == "caveat" else "advice"].append((rule.id, bits))
        for i, notes in enumerate(said_bits):
            per_treatment[i] |= sum(notes)
        self._treatments: tuple[tuple[int, dict[int, Part]], ...] = tuple((b, {}) for b in per_treatment)
        self._notes: dict[str, tuple[tuple[frozenset[str], int, dict[int, str]], ...]] = {
            name: tuple(
                (frozenset(r for r, _ in chunk), sum(b for _, b in chunk), {})
                for chunk in (rules[i : i + NOTES] for i in range(0, len(rules), NOTES))
            )
            for name, rules in sections.items()
        }
        self._tail = '],"warnings":[],"disclaimer":' + json.dumps(rule_set.meta.disclaimer, ensure_ascii=False) + "}"

    def text(self, answers: dict[str, Any]) -> str | None:
        """The record's JSON text after its first ``{``, or None: the general path decides."""
        get = answers.get
        answered = fail = 0
        try:
            for qids, known, ks, tests in self._groups:
                values = tuple(map(get, qids))
                e = known.get(values)
                if e is None:
                    e = self._group(values, qids, known, ks, tests)
                    if e is None:
                        return None
                answered |= e[0]
                fail |= e[1]
            for qid, known_many, k, tests, unanswered in self._many:
                v = get(qid)
                if v is None:
                    fail |= unanswered  # its tests fail
                    continue
                key = tuple(v) if v.__class__ is list else v
                e = known_many.get(key)
                if e is None:
                    e = self._choices(v, key, qid, known_many, k, tests)
                    if e is None:
                        return None
                answered |= e[0]
                fail |= e[1]
        except TypeError:  # an unhashable answer: a mapping, or a list where one answer goes
            return None
        if answered.bit_count() != len(answers):
            return None  # a key that is no question, or a null answer
        held = self._all_branches & ~fail
        skip_key = (held & self._ask_all) << self._questions | answered
        agree = self._skip_known.get(skip_key)
        if agree is None:
            agree = self._skips_agree(held, answered, skip_key)
        if not agree:
            return None
        # the record, from the parts of the conditions that hold (whole records are not
        # kept: uniformly random rows hardly ever repeat which conditions hold)
        fired = held & self._single
        for first, bits in self._multi:
            if held & bits:
                fired |= first
        parts = []
        for bits, known_parts in self._treatments:
            got = known_parts.get(fired & bits)
            if got is None:
                return self._evaluate(answers, fired)
            parts.append(got)
        sections = []
        for chunks in self._notes.values():
            texts = []
            for _rules, bits, known_notes in chunks:
                note = known_notes.get(fired & bits)
                if note is None:
                    return self._evaluate(answers, fired)
                if note:
                    texts.append(note)
            sections.append(",".join(texts))
        recs = [p for p in parts if p[0] >= 0]
        recs.sort()
        return "".join(
            (
                '"recommendations":[',
                ",".join([p[1] for p in recs]),
                '],"general_caveats":[',
                sections[0],
                '],"advice":[',
                sections[1],
                '],"not_recommended":[',
                ",".join([p[1] for p in parts if p[0] < 0]),
                self._tail,
            )
        )

    def _group(
        self, values: tuple[Any, ...], qids: tuple[str, ...], known: dict[Any, Entry], ks: tuple[int, ...], tests: Tests
    ) -> Entry | None:
        """One group's answers checked once: the questions answered and the branches failed."""
        masks = self._masks
        answered = m = 0
        for qid, k, v in zip(qids, ks, values, strict=True):
            if v is None:
                continue
            if v.__class__ is not str:
                return None  # not kept: 1 and true are equal in Python, so only text is remembered
            got = masks.get((qid, v))
            if got is None:
                return None
            m |= got
            answered |= 1 << k
        return self._keep(known, values, (answered, _fails(m, tests)))

    def _choices(self, value: Any, key: Any, qid: str, known: dict[Any, Entry], k: int, tests: Tests) -> Entry | None:
        """A multiple-choice answer checked once by :func:`~scarhelp.answers.check_answer`."""
        if value.__class__ is str:
            got = self._masks.get((qid, value))
        elif value.__class__ is list and all(v.__class__ is str for v in value):
            q = self.rule_set.question(qid)
            assert q is not None  # the tables hold only the rule set's questions
            p = ProblemList()
            checked = check_answer(q, value, (qid,), None, p)
            got = None if checked is None or p.problems else self.compiled.answer_mask(qid, checked)
        else:
            return None  # not kept: only text and lists of text are remembered
        if got is None:
            return None
        return self._keep(known, key, (1 << k, _fails(got, tests)))

    def _skips_agree(self, held: int, answered: int, key: int) -> bool:
        """Every question the skip logic asks is answered (preferences aside), and no other."""
        agree = True
        for preference, k, ask in self._skips:
            if answered >> k & 1:
                if not held & ask:
                    agree = False  # answered, but skipped: a warning, so the general path
            elif held & ask and not preference:
                agree = False  # asked, not answered: "missing answers", the general path
        return self._keep(self._skip_known, key, agree)

    def _evaluate(self, answers: dict[str, Any], fired: int) -> str | None:
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
            self._keep(known, fired & bits, part)
        for name, chunks in self._notes.items():
            for rules, bits, known_notes in chunks:
                self._keep(known_notes, fired & bits, ",".join(dumps(n) for n in record[name] if n["rule"] in rules))
        return text

    def _keep(self, known: dict[Any, T], key: Any, value: T) -> T:
        if len(known) >= self.cache_size:
            known.clear()  # simple and bounded; the next rows fill it again
        known[key] = value
        return value


def _fails(mask: int, tests: Tests) -> int:
    """The branches that the tests in ``mask`` (one group's answers) make fail."""
    f = 0
    for branch, needed in tests:
        if needed & ~mask:
            f |= branch
    return f
