"""``evaluate(rule_set, answers) -> Result``: the guidance applied to one answer set.

Pure and deterministic: no I/O, no clock, no randomness, so the same answers
always give the same result and every later layer (renderers, batch, tests) can
rely on it.  Every line of the result carries its basis (rule, matched answers,
claims, references) because a decision aid must let people judge its reasoning.
"""

from __future__ import annotations

from .conditions import first_failure, holds, matched_answers
from .i18n import _
from .model import STRENGTHS, Rule, RuleSet
from .record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from typing import Literal

    from .model import Answer, Answers, Labeler, Strength


class Reason(Record):
    rule: str
    because: str
    answers: dict[str, Answer | None]  # the answers that made the rule's condition true
    claims: tuple[str, ...]
    refs: tuple[int, ...]
    line: int = 0


class Note(Record):
    """A caveat or a piece of advice, with where it comes from."""

    rule: str
    text: str
    because: str
    claims: tuple[str, ...]
    refs: tuple[int, ...]
    answers: dict[str, Answer | None]  # the answers that made the rule's condition true
    line: int = 0


class Said(Record):
    """The option set against what the person said matters to them (a treatment's
    ``against_values`` note whose condition holds).  It informs; it ranks nothing."""

    text: str
    claims: tuple[str, ...]
    refs: tuple[int, ...]
    answers: dict[str, Answer | None]  # the answers the note speaks to
    line: int = 0
    short: str = ""


class Recommendation(Record):
    treatment: str
    strength: Strength
    reasons: tuple[Reason, ...]
    caveats: tuple[Note, ...]
    said: tuple[Said, ...] = ()

    @property
    def claims(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        items: tuple[Reason | Note | Said, ...] = (*self.reasons, *self.caveats, *self.said)
        for item in items:
            for c in item.claims:
                seen[c] = None
        return tuple(seen)


class NotShown(Record):
    treatment: str
    why: str
    rule: str | None = None  # the not_suited or not_shown rule that says why; None: the engine's own words
    claims: tuple[str, ...] = ()
    refs: tuple[int, ...] = ()
    outcome: Literal["not_suited", "not_shown"] = "not_shown"  # a rule ruled it out, or no rule showed it


class Trace(Record):
    rule: str
    fired: bool
    detail: str  # matched answers in words when fired, the first failed test otherwise
    line: int = 0


class Result(Record):
    answers: dict[str, Answer]
    recommendations: tuple[Recommendation, ...]  # strongest first; not_suited ones are in not_recommended
    advice: tuple[Note, ...]
    general_caveats: tuple[Note, ...]  # caveats on every option (e.g. treat active acne first)
    not_recommended: tuple[NotShown, ...]
    trace: tuple[Trace, ...]
    conflicts: tuple[str, ...] = ()

    @property
    def is_silent(self) -> bool:
        return not self.recommendations and not self.advice


def _rank(strength: Strength | None) -> int:
    return STRENGTHS.index(strength)


def evaluate(
    rule_set: RuleSet, answers: Answers, *, with_trace: bool = True, fired: tuple[int, ...] | None = None
) -> Result:
    """Apply every rule to the answers.

    When rules give one treatment different strengths (a conflict that
    ``scarhelp check`` reports), the most cautious strength wins: a decision
    aid should err towards "not suited" rather than overstate a fit.

    ``with_trace=False`` leaves ``Result.trace`` empty and skips wording why each
    rule did not fire (``batch`` does not print the trace); nothing else changes.
    ``fired``: the indices of the rules that hold, when the caller has them already
    (``batch`` gets them from :class:`~scarhelp.compiled.Compiled`, which
    tests/test_compiled.py holds equal to the interpreter on every reachable set).
    """
    answers = dict(answers)
    trace: list[Trace] = []
    if fired is not None and not with_trace:
        return _resolve(rule_set, answers, [rule_set.rules[i] for i in fired], trace)
    labeler = _labeler(rule_set)
    fired_rules: list[Rule] = []
    for rule in rule_set.rules:
        if holds(rule.when, answers):
            fired_rules.append(rule)
            if with_trace:
                got = matched_answers(rule.when, answers)
                detail = ", ".join(f"{q}={_fmt(v)}" for q, v in got.items()) or _("always applies")
                trace.append(Trace(rule.id, True, detail, rule.line))
        elif with_trace:
            trace.append(Trace(rule.id, False, first_failure(rule.when, answers, labeler), rule.line))
    return _resolve(rule_set, answers, fired_rules, trace)


def _resolve(rule_set: RuleSet, answers: dict[str, Answer], fired: list[Rule], trace: list[Trace]) -> Result:
    """The result from the rules that fired: strengths resolved, notes attached."""
    by_treatment: dict[str | None, list[Rule]] = {}
    caveats: dict[str | None, list[Rule]] = {}
    absent: dict[str | None, list[Rule]] = {}
    advice: list[Note] = []
    for rule in fired:
        if rule.kind == "recommend":
            by_treatment.setdefault(rule.treatment, []).append(rule)
        elif rule.kind == "not_shown":
            absent.setdefault(rule.treatment, []).append(rule)
        elif rule.kind == "caveat":
            caveats.setdefault(rule.treatment, []).append(rule)
        else:
            advice.append(_note(rule_set, rule, answers))

    recs: list[Recommendation] = []
    not_rec: list[NotShown] = []
    conflicts: list[str] = []
    for t in rule_set.treatments:
        rules = by_treatment.get(t.id)
        if not rules:
            said = absent.get(t.id)
            if said:
                claims = tuple(dict.fromkeys(c for r in said for c in r.claims))
                why = " ".join(r.because for r in said)
                not_rec.append(NotShown(t.id, why, said[0].id, claims, rule_set.refs_for(claims)))
            else:
                not_rec.append(NotShown(t.id, _why_not(rule_set, t.id, answers, _labeler(rule_set))))
            continue
        strengths = {r.strength for r in rules}
        strength = max(strengths, key=_rank)
        assert strength is not None  # the loader gives every recommend rule a strength
        if len(strengths) > 1:
            conflicts.append(
                _("{treatment}: rules {rules} give different strengths; using the most cautious, {strength}").format(
                    treatment=t.id, rules=", ".join(r.id for r in rules), strength=strength
                )
            )
        chosen = [r for r in rules if r.strength == strength]
        reasons = tuple(
            Reason(
                r.id,
                r.because,
                matched_answers(r.when, answers),
                r.claims,
                rule_set.refs_for(r.claims),
                r.line,
            )
            for r in chosen
        )
        if strength == "not_suited":
            claims = tuple(dict.fromkeys(c for r in chosen for c in r.claims))
            not_rec.append(
                NotShown(
                    t.id,
                    " ".join(r.because for r in chosen),
                    chosen[0].id,
                    claims,
                    rule_set.refs_for(claims),
                    "not_suited",
                )
            )
            continue
        notes = tuple(_note(rule_set, r, answers) for r in caveats.get(t.id, []))
        said_notes = tuple(
            Said(v.text, v.claims, rule_set.refs_for(v.claims), matched_answers(v.when, answers), v.line, v.short)
            for v in t.against_values
            if holds(v.when, answers)
        )
        recs.append(Recommendation(t.id, strength, reasons, notes, said_notes))

    order = {t.id: i for i, t in enumerate(rule_set.treatments)}
    recs.sort(key=lambda r: (_rank(r.strength), order[r.treatment]))
    general = tuple(_note(rule_set, r, answers) for r in caveats.get(None, []))
    return Result(answers, tuple(recs), tuple(advice), general, tuple(not_rec), tuple(trace), tuple(conflicts))


def _note(rule_set: RuleSet, rule: Rule, answers: Answers) -> Note:
    return Note(
        rule.id,
        rule.text,
        rule.because,
        rule.claims,
        rule_set.refs_for(rule.claims),
        matched_answers(rule.when, answers),
        rule.line,
    )


def _why_not(rule_set: RuleSet, treatment: str, answers: Answers, labeler: Labeler) -> str:
    """Why no rule showed a treatment: the first failed test of the first rule that could have."""
    for rule in rule_set.rules:
        if rule.kind == "recommend" and rule.treatment == treatment:
            return _("rule '{rule}' did not apply: {why}").format(
                rule=rule.id, why=first_failure(rule.when, answers, labeler)
            )
    return _("no rule in this rule set recommends it")


def _labeler(rule_set: RuleSet) -> Labeler:
    def label(qid: str, value: str) -> str:
        q = rule_set.question(qid)
        opt = q.option(value) if q else None
        return opt.label if opt else value

    return label


def _fmt(value: object) -> str:
    if isinstance(value, (list, tuple, frozenset, set)):
        return "[" + ", ".join(sorted(value)) + "]"
    return str(value)
