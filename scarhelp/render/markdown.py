"""The report as Markdown: the same content and order as the text format.

Headings, lists and a table of the answers; the disclaimer as a blockquote first
and last; the full numbered reference list. Every piece of text that comes from
the rules or the answers is escaped, so it cannot turn into markup or links.
"""

from __future__ import annotations

import re

from . import _common as C

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#~])")
_ENTITY = re.compile(r"&(#?\w+;)")
_BULLET_START = re.compile(r"^([-+=>])")
_NUMBER_START = re.compile(r"^(\d+)([.)])")


def esc(text) -> str:
    """Escape Markdown syntax in user-facing text (one line; newlines become spaces)."""
    s = " ".join(str(text if text is not None else "").split())
    s = _SPECIAL.sub(r"\\\1", s)
    s = _ENTITY.sub(r"&amp;\1", s)
    s = _BULLET_START.sub(r"\\\1", s)
    return _NUMBER_START.sub(r"\1\\\2", s)


def _cell(text) -> str:
    return esc(text) or " "


def _meta(rule, claims, refs) -> str:
    parts = [f"rule {rule}" if rule else "", C.cite(claims, refs)]
    body = "; ".join(p for p in parts if p)
    return f"*({esc(body)})*" if body else ""


def _answered(report: dict, answers, indent: str) -> list[str]:
    pairs = C.based_on(report, answers)
    if not pairs:
        return []
    out = [f"{indent}- Because you answered:"]
    out.extend(f"{indent}  - {esc(q)} **{esc(lab)}**" for q, lab in pairs)
    return out


def _note(report: dict, n: dict, indent: str = "") -> list[str]:
    out = [f"{indent}- {esc(n.get('text'))}"]
    if n.get("because"):
        out.append(f"{indent}  - Why: {esc(n['because'])}")
    out.extend(_answered(report, n.get("answers"), indent + "  "))
    meta = _meta(n.get("rule"), n.get("claims"), n.get("references"))
    if meta:
        out.append(f"{indent}  - {meta}")
    return out


def _points(points: list[dict], empty: str) -> list[str]:
    if not points:
        return [f"- {esc(empty)}"]
    out = []
    for p in points:
        meta = _meta(None, p.get("claims"), p.get("references"))
        out.append(f"- {esc(p.get('text'))}" + (f" {meta}" if meta else ""))
    return out


def _option(report: dict, i: int, rec: dict) -> list[str]:
    out = [f"### {i}. {esc(rec.get('name') or rec.get('treatment'))}", ""]
    out.append(f"**How well it fits:** {esc(rec.get('strength_label'))}  ")
    if rec.get("what"):
        out.append(f"**What it is:** {esc(rec['what'])}")
    out += ["", "#### Why it is shown", ""]
    for r in rec.get("reasons") or ():
        out.append(f"- {esc(r.get('because'))}")
        out.extend(_answered(report, r.get("answers"), "  "))
        out.append(f"  - {_meta(r.get('rule'), r.get('claims'), r.get('references'))}")
    out += ["", "#### Possible benefits", ""]
    out += _points(rec.get("benefits") or [], "The article names no specific benefit.")
    out += ["", "#### Possible harms and downsides", ""]
    out += _points(rec.get("harms") or [], "The article names no specific harm; ask about them.")
    if rec.get("caveats"):
        out += ["", "#### Keep in mind", ""]
        for n in rec["caveats"]:
            out += _note(report, n)
    out += ["", "#### What this rests on", ""]
    for c in C.option_claims(report, rec):
        line = f"- **{esc(c['id'])}**: {esc(C.claim_text(c))}"
        if c.get("references") and c.get("origin") != "reference":
            line += f" ({esc(C.refs_phrase(c['references']))})"
        out.append(line)
    refs = C.option_refs(report, rec)
    if refs:
        out += ["", f"References {', '.join(str(r) for r in refs)} are listed in full at the end."]
    out.append("")
    return out


def _disclaimer(report: dict) -> list[str]:
    text = report.get("disclaimer") or "This is not medical advice."
    return [f"> **Please read:** {esc(text)}", ""]


def _summary(report: dict) -> list[str]:
    grid = C.summary_grid(report)
    if grid is None:
        return []
    heads, rows = grid
    first, not_shown, legend, next_step = C.summary_extras(report)
    out = [f"## {C.SUMMARY}", ""]
    if first:
        out += [f"**First:** {esc(first)}", ""]
    out += ["| | " + " | ".join(_cell(h) for h in heads) + " |", "| --- |" + " --- |" * len(heads)]
    out += [f"| **{esc(label)}** | " + " | ".join(_cell(c) for c in cells) + " |" for label, cells in rows]
    out.append("")
    for line in (not_shown, legend):
        if line:
            out += [esc(line), ""]
    if next_step:
        out += [f"**Next step:** {esc(next_step)}", ""]
    return out


def render(report: dict, explain: bool = False, generated: str | None = None, brief: bool = False, **_options) -> str:
    rs = report.get("rule_set") or {}
    out: list[str] = _disclaimer(report)
    out += [f"# {esc(rs.get('title') or 'scarhelp report')}", ""]
    date = C.generated_date(report, generated)
    if date:
        out += [f"Generated {esc(date)} by scarhelp.", ""]
    out += _summary(report)
    if brief:
        out += _disclaimer(report)
        return "\n".join(out).rstrip() + "\n"

    out += [f"## {C.SOURCE}", ""]
    for line in C.source_lines(report):
        head, sep, rest = line.partition(": ")
        if sep and len(head) < 20:
            out.append(f"- **{esc(head)}:** {esc(rest)}")
        else:
            out.append(f"- {esc(line)}")
    out.append("")

    out += [f"## {C.ANSWERS}", ""]
    answers = report.get("answers_detail") or []
    if answers:
        out += ["| Question | Your answer |", "| --- | --- |"]
        out += [f"| {_cell(a.get('text') or a.get('question'))} | {_cell(a.get('label'))} |" for a in answers]
    else:
        out.append("No answers were given.")
    out.append("")

    if report.get("warnings"):
        out += [f"## {C.WARNINGS}", ""]
        out += [f"- {esc(w)}" for w in report["warnings"]]
        out.append("")

    if report.get("general_caveats"):
        out += [f"## {C.GENERAL}", ""]
        for n in report["general_caveats"]:
            out += _note(report, n)
        out.append("")

    recs = report.get("recommendations") or []
    out += [f"## {esc(C.OPTIONS)}", "", esc(C.OPTIONS_INTRO if recs else C.NO_OPTIONS), ""]
    for i, rec in enumerate(recs, 1):
        out += _option(report, i, rec)

    if report.get("advice"):
        out += [f"## {C.ADVICE}", ""]
        for n in report["advice"]:
            out += _note(report, n)
        out.append("")

    if report.get("not_recommended"):
        out += [f"## {C.NOT_SHOWN}", ""]
        for ns in report["not_recommended"]:
            meta = _meta(ns.get("rule"), ns.get("claims"), ns.get("references"))
            out.append(f"- **{esc(ns.get('name') or ns.get('treatment'))}**: {esc(ns.get('why'))} {meta}".rstrip())
        out.append("")

    if report.get("outside_article"):
        out += [f"## {C.OUTSIDE}", "", esc(C.OUTSIDE_INTRO), ""]
        out += [f"- {esc(t)}" for t in report["outside_article"]]
        out.append("")

    out += [f"## {C.QUESTIONS}", ""]
    out += [f"- {esc(q)}" for q in C.questions_to_ask(report)]
    out.append("")

    refs = (report.get("source") or {}).get("references") or []
    out += [f"## {C.REFERENCES}", ""]
    if refs:
        out += ["The article's numbered references, as it lists them:", ""]
        out += [f"{r['number']}. {esc(r['citation'])}" for r in refs]
    else:
        out.append("The source lists no references.")
    out.append("")

    if explain and report.get("trace") is not None:
        out += [f"## {C.TRACE}", ""]
        for t in report["trace"]:
            mark = "fired" if t.get("fired") else "not fired"
            line = f" (line {t['line']})" if t.get("line") else ""
            detail = f": {esc(t['detail'])}" if t.get("detail") else ""
            out.append(f"- {esc(t.get('rule'))}{line} **{mark}**{detail}")
        out.append("")

    out += _disclaimer(report)
    return "\n".join(out).rstrip() + "\n"
