"""The text, Markdown and HTML renderers, on reports built by the real engine from the bundled rules."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from scarhelp.engine import evaluate
from scarhelp.render import render
from scarhelp.report import build_report

from .conftest import DEEP

SHALLOW = {
    "active_acne": "no",
    "scar_type": "sunken",
    "scar_depth": "shallow",
    "scar_area": "static",
    "tried": ["none"],
    "avoid_downtime": "yes",
    "darker_skin": "no",
    "over_21": "yes",
    "collagen_allergy": "no",
}
UNSURE = {
    "active_acne": "not_sure",
    "scar_type": "not_sure",
    "over_21": "not_sure",
    "collagen_allergy": "not_sure",
}
RAISED = {"active_acne": "no", "scar_type": "raised", "over_21": "yes", "collagen_allergy": "no"}
ALL = {"deep": DEEP, "shallow": SHALLOW, "unsure": UNSURE, "raised": RAISED}


def _report(rule_set, answers: dict, explain: bool = True) -> dict:
    from scarhelp import flow

    return build_report(rule_set, evaluate(rule_set, flow.prune(rule_set, answers)), explain=explain)


@pytest.fixture(scope="module")
def reports(rules):
    return {name: _report(rules, a) for name, a in ALL.items()}


@pytest.fixture(scope="module")
def deep(reports):
    return reports["deep"]


def _norm(s: str) -> str:
    return " ".join(s.split())


def _strip_md(s: str) -> str:
    return _norm(s.replace("\\", "").replace("*", "").replace(">", ""))


def test_reports_have_options(reports):
    assert reports["deep"]["recommendations"], "the deep-scar answers should show options"
    assert reports["shallow"]["recommendations"]


@pytest.mark.parametrize("name", sorted(ALL))
@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_format_says_not_medical_advice_in_full(reports, name, fmt):
    report = reports[name]
    out = render(report, fmt, width=80) if fmt == "text" else render(report, fmt)
    assert "not medical advice" in out.lower()
    if fmt == "text":
        assert _norm(report["disclaimer"]) in _norm(out)
    elif fmt == "markdown":
        assert _norm(report["disclaimer"]) in _strip_md(out)
    else:
        from html import escape

        assert escape(report["disclaimer"]) in out


@pytest.mark.parametrize("name", sorted(ALL))
def test_text_disclaimer_first_and_last(reports, name):
    report = reports[name]
    out = render(report, "text", width=80, explain=True)
    flat = _norm(out)
    disc = _norm(report["disclaimer"])
    first, last = flat.find(disc), flat.rfind(disc)
    assert first != -1 and first != last
    assert first < flat.find("QUESTIONS TO ASK YOUR DERMATOLOGIST") < flat.find("YOUR ANSWERS")
    assert flat.find("YOUR ANSWERS") < flat.find("WHERE THIS COMES FROM") < flat.find("REFERENCES")
    assert last > flat.find("REFERENCES") > 0
    assert last > flat.find("RULE TRACE") > 0
    assert not flat[last + len(disc) :].strip("= ")


def test_text_plain_has_no_escape_codes(reports):
    for report in reports.values():
        assert "\x1b" not in render(report, "text", color=False, width=80, explain=True)


def test_text_plain_does_not_import_rich(deep):
    import subprocess
    import sys

    code = (
        "import json, sys; from scarhelp.render import text; "
        "text.render(json.loads(sys.stdin.read()), width=60); "
        "print('rich' in sys.modules)"
    )
    import json

    out = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(deep), capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_text_color_has_escape_codes(deep):
    out = render(deep, "text", color=True, width=80)
    assert "\x1b[" in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "not medical advice" in plain.lower()


@pytest.mark.parametrize("width", [20, 40, 60, 100])
def test_text_plain_fits_width(reports, width):
    for report in reports.values():
        out = render(report, "text", width=width, explain=True)
        long = [line for line in out.splitlines() if len(line) > width]
        assert not long, long[:3]


@pytest.mark.parametrize("width", [40, 80])
def test_text_color_narrow_does_not_crash(reports, width):
    for report in reports.values():
        out = render(report, "text", color=True, width=width, explain=True)
        plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
        assert max(len(line) for line in plain.splitlines()) <= width


def test_text_content_and_order(deep):
    out = render(deep, "text", width=100, explain=True)
    flat = _norm(out)
    order = [
        "BEFORE THE OPTIONS",
        "OPTIONS THE ARTICLE'S GUIDANCE POINTS TO",
        "ADVICE",
        "NOT SHOWN, AND WHY",
        "QUESTIONS TO ASK YOUR DERMATOLOGIST",
        "YOUR ANSWERS",
        "WHERE THIS COMES FROM",
        "WHAT THIS RESTS ON",
        "REFERENCES",
        "RULE TRACE",
    ]
    positions = [flat.find(h) for h in order]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    src = deep["source"]
    for s in (src["title"], src["author"], deep["rule_set"]["version"], deep["rule_set"]["last_reviewed"]):
        assert s in flat
    assert "not stated" in flat
    for a in deep["answers_detail"]:
        assert _norm(a["label"]) in flat
    for rec in deep["recommendations"]:
        assert rec["strength_label"] in flat
        for r in rec["reasons"]:
            assert f"rule {r['rule']}" in flat
    assert "Because you answered:" in flat
    for ns in deep["not_recommended"]:
        assert ns["name"] in flat
    for q in deep["questions_to_ask"]:
        assert _norm(q) in flat
    for t in deep["trace"]:
        assert t["rule"] in flat
    # no orders
    assert "you should" not in flat.lower()


def test_reference_claims_marked(deep):
    ref_claims = [c for c in deep["claims"] if c["origin"] == "reference"]
    assert ref_claims
    out = _norm(render(deep, "text", width=100))
    for c in ref_claims:
        assert "not the article" in c["text"] or f"{c['id']}: {c['text']} (from" in out
    assert "not the article" in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_harms_shown_for_every_option(reports, fmt):
    from html import escape

    for report in reports.values():
        out = render(report, fmt, width=200) if fmt == "text" else render(report, fmt)
        flat = _norm(out) if fmt == "text" else out
        for rec in report["recommendations"]:
            assert rec["harms"], f"{rec['treatment']} has no harms"
            assert rec["benefits"], f"{rec['treatment']} has no benefits"
            for p in rec["harms"] + rec["benefits"]:
                if fmt == "text":
                    assert _norm(p["text"]) in flat
                elif fmt == "html":
                    assert escape(p["text"]) in flat
                else:
                    assert _norm(p["text"]) in _strip_md(out)
        assert out.count("Possible harms and downsides") == len(report["recommendations"])
        assert out.count("Possible benefits") == len(report["recommendations"])


def test_markdown_structure(deep):
    out = render(deep, "markdown", explain=True)
    assert out.startswith("> ")
    assert out.rstrip().splitlines()[-1].startswith("> ")
    heads = [
        "## Options the article's guidance points to",
        "## Not shown, and why",
        "## Questions to ask your dermatologist",
        "## Your answers",
        "## Where this comes from",
        "## What this rests on",
        "## References",
        "## Rule trace",
    ]
    positions = [out.find(h) for h in heads]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    assert "| # | Question | Your answer |" in out
    # the references the report cites (the text report's list), each under its own number
    text = render(deep, "text", width=100)
    cited = [int(n) for n in re.findall(r"^\[(\d+)\] ", text, re.M)]
    assert cited and [int(n) for n in re.findall(r"^- \[(\d+)\] ", out, re.M)] == cited
    assert "### 1. " in out


def test_markdown_escapes(deep):
    import copy

    r = copy.deepcopy(deep)
    r["recommendations"][0]["name"] = "Evil *bold* [link](http://x) <b>"
    r["answers_detail"][0]["label"] = "a | b"
    out = render(r, "markdown")
    assert "Evil \\*bold\\* \\[link\\](http://x) \\<b\\>" in out
    assert "a \\| b" in out


class _Checker(HTMLParser):
    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "source", "col", "area", "base", "wbr"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}>, open: {self.stack[-3:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _check_html(out: str) -> _Checker:
    p = _Checker()
    p.feed(out)
    p.close()
    assert not p.errors, p.errors[:5]
    assert not p.stack, p.stack
    return p


@pytest.mark.parametrize("name", sorted(ALL))
def test_html_well_formed_and_self_contained(reports, name):
    out = render(reports[name], "html", explain=True, generated="2026-01-02")
    assert out.startswith("<!DOCTYPE html>")
    p = _check_html(out)
    assert ("html", {"lang": "en"}) in p.tags
    low = out.lower()
    assert "<script" not in low
    assert "@media print" in out and "@page" in out
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", low)
    assert "url(" not in low and "@import" not in low
    assert "Generated 2026-01-02" in out
    assert reports[name]["rule_set"]["version"] in out
    heads = [t for t, _ in p.tags if re.fullmatch(r"h[1-6]", t)]
    assert heads.count("h1") == 1
    for h in ("Questions to ask your dermatologist", "References", "Your answers"):
        assert h in out
    # disclaimer top and bottom
    assert out.count('class="disclaimer"') == 2


def test_html_options_side_by_side_and_references(deep):
    out = render(deep, "html")
    assert 'class="cards"' in out and "display: grid" in out
    assert out.count('<article class="card"') == len(deep["recommendations"])
    # the list holds exactly the references the report cites, each under its own number
    listed = {int(n) for n in re.findall(r'<li value="(\d+)" id="ref-\1">', out)}
    linked = {int(n) for n in re.findall(r'href="#ref-(\d+)"', out)}
    assert listed and listed == linked < {r["number"] for r in deep["source"]["references"]}
    text = render(deep, "text", width=100)
    assert {int(n) for n in re.findall(r"^\[(\d+)\] ", text, re.M)} == listed
    for ns in deep["not_recommended"]:
        assert ns["name"] in out


def test_html_escapes_injected_text(deep):
    import copy

    r = copy.deepcopy(deep)
    r["recommendations"][0]["name"] = "<script>alert(1)</script>"
    r["answers_detail"][0]["label"] = '"><img src=x onerror=alert(1)>'
    r["source"]["title"] = "A & B <i>"
    out = render(r, "html", generated="<b>today</b>")
    assert "<script" not in out.lower()
    assert "<img" not in out.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "A &amp; B &lt;i&gt;" in out
    assert "&lt;b&gt;today&lt;/b&gt;" in out
    _check_html(out)


def test_html_is_deterministic(deep):
    assert render(deep, "html") == render(deep, "html")
    assert "Generated" not in render(deep, "html").split("<main>")[0]


def test_html_reasons_name_their_answers_after_their_citation(reports):
    # as the text and Markdown reports do: no separate "Based on" line per option (it cost
    # a line on paper), each reason's answers by number, linked to the answers
    from scarhelp.render import _common as C

    seen = 0
    for report in reports.values():
        html = render(report, "html", generated="2026-12-03")
        assert "Based on" not in html
        for rec in report["recommendations"]:
            for r in rec["reasons"]:
                ref = C.answers_ref(report, r["answers"])
                if ref:
                    seen += 1
                    item = html[html.index(r["because"].replace("'", "&#x27;")) :].split("</li>", 1)[0]
                    assert item.endswith(f'</span> <span class="src">(<a href="#s-answers">{ref}</a>)</span>'), item
    assert seen


def test_no_options_still_speaks(reports):
    raised = reports["raised"]
    for fmt in ("text", "markdown", "html"):
        out = render(raised, fmt)
        assert "not medical advice" in out.lower()
        if not raised["recommendations"]:
            assert "This guide shows none of the article" in _norm(out)
        assert raised["advice"], "answers outside the article should end with advice"


def test_summary_leads_markdown_and_html(reports):
    # the options at a glance come right after the title, before any detail, with every option
    # and its fit; in HTML the questions to ask, the answers and room for notes follow on page 1
    for name, report in reports.items():
        md = render(report, "markdown", generated="2026-12-03")
        html = render(report, "html", generated="2026-12-03")
        for o in report["summary"]["options"]:
            label = f"{o['name']} [{o['strength_label']}]"
            assert label.replace("[", "\\[").replace("]", "\\]") in md, name
            assert label in html.replace("&#x27;", "'"), name
        assert md.index("## Your options at a glance") < md.index("## Options"), name
        marks = ['id="s-glance"', 'id="s-questions"', 'id="s-answers"', 'id="s-notes"', 'class="cards"']
        if not report["recommendations"]:
            marks.pop()
        at = [html.index(m) for m in marks]
        assert at == sorted(at), name
        assert "2026-12-03" in md and "2026-12-03" in html


def test_html_citations_link_to_their_entries(reports):
    for name, report in reports.items():
        html = render(report, "html")
        targets = set(re.findall(r'id="((?:claim|ref)-[^"]+)"', html))
        links = set(re.findall(r'href="#((?:claim|ref)-[^"]+)"', html))
        assert links and links <= targets, (name, links - targets)
        cited = {c for rec in report["recommendations"] for c in rec["claims"]}
        assert {f"claim-{c}" for c in cited} <= links, name


def test_brief_is_the_summary_alone(deep):
    for fmt in ("text", "markdown", "html"):
        out = render(deep, fmt, brief=True, generated="2026-12-03", width=100)
        assert "not medical advice" in out
        assert deep["summary"]["options"][0]["name"] in out
        assert "Possible harms" not in out and "What this rests on" not in out, fmt
