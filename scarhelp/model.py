"""The rule model: frozen records the loader builds and everything else reads.

Frozen so that nothing downstream (engine, renderers, analysis) can change the
guidance by accident; every object keeps the line it came from so findings and
explanations can point back into the YAML.
"""

from __future__ import annotations

from .i18n import N_
from .record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import ClassVar, Literal, TypeAlias

    # the words the rule files use, closed sets the checker holds every comparison to
    Strength: TypeAlias = Literal["best_fit", "option", "weaker_fit", "not_suited"]
    Outcome: TypeAlias = Literal["best_fit", "option", "weaker_fit", "not_suited", "not_shown"]
    RuleKind: TypeAlias = Literal["recommend", "caveat", "advise", "not_shown"]
    QuestionKind: TypeAlias = Literal["one", "many", "yes_no"]

    # an answer as the engine sees it: an option value, or a sorted tuple of them
    # for a "choose one or more" question
    Answer: TypeAlias = str | tuple[str, ...]
    Answers: TypeAlias = Mapping[str, Answer]
    # (question id, option value) -> the words to show for that value
    Labeler: TypeAlias = Callable[[str, str], str]

# Strengths in order, strongest first.  ``not_suited`` is an explicit "the
# article's guidance points away from this for your answers", shown with its
# reason; a treatment no rule mentions is simply "not shown".
STRENGTHS: tuple[Strength, ...] = ("best_fit", "option", "weaker_fit", "not_suited")
# The words of the three tables below are the catalogue's (marked with N_, translated
# with _() where shown): the keys are the report's stable ids.
STRENGTH_LABELS: dict[Strength, str] = {
    "best_fit": N_("Best fit"),
    "option": N_("Option"),
    "weaker_fit": N_("Weaker fit"),
    "not_suited": N_("Not suited"),
}
QUESTION_KINDS: tuple[QuestionKind, ...] = ("one", "many", "yes_no")
# What an invariant may say of a treatment: a strength, or ``not_shown`` (no
# recommend rule for it fired, so it appears only under "not shown, and why").
NOT_SHOWN = "not_shown"
OUTCOMES: tuple[Outcome, ...] = (*STRENGTHS, "not_shown")
RULE_KINDS: tuple[RuleKind, ...] = ("recommend", "caveat", "advise", "not_shown")
# The summary's cells for each option, in order, with the question each answers.
GLANCE_FIELDS: dict[str, str] = {
    "what": N_("What"),
    "how": N_("How"),
    "how_soon": N_("How soon"),
    "recovery": N_("Recovery, side effects"),
    "permanent": N_("Permanent"),
    "check_first": N_("Check first"),
}
# A glance cell whose text is exactly this (in English, or the catalogue's translation of
# it) is one the article is silent on: the summary names those cells together, once.
NOT_IN_ARTICLE = N_("Not in the article.")
# What each fit label means, in plain words, said once in the summary's legend.
STRENGTH_MEANINGS: dict[Strength, str] = {
    "best_fit": N_("ranked first"),
    "option": N_("may fit"),
    "weaker_fit": N_("an answer counts against it"),
    "not_suited": N_("the guidance points away from it for your answers"),
}


def at_least(strength: str) -> frozenset[str]:
    """The strengths as strong as ``strength`` or stronger (an invariant's ``unless_shown_at_least``)."""
    return frozenset(STRENGTHS[: STRENGTHS.index(strength) + 1])


class Reference(Record):
    number: int
    citation: str
    line: int = 0


class Claim(Record):
    """A numbered claim from GUIDANCE.md: the article's (A1..B7) or a cited reference's (R5a..)."""

    id: str
    text: str
    refs: tuple[int, ...]
    origin: str = "article"  # "article" or "reference": output marks facts not in the article
    line: int = 0


class Source(Record):
    title: str
    author: str
    reviewer: str
    publisher: str
    published: str
    note: str
    references: tuple[Reference, ...]


class Meta(Record):
    title: str
    version: str
    last_reviewed: str
    disclaimer: str
    source: Source
    claims: tuple[Claim, ...]
    # said in every report, marked as not coming from the article (GUIDANCE point 8)
    outside_article: tuple[str, ...] = ()
    # `scarhelp check` warns on a patient-facing text above this Flesch-Kincaid grade
    reading_grade_limit: int = 8


# -- conditions ---------------------------------------------------------------
# A condition is data: a conjunction of per-question tests, or an OR of such
# conjunctions.  Keeping it this small is what lets ``check`` and ``diff`` reason
# about it exactly (each test is a set of allowed values).


class Test(Record):
    """``question`` must take one of ``values`` (or, if ``negated``, none of them)."""

    __test__ = False  # not a pytest test class, despite the name

    question: str
    values: frozenset[str]
    negated: bool = False
    line: int = 0


class All(Record):
    tests: tuple[Test, ...] = ()


class AnyOf(Record):
    branches: tuple[All, ...] = ()


Condition = All | AnyOf
ALWAYS = All(())


class Option(Record):
    value: str
    label: str
    help: str = ""
    exclusive: bool = False  # a "none of these" / "not sure" choice in a multiple-choice question
    line: int = 0
    # the "not sure" answer: ``check`` proves that choosing it widens the result
    unsure: bool = False


class Question(Record):
    id: str
    text: str
    kind: QuestionKind
    options: tuple[Option, ...]
    help: str = ""
    ask_if: Condition = ALWAYS
    line: int = 0
    # asks what matters to the person (a trade-off): it informs the report, through
    # treatments' against_values, and no rule, skip condition or invariant may test it,
    # so check and diff never branch on it and an answers file may leave it out
    preference: bool = False

    @property
    def unsure_option(self) -> Option | None:
        for opt in self.options:
            if opt.unsure:
                return opt
        return None

    def option(self, value: str) -> Option | None:
        for opt in self.options:
            if opt.value == value:
                return opt
        return None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)

    def answer_label(self, value: str | list[str] | tuple[str, ...]) -> str:
        """An answer in the words of its options; several joined by '; ', since a
        label may hold commas ('Sunken: dips, pits or hollows ...')."""
        values = [value] if isinstance(value, str) else list(value)
        return "; ".join(opt.label if (opt := self.option(v)) else str(v) for v in values)


class Point(Record):
    """One benefit or harm of a treatment, with the claims it rests on."""

    text: str
    claims: tuple[str, ...]


class AgainstValue(Record):
    """A treatment set against what the person said matters to them ("You said a long
    wait would bother you: creams can take up to six months"), shown where ``when`` holds."""

    when: Condition
    text: str
    claims: tuple[str, ...]
    line: int = 0
    # what would bother them, in a few words, for the summary's one line per option
    # ("a long wait"): the summary must fit a screen, and the cells beside it say the rest
    short: str = ""


class Treatment(Record):
    id: str
    name: str
    what: str
    benefits: tuple[Point, ...]
    harms: tuple[Point, ...]
    ask_your_dermatologist: tuple[str, ...] = ()
    line: int = 0
    # the summary's cells: (field, point) pairs in GLANCE_FIELDS order
    glance: tuple[tuple[str, Point], ...] = ()
    against_values: tuple[AgainstValue, ...] = ()

    def glance_cell(self, key: str) -> Point | None:
        for k, p in self.glance:
            if k == key:
                return p
        return None


class Rule(Record):
    """When ``when`` holds: recommend a treatment, add a caveat, give advice, or
    say why a treatment is not shown.

    Exactly one of the outcomes is set, which keeps each rule's meaning obvious
    to the person reading the YAML and to the analysis.  A ``not_shown`` rule
    only speaks when no ``recommend`` rule for its treatment fired: it is how a
    patient reads an authored reason instead of the engine's generated one.
    """

    id: str
    when: Condition
    because: str
    claims: tuple[str, ...]
    kind: RuleKind
    treatment: str | None = None  # for recommend and not_shown; optional for caveat (None = all shown)
    strength: Strength | None = None  # for recommend
    text: str = ""  # for caveat and advise
    line: int = 0
    first: str = ""  # advise, or a caveat on every option: a short line that leads the summary


class Invariant(Record):
    """A property the result must have wherever ``when`` holds: data, proved by ``check``.

    It applies to the reachable answer sets where ``when`` holds and, if
    ``unless_shown_at_least`` is set, no treatment is shown at that strength or a
    stronger one; if ``if_shown_at_least`` is set, some treatment is (the two
    filters together state that a rule appears exactly where the result is that
    weak, which a condition on the answers could only restate).  There, every
    treatment in ``never`` must avoid its outcomes, every one in ``always`` must
    get one of its outcomes, every rule in
    ``require`` must appear, one of ``require_any`` must (if given), and none of
    ``forbid`` may.  Outcomes are strengths or ``not_shown``.
    """

    id: str
    says: str
    claims: tuple[str, ...]
    when: Condition = ALWAYS
    unless_shown_at_least: str | None = None
    if_shown_at_least: str | None = None
    never: tuple[tuple[str, frozenset[str]], ...] = ()
    always: tuple[tuple[str, frozenset[str]], ...] = ()
    require: tuple[str, ...] = ()
    require_any: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    line: int = 0


class Language(Record):
    """The language a rule set's texts are shown in, when a translation was applied.

    Kept on the rule set so the report can say who translated it, whether a
    clinician reviewed the translation, and which texts are still in English
    (missing or stale entries fall back to English, and the report says so).
    """

    lang: str
    file: str = ""
    translator: str = ""
    reviewer: str = ""
    # id paths of the texts shown in English: no entry, an untranslated one, or a stale one
    fallbacks: tuple[str, ...] = ()
    # a language asked for that the rule set has no translation into (then lang is "en")
    requested: str = ""


class RuleSet(Record):
    meta: Meta
    questions: tuple[Question, ...]
    treatments: tuple[Treatment, ...]
    rules: tuple[Rule, ...]
    path: str = "<rules>"
    invariants: tuple[Invariant, ...] = ()
    # "leave the scars as they are": a choice, not a treatment; its summary row
    leave_as_they_are: Treatment | None = None
    # set by scarhelp.translation when the texts were translated; None: the rule file's own English
    language: Language | None = None

    if TYPE_CHECKING:
        # Per-instance lookup tables, set in __init__ below.  Declared ClassVar for
        # the type checker only: a plain annotation would make them constructor
        # fields of the dataclass_transform'd Record.
        _questions: ClassVar[dict[str, Question]]
        _treatments: ClassVar[dict[str, Treatment]]
        _claims: ClassVar[dict[str, Claim]]
        _references: ClassVar[dict[int, Reference]]
        _refs_memo: ClassVar[dict[tuple[str, ...], tuple[int, ...]]]
    else:
        # hidden from the checker so that it checks calls against the fields, as
        # for every other record, rather than against (*args, **kwargs)

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            # lookup tables derived from the fields (the engine asks for thousands of
            # lookups per batch); kept beside the fields, they take no part in
            # equality, hashing or repr
            d = self.__dict__
            d["_questions"] = {q.id: q for q in self.questions}
            d["_treatments"] = {t.id: t for t in self.treatments}
            d["_claims"] = {c.id: c for c in self.meta.claims}
            d["_references"] = {r.number: r for r in self.meta.source.references}
            d["_refs_memo"] = {}

    def question(self, qid: str) -> Question | None:
        return self._questions.get(qid)

    def treatment(self, tid: str) -> Treatment | None:
        return self._treatments.get(tid)

    def claim(self, cid: str) -> Claim | None:
        return self._claims.get(cid)

    def reference(self, number: int) -> Reference | None:
        return self._references.get(number)

    def refs_for(self, claim_ids: tuple[str, ...] | list[str]) -> tuple[int, ...]:
        """The sorted reference numbers behind some claims: what a citation prints.

        Remembered per tuple of claims (the rule set cannot change): a batch asks
        the same few dozen questions once for every answer set it evaluates."""
        key = tuple(claim_ids)
        refs = self._refs_memo.get(key)
        if refs is None:
            nums: set[int] = set()
            for cid in key:
                claim = self._claims.get(cid)
                if claim:
                    nums.update(claim.refs)
            refs = self._refs_memo[key] = tuple(sorted(nums))
        return refs
