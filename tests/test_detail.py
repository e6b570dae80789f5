"""The detailed part of the text and Markdown reports says each fact once and loses no citation.

Compact citations (``[B4; ref 5]``) on the line that states a fact; one "What this
rests on" list of the claims, each once, at the end; the answers behind an option
once, by their number in "Your answers"; no caveat that only repeats a harm.
Checked over a spread of outcome classes of the bundled rules, not one example.
"""

from __future__ import annotations

import re

import pytest

from scarhelp.engine import evaluate
from scarhelp.render import _common as C
from scarhelp.render import render
from scarhelp.report import build_report

from .conftest import EXAMPLE
from .test_render import deep, reports  # noqa: F401 - fixtures

ESC = re.compile(r"\x1b\[[0-9;]*m")
CLASSES = 80
TAG = re.compile(r"\[([^\[\]]+)\]")


def _norm(s: str) -> str:
    return " ".join(s.split())


def _outcome(result) -> tuple:
    return (
        tuple((r.treatment, r.strength, tuple(n.rule for n in r.caveats)) for r in result.recommendations),
        tuple((n.treatment, n.outcome) for n in result.not_recommended),
        tuple(n.rule for n in result.general_caveats),
    )


@pytest.fixture(scope="module")
def classes(rules, every_answer):
    """One report per outcome class (options with strengths and caveats, what is not shown,
    general caveats) met in an even spread of every reachable answer set, at most ``CLASSES``
    of them spread evenly, plus the brief's example."""
    seen: dict[tuple, dict] = {}
    for answers in every_answer[::41]:
        seen.setdefault(_outcome(evaluate(rules, answers, with_trace=False)), answers)
    keys = sorted(seen, key=repr)
    keys = keys[:: max(1, len(keys) // CLASSES)]
    out = [build_report(rules, evaluate(rules, seen[k], with_trace=False)) for k in keys]
    out.append(build_report(rules, evaluate(rules, EXAMPLE, with_trace=False)))
    assert len(out) > 40, len(out)
    return out


def _text(report: dict, **kw) -> str:
    return render(report, "text", width=100, **kw)


def _markdown(report: dict, **kw) -> str:
    return render(report, "markdown", **kw).replace("\\", "")


def _sections(out: str, heads: list[str]) -> dict[str, str]:
    """The text between each heading and the next one found, keyed by heading."""
    found = sorted((out.find(h), h) for h in heads if h in out)
    return {h: out[p : (found[i + 1][0] if i + 1 < len(found) else len(out))] for i, (p, h) in enumerate(found)}


def _cited(text: str) -> tuple[set[str], set[int]]:
    """Claim ids and reference numbers in the compact citations of ``text``."""
    claims: set[str] = set()
    refs: set[int] = set()
    for tag in TAG.findall(_norm(text)):
        for part in tag.split("; "):
            m = re.fullmatch(r"refs? ([\d, ]+)", part)
            if m:
                refs.update(int(r) for r in m.group(1).split(", "))
            elif not part.startswith("rule "):
                claims.update(part.split(", "))
    return claims, refs


def _option_cites(report: dict, rec: dict) -> tuple[set[str], set[int]]:
    claims, refs = set(rec.get("claims") or ()), set(rec.get("references") or ())
    for group in ("reasons", "benefits", "harms", "caveats"):
        for item in rec.get(group) or ():
            claims.update(item.get("claims") or ())
            refs.update(item.get("references") or ())
    return claims, refs


def _option_heads(report: dict, fmt: str) -> list[str]:
    recs = report["recommendations"]
    if fmt == "text":
        return [f"{i}. {r['name']} - {r['strength_label']}" for i, r in enumerate(recs, 1)]
    return [f"### {i}. {r['name']}" for i, r in enumerate(recs, 1)]


ENDS = {
    "text": ["ADVICE", "NOT SHOWN, AND WHY", "NOT FROM THE ARTICLE", "QUESTIONS TO ASK YOUR DERMATOLOGIST"],
    "markdown": ["## Advice", "## Not shown, and why", "## Not from the article", "## Questions to ask"],
}
RESTS = {"text": "WHAT THIS RESTS ON", "markdown": "## What this rests on"}
REFS = {"text": "The article cites", "markdown": "## References"}  # text: under "What this rests on"


def test_compact_citation_format():
    assert C.cite_tag(["B4"], [5]) == "[B4; ref 5]"
    assert C.cite_tag(["T3", "T4"], [6, 7]) == "[T3, T4; refs 6, 7]"
    assert C.cite_tag(["P2"], []) == "[P2]"
    assert C.cite_tag([], [5]) == "[ref 5]"
    assert C.cite_tag([], []) == ""
    assert C.cite_tag(["P1"], [8, 9], rule="peel-option") == "[rule peel-option; P1; refs 8, 9]"


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_each_point_carries_its_compact_citation_and_no_old_wording(classes, fmt):
    for report in classes:
        out = _norm(_text(report) if fmt == "text" else _markdown(report))
        assert not re.search(r"\((rule [^)]*; )?claims? [A-Z]", out), "the old '(claims T3, T4; refs 6, 7)' wording"
        assert "are listed in full below" not in out and "are listed in full at the end" not in out
        for rec in report["recommendations"]:
            for p in rec["benefits"] + rec["harms"]:
                tag = C.cite_tag(p["claims"], p["references"])
                assert _norm(f"{p['text']} {tag}") in out, (rec["treatment"], p["text"])


@pytest.mark.parametrize("fmt", ["text", "markdown", "colour"])
def test_rests_on_list_appears_exactly_once_with_each_claim_once(classes, fmt):
    for report in classes:
        if fmt == "colour":
            out = ESC.sub("", render(report, "text", color=True, width=100))
            out = "\n".join(line.strip("│ ") for line in out.splitlines())
            head = "What this rests on"
        else:
            out = _text(report) if fmt == "text" else _markdown(report)
            head = RESTS[fmt]
        assert out.count(head) == 1, "one rests-on list, not one per option"
        assert out.lower().count("what this rests on") == 1
        rests = out[out.find(head) : out.find(REFS[fmt] if fmt != "colour" else "References ─")]
        if fmt == "markdown":
            ids = [m for m in re.findall(r"^\W*([A-Z]+\d+[a-z]?)\**: ", rests, re.M)]
        else:  # the terminal formats name each claim by its code, in ranges
            ids = _codes(rests)
        assert ids and len(ids) == len(set(ids)), ids
        assert set(ids) == {c["id"] for c in report["claims"]}


CODE = re.compile(r"\b([A-Z]+)(\d+)([a-z]?)(?:-([A-Z]+)(\d+))?\b")


def _codes(text: str) -> list[str]:
    """Claim codes in the text report's brief rests-on list, ``B1-B4`` read as B1, B2, B3, B4."""
    out: list[str] = []
    for letters, first, suffix, last_letters, last in CODE.findall(" ".join(text.split())):
        if letters in {"HTML", "N"}:
            continue
        if last:
            assert last_letters == letters and not suffix, (letters, first, last)
            out.extend(f"{letters}{n}" for n in range(int(first), int(last) + 1))
        else:
            out.append(f"{letters}{first}{suffix}")
    return out


def test_claim_id_ranges():
    assert C.id_ranges(["B3", "B1", "B2", "A1", "R5b", "R5a", "B7", "T2", "T3"]) == "A1, B1-B3, B7, R5a, R5b, T2, T3"
    assert C.id_ranges(["P10", "P9", "P8"]) == "P8-P10"
    assert _codes(C.id_ranges(["B3", "B1", "B2", "B7", "R5a"])) == ["B1", "B2", "B3", "B7", "R5a"]


def test_text_rests_on_names_codes_and_explain_keeps_each_claims_wording(classes):
    """The text report names each claim by its code (the fact is said where it is used);
    a claim from a reference names its references there; ``--explain`` keeps the wording."""
    for report in classes:
        out = _norm(_text(report))
        rests = out[out.find(RESTS["text"]) : out.find(REFS["text"], out.find(RESTS["text"]))]
        full = _norm(_text(report, explain=True))
        for c in report["claims"]:
            assert _norm(f"{c['id']}: {c['text']}") not in rests, c["id"]
            assert _norm(f"{c['id']}: {c['text']}") in full, c["id"]
        by_refs: dict[tuple, list[str]] = {}
        for c in report["claims"]:
            if c["origin"] == "reference":
                by_refs.setdefault(tuple(c["references"]), []).append(c["id"])
        for refs, ids in by_refs.items():
            assert f"{C.id_ranges(ids)} ({C.refs_phrase(refs)})" in rests, ids


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_no_claim_or_reference_is_lost(classes, fmt):
    """Every claim id and reference number the JSON cites for an option is cited in that
    option's own detail; every claim is in the rests-on list with its text, and every
    reference number in the references with its citation."""
    for report in classes:
        out = _text(report) if fmt == "text" else _markdown(report)
        heads = _option_heads(report, fmt)
        sections = _sections(out, heads + ENDS[fmt] + [RESTS[fmt]])
        assert len([h for h in heads if h in sections]) == len(heads)
        for head, rec in zip(heads, report["recommendations"], strict=True):
            want_claims, want_refs = _option_cites(report, rec)
            claims, refs = _cited(sections[head])
            assert want_claims <= claims, (rec["treatment"], want_claims - claims)
            assert want_refs <= refs, (rec["treatment"], want_refs - refs)
        for key in ("general_caveats", "advice", "not_recommended"):
            for n in report[key]:
                claims, refs = _cited(out[: out.find(RESTS[fmt])])
                assert set(n["claims"]) <= claims and set(n["references"]) <= refs, n
        flat = _norm(out)
        rests = flat[flat.find(RESTS[fmt]) : flat.find(REFS[fmt], flat.find(RESTS[fmt]))]
        if fmt == "text":  # the wording is held by the test above; every claim's code by the one before
            rests = _norm(_text(report, explain=True))
        for c in report["claims"]:
            assert _norm(f"{c['id']}: {c['text']}") in rests or _norm(f"{c['id']}: {c['text']}") in rests.replace(
                "*", ""
            ), c["id"]
            if c["references"] and c["origin"] != "reference":
                assert C.refs_phrase(c["references"]) in rests, c["id"]
        cited = {n for rec in report["recommendations"] for n in _option_cites(report, rec)[1]}
        cited.update(r for c in report["claims"] for r in c["references"])
        refs_text = flat[flat.find(REFS[fmt], flat.find(RESTS[fmt])) :]
        for r in report["source"]["references"]:
            if r["number"] in cited:
                assert _norm(r["citation"]) in refs_text, r["number"]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_the_answers_behind_each_reason_are_stated_by_number(classes, fmt):
    for report in classes:
        out = _text(report) if fmt == "text" else _markdown(report)
        nums = C.answer_numbers(report)
        if fmt == "text":
            for i, a in enumerate(report["answers_detail"], 1):
                assert f"\n{i}. {a['text'].split()[0]}" in out
        assert "Because you answered" not in out  # that is the --explain layout
        assert "Based on your answer" not in out  # each reason names its own, after its citation
        heads = _option_heads(report, fmt)
        sections = _sections(out, heads + ENDS[fmt])
        for head, rec in zip(heads, report["recommendations"], strict=True):
            body = _norm(sections[head])
            for r in rec["reasons"]:
                used = sorted({nums[q] for q in r["answers"] if q in nums})
                start = body.find(_norm(r["because"]))
                assert start >= 0, r["rule"]
                after = body[start + len(_norm(r["because"])) :][:120]  # its citation, then its answers
                ref = C.answers_ref(report, r["answers"])
                if used:
                    assert f"] ({ref})" in after.replace("\\]", "]"), (r["rule"], after)
                    assert C.numbers_phrase(used) in ref
                else:
                    assert "(your answer" not in after.split("]", 1)[-1][:15], (r["rule"], after)


def test_a_caveat_that_repeats_a_harm_is_said_once(classes):
    merged = 0
    for report in classes:
        out = _norm(_text(report))
        md = _norm(_markdown(report))
        explained = _norm(_text(report | {"trace": []}, explain=True))
        for rec in report["recommendations"]:
            repeated = C.repeated_caveats(rec)
            for n in rec["caveats"]:
                if n in repeated:
                    merged += 1
                    assert _norm(n["text"]) not in out and _norm(n["text"]) not in md
                    assert set(n["claims"]) <= {c for h in rec["harms"] for c in h["claims"]}
                else:
                    assert _norm(n["text"]) in out and _norm(n["text"]) in md
                assert _norm(n["text"]) in explained  # --explain still shows every caveat
    assert merged  # the peel's side effects and the six-month wait for creams


def test_example_peel_side_effects_once(rules):
    report = build_report(rules, evaluate(rules, EXAMPLE, with_trace=False))
    peel = next(r for r in report["recommendations"] if r["treatment"] == "chemical_peel")
    assert any(n["rule"] == "peel-side-effects" for n in peel["caveats"])
    out = _text(report)
    assert "Possible side effects: the skin may stay red" not in _norm(out)
    assert _norm(out).count("The skin can stay red for weeks afterwards") == 1
    assert "Keep in mind" not in out.split("2. Chemical peel")[1].split("NOT SHOWN")[0]


def test_explain_keeps_every_reasons_answers_and_rule(deep):  # noqa: F811
    out = _norm(render(deep, "text", width=100, explain=True))
    md = _norm(_markdown(deep, explain=True))
    for rec in deep["recommendations"]:
        for r in rec["reasons"]:
            assert f"[rule {r['rule']};" in out and f"[rule {r['rule']};" in md
            for q, _lab in C.based_on(deep, r["answers"]):
                assert _norm(q) in out
        for n in rec["caveats"]:
            assert f"[rule {n['rule']};" in out
    answered = sum(bool(r["answers"]) for rec in deep["recommendations"] for r in rec["reasons"])
    answered += sum(bool(n["answers"]) for rec in deep["recommendations"] for n in rec["caveats"])
    answered += sum(bool(n["answers"]) for key in ("general_caveats", "advice") for n in deep[key])
    assert answered and out.count("Because you answered:") == answered == md.count("Because you answered:")
