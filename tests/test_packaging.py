"""The wheel carries the bundled rules, so a plain install works from any directory."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

from .conftest import ROOT
from .test_imports import ANSWERS


def test_wheel_ships_rules_and_runs_from_elsewhere(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(tmp_path.glob("scarhelp-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "scarhelp/rules/acne-scars.yaml" in names
        assert "scarhelp/rules/acne-scars.scenarios.yaml" in names
        assert "scarhelp/rules.schema.json" in names
        assert "scarhelp/rules/acne-scars.compiled.json" in names
        assert any(n.endswith("entry_points.txt") for n in names)
        site = tmp_path / "site"
        zf.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "scarhelp", "questions", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"scar_type"' in proc.stdout
    # the installed copy's compiled rules match its YAML, so PyYAML is not even imported
    answers = elsewhere / "answers.json"
    answers.write_text(json.dumps(ANSWERS))
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "scarhelp", "--answers", str(answers), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert '"disclaimer"' in proc.stdout
    assert "| yaml\n" not in proc.stderr and "scarhelp.bundle" in proc.stderr
    # the installed copy finds the scenarios beside its rules, so maintainers can test it as shipped
    proc = subprocess.run(
        [sys.executable, "-m", "scarhelp", "test", "--coverage", "--fail-under", "100"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " passed, 0 failed" in proc.stdout
