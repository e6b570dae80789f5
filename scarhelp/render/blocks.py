"""The terminal report's content as a flat list of blocks, in reading order.

Both terminal layouts, plain text (:mod:`.text`) and coloured panels
(:mod:`.panels`), lay out the same blocks, so they say the same thing in the
same order: the disclaimer first and last.  The wrapping both use lives here
too, with the measure that fits plain text.
"""

from __future__ import annotations

import re
import textwrap

from ..i18n import _
from ..record import Record
from . import _common as C

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from ..reportshape import Answers, Note, Point, Recommendation, Report


class Block(Record):
    kind: str  # disclaimer, h1, option, end_option, h3, p, li, dim, kv, gap
    text: str = ""
    indent: int = 0
    extra: str = ""


def _answered_blocks(report: Report, answers: Answers | None, indent: int) -> list[Block]:
    """``Because you answered:`` and each answer in full (the ``--explain`` layout)."""
    pairs = C.based_on(report, answers)
    if not pairs:
        return []
    out = [Block("dim", _("Because you answered:"), indent)]
    out.extend(
        Block("dim", f"{q} \u201c{lab}\u201d" if q.endswith("?") else f"{q}: \u201c{lab}\u201d", indent + 2, "answer")
        for q, lab in pairs
    )
    return out


def _note_blocks(report: Report, note: Note, indent: int, explain: bool) -> list[Block]:
    """A caveat or piece of advice: its text and citation, then why it is shown and the answers behind it."""
    tag = C.cite_tag(note.get("claims"), note.get("references"), note.get("rule") if explain else None)
    out = [Block("li", C.with_tag(note.get("text") or "", tag), indent)]
    why = note.get("because") or ""
    if explain:
        if why:
            out.append(Block("p", _("Why: {text}").format(text=why), indent + 2))
        out.extend(_answered_blocks(report, note.get("answers"), indent + 2))
        return out
    ref = C.answers_ref(report, note.get("answers"))
    if why or ref:
        text = " ".join(x for x in (why, f"({ref})" if ref else "") if x)
        out.append(Block("dim", _("Why: {text}").format(text=text), indent + 2))
    return out


def _point_blocks(points: list[Point], indent: int, empty: str) -> list[Block]:
    if not points:
        return [Block("p", empty, indent)]
    return [
        Block("li", C.with_tag(p.get("text") or "", C.cite_tag(p.get("claims"), p.get("references"))), indent)
        for p in points
    ]


def _option_blocks(report: Report, n: int, rec: Recommendation, explain: bool = False) -> list[Block]:
    """One option in detail: why it is shown, what may help, what may go wrong, what to keep in mind.

    Each fact once: a compact citation on the line that states it (the claims themselves
    are listed once, at the end); the answers behind each reason by their number in
    "Your answers", not in full; and no caveat that only repeats a harm (see
    :func:`._common.repeated_caveats`).  ``explain`` keeps each reason's answers in full,
    the rule ids and every caveat.
    """
    b: list[Block] = [
        Block("option", f"{n}. {rec.get('name') or rec.get('treatment')}", 0, rec.get("strength_label", ""))
    ]
    if rec.get("what"):
        b.append(Block("p", _("What it is: {what}").format(what=rec["what"]), 2))
    b.append(Block("h3", _("Why it is shown"), 2))
    reasons = rec.get("reasons") or []
    for r in reasons:
        tag = C.cite_tag(r.get("claims"), r.get("references"), r.get("rule") if explain else None)
        text = C.with_tag(r.get("because") or "", tag)
        if explain:
            b.append(Block("li", text, 4))
            b.extend(_answered_blocks(report, r.get("answers"), 6))
            continue
        # the answers behind it by their number in "Your answers", as the notes give theirs
        ref = C.answers_ref(report, r.get("answers"))
        b.append(Block("li", f"{text} ({ref})" if ref else text, 4))
    b.append(Block("h3", _("Possible benefits"), 2))
    b.extend(_point_blocks(rec.get("benefits") or [], 4, _("The article names no specific benefit.")))
    b.append(Block("h3", _("Possible harms and downsides"), 2))
    b.extend(_point_blocks(rec.get("harms") or [], 4, _("The article names no specific harm; ask about them.")))
    if rec.get("said"):
        b.append(Block("h3", _(C.SAID), 2))
        b.extend(
            Block("li", C.with_tag(x.get("text") or "", C.cite_tag(x.get("claims"), x.get("references"))), 4)
            for x in rec["said"]
        )
    repeated = [] if explain else [id(n_) for n_ in C.repeated_caveats(rec)]
    caveats = [n_ for n_ in rec.get("caveats") or () if id(n_) not in repeated]
    if caveats:
        b.append(Block("h3", _("Keep in mind"), 2))
        for n_ in caveats:
            b.extend(_note_blocks(report, n_, 4, explain))
    b.append(Block("end_option"))
    return b


def summary_blocks(report: Report, generated: str | None = None) -> list[Block]:
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
    title = _(C.SUMMARY)
    b: list[Block] = [Block("h1", _("{title} ({date})").format(title=title, date=date) if date else title)]
    first, not_shown, legend, next_step = C.summary_extras(report)
    if first:
        b.append(Block("p", _("First: {text}").format(text=first)))

    def cells(glance: dict[str, Point] | None) -> str:
        # the cells the article is silent on are named together, once, at the end
        parts, silent = [], []
        for key, label in fields.items():
            cell = (glance or {}).get(key)
            text = cell["text"] if cell else ""
            if text in (C.NOT_IN_ARTICLE, _(C.NOT_IN_ARTICLE)):
                silent.append(label)
            elif text:
                parts.append(f"{label}: {text}")
        if silent:
            parts.append(_("{fields}: not in the article").format(fields=_(" and ").join(silent)))
        return " | ".join(parts)

    rows = list(s.get("options") or [])
    for i, o in enumerate(rows, 1):
        head = f"{i}. {o.get('name')} [{o.get('strength_label')}]"
        if o.get("why"):
            head += f" - {o['why']}"
        b.append(Block("li", head, 0, "num"))
        b.append(Block("p", cells(o.get("glance")), 3))
        if o.get("said"):
            b.append(Block("p", C.said_line(o["said"]), 3))
    leave = s.get("leave_as_they_are")
    if leave:
        b.append(
            Block(
                "li",
                f"{len(rows) + 1}. "
                + _("{name} [always a choice] - {cells}").format(
                    name=leave.get("name"), cells=cells(leave.get("glance"))
                ),
                0,
                "num",
            )
        )
    if not_shown:
        b.append(Block("p", not_shown))
    if legend:
        b.append(Block("dim", legend))
    if next_step:
        b.append(Block("p", _("Next step: {text}").format(text=next_step)))
    if C.fallback_line(report):
        b.append(Block("p", C.fallback_line(report)))
    return b


def build_blocks(report: Report, explain: bool = False, generated: str | None = None) -> list[Block]:
    """The report as a flat list of blocks, in reading order.

    The summary; then the detail per option; then what to ask, the answers, the source,
    the claims it all rests on (each once) and the references.
    """
    disclaimer = report.get("disclaimer") or _("This is not medical advice.")
    b: list[Block] = [Block("disclaimer", disclaimer)]
    b.extend(summary_blocks(report, generated))

    if report.get("warnings"):
        b.append(Block("h1", _(C.WARNINGS)))
        for w in report["warnings"]:
            b.append(Block("li", str(w)))

    if report.get("general_caveats"):
        b.append(Block("h1", _(C.GENERAL)))
        for n in report["general_caveats"]:
            b.extend(_note_blocks(report, n, 0, explain))

    b.append(Block("h1", _(C.OPTIONS)))
    recs = report.get("recommendations") or []
    b.append(Block("p", _(C.OPTIONS_INTRO) if recs else _(C.NO_OPTIONS)))
    for i, rec in enumerate(recs, 1):
        b.append(Block("gap"))
        b.extend(_option_blocks(report, i, rec, explain))

    if report.get("advice"):
        b.append(Block("h1", _(C.ADVICE)))
        for n in report["advice"]:
            b.extend(_note_blocks(report, n, 0, explain))

    if report.get("not_recommended"):
        b.append(Block("h1", _(C.NOT_SHOWN)))
        for ns in report["not_recommended"]:
            tag = C.cite_tag(ns.get("claims"), ns.get("references"), ns.get("rule") if explain else None)
            b.append(Block("li", C.with_tag(f"{ns.get('name') or ns.get('treatment')}: {ns.get('why') or ''}", tag)))

    if report.get("outside_article"):
        b.append(Block("h1", _(C.OUTSIDE)))
        b.append(Block("p", _(C.OUTSIDE_INTRO)))
        for text in report["outside_article"]:
            b.append(Block("li", text))

    b.append(Block("h1", _(C.QUESTIONS)))
    for q in C.questions_to_ask(report):
        b.append(Block("li", q))

    b.append(Block("h1", _(C.ANSWERS)))
    answers = report.get("answers_detail") or []
    if not answers:
        b.append(Block("p", _("No answers were given.")))
    for i, a in enumerate(answers, 1):
        b.append(Block("kv", f"{i}. {a.get('text') or a.get('question', '')}", 0, a.get("label") or ""))

    b.append(Block("h1", _(C.SOURCE)))
    for line in C.source_sentences(report):
        b.append(Block("p", line))

    claims = C.rests_on(report)
    if claims and explain:
        b.append(Block("h1", _(C.RESTS_ON)))
        b.append(Block("p", _(C.RESTS_ON_INTRO)))
        for c in claims:
            b.append(Block("li", C.rests_on_line(c)))
    elif claims:
        # Each fact is already said, with its code, where it is used: here the codes only,
        # in one paragraph, and the references they point to under the same heading.
        b.append(Block("h1", _(C.RESTS_ON)))
        words = [_(C.RESTS_ON_BRIEF_INTRO), *C.rests_on_brief(claims), _(C.RESTS_ON_FULL_WORDING)]
        b.append(Block("p", " ".join(words)))

    paragraphs, cited = C.reference_list(report)
    if explain or not claims:
        b.append(Block("h1", _(C.REFERENCES)))
    b.extend(Block("p", p) for p in paragraphs)
    for number, citation in cited:
        b.append(Block("li", f"[{number}] {citation}", 0, "num"))

    if explain and report.get("trace") is not None:
        b.append(Block("h1", _(C.TRACE)))
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


# A compact citation such as "[R5a; refs 5, 11]" is kept on one line when it fits.
_TAG = re.compile(r"\[[^\[\]\n]{1,40}\]")
_KEEP = "\x00"  # stands for a space inside a tag while wrapping: control characters never reach here


def _keep_tags(text: str) -> str:
    return _TAG.sub(lambda m: m.group(0).replace(" ", _KEEP), text) if "[" in text else text


def wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    first, rest = indents(width, first, rest)
    if "[" in text and _KEEP not in text:
        return [line.replace(_KEEP, " ") for line in _wrap(_keep_tags(text), width, first, rest)]
    return _wrap(text, width, first, rest)


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        text,
        width=max(width, 1),
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=True,
        break_on_hyphens=False,
    ) or [first.rstrip()]
