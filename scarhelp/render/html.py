"""The report as one self-contained HTML5 page, for the screen and for printing.

Inline CSS only: no scripts, fonts, images or links that would fetch anything.
The options sit side by side as cards (CSS grid) with their benefits and harms
in equal detail. On paper, page 1 is a sheet to take to the appointment (the
options at a glance, the questions to ask with ruled lines for notes beside them,
the answers in two columns) and the detail flows in two columns. Every
piece of text is escaped with :func:`html.escape`. The output is deterministic:
the date shown is the ``generated`` option (or ``report["generated"]``), never
the clock.
"""

from __future__ import annotations

import re
from html import escape

from ..i18n import N_, _, current_language
from . import _common as C

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..reportshape import Answers, Note, Point, Recommendation, Report

CSS = """
:root { --ink: #1b1f24; --muted: #4a525c; --line: #d4d9df; --accent: #1f4e79;
  --card: #f7f9fb; --warn-bg: #fff6dc; --warn-line: #9a6700; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 75rem; padding: 1.5rem 1.25rem 3rem; color: var(--ink);
  background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "DejaVu Sans", Arial, sans-serif; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 1.25rem 0 .25rem; color: var(--accent); }
h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; padding-bottom: .25rem;
  border-bottom: 2px solid var(--line); color: var(--accent); }
h3 { font-size: 1.15rem; margin: 0; line-height: 1.3; }
h4 { font-size: .8rem; letter-spacing: .06em; text-transform: uppercase; color: var(--muted);
  margin: 1rem 0 .3rem; }
p { margin: .4rem 0; }
ul, ol { margin: .3rem 0; padding-left: 1.3rem; }
li { margin: .25rem 0; }
.meta { color: var(--muted); margin: 0; }
.disclaimer { border: 2px solid var(--warn-line); background: var(--warn-bg); border-radius: 8px;
  padding: .75rem 1rem; margin: 1rem 0; }
.disclaimer strong { display: block; color: #6b4700; }
.source dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .4rem 0; }
.source dt { font-weight: 600; }
.source dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--line); }
thead th { border-bottom: 2px solid var(--ink); }
tbody th { font-weight: normal; width: 58%; }
td { font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(21rem, 1fr)); gap: 1rem;
  align-items: start; }
.card { background: var(--card); border: 1px solid var(--line); border-top: 5px solid var(--accent);
  border-radius: 8px; padding: 1rem 1.1rem; }
.card header { display: flex; flex-wrap: wrap; gap: .4rem .8rem; align-items: baseline;
  justify-content: space-between; }
.badge { display: inline-block; border-radius: 999px; padding: .1rem .65rem; font-size: .85rem;
  font-weight: 700; background: #e3e8ee; color: var(--ink); white-space: nowrap; }
.badge.best_fit { background: #d5ecdc; color: #14532d; }
.badge.option { background: #dbe7f5; color: #173f6b; }
.badge.weaker_fit { background: #eceff2; color: #3d444c; }
.what { margin-top: .5rem; }
.bh { display: grid; grid-template-columns: 1fr; gap: 0 1rem; }
.bh section { border-left: 4px solid var(--line); padding-left: .7rem; }
.bh section.benefits { border-left-color: #5b8c6a; }
.bh section.harms { border-left-color: #b3743a; }
.src { color: var(--muted); font-size: .85rem; white-space: nowrap; }
.because { color: var(--muted); font-size: .92rem; }
.because ul { list-style: "\\203A  "; }
.claims li { font-size: .92rem; }
.claims .on-paper { display: none; }
.note { margin: .3rem 0; }
.refs li { font-size: .95rem; }
.trace li.fired { font-weight: 600; }
.summary { border: 1px solid var(--line); border-radius: 8px; padding: .5rem 1rem 1rem; }
footer { margin-top: 2rem; }
.grid th, .grid td { font-weight: normal; width: auto; }
.grid thead th { font-weight: 700; }
.grid tbody th { font-weight: 600; white-space: nowrap; }
.first { border-left: 4px solid var(--warn-line); padding-left: .6rem; }
td.num { font-weight: normal; color: var(--muted); width: 2.5rem; }
.notes .line { border-bottom: 1px solid var(--muted); height: 1.9rem; }
@page { margin: 10mm 10mm 9mm; }  /* 12mm left the closing disclaimer alone on a 4th page */
@media print {
  /* Paper: 9pt type (never smaller for running text; the back matter is 8pt), line-height
     1.25. Page 1 holds the
     disclaimer, the title with the date, the options at a glance, the questions to ask,
     the answers and ruled lines for notes; the detail follows in two columns. */
  html { font-size: 9pt; }
  body { max-width: none; padding: 0; font-size: 9pt; line-height: 1.25; }
  h1 { font-size: 12pt; margin: 1.5mm 0 .3mm; }
  h2 { font-size: 11.5pt; margin: 2mm 0 .8mm; padding-bottom: .5mm; border-bottom-width: 1px;
    break-after: avoid; page-break-after: avoid; }
  h3 { font-size: 10pt; }
  h3, h4 { break-after: avoid; page-break-after: avoid; }
  h4 { font-size: 7.5pt; margin: 1.2mm 0 .3mm; }
  p { margin: .8mm 0; orphans: 2; widows: 2; }
  ul, ol { margin: .5mm 0; padding-left: 4mm; }
  li { margin: .2mm 0; }
  .disclaimer { padding: 1mm 2.5mm; margin: 0 0 1mm; border-width: 1.5px; border-radius: 4px; }
  .disclaimer strong { display: inline; margin-right: .4em; }
  footer { margin-top: 2mm; }
  footer .disclaimer { margin: 0; }
  /* The back matter (the source, the claims, the references) is looked up, not read
     through: set like footnotes, 8pt, the claims by code and the references in two columns. */
  .refs li, .claims li { font-size: 8pt; line-height: 1.2; margin: 0 0 .3mm; }
  .source dl, .source p, .claims p { font-size: 8pt; line-height: 1.2; }
  .refs ol { padding-left: 6mm; }  /* room for a two-digit number inside the column */
  .claims ul, .refs ol, .refs ul { columns: 2; column-gap: 5mm; }
  .claims .on-screen { display: none; }
  .claims .on-paper { display: block; }
  .claims ul { list-style: none; padding-left: 0; }
  /* The glance table: a narrow label column, the options sharing the rest. */
  .grid tbody th { white-space: normal; }
  .grid th, .grid td { padding: .3mm 1.2mm; line-height: 1.2; }
  .glance > p { margin: .4mm 0; }
  .glance > p.aside { display: inline; margin-right: 1.2em; }
  .summary { padding: 0 2.5mm 1mm; border-radius: 4px; }
  .summary h2 { margin-top: 1mm; }
  .summary li { margin: 0; }
  /* Page 1 below the glance table: the questions with ruled lines for notes beside them,
     then the answers across the page (the order on screen is unchanged). */
  .sheet { display: grid; grid-template-columns: 1fr 46mm; column-gap: 5mm;
    grid-template-areas: "q n" "a a"; align-items: stretch; }
  .sheet > .summary { grid-area: q; }
  .sheet > .notes { grid-area: n; display: flex; flex-direction: column; }
  .sheet > .answers { grid-area: a; }
  .notes h2 { margin-top: 1mm; }
  .notes .line { flex: 1 0 6mm; height: auto; }
  /* The answers run in, "3. How deep ...? Deep: ...", in two columns: the table's cells
     wrap into tall rows on paper, and the column heads say nothing the heading does not. */
  .answers table, .answers tbody, .answers tr { display: block; }
  .answers thead { display: none; }
  .answers tbody { columns: 2; column-gap: 6mm; }
  .answers tr { margin: 0 0 .5mm; padding-left: 5.5mm; text-indent: -5.5mm; }
  .answers th, .answers td { display: inline; padding: 0; border: 0; width: auto; }
  .answers td.num { color: var(--ink); display: inline-block; min-width: 5.5mm; text-indent: 0; }
  .answers td.num::after { content: "."; }
  .answers th { margin-right: .3em; }
  /* The options in detail flow down two columns: a card may continue in the next
     column or page (forcing it whole would leave half-empty pages), but no item is split. */
  .cards { display: block; columns: 2; column-gap: 4mm; }
  .card { break-inside: auto; background: #fff; padding: 1.2mm 2mm; margin: 0 0 2.5mm;
    border-top-width: 3px; border-radius: 4px; }
  .card li, .card header, .bh section > h4 { break-inside: avoid; page-break-inside: avoid; }
  .card header { break-after: avoid; page-break-after: avoid; }
  .bh { display: block; }
  .bh section { padding-left: 1.5mm; border-left-width: 2.5px; }
  .card ul { padding-left: 3.2mm; }
  .badge { font-size: 8pt; padding: 0 2mm; }
  .because, .src { font-size: 9pt; }
  .disclaimer, .summary, .notes, tr, li, dt, dd { break-inside: avoid; page-break-inside: avoid; }
  .source dl { gap: 0 3mm; margin: .5mm 0; }
  .badge, .disclaimer, .card { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def e(text: object) -> str:
    return escape("" if text is None else str(text), quote=True)


def _tag(claims: Iterable[str] | None, refs: Iterable[int] | None, rule: str | None = None) -> str:
    """The compact citation, ``[B4; ref 5]``, each claim and reference a link to its entry below."""
    parts = []
    if rule:
        parts.append(e(_("rule {rule}").format(rule=rule)))
    claims = list(claims or ())
    if claims:
        parts.append(", ".join(f'<a href="#claim-{e(c)}">{e(c)}</a>' for c in claims))
    refs = list(refs or ())
    if refs:
        links = ", ".join(f'<a href="#ref-{int(r)}">{int(r)}</a>' for r in refs)
        parts.append(e(_("refs {n}") if len(refs) > 1 else _("ref {n}")).format(n=links))
    return f' <span class="src">[{"; ".join(parts)}]</span>' if parts else ""


def _answered(report: Report, answers: Answers | None) -> str:
    pairs = C.based_on(report, answers)
    if not pairs:
        return ""
    items = "".join(f"<li>{e(q)} <strong>{e(lab)}</strong></li>" for q, lab in pairs)
    return '<div class="because">' + e(_("Because you answered:")) + f"<ul>{items}</ul></div>"


def _note(report: Report, n: Note, explain: bool = False) -> str:
    """A caveat or piece of advice, its citation on the line that states it (as in the text
    report; after the "Why" it took a line of its own on paper), then why it is shown."""
    parts = [f'<li class="note">{e(n.get("text"))}']
    parts.append(_tag(n.get("claims"), n.get("references"), n.get("rule") if explain else None))
    if n.get("because"):
        parts.append('<div class="because">' + e(_("Why: {text}").format(text=n["because"])) + "</div>")
    if explain:
        parts.append(_answered(report, n.get("answers")))
    parts.append("</li>")
    return "".join(parts)


def _points(points: list[Point], empty: str) -> str:
    if not points:
        return f"<p>{e(empty)}</p>"
    items = "".join(f"<li>{e(p.get('text'))}{_tag(p.get('claims'), p.get('references'))}</li>" for p in points)
    return f"<ul>{items}</ul>"


def _card(report: Report, i: int, rec: Recommendation, explain: bool = False) -> str:
    """One option in detail, each fact once (as in the text report): compact linked
    citations, the answers once by their number, no caveat that only repeats a harm."""
    strength = re.sub(r"[^a-z_]", "", str(rec.get("strength") or ""))
    h = [f'<article class="card" aria-labelledby="opt{i}">']
    h.append(
        f'<header><h3 id="opt{i}">{i}. {e(rec.get("name") or rec.get("treatment"))}</h3>'
        f'<span class="badge {strength}">{e(rec.get("strength_label"))}</span></header>'
    )
    if rec.get("what"):
        h.append(f'<p class="what">{e(rec["what"])}</p>')
    h.append("<h4>" + e(_("Why it is shown")) + "</h4><ul>")
    for r in rec.get("reasons") or ():
        tag = _tag(r.get("claims"), r.get("references"), r.get("rule") if explain else None)
        if explain:
            h.append(f"<li>{e(r.get('because'))}{tag}{_answered(report, r.get('answers'))}</li>")
            continue
        # the answers behind it by their number, after its citation (as in the text report)
        ref = C.answers_ref(report, r.get("answers"))
        link = f' <span class="src">(<a href="#s-answers">{e(ref)}</a>)</span>' if ref else ""
        h.append(f"<li>{e(r.get('because'))}{tag}{link}</li>")
    h.append("</ul>")
    h.append('<div class="bh"><section class="benefits"><h4>' + e(_("Possible benefits")) + "</h4>")
    h.append(_points(rec.get("benefits") or [], _("The article names no specific benefit.")))
    h.append('</section><section class="harms"><h4>' + e(_("Possible harms and downsides")) + "</h4>")
    h.append(_points(rec.get("harms") or [], _("The article names no specific harm; ask about them.")))
    h.append("</section></div>")
    if rec.get("said"):
        h.append("<h4>" + e(_(C.SAID)) + "</h4><ul>")
        h.extend(f"<li>{e(x.get('text'))}{_tag(x.get('claims'), x.get('references'), None)}</li>" for x in rec["said"])
        h.append("</ul>")
    repeated = [] if explain else [id(n) for n in C.repeated_caveats(rec)]
    caveats = [n for n in rec.get("caveats") or () if id(n) not in repeated]
    if caveats:
        h.append("<h4>" + e(_("Keep in mind")) + "</h4><ul>")
        h.extend(_note(report, n, explain) for n in caveats)
        h.append("</ul>")
    h.append("</article>")
    return "".join(h)


ON_PAPER_WORDING = N_(
    "The codes in brackets name these claims; the report on screen, and the Markdown report, give the "
    "full wording of each."
)


def _rests_on(report: Report) -> str:
    claims = C.rests_on(report)
    items = []
    for c in claims:
        extra = ""
        if c.get("references") and c.get("origin") != "reference":
            extra = _tag((), c["references"])
        items.append(f'<li id="claim-{e(c["id"])}"><strong>{e(c["id"])}</strong>: {e(C.claim_text(c))}{extra}</li>')
    # On paper the codes stand for the claims, as in the text report: each is already
    # paraphrased, with its code, by the line that cites it, and the list of full wordings
    # was a page of its own for most answer sets (issue 10: at most 3 pages).
    brief = "".join(f"<p>{e(line)}</p>" for line in C.rests_on_brief(claims))
    return (
        '<section class="claims" aria-labelledby="s-claims"><h2 id="s-claims">' + e(_(C.RESTS_ON)) + "</h2>"
        f'<ul class="on-screen">{"".join(items)}</ul>'
        f'<div class="on-paper">{brief}<p>{e(_(ON_PAPER_WORDING))}</p></div></section>'
    )


def _disclaimer(report: Report, where: str) -> str:
    text = report.get("disclaimer") or _("This is not medical advice.")
    label = _("Disclaimer (top)") if where == "top" else _("Disclaimer (bottom)")
    return (
        f'<aside class="disclaimer" role="note" aria-label="{e(label)}">'
        "<strong>" + e(_("Please read")) + f"</strong>{e(text)}</aside>"
    )


def _summary(report: Report) -> list[str]:
    """Page 1: the options side by side, then the questions to ask and room for notes."""
    grid = C.summary_grid(report)
    if grid is None:
        return []
    heads, rows = grid
    first, not_shown, legend, next_step = C.summary_extras(report)
    h = ['<section class="glance" aria-labelledby="s-glance"><h2 id="s-glance">' + e(_(C.SUMMARY)) + "</h2>"]
    if first:
        h.append('<p class="first"><strong>' + e(_("First:")) + f"</strong> {e(first)}</p>")
    h.append('<table class="grid"><thead><tr><td></td>')
    h.extend(f'<th scope="col">{e(x)}</th>' for x in heads)
    h.append("</tr></thead><tbody>")
    for label, cells in rows:
        h.append(f'<tr><th scope="row">{e(label)}</th>' + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
    h.append("</tbody></table>")
    h.extend(f'<p class="aside">{e(line)}</p>' for line in (not_shown, legend) if line)
    if next_step:
        h.append("<p><strong>" + e(_("Next step:")) + f"</strong> {e(next_step)}</p>")
    if C.fallback_line(report):
        h.append(f'<p class="fallback"><strong>{e(C.fallback_line(report))}</strong></p>')
    h.append("</section>")
    return h


def _notes() -> str:
    lines = '<div class="line"></div>' * 6
    return (
        '<section class="notes" aria-labelledby="s-notes"><h2 id="s-notes">'
        + e(_("Your notes"))
        + f"</h2>{lines}</section>"
    )


def render(
    report: Report, explain: bool = False, generated: str | None = None, brief: bool = False, **_options: object
) -> str:
    rs = report.get("rule_set") or {}
    src = report.get("source") or {}
    title = rs.get("title") or _("scarhelp report")
    date = C.generated_date(report, generated)
    h: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{e(report.get("lang") or current_language())}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        _disclaimer(report, "top"),
        f"<h1>{e(title)}</h1>",
    ]
    meta = []
    if date:
        meta.append(e(_("Generated {date}").format(date=date)))
    meta.append(e(_("Rule set version {version}").format(version=rs.get("version") or "?")))
    if rs.get("last_reviewed"):
        meta.append(e(_("last reviewed {reviewed}").format(reviewed=rs["last_reviewed"])))
    version = (report.get("scarhelp") or {}).get("version")
    if version:
        meta.append(f"scarhelp {e(version)}")
    h.append(f'<p class="meta">{" · ".join(meta)}</p>')
    h.append("</header><main>")
    h.extend(_summary(report))
    # On paper the questions, the answers and the notes share page 1 (a print-only grid)
    h.append('<div class="sheet">')
    h.append(
        '<section class="summary" aria-labelledby="s-questions"><h2 id="s-questions">' + e(_(C.QUESTIONS)) + "</h2><ul>"
    )
    h.extend(f"<li>{e(q)}</li>" for q in C.questions_to_ask(report))
    h.append("</ul></section>")
    # Answers
    h.append('<section class="answers" aria-labelledby="s-answers"><h2 id="s-answers">' + e(_(C.ANSWERS)) + "</h2>")
    answers = report.get("answers_detail") or []
    if answers:
        h.append(
            '<table><thead><tr><th scope="col">' + e(_("No.")) + '</th><th scope="col">' + e(_("Question")) + "</th>"
            '<th scope="col">' + e(_("Your answer")) + "</th></tr></thead><tbody>"
        )
        for i, a in enumerate(answers, 1):
            h.append(
                f'<tr><td class="num">{i}</td><th scope="row">{e(a.get("text") or a.get("question"))}</th>'
                f"<td>{e(a.get('label'))}</td></tr>"
            )
        h.append("</tbody></table>")
    else:
        h.append("<p>" + e(_("No answers were given.")) + "</p>")
    h.append("</section>")
    h.append(_notes())
    h.append("</div>")
    if brief:
        h += ["</main>", "<footer>", _disclaimer(report, "bottom"), "</footer>", "</body>", "</html>"]
        return "\n".join(h) + "\n"

    if report.get("warnings"):
        h.append('<section aria-labelledby="s-warn"><h2 id="s-warn">' + e(_(C.WARNINGS)) + "</h2><ul>")
        h.extend(f"<li>{e(w)}</li>" for w in report["warnings"])
        h.append("</ul></section>")

    if report.get("general_caveats"):
        h.append('<section aria-labelledby="s-general"><h2 id="s-general">' + e(_(C.GENERAL)) + "</h2><ul>")
        h.extend(_note(report, n, explain) for n in report["general_caveats"])
        h.append("</ul></section>")

    recs = report.get("recommendations") or []
    h.append('<section aria-labelledby="s-options"><h2 id="s-options">' + e(_(C.OPTIONS)) + "</h2>")
    h.append("<p>" + e(_(C.OPTIONS_INTRO) if recs else _(C.NO_OPTIONS)) + "</p>")
    if recs:
        h.append('<div class="cards">')
        h.extend(_card(report, i, rec, explain) for i, rec in enumerate(recs, 1))
        h.append("</div>")
    h.append("</section>")

    if report.get("advice"):
        h.append('<section aria-labelledby="s-advice"><h2 id="s-advice">' + e(_(C.ADVICE)) + "</h2><ul>")
        h.extend(_note(report, n, explain) for n in report["advice"])
        h.append("</ul></section>")

    if report.get("not_recommended"):
        h.append('<section aria-labelledby="s-not"><h2 id="s-not">' + e(_(C.NOT_SHOWN)) + "</h2><ul>")
        for ns in report["not_recommended"]:
            h.append(
                f"<li><strong>{e(ns.get('name') or ns.get('treatment'))}</strong>: {e(ns.get('why'))} "
                f"{_tag(ns.get('claims'), ns.get('references'), ns.get('rule') if explain else None)}</li>"
            )
        h.append("</ul></section>")

    if report.get("outside_article"):
        h.append('<section aria-labelledby="s-outside"><h2 id="s-outside">' + e(_(C.OUTSIDE)) + "</h2>")
        h.append("<p>" + e(_(C.OUTSIDE_INTRO)) + "</p><ul>")
        h.extend(f"<li>{e(t)}</li>" for t in report["outside_article"])
        h.append("</ul></section>")

    # Source
    h.append('<section class="source" aria-labelledby="s-source"><h2 id="s-source">' + e(_(C.SOURCE)) + "</h2><dl>")
    for label, value in (
        (_("Article"), src.get("title")),
        (_("Author"), src.get("author")),
        (_("Medical reviewer"), src.get("reviewer")),
    ):
        if value:
            h.append(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>")
    if src.get("publisher"):
        h.append("<dt>" + e(_("Published by")) + f"</dt><dd>{e(src['publisher'])}</dd>")
    h.append("<dt>" + e(_("Publication date")) + "</dt><dd>" + e(src.get("published") or _("not stated")) + "</dd>")
    h.append("<dt>" + e(_("Rule set")) + f"</dt><dd>{e(C.rule_set_line(report))}</dd></dl>")
    note = src.get("note") or _("A clinic patient article reviewed by a dermatologist, not a clinical guideline.")
    h.append(f"<p>{e(note)}</p>")
    if C.translation_line(report):
        h.append(f"<p>{e(C.translation_line(report))}</p>")
    h.append("</section>")
    h.append(_rests_on(report))
    paragraphs, cited = C.reference_list(report)
    h.append('<section class="refs" aria-labelledby="s-refs"><h2 id="s-refs">' + e(_(C.REFERENCES)) + "</h2>")
    h.extend(f"<p>{e(p)}</p>" for p in paragraphs)
    if cited:
        h.append("<ol>")
        h.extend(f'<li value="{int(n)}" id="ref-{int(n)}">{e(citation)}</li>' for n, citation in cited)
        h.append("</ol>")
    h.append("</section>")

    if explain and report.get("trace") is not None:
        h.append('<section class="trace" aria-labelledby="s-trace"><h2 id="s-trace">' + e(_(C.TRACE)) + "</h2><ul>")
        for t in report["trace"]:
            cls = "fired" if t.get("fired") else "skipped"
            h.append(f'<li class="{cls}">{e(C.trace_line(t))}</li>')
        h.append("</ul></section>")

    h.append("</main><footer>")
    h.append(_disclaimer(report, "bottom"))
    h.append("</footer></body></html>")
    return "\n".join(h) + "\n"
