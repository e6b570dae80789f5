"""Helpers the text, Markdown and HTML renderers share.

They read only the plain report dict (see :mod:`scarhelp.report`), so they must
not import the loader, the engine or YAML; nor do they import rich. Keeping the
section titles and the wording of citations here is what makes every format say
the same thing in the same order.
"""

from __future__ import annotations

from ..i18n import N_, _, ngettext
from ..model import NOT_IN_ARTICLE as NOT_IN_ARTICLE  # the summary groups these cells
from ..terminal import printable as printable  # the renderers' one way to clean text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from ..reportshape import (
        AnswerDetail,
        Answers,
        Cited,
        Claim,
        Note,
        Point,
        Recommendation,
        Report,
        SaidShort,
        TraceLine,
    )

# The texts below are the catalogue's: marked with N_ here, translated with _() where
# they are printed (the language is chosen after this module is imported).


# Section titles, in the order every format prints them.
SUMMARY = N_("Your options at a glance")
SOURCE = N_("Where this comes from")
ANSWERS = N_("Your answers")
GENERAL = N_("Before the options")
OPTIONS = N_("Options the article's guidance points to")
ADVICE = N_("Advice")
NOT_SHOWN = N_("Not shown, and why")
OUTSIDE = N_("Not from the article")
OUTSIDE_INTRO = N_("These points do not come from the article; the rule set adds them so the picture is fair:")
QUESTIONS = N_("Questions to ask your dermatologist")
REFERENCES = N_("References")
RESTS_ON = N_("What this rests on")
RESTS_ON_INTRO = N_("Codes in brackets above (such as B4 or ref 5) point to these claims and to the references below.")
TRACE = N_("Rule trace")
WARNINGS = N_("Warnings about your answers")
SAID = N_("What you said matters to you (it does not change the fit)")

NO_OPTIONS = N_(
    "This guide shows none of the article's treatments for your answers. "
    "The advice below says why, and what to ask a dermatologist."
)
OPTIONS_INTRO = N_("These are options, not instructions. Each shows its reasons, benefits and harms.")
NO_QUESTIONS = N_("What would you suggest for my scars, and what are the downsides of each option?")


def cite_tag(claims: Iterable[str] | None, refs: Iterable[int] | None, rule: str | None = None) -> str:
    """The compact citation of the detailed report: ``[B4; ref 5]``, ``[T3, T4; refs 6, 7]``.

    ``rule`` (shown with ``--explain``) comes first: ``[rule peel-option; P1; refs 8, 9]``.
    '' when there is nothing to cite.
    """
    parts = []
    if rule:
        parts.append(_("rule {rule}").format(rule=rule))
    claims = list(claims or ())
    if claims:
        parts.append(", ".join(str(c) for c in claims))
    if refs:
        parts.append(refs_phrase(refs))
    return f"[{'; '.join(parts)}]" if parts else ""


def with_tag(text: str, tag: str) -> str:
    return f"{text} {tag}" if tag and text else (text or tag)


def answer_numbers(report: Report) -> dict[str, int]:
    """Each answered question's number in the "Your answers" list (1-based, in the report's order)."""
    return {a["question"]: i for i, a in enumerate(report.get("answers_detail") or (), 1)}


def numbers_phrase(numbers: Iterable[int]) -> str:
    """``3``, ``3 and 5``, ``3, 5 and 8``."""
    nums = [str(n) for n in numbers]
    if len(nums) <= 1:
        return "".join(nums)
    return ", ".join(nums[:-1]) + _(" and ") + nums[-1]


def answers_ref(report: Report, *answer_dicts: Answers | None) -> str:
    """The answers several items rest on, stated once by their number in "Your answers":
    ``your answers 3, 5 and 8``.  An answer not in that list is spelled out. '' when none."""
    nums = answer_numbers(report)
    found: dict[int, None] = {}
    others: dict[str, str] = {}
    for answers in answer_dicts:
        for qid, value in (answers or {}).items():
            if qid in nums:
                found[nums[qid]] = None
            else:
                others[qid] = _value_text(value)
    parts = []
    if found:
        ordered = sorted(found)
        phrase = ngettext("your answer {numbers}", "your answers {numbers}", len(ordered))
        parts.append(phrase.format(numbers=numbers_phrase(ordered)))
    parts.extend(f"{q} = {v}" for q, v in others.items())
    return "; ".join(parts)


def repeated_caveats(rec: Recommendation) -> list[Note]:
    """The option's caveats that only repeat its harms: shown whenever the option is (they
    rest on no answer) and citing no claim the harms do not cite.  The detailed report says
    those facts once, as harms; ``--explain`` still shows the caveat itself."""
    harm_claims = {c for h in rec.get("harms") or () for c in h.get("claims") or ()}
    harm_refs = {r for h in rec.get("harms") or () for r in h.get("references") or ()}
    return [
        n
        for n in rec.get("caveats") or ()
        if not n.get("answers")
        and n.get("claims")
        and set(n["claims"]) <= harm_claims
        and set(n.get("references") or ()) <= harm_refs
    ]


def rests_on(report: Report) -> list[Claim]:
    """Every claim the report cites, once, in the order the report first cites it."""
    ids: dict[str, None] = {}

    def add(item: Cited) -> None:
        ids.update(dict.fromkeys(item.get("claims") or ()))

    for n in report.get("general_caveats") or ():
        add(n)
    for rec in report.get("recommendations") or ():
        for item in _option_items(rec):
            add(item)
        add(rec)
    for n in report.get("advice") or ():
        add(n)
    for ns in report.get("not_recommended") or ():
        add(ns)
    for c in report.get("claims") or ():
        ids[c["id"]] = None
    idx = claim_index(report)
    return [idx.get(c, {"id": c, "text": "", "references": [], "origin": "article"}) for c in ids]


def rests_on_line(claim: Claim) -> str:
    """``B1: The article offers ... [ref 11]``; a claim from a reference names it in its text."""
    line = f"{claim['id']}: {claim_text(claim)}".rstrip(": ")
    if claim.get("references") and claim.get("origin") != "reference":
        line += f" [{refs_phrase(claim['references'])}]"
    return line


RESTS_ON_BRIEF_INTRO = N_(
    'The codes in brackets above name the claims this report rests on; "ref N" is reference N '
    "of the article, listed below."
)
RESTS_ON_FULL_WORDING = N_(
    "The HTML and Markdown reports give the full wording of each claim, and so does this report with --explain."
)


def _claim_sort_key(cid: str) -> tuple[str, int, str]:
    head = cid.rstrip("abcdefghijklmnopqrstuvwxyz")
    letters = head.rstrip("0123456789")
    digits = head[len(letters) :]
    return (letters, int(digits) if digits else -1, cid[len(head) :])


def id_ranges(ids: Iterable[str]) -> str:
    """``A1, B1-B4, B7, R5a``: claim ids in order, runs of three or more numbered ids joined.

    The text report names the claims it rests on without their wording (each fact is
    already said, with its code, where it is used); ranges keep that list to a line or two.
    """
    ordered = sorted(dict.fromkeys(ids), key=_claim_sort_key)
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 3:
            out.append(f"{run[0]}-{run[-1]}")
        else:
            out.extend(run)
        run.clear()

    for cid in ordered:
        letters, number, suffix = _claim_sort_key(cid)
        if run and not suffix:
            p_letters, p_number, _suffix = _claim_sort_key(run[-1])
            if p_letters == letters and number == p_number + 1:
                run.append(cid)
                continue
        flush()
        if suffix or number < 0:
            out.append(cid)
        else:
            run.append(cid)
    flush()
    return ", ".join(out)


def rests_on_brief(claims: Sequence[Claim]) -> list[str]:
    """The claims of :func:`rests_on` by code alone: the article's, then each reference's."""
    lines: list[str] = []
    article = [c["id"] for c in claims if c.get("origin") != "reference"]
    if article:
        lines.append(_("From the article: {ids}.").format(ids=id_ranges(article)))
    by_refs: dict[tuple[int, ...], list[str]] = {}
    for c in claims:
        if c.get("origin") == "reference":
            by_refs.setdefault(tuple(c.get("references") or ()), []).append(c["id"])
    if by_refs:
        parts = [
            f"{id_ranges(ids)} (" + (refs_phrase(refs) or _("a cited reference")) + ")"
            for refs, ids in sorted(by_refs.items())
        ]
        lines.append(
            _("From a reference the article cites, not from the article itself: {parts}.").format(
                parts="; ".join(parts)
            )
        )
    return lines


def source_sentences(report: Report) -> list[str]:
    """:func:`source_lines` in three paragraphs: who wrote and published the article, what it is, the rule set."""
    lines = source_lines(report)
    extra = [lines.pop()] if translation_line(report) else []
    head, note, rule_set = lines[:-2], lines[-2], lines[-1]
    joined = " ".join(x if x.endswith((".", "?", "!")) else x + "." for x in head)
    return [joined, note, rule_set, *extra]


def fallback_line(report: Report) -> str:
    """The one note of a translated report whose texts are not all in its language; '' otherwise."""
    tr = report.get("translation")
    return tr["note"] if tr else ""


def translation_line(report: Report) -> str:
    """Who translated the rule set's texts and whether a clinician reviewed it; '' in English."""
    tr = report.get("translation")
    return tr["about"] if tr else ""


def source_lines(report: Report) -> list[str]:
    """Plain sentences describing the source and the rule set (no markup)."""
    src = report.get("source") or {}
    rs = report.get("rule_set") or {}
    lines = []
    title = src.get("title") or _("an untitled article")
    lines.append(_("Article: \u201c{title}\u201d").format(title=title))
    if src.get("author"):
        lines.append(_("Author: {author}").format(author=src["author"]))
    if src.get("reviewer"):
        lines.append(_("Medical reviewer: {reviewer}").format(reviewer=src["reviewer"]))
    if src.get("publisher"):
        lines.append(_("Published by: {publisher}").format(publisher=src["publisher"]))
    lines.append(_("Publication date: {date}").format(date=src.get("published") or _("not stated")))
    lines.append(
        src.get("note")
        or _("What it is: a clinic's patient article reviewed by a dermatologist, not a clinical guideline.")
    )
    rs_title, rs_version = rs.get("title") or _("untitled"), rs.get("version") or "?"
    if rs.get("last_reviewed"):
        rs_line = _("Rule set: {title}, version {version}, last reviewed {reviewed}.").format(
            title=rs_title, version=rs_version, reviewed=rs["last_reviewed"]
        )
    else:
        rs_line = _("Rule set: {title}, version {version}.").format(title=rs_title, version=rs_version)
    lines.append(rs_line)
    if translation_line(report):
        lines.append(translation_line(report))
    return lines


def answer_index(report: Report) -> dict[str, AnswerDetail]:
    return {a["question"]: a for a in report.get("answers_detail") or ()}


def _value_text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def based_on(report: Report, answers: Answers | None) -> list[tuple[str, str]]:
    """``(question text, answer label)`` for the answers a reason rests on."""
    idx = answer_index(report)
    out = []
    for qid, value in (answers or {}).items():
        a = idx.get(qid)
        if a is not None:
            out.append((a.get("text") or qid, a.get("label") or _value_text(a.get("value"))))
        else:
            out.append((qid, _value_text(value)))
    return out


def claim_index(report: Report) -> dict[str, Claim]:
    return {c["id"]: c for c in report.get("claims") or ()}


def reference_index(report: Report) -> dict[int, str]:
    return {r["number"]: r["citation"] for r in (report.get("source") or {}).get("references") or ()}


def refs_phrase(refs: Iterable[int] | None) -> str:
    refs = list(refs or ())
    if not refs:
        return ""
    if len(refs) == 1:
        return _("ref {n}").format(n=refs[0])
    return _("refs {n}").format(n=", ".join(str(r) for r in refs))


def claim_origin_note(claim: Claim) -> str:
    """For a claim from a cited reference rather than the article: ``from ref 10, not the article``."""
    if claim.get("origin") != "reference":
        return ""
    where = refs_phrase(claim.get("references")) or _("a cited reference")
    return _("from {where}, not the article").format(where=where)


def claim_text(claim: Claim) -> str:
    """The claim's text, marked when it comes from a reference and does not already say so."""
    text = claim.get("text") or ""
    note = claim_origin_note(claim)
    if note and "not the article" not in text.lower() and _("not the article") not in text.lower():
        text = f"{text} ({note})"
    return text


def option_claims(report: Report, rec: Recommendation) -> list[Claim]:
    """Every claim an option rests on (reasons, benefits, harms, caveats), in first-seen order."""
    ids: dict[str, None] = {}
    for item in _option_items(rec):
        ids.update(dict.fromkeys(item.get("claims") or ()))
    ids.update(dict.fromkeys(rec.get("claims") or ()))
    idx = claim_index(report)
    return [idx.get(c, {"id": c, "text": "", "references": [], "origin": "article"}) for c in ids]


def option_refs(report: Report, rec: Recommendation) -> list[int]:
    refs: set[int] = set(rec.get("references") or ())
    for item in _option_items(rec):
        refs.update(item.get("references") or ())
    for c in option_claims(report, rec):
        refs.update(c.get("references") or ())
    return sorted(refs)


def reference_list(report: Report) -> tuple[list[str], list[tuple[int, str]]]:
    """The references section: its paragraphs, then the references listed, (number, citation).

    Only those the report cites, in every format, so the list is the one a reader looks up
    from a citation (the JSON keeps them all); all twelve would add a page on paper."""
    refs = reference_index(report)
    if not refs:
        return [_("The source lists no references.")], []
    intro = ngettext(
        "The article cites {total} reference; this is the one this report relies on.",
        "The article cites {total} references; these are the ones this report relies on.",
        len(refs),
    ).format(total=len(refs))
    cited = [(r, refs[r]) for r in cited_refs(report) if r in refs]
    return ([intro] if cited else [intro, _("None.")]), cited


def cited_refs(report: Report) -> list[int]:
    """Every reference number the report points to anywhere, sorted."""
    refs: set[int] = set()
    for c in report.get("claims") or ():
        refs.update(c.get("references") or ())
    for rec in report.get("recommendations") or ():
        refs.update(option_refs(report, rec))
    notes: list[Cited] = [*(report.get("general_caveats") or ()), *(report.get("advice") or ())]
    notes.extend(report.get("not_recommended") or ())
    for n in notes:
        refs.update(n.get("references") or ())
    return sorted(refs)


def _option_items(rec: Recommendation) -> list[Cited]:
    """An option's reasons, benefits, harms and caveats, in that order."""
    items: list[Cited] = [*(rec.get("reasons") or ()), *(rec.get("benefits") or ()), *(rec.get("harms") or ())]
    items.extend(rec.get("caveats") or ())
    return items


def questions_to_ask(report: Report) -> list[str]:
    qs = list(report.get("questions_to_ask") or ())
    return qs or [_(NO_QUESTIONS)]


def generated_date(report: Report, generated: str | None) -> str | None:
    return generated or report.get("generated") or None


def rule_set_line(report: Report) -> str:
    rs = report.get("rule_set") or {}
    title, version = rs.get("title") or _("Rule set"), rs.get("version") or "?"
    if rs.get("last_reviewed"):
        return _("{title}, version {version}, last reviewed {reviewed}").format(
            title=title, version=version, reviewed=rs["last_reviewed"]
        )
    return _("{title}, version {version}").format(title=title, version=version)


def trace_line(t: TraceLine) -> str:
    if t.get("line"):
        text = _("{rule} (line {line}) fired") if t.get("fired") else _("{rule} (line {line}) did not fire")
    else:
        text = _("{rule} fired") if t.get("fired") else _("{rule} did not fire")
    detail = f": {t['detail']}" if t.get("detail") else ""
    return text.format(rule=t.get("rule"), line=t.get("line")) + detail


def summary_grid(report: Report) -> tuple[list[str], list[tuple[str, list[str]]]] | None:
    """The summary side by side: one column per option (leaving the scars as they
    are last), one row per question patients ask; Markdown and HTML print it as a table."""
    s = report.get("summary")
    if not s:
        return None
    cols: list[tuple[str, str, dict[str, Point], list[SaidShort]]] = [
        (f"{o.get('name')} [{o.get('strength_label')}]", o.get("why") or "", o.get("glance") or {}, o.get("said") or [])
        for o in s.get("options") or ()
    ]
    leave = s.get("leave_as_they_are")
    if leave:
        cols.append((_("{name} [always a choice]").format(name=leave.get("name")), "", leave.get("glance") or {}, []))
    heads = [col[0] for col in cols]
    rows: list[tuple[str, list[str]]] = [(_("Why"), [col[1] for col in cols])]
    for key, label in (s.get("glance_fields") or {}).items():
        rows.append((label, [_cell_text(col[2], key) for col in cols]))
    if any(col[3] for col in cols):
        rows.append((_("What you said"), [said_line(col[3]) if col[3] else "" for col in cols]))
    return heads, rows


def _cell_text(glance: dict[str, Point], key: str) -> str:
    cell = glance.get(key)
    return cell["text"] if cell else ""


def summary_extras(report: Report) -> tuple[str, str, str, str]:
    """(first, not shown, legend, next step) lines of the summary; empty where none."""
    s = report.get("summary") or {}
    first = " ".join(s.get("first") or ())
    names = ", ".join(n.get("name") or n.get("treatment") for n in s.get("not_shown") or ())
    not_shown = (
        _("Not shown for your answers: {names} (the full report says why).").format(names=names) if names else ""
    )
    legend = "; ".join(f"{x['label']} = {x['means']}" for x in s.get("legend") or ())
    return (
        first,
        not_shown,
        (_("Fit labels: {legend}.").format(legend=legend) if legend else ""),
        s.get("next_step") or "",
    )


def said_line(said: Sequence[SaidShort]) -> str:
    """The summary's one line of what the person said would bother them about an option.

    Only the few words of each note: the cells beside it say how the option meets
    them, the detail gives the whole sentence, and the summary must fit a screen.
    """
    shorts = [x.get("short") or x.get("text") or "" for x in said]
    what = shorts[0] if len(shorts) == 1 else ", ".join(shorts[:-1]) + _(" and ") + shorts[-1]
    return ngettext(
        "You said this would bother you: {what}.", "You said these would bother you: {what}.", len(shorts)
    ).format(what=what)
