"""The report as Markdown: the same content and order as the text format.

Headings, lists and a table of the answers; the disclaimer as a blockquote first
and last; the full numbered reference list. Every piece of text that comes from
the rules or the answers is escaped, so it cannot turn into markup or links.
"""

from __future__ import annotations

import re

from ..i18n import _
from . import _common as C

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..reportshape import Answers, Note, Point, Recommendation, Report

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#~])")
_ENTITY = re.compile(r"&(#?\w+;)")
_BULLET_START = re.compile(r"^([-+=>])")
_NUMBER_START = re.compile(r"^(\d+)([.)])")


def esc(text: object) -> str:
    """Escape Markdown syntax in user-facing text (one line; newlines become spaces)."""
    s = " ".join(str(text if text is not None else "").split())
    s = _SPECIAL.sub(r"\\\1", s)
    s = _ENTITY.sub(r"&amp;\1", s)
    s = _BULLET_START.sub(r"\\\1", s)
    return _NUMBER_START.sub(r"\1\\\2", s)


def _cell(text: object) -> str:
    return esc(text) or " "


def _tag(claims: Iterable[str] | None, refs: Iterable[int] | None, rule: str | None = None) -> str:
    """The compact citation, escaped: ``\\[B4; ref 5\\]``; '' when there is none."""
    tag = C.cite_tag(claims, refs, rule)
    return esc(tag) if tag else ""


def _tagged(text: object, tag: str) -> str:
    return f"{esc(text)} {tag}" if tag else esc(text)


def _answered(report: Report, answers: Answers | None, indent: str) -> list[str]:
    pairs = C.based_on(report, answers)
    if not pairs:
        return []
    out = [f"{indent}- " + _("Because you answered:")]
    out.extend(f"{indent}  - {esc(q)} **{esc(lab)}**" for q, lab in pairs)
    return out


def _note(report: Report, n: Note, explain: bool, indent: str = "") -> list[str]:
    tag = _tag(n.get("claims"), n.get("references"), n.get("rule") if explain else None)
    out = [f"{indent}- {_tagged(n.get('text'), tag)}"]
    why = n.get("because") or ""
    if explain:
        if why:
            out.append(f"{indent}  - " + esc(_("Why: {text}").format(text=why)))
        out.extend(_answered(report, n.get("answers"), indent + "  "))
        return out
    ref = C.answers_ref(report, n.get("answers"))
    if why or ref:
        text = " ".join(x for x in (why, f"({ref})" if ref else "") if x)
        out.append(f"{indent}  - *" + esc(_("Why:")) + f"* {esc(text)}")
    return out


def _points(points: list[Point], empty: str) -> list[str]:
    if not points:
        return [f"- {esc(empty)}"]
    return [f"- {_tagged(p.get('text'), _tag(p.get('claims'), p.get('references')))}" for p in points]


def _option(report: Report, i: int, rec: Recommendation, explain: bool) -> list[str]:
    """One option in detail, each fact once (see :func:`.blocks._option_blocks`)."""
    out = [f"### {i}. {esc(rec.get('name') or rec.get('treatment'))}", ""]
    out.append("**" + esc(_("How well it fits:")) + f"** {esc(rec.get('strength_label'))}  ")
    if rec.get("what"):
        out.append("**" + esc(_("What it is:")) + f"** {esc(rec['what'])}")
    out += ["", "#### " + esc(_("Why it is shown")), ""]
    for r in rec.get("reasons") or []:
        line = f"- {_tagged(r.get('because'), _tag(r.get('claims'), r.get('references'), r.get('rule') if explain else None))}"
        if explain:
            out.append(line)
            out.extend(_answered(report, r.get("answers"), "  "))
            continue
        # the answers behind it by their number in "Your answers", as the notes give theirs
        ref = C.answers_ref(report, r.get("answers"))
        out.append(f"{line} ({esc(ref)})" if ref else line)
    out += ["", "#### " + esc(_("Possible benefits")), ""]
    out += _points(rec.get("benefits") or [], _("The article names no specific benefit."))
    out += ["", "#### " + esc(_("Possible harms and downsides")), ""]
    out += _points(rec.get("harms") or [], _("The article names no specific harm; ask about them."))
    if rec.get("said"):
        out += ["", "#### " + _(C.SAID), ""]
        out += [f"- {_tagged(x.get('text'), _tag(x.get('claims'), x.get('references'), None))}" for x in rec["said"]]
    repeated = [] if explain else [id(n) for n in C.repeated_caveats(rec)]
    caveats = [n for n in rec.get("caveats") or () if id(n) not in repeated]
    if caveats:
        out += ["", "#### " + esc(_("Keep in mind")), ""]
        for n in caveats:
            out += _note(report, n, explain)
    out.append("")
    return out


def _disclaimer(report: Report) -> list[str]:
    text = report.get("disclaimer") or _("This is not medical advice.")
    return ["> **" + esc(_("Please read:")) + f"** {esc(text)}", ""]


def _summary(report: Report) -> list[str]:
    grid = C.summary_grid(report)
    if grid is None:
        return []
    heads, rows = grid
    first, not_shown, legend, next_step = C.summary_extras(report)
    out = ["## " + _(C.SUMMARY), ""]
    if first:
        out += ["**" + esc(_("First:")) + f"** {esc(first)}", ""]
    out += ["| | " + " | ".join(_cell(h) for h in heads) + " |", "| --- |" + " --- |" * len(heads)]
    out += [f"| **{esc(label)}** | " + " | ".join(_cell(c) for c in cells) + " |" for label, cells in rows]
    out.append("")
    for line in (not_shown, legend):
        if line:
            out += [esc(line), ""]
    if next_step:
        out += ["**" + esc(_("Next step:")) + f"** {esc(next_step)}", ""]
    if C.fallback_line(report):
        out += [f"**{esc(C.fallback_line(report))}**", ""]
    return out


def render(
    report: Report, explain: bool = False, generated: str | None = None, brief: bool = False, **_options: object
) -> str:
    rs = report.get("rule_set") or {}
    out: list[str] = _disclaimer(report)
    out += ["# " + esc(rs.get("title") or _("scarhelp report")), ""]
    date = C.generated_date(report, generated)
    if date:
        out += [esc(_("Generated {date} by scarhelp.").format(date=date)), ""]
    out += _summary(report)
    if brief:
        out += _disclaimer(report)
        return "\n".join(out).rstrip() + "\n"

    if report.get("warnings"):
        out += ["## " + _(C.WARNINGS), ""]
        out += [f"- {esc(w)}" for w in report["warnings"]]
        out.append("")

    if report.get("general_caveats"):
        out += ["## " + _(C.GENERAL), ""]
        for n in report["general_caveats"]:
            out += _note(report, n, explain)
        out.append("")

    recs = report.get("recommendations") or []
    out += ["## " + esc(_(C.OPTIONS)), "", esc(_(C.OPTIONS_INTRO) if recs else _(C.NO_OPTIONS)), ""]
    for i, rec in enumerate(recs, 1):
        out += _option(report, i, rec, explain)

    if report.get("advice"):
        out += ["## " + _(C.ADVICE), ""]
        for n in report["advice"]:
            out += _note(report, n, explain)
        out.append("")

    if report.get("not_recommended"):
        out += ["## " + _(C.NOT_SHOWN), ""]
        for ns in report["not_recommended"]:
            tag = _tag(ns.get("claims"), ns.get("references"), ns.get("rule") if explain else None)
            out.append(f"- **{esc(ns.get('name') or ns.get('treatment'))}**: {_tagged(ns.get('why'), tag)}".rstrip())
        out.append("")

    if report.get("outside_article"):
        out += ["## " + _(C.OUTSIDE), "", esc(_(C.OUTSIDE_INTRO)), ""]
        out += [f"- {esc(t)}" for t in report["outside_article"]]
        out.append("")

    out += ["## " + _(C.QUESTIONS), ""]
    out += [f"- {esc(q)}" for q in C.questions_to_ask(report)]
    out.append("")

    out += ["## " + _(C.ANSWERS), ""]
    answers = report.get("answers_detail") or []
    if answers:
        out += ["| # | " + _cell(_("Question")) + " | " + _cell(_("Your answer")) + " |", "| --- | --- | --- |"]
        out += [
            f"| {i} | {_cell(a.get('text') or a.get('question'))} | {_cell(a.get('label'))} |"
            for i, a in enumerate(answers, 1)
        ]
    else:
        out.append(esc(_("No answers were given.")))
    out.append("")

    out += ["## " + _(C.SOURCE), ""]
    for line in C.source_lines(report):
        head, sep, rest = line.partition(": ")
        if sep and len(head) < 20:
            out.append(f"- **{esc(head)}:** {esc(rest)}")
        else:
            out.append(f"- {esc(line)}")
    out.append("")

    claims = C.rests_on(report)
    if claims:
        out += ["## " + _(C.RESTS_ON), "", esc(_(C.RESTS_ON_INTRO)), ""]
        for c in claims:
            _id, _sep, rest = C.rests_on_line(c).partition(": ")
            out.append(f"- **{esc(_id)}**: {esc(rest)}" if rest else f"- **{esc(_id)}**")
        out.append("")

    paragraphs, cited = C.reference_list(report)
    out += ["## " + _(C.REFERENCES), ""]
    for p in paragraphs:
        out += [esc(p), ""]
    if cited:  # numbers with gaps: not a Markdown list, which would renumber them
        out += [f"- [{n}] {esc(citation)}" for n, citation in cited] + [""]

    if explain and report.get("trace") is not None:
        out += ["## " + _(C.TRACE), ""]
        for t in report["trace"]:
            mark = _("fired") if t.get("fired") else _("not fired")
            line = " (" + _("line {line}").format(line=t["line"]) + ")" if t.get("line") else ""
            detail = f": {esc(t['detail'])}" if t.get("detail") else ""
            out.append(f"- {esc(t.get('rule'))}{line} **{mark}**{detail}")
        out.append("")

    out += _disclaimer(report)
    return "\n".join(out).rstrip() + "\n"
