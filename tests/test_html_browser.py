"""Render the HTML report in headless Chromium: a screenshot and a PDF must come out.

Needs Debian's ``chromium`` package. Skipped (with the reason) when it is missing
on a developer machine; on CI (env ``CI`` set) a missing browser is a failure.
"""

from __future__ import annotations

import os
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
