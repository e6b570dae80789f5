"""The shape of the report, for the type checker: what ``report.build_report`` returns.

The report is plain JSON-shaped data (the JSON format is the report as is), so these are
``TypedDict``s rather than classes: the renderers keep reading dicts, and the checker holds
every key they read to one that the builder writes.  Imported only under ``TYPE_CHECKING``
(``typing`` costs start-up time the everyday paths do not pay).
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from .model import Strength

Answers = dict[str, Any]  # question id -> a value, a list of values or None (skipped), as JSON gives them


class Cited(TypedDict):
    """Anything that cites: the claims it rests on and their references."""

    claims: list[str]
    references: list[int]


class Point(Cited):
    """A benefit, a harm or a glance cell."""

    text: str


class Reason(Cited):
    rule: str
    because: str
    answers: Answers


class Note(Cited):
    """A caveat, a piece of advice or a general caveat."""

    rule: str
    text: str
    because: str
    answers: Answers


class Said(Cited):
    """A note on what the person said matters to them."""

    text: str
    short: str
    answers: Answers


class Recommendation(Cited):
    treatment: str
    name: str
    what: str
    strength: Strength
    strength_label: str
    reasons: list[Reason]
    benefits: list[Point]
    harms: list[Point]
    caveats: list[Note]
    said: list[Said]


class NotShown(Cited):
    treatment: str
    name: str
    why: str
    outcome: Literal["not_suited", "not_shown"]
    rule: str | None  # None: the engine's own words


class AnswerDetail(TypedDict):
    question: str
    text: str
    value: str | list[str]
    label: str
    preference: bool


class Claim(TypedDict):
    id: str
    text: str
    references: list[int]
    origin: str


class Reference(TypedDict):
    number: int
    citation: str


class Source(TypedDict):
    title: str
    author: str
    reviewer: str
    publisher: str
    published: str
    note: str
    references: list[Reference]


class RuleSetInfo(TypedDict):
    title: str
    version: str
    last_reviewed: str
    path: str | None


class SaidShort(TypedDict):
    short: str
    text: str


class SummaryOption(TypedDict):
    treatment: str
    name: str
    strength: Strength
    strength_label: str
    why: str
    said: list[SaidShort]
    glance: dict[str, Point]


class NotShownShort(TypedDict):
    treatment: str
    name: str


class LeaveAsTheyAre(TypedDict):
    name: str
    glance: dict[str, Point]


class Legend(TypedDict):
    strength: Strength
    label: str
    means: str


class Summary(TypedDict):
    first: list[str]
    options: list[SummaryOption]
    not_shown: list[NotShownShort]
    leave_as_they_are: LeaveAsTheyAre | None
    glance_fields: dict[str, str]
    legend: list[Legend]
    next_step: str


class TraceLine(TypedDict):
    rule: str
    fired: bool
    detail: str
    line: int | None


class ToolInfo(TypedDict):
    version: str
    report_format: int


class _Report(TypedDict):
    scarhelp: ToolInfo
    disclaimer: str
    summary: Summary
    source: Source
    rule_set: RuleSetInfo
    answers: Answers
    answers_detail: list[AnswerDetail]
    recommendations: list[Recommendation]
    general_caveats: list[Note]
    advice: list[Note]
    not_recommended: list[NotShown]
    outside_article: list[str]
    claims: list[Claim]
    questions_to_ask: list[str]
    warnings: list[str]


class Translation(TypedDict):
    """Which translation of the rule set's texts the report is in (``translation.translate``)."""

    lang: str
    requested: str | None  # a language asked for that the rule set has no translation into
    file: str
    translator: str
    reviewer: str | None  # a clinician who reviewed the translation; None: nobody has
    about: str  # who translated it and whether a clinician reviewed it, for the source section
    fallbacks: list[str]  # id paths of the texts shown in English (missing or stale)
    note: str  # the one note saying so, or ''


class Report(_Report, total=False):
    """The whole report; ``trace`` only with ``--explain``, ``generated`` (the date) only
    in a take-away report, never in the JSON; ``lang`` and ``translation`` only when the
    rule set's texts were translated."""

    trace: list[TraceLine]
    generated: str
    lang: str
    translation: Translation
