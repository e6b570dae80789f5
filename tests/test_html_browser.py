"""Render the HTML report in headless Chromium: a screenshot and a PDF must come out.

Needs Debian's ``chromium`` package. Skipped (with the reason) when it is missing
on a developer machine; on CI (env ``CI`` set) a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scarhelp.engine import evaluate
from scarhelp.render import render
from scarhelp.report import build_report

from .conftest import DEEP

ANSWERS = DEEP
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed but CI is set: install it with 'apt-get install -y chromium'")
    pytest.skip("chromium is not installed (apt-get install -y chromium); set CI to make this a failure")


@pytest.fixture(scope="module")
def page(tmp_path_factory, rules) -> Path:
    from scarhelp import flow

    report = build_report(rules, evaluate(rules, flow.prune(rules, ANSWERS)))
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render(report, "html", generated="2026-01-02"), encoding="utf-8")
    return path


def _run(browser: str, tmp_path: Path, *args: str) -> None:
    cmd = [browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_html_screenshot(page, tmp_path):
    browser = _chromium()
    png = tmp_path / "report.png"
    _run(browser, tmp_path, f"--screenshot={png}", "--window-size=1200,1600", page.as_uri())
    assert png.exists()
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000, "the screenshot looks blank"


def test_html_print_to_pdf(page, tmp_path):
    browser = _chromium()
    pdf = tmp_path / "report.pdf"
    _run(browser, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    assert pdf.exists()
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 20_000
    assert data.count(b"/Type /Page") >= 2 or data.count(b"/Type/Page") >= 2


def _pdftotext() -> str:
    path = shutil.which("pdftotext")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("pdftotext is not installed but CI is set: install it with 'apt-get install -y poppler-utils'")
    pytest.skip("pdftotext is not installed (apt-get install -y poppler-utils); set CI to make this a failure")


PAPERS = {"A4": "210mm 297mm", "Letter": "8.5in 11in"}


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("name", ["example", "everything tried"])
def test_printed_page_one_holds_the_sheet(rules, tmp_path, name, paper):
    # Issue 10: printed, page 1 holds the disclaimer, the options at a glance, the date, the
    # questions to ask, every answer and the heading of the ruled lines for notes.
    from scarhelp import flow
    from scarhelp.render._common import questions_to_ask

    from .conftest import EXAMPLE

    browser, pdftotext = _chromium(), _pdftotext()
    answers = {"example": EXAMPLE, "everything tried": DEEP}[name]
    report = build_report(rules, evaluate(rules, flow.prune(rules, answers)))
    html = render(report, "html", generated="2026-01-02")
    page_css = f"<style>@page {{ size: {PAPERS[paper]}; }}</style>"
    src = tmp_path / "report.html"
    src.write_text(html.replace("</head>", page_css + "</head>", 1), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    _run(browser, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", src.as_uri())
    proc = subprocess.run([pdftotext, "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    page1 = "".join(proc.stdout.split())

    def on_page1(text: str) -> bool:
        return "".join(text.split()) in page1

    for heading in (
        "Please read",
        "Your options at a glance",
        "Generated 2026-01-02",
        "Questions to ask your dermatologist",
        "Your answers",
        "Your notes",
    ):
        assert on_page1(heading), f"{heading!r} is not on page 1 ({name}, {paper})"
    for a in report["answers_detail"]:
        assert on_page1(a["text"]), f"answer {a['text']!r} is not on page 1 ({name}, {paper})"
    for q in questions_to_ask(report):
        assert on_page1(q), f"question to ask {q!r} is not on page 1 ({name}, {paper})"
    # the references run in two columns on paper: each keeps its whole number ("10.", not a
    # "0." with the "1" cut off at the column's edge)
    whole = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True).stdout
    flat = "".join(whole.split())
    listed = [int(n) for n in re.findall(r'<li value="(\d+)" id="ref-', html)]
    assert listed, "the report lists the references it cites"
    for ref in report["source"]["references"]:
        if ref["number"] in listed:
            start = "".join(ref["citation"].split())[:12]
            assert f"{ref['number']}.{start}" in flat, (
                f"reference {ref['number']} is not printed whole ({name}, {paper})"
            )
    # on paper the claims are named by their codes (each line that cites one paraphrases it,
    # with its code); the screen keeps every claim's full wording
    from scarhelp.render._common import rests_on, rests_on_brief

    claims = rests_on(report)
    for line in rests_on_brief(claims):
        assert "".join(line.split()) in flat, f"{line!r} is not printed ({name}, {paper})"
    for c in claims:
        assert f'id="claim-{c["id"]}"' in html
        assert "".join(c["text"].split()) not in flat, f"claim {c['id']} printed in full ({name}, {paper})"
