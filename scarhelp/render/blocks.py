"""The terminal report's content as a flat list of blocks, in reading order.

Both terminal layouts, plain text (:mod:`.text`) and coloured panels
(:mod:`.panels`), lay out the same blocks, so they say the same thing in the
same order: the disclaimer first and last.  The wrapping both use lives here
too, with the measure that fits plain text.
"""

from __future__ import annotations

import textwrap

from ..record import Record
from . import _common as C


class Block(Record):
    kind: str  # disclaimer, h1, option, end_option, h3, p, li, dim, kv, gap
    text: str = ""
    indent: int = 0
    extra: str = ""


def _answered_blocks(report: dict, answers: dict | None, indent: int) -> list[Block]:
    pairs = C.based_on(report, answers)
    if not pairs:
        return []
    out = [Block("dim", "Because you answered:", indent)]
    out.extend(
        Block("dim", f"{q} \u201c{lab}\u201d" if q.endswith("?") else f"{q}: \u201c{lab}\u201d", indent + 2, "answer")
        for q, lab in pairs
    )
    return out


def _note_blocks(report: dict, note: dict, indent: int) -> list[Block]:
    out = [Block("li", note.get("text") or "", indent)]
    why = note.get("because") or ""
    if why:
        out.append(Block("p", "Why: " + why, indent + 2))
    out.extend(_answered_blocks(report, note.get("answers"), indent + 2))
    src = C.cite(note.get("claims"), note.get("references"))
    rule = note.get("rule")
    meta = "; ".join(x for x in (f"rule {rule}" if rule else "", src) if x)
    if meta:
        out.append(Block("dim", f"({meta})", indent + 2))
    return out


def _point_blocks(points: list[dict], indent: int, empty: str) -> list[Block]:
    if not points:
        return [Block("p", empty, indent)]
    out = []
    for p in points:
        out.append(Block("li", p.get("text") or "", indent))
        src = C.cite(p.get("claims"), p.get("references"))
        if src:
            out.append(Block("dim", f"({src})", indent + 2))
    return out


def _option_blocks(report: dict, n: int, rec: dict) -> list[Block]:
    b: list[Block] = [
        Block("option", f"{n}. {rec.get('name') or rec.get('treatment')}", 0, rec.get("strength_label", ""))
    ]
    b.append(Block("p", f"How well it fits: {rec.get('strength_label', '')}", 2))
    if rec.get("what"):
        b.append(Block("p", f"What it is: {rec['what']}", 2))
    b.append(Block("h3", "Why it is shown", 2))
    for r in rec.get("reasons") or ():
        b.append(Block("li", r.get("because") or "", 4))
        b.extend(_answered_blocks(report, r.get("answers"), 6))
        meta = "; ".join(x for x in (f"rule {r.get('rule')}", C.cite(r.get("claims"), r.get("references"))) if x)
        b.append(Block("dim", f"({meta})", 6))
    b.append(Block("h3", "Possible benefits", 2))
    b.extend(_point_blocks(rec.get("benefits") or [], 4, "The article names no specific benefit."))
    b.append(Block("h3", "Possible harms and downsides", 2))
    b.extend(_point_blocks(rec.get("harms") or [], 4, "The article names no specific harm; ask about them."))
    if rec.get("caveats"):
        b.append(Block("h3", "Keep in mind", 2))
        for n_ in rec["caveats"]:
            b.extend(_note_blocks(report, n_, 4))
    b.append(Block("h3", "What this rests on", 2))
    for c in C.option_claims(report, rec):
        line = f"{c['id']}: {C.claim_text(c)}"
        if c.get("references") and c.get("origin") != "reference":
            line += f" ({C.refs_phrase(c['references'])})"
        b.append(Block("li", line, 4))
    refs = C.option_refs(report, rec)
    if refs:
        b.append(Block("dim", "References " + ", ".join(str(r) for r in refs) + " are listed in full below.", 4))
    b.append(Block("end_option"))
    return b


def summary_blocks(report: dict, generated: str | None = None) -> list[Block]:
    """The summary first: each option, its fit, one line of why, its glance cells; legend; next step.

    It must fit one terminal screen (30 lines at 100 columns, for every reachable
    answer set; tests/test_summary.py walks them), so the date shares the heading
    and the citations of the cells wait for the detail, which gives them all.
    """
    s = report.get("summary")
    if not s:
        return []
    fields = s.get("glance_fields") or {}
    date = C.generated_date(report, generated)
    b: list[Block] = [Block("h1", C.SUMMARY + (f" ({date})" if date else ""))]
    if s.get("first"):
        b.append(Block("p", "First: " + " ".join(s["first"])))

    def cells(glance: dict) -> str:
        # the cells the article is silent on are named together, once, at the end
        parts, silent = [], []
        for key, label in fields.items():
            text = ((glance or {}).get(key) or {}).get("text")
            if text == C.NOT_IN_ARTICLE:
                silent.append(label)
            elif text:
                parts.append(f"{label}: {text}")
        if silent:
            parts.append(f"{' and '.join(silent)}: {C.NOT_IN_ARTICLE.lower().rstrip('.')}")
        return " | ".join(parts)

    rows = list(s.get("options") or [])
    for i, o in enumerate(rows, 1):
        head = f"{i}. {o.get('name')} [{o.get('strength_label')}]"
        if o.get("why"):
            head += f" - {o['why']}"
        b.append(Block("li", head, 0, "num"))
        b.append(Block("p", cells(o.get("glance")), 3))
    leave = s.get("leave_as_they_are")
    if leave:
        b.append(
            Block(
                "li", f"{len(rows) + 1}. {leave.get('name')} [always a choice] - {cells(leave.get('glance'))}", 0, "num"
            )
        )
    if s.get("not_shown"):
        names = ", ".join(n.get("name") or n.get("treatment") for n in s["not_shown"])
        b.append(Block("p", f"Not shown for your answers: {names} (why: see below)."))
    if s.get("legend"):
        b.append(Block("dim", "Fit labels: " + "; ".join(f"{x['label']} = {x['means']}" for x in s["legend"]) + "."))
    if s.get("next_step"):
        b.append(Block("p", "Next step: " + s["next_step"]))
    return b


def build_blocks(report: dict, explain: bool = False, generated: str | None = None) -> list[Block]:
    """The report as a flat list of blocks, in reading order."""
    disclaimer = report.get("disclaimer") or "This is not medical advice."
    b: list[Block] = [Block("disclaimer", disclaimer)]
    b.extend(summary_blocks(report, generated))

    b.append(Block("h1", C.SOURCE))
    for line in C.source_lines(report):
        b.append(Block("p", line))

    b.append(Block("h1", C.ANSWERS))
    answers = report.get("answers_detail") or []
    if not answers:
        b.append(Block("p", "No answers were given."))
    for a in answers:
        b.append(Block("kv", a.get("text") or a.get("question", ""), 0, a.get("label") or ""))

    if report.get("warnings"):
        b.append(Block("h1", C.WARNINGS))
        for w in report["warnings"]:
            b.append(Block("li", str(w)))

    if report.get("general_caveats"):
        b.append(Block("h1", C.GENERAL))
        for n in report["general_caveats"]:
            b.extend(_note_blocks(report, n, 0))

    b.append(Block("h1", C.OPTIONS))
    recs = report.get("recommendations") or []
    b.append(Block("p", C.OPTIONS_INTRO if recs else C.NO_OPTIONS))
    for i, rec in enumerate(recs, 1):
        b.append(Block("gap"))
        b.extend(_option_blocks(report, i, rec))

    if report.get("advice"):
        b.append(Block("h1", C.ADVICE))
        for n in report["advice"]:
            b.extend(_note_blocks(report, n, 0))

    if report.get("not_recommended"):
        b.append(Block("h1", C.NOT_SHOWN))
        for ns in report["not_recommended"]:
            b.append(Block("li", f"{ns.get('name') or ns.get('treatment')}: {ns.get('why') or ''}"))
            rule = ns.get("rule")
            meta = "; ".join(
                x for x in (f"rule {rule}" if rule else "", C.cite(ns.get("claims"), ns.get("references"))) if x
            )
            if meta:
                b.append(Block("dim", f"({meta})", 2))

    if report.get("outside_article"):
        b.append(Block("h1", C.OUTSIDE))
        b.append(Block("p", C.OUTSIDE_INTRO))
        for text in report["outside_article"]:
            b.append(Block("li", text))

    b.append(Block("h1", C.QUESTIONS))
    for q in C.questions_to_ask(report):
        b.append(Block("li", q))

    refs = C.reference_index(report)
    cited = [r for r in C.cited_refs(report) if r in refs]
    b.append(Block("h1", C.REFERENCES))
    total = len(refs)
    b.append(
        Block(
            "p",
            f"The article cites {total} reference{'s' if total != 1 else ''}; these are the ones this report relies on.",
        )
    )
    for r in cited:
        b.append(Block("li", f"[{r}] {refs[r]}", 0, "num"))
    if not cited:
        b.append(Block("p", "None."))

    if explain and report.get("trace") is not None:
        b.append(Block("h1", C.TRACE))
        for t in report["trace"]:
            b.append(Block("li", C.trace_line(t), 0, "fired" if t.get("fired") else "skipped"))

    b.append(Block("gap"))
    b.append(Block("disclaimer", disclaimer))
    return b


def indents(width: int, first: str, rest: str) -> tuple[str, str]:
    """Keep at least ~12 columns for text however deep the indent, and never exceed width."""
    limit = max(1, width - 12)
    if len(first) > limit:
        first = first[-limit:] if first.strip() else " " * limit
    if len(rest) > limit:
        rest = " " * limit
    return first, rest


def wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    first, rest = indents(width, first, rest)
    return textwrap.wrap(
        text,
        width=max(width, 1),
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=True,
        break_on_hyphens=False,
    ) or [first.rstrip()]
