"""Start-up: the non-interactive paths must not import the terminal UI libraries.

Measured with ``python -X importtime`` in a subprocess (the only reliable view
of what a fresh process imports).  No timings are asserted here; the figures
live in benchmarks/ (see benchmarks/README.md).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from .conftest import ROOT

HEAVY = ("rich", "questionary", "prompt_toolkit")
ANSWERS = {
    "active_acne": "no",
    "scar_type": "sunken",
    "scar_depth": "shallow",
    "tried": ["none"],
    "avoid_downtime": "no",
    "darker_skin": "no",
}


def imported_modules(*args: str, input: str | None = None) -> set[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("SCARHELP_DEBUG", None)
    env.pop("FORCE_COLOR", None)
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "scarhelp", *args],
        input=input,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        stdin=None if input is not None else subprocess.DEVNULL,
    )
    assert r.returncode in (0, 1), r.stderr[-2000:]
    names = set()
    for line in r.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+\d+ \|\s*(\S+)", line)
        if m:
            names.add(m.group(1))
    assert "scarhelp" in names, "importtime output not found"
    return names


def heavy_in(names: set[str]) -> list[str]:
    return sorted(n for n in names if n.split(".")[0] in HEAVY)


@pytest.fixture(scope="module")
def answers_file(tmp_path_factory):
    p = tmp_path_factory.mktemp("imports") / "answers.json"
    p.write_text(json.dumps(ANSWERS))
    return str(p)


def test_json_report_imports_no_ui(answers_file):
    assert heavy_in(imported_modules("--answers", answers_file, "--format", "json")) == []


def test_json_answers_on_the_bundled_rules_need_no_yaml_parser(answers_file):
    """The pre-compiled rule set and a JSON answers file: PyYAML, the validating
    loader and dataclasses (with inspect) are the costs this path exists to avoid."""
    names = imported_modules("--answers", answers_file, "--format", "json")
    assert "scarhelp.bundle" in names
    avoided = {"yaml", "scarhelp.loader", "scarhelp.schema", "scarhelp.yamldoc", "dataclasses", "inspect"}
    avoided |= {"typing", "shutil", "tempfile", "pathlib", "difflib"}  # each a millisecond or more
    avoided |= {"scarhelp.completion", "scarhelp.commands.completion"}  # built only for 'scarhelp completion'
    avoided |= {"scarhelp.translation"}  # read only when another language is chosen
    assert sorted(names & avoided) == []


def test_flat_yaml_answers_need_no_yaml_parser_but_other_yaml_does(tmp_path):
    flat = tmp_path / "flat.yaml"
    flat.write_text("# saved\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in ANSWERS.items()))
    assert "yaml" not in imported_modules("--answers", str(flat), "--format", "json")
    block = tmp_path / "block.yaml"
    block.write_text(flat.read_text().replace('tried: ["none"]', "tried:\n  - none"))
    names = imported_modules("--answers", str(block), "--format", "json")
    assert "yaml" in names and "scarhelp.loader" not in names


def test_a_saved_answers_file_with_its_rules_record_needs_no_yaml_parser(tmp_path):
    from scarhelp.answers import dump_answers
    from scarhelp.bundle import load_rules

    saved = tmp_path / "saved.yaml"
    saved.write_text(
        dump_answers({k: tuple(v) if isinstance(v, list) else v for k, v in ANSWERS.items()}, load_rules())
    )
    assert "\n_rules: {" in saved.read_text()
    assert "yaml" not in imported_modules("--answers", str(saved), "--format", "json")


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_file_formats_import_no_ui(answers_file, fmt):
    assert heavy_in(imported_modules("--answers", answers_file, "--format", fmt)) == []


def test_questions_json_imports_no_ui():
    assert heavy_in(imported_modules("questions", "--format", "json")) == []


def test_plain_text_report_imports_no_ui(answers_file):
    """NO_COLOR and no terminal: the text renderer's plain path, without rich."""
    assert heavy_in(imported_modules("--answers", answers_file)) == []


def test_batch_imports_no_ui(answers_file):
    rows = json.dumps(ANSWERS) + "\n"
    assert heavy_in(imported_modules("batch", "-", input=rows)) == []


def test_coloured_report_needs_rich_style_not_the_console(answers_file):
    """The coloured report is laid out by scarhelp.render.panels; importing
    rich.console (and its layout machinery) would cost more than the rest of the run."""
    import pexpect

    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    for name in ("NO_COLOR", "FORCE_COLOR", "SCARHELP_DEBUG"):
        env.pop(name, None)
    child = pexpect.spawn(
        sys.executable,
        ["-X", "importtime", "-m", "scarhelp", "--answers", answers_file, "--no-input"],  # fail, never wait
        env=env,
        cwd=str(ROOT),
        dimensions=(40, 100),
        encoding="utf-8",
        timeout=60,
    )
    screen = child.read()  # the report and, on the same terminal, -X importtime's lines
    child.close()
    assert child.exitstatus == 0, screen[-2000:]
    assert "\x1b[" in screen and "Please read" in screen
    names = {m.group(1) for m in re.finditer(r"import time:\s+\d+ \|\s+\d+ \|\s*(\S+)", screen)}
    assert "rich.style" in names
    assert sorted(n for n in names if n in ("rich.console", "rich.table", "rich.panel", "yaml")) == []


def test_help_formatter_width_matches_argparse_without_shutil(monkeypatch):
    import shutil

    from scarhelp.commands._common import HelpFormatter
    from scarhelp.terminal import help_columns

    monkeypatch.setenv("COLUMNS", "77")
    assert help_columns() == shutil.get_terminal_size().columns == 77
    assert HelpFormatter("scarhelp")._width == 75
    monkeypatch.delenv("COLUMNS")
    assert help_columns() == shutil.get_terminal_size().columns


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_language_costs_only_the_standard_gettext(answers_file, lang):
    """The tool's words in another language load its catalogue with the standard library's
    gettext (which argparse imports anyway); Babel is for the catalogue's tools only."""
    names = imported_modules("--lang", lang, "--answers", answers_file, "--format", "json")
    assert "scarhelp.i18n" in names and "gettext" in names
    assert sorted(n for n in names if n.split(".")[0] in ("babel", "pyte", *HEAVY)) == []
