"""The report as plain data: one shape that every output format renders.

Building it once, here, is what keeps the terminal, JSON, Markdown and HTML
outputs saying the same thing; the JSON format is this structure as is, and its
keys are a documented, stable interface (see the README).
"""

from __future__ import annotations

from .engine import Note, Result
from .i18n import N_, _
from .model import GLANCE_FIELDS, STRENGTH_LABELS, STRENGTH_MEANINGS, RuleSet, Treatment

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, TypeAlias

    from .reportshape import AnswerDetail, Claim, NotShown, Point, Recommendation, Report, Summary, SummaryOption
    from .reportshape import Note as NoteJSON

    # A JSON-shaped mapping whose shape is not one of the report's own (batch records,
    # schemas, parsed answers files).
    JSON: TypeAlias = dict[str, Any]

REPORT_FORMAT_VERSION = 1


def _claims(rule_set: RuleSet, ids: Iterable[str]) -> list[Claim]:
    out: list[Claim] = []
    for cid in ids:
        c = rule_set.claim(cid)
        if c:
            out.append({"id": c.id, "text": c.text, "references": list(c.refs), "origin": c.origin})
    return out


def _note(rule_set: RuleSet, n: Note) -> NoteJSON:
    return {
        "rule": n.rule,
        "text": n.text,
        "because": n.because,
        "answers": n.answers,
        "claims": list(n.claims),
        "references": list(n.refs),
    }


NEXT_STEP = N_("Show this to a board-certified dermatologist, who can look at your skin.")


def _first_sentence(text: str) -> str:
    text = " ".join((text or "").split())
    for i, ch in enumerate(text):
        if ch in ".;:" and (i + 1 == len(text) or text[i + 1] == " ") and i > 20:
            return text[:i] + "."
    return text


def _glance(rule_set: RuleSet, t: Treatment | None) -> dict[str, Point]:
    out: dict[str, Point] = {}
    for key in GLANCE_FIELDS:
        p = t.glance_cell(key) if t else None
        out[key] = {
            "text": p.text if p else "",
            "claims": list(p.claims) if p else [],
            "references": list(rule_set.refs_for(p.claims)) if p else [],
        }
    return out


def _name(rule_set: RuleSet, tid: str) -> str:
    t = rule_set.treatment(tid)
    return t.name if t else tid


def build_summary(rule_set: RuleSet, result: Result) -> Summary:
    """The summary first: each option with its fit, one line of why and its glance cells; a legend; the next step."""
    options: list[SummaryOption] = []
    for rec in result.recommendations:
        t = rule_set.treatment(rec.treatment)
        # the shortest first sentence of the reasons for this fit: the summary gives one line of why
        whys = [_first_sentence(r.because) for r in rec.reasons]
        why = min(whys, key=len) if whys else ""
        options.append(
            {
                "treatment": rec.treatment,
                "name": t.name if t else rec.treatment,
                "strength": rec.strength,
                "strength_label": _(STRENGTH_LABELS[rec.strength]),
                "why": why,
                "said": [{"short": s.short, "text": s.text} for s in rec.said],
                "glance": _glance(rule_set, t),
            }
        )
    leave = rule_set.leave_as_they_are
    used = {o["strength"] for o in options}
    first = {r.id: r.first for r in rule_set.rules if r.first}
    return {
        # what comes before every option (treat breakouts first) leads, then the advice
        "first": [first[n.rule] for n in (*result.general_caveats, *result.advice) if n.rule in first],
        "options": options,
        "not_shown": [
            {"treatment": ns.treatment, "name": _name(rule_set, ns.treatment)} for ns in result.not_recommended
        ],
        "leave_as_they_are": {"name": leave.name, "glance": _glance(rule_set, leave)} if leave else None,
        "glance_fields": {k: _(v) for k, v in GLANCE_FIELDS.items()},
        "legend": [
            {"strength": k, "label": _(STRENGTH_LABELS[k]), "means": _(STRENGTH_MEANINGS[k])}
            for k in STRENGTH_LABELS
            if k in used
        ],
        "next_step": _(NEXT_STEP),
    }


def build_report(rule_set: RuleSet, result: Result, warnings: Iterable[object] = (), explain: bool = False) -> Report:
    from .version import __version__

    meta = rule_set.meta
    src = meta.source
    cited: dict[str, None] = {}
    recs: list[Recommendation] = []
    questions_to_ask: list[str] = []
    for rec in result.recommendations:
        t = rule_set.treatment(rec.treatment)
        assert t is not None  # the engine recommends only the rule set's own treatments
        points: dict[str, list[Point]] = {}
        for kind in ("benefits", "harms"):
            points[kind] = [
                {"text": p.text, "claims": list(p.claims), "references": list(rule_set.refs_for(p.claims))}
                for p in getattr(t, kind)
            ]
            for p in getattr(t, kind):
                cited.update(dict.fromkeys(p.claims))
        cited.update(dict.fromkeys(rec.claims))
        questions_to_ask.extend(q for q in t.ask_your_dermatologist if q not in questions_to_ask)
        recs.append(
            {
                "treatment": t.id,
                "name": t.name,
                "what": t.what,
                "strength": rec.strength,
                "strength_label": _(STRENGTH_LABELS[rec.strength]),
                "reasons": [
                    {
                        "rule": r.rule,
                        "because": r.because,
                        "answers": r.answers,
                        "claims": list(r.claims),
                        "references": list(r.refs),
                    }
                    for r in rec.reasons
                ],
                "benefits": points["benefits"],
                "harms": points["harms"],
                "caveats": [_note(rule_set, n) for n in rec.caveats],
                "said": [
                    {
                        "text": s.text,
                        "short": s.short,
                        "answers": s.answers,
                        "claims": list(s.claims),
                        "references": list(s.refs),
                    }
                    for s in rec.said
                ],
                "claims": list(rec.claims),
                "references": list(rule_set.refs_for(rec.claims)),
            }
        )
    for n in (*result.advice, *result.general_caveats):
        cited.update(dict.fromkeys(n.claims))
    not_rec: list[NotShown] = []
    for ns in result.not_recommended:
        t = rule_set.treatment(ns.treatment)
        cited.update(dict.fromkeys(ns.claims))
        not_rec.append(
            {
                "treatment": ns.treatment,
                "name": t.name if t else ns.treatment,
                "why": ns.why,
                "outcome": ns.outcome,
                "rule": ns.rule,
                "claims": list(ns.claims),
                "references": list(ns.refs),
            }
        )
    answers_detail: list[AnswerDetail] = []
    for q in rule_set.questions:
        if q.id in result.answers:
            v = result.answers[q.id]
            answers_detail.append(
                {
                    "question": q.id,
                    "text": q.text,
                    "value": list(v) if isinstance(v, tuple) else v,
                    "label": q.answer_label(v),
                    "preference": q.preference,
                }
            )
    report: Report = {
        "scarhelp": {"version": __version__, "report_format": REPORT_FORMAT_VERSION},
        "disclaimer": meta.disclaimer,
        "summary": build_summary(rule_set, result),
        "source": {
            "title": src.title,
            "author": src.author,
            "reviewer": src.reviewer,
            "publisher": src.publisher,
            "published": src.published,
            "note": src.note,
            "references": [{"number": r.number, "citation": r.citation} for r in src.references],
        },
        "rule_set": {
            "title": meta.title,
            "version": meta.version,
            "last_reviewed": meta.last_reviewed,
            "path": rule_set.path,
        },
        "answers": {a["question"]: a["value"] for a in answers_detail},
        "answers_detail": answers_detail,
        "recommendations": recs,
        "general_caveats": [_note(rule_set, n) for n in result.general_caveats],
        "advice": [_note(rule_set, n) for n in result.advice],
        "not_recommended": not_rec,
        "outside_article": list(meta.outside_article),
        "claims": _claims(rule_set, cited),
        "questions_to_ask": questions_to_ask,
        "warnings": [str(w) for w in warnings],
    }
    if rule_set.language is not None:
        _language(report, rule_set)
    if explain:
        report["trace"] = [{"rule": t.rule, "fired": t.fired, "detail": t.detail, "line": t.line} for t in result.trace]
    return report


def _language(report: Report, rule_set: RuleSet) -> None:
    """A translated rule set: the language, who translated it, and the one note on the
    texts still in English.  Added only then, so an English report is as it always was."""
    from .translation import fallback_note, translator_note

    lang = rule_set.language
    assert lang is not None
    note = fallback_note(lang)
    report["lang"] = lang.lang
    report["translation"] = {
        "lang": lang.lang,
        "requested": lang.requested or None,
        "file": lang.file,
        "translator": lang.translator,
        "reviewer": lang.reviewer or None,
        "about": translator_note(lang),
        "fallbacks": list(lang.fallbacks),
        "note": note,
    }
