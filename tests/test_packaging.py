"""The wheel carries the bundled rules, so a plain install works from any directory; the
wheel and the sdist carry the licence; an unpacked sdist passes its own tests."""

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
        assert "scarhelp/locale/es/LC_MESSAGES/scarhelp.mo" in names  # the tool's words in Spanish
        assert "scarhelp/rules/acne-scars.es.yaml" in names
        assert any(n.endswith("entry_points.txt") for n in names)
        licence = next(n for n in names if n.endswith(".dist-info/licenses/LICENSE"))
        assert "Copyright (c) 2026 the scarhelp developers" in zf.read(licence).decode()
        metadata = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        assert "License-Expression: MIT" in metadata
        assert "Classifier: Intended Audience :: Healthcare Industry" in metadata
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
    spanish = subprocess.run(  # the compiled catalogue is found in the installed package
        [sys.executable, "-m", "scarhelp", "--lang", "es", "questions"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert spanish.returncode == 0 and "preguntas" in spanish.stdout, spanish.stderr
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


def test_the_unpacked_sdist_passes_the_tests_that_need_its_scripts(tmp_path):
    import os
    import tarfile

    build = subprocess.run(
        [sys.executable, "-c", f"import hatchling.build as b; print(b.build_sdist({str(tmp_path)!r}))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    sdist = tmp_path / build.stdout.split()[-1]
    with tarfile.open(sdist) as tf:
        tf.extractall(tmp_path / "unpacked", filter="data")
    tree = tmp_path / "unpacked" / sdist.name.removesuffix(".tar.gz")
    for name in ("LICENSE", "CHANGELOG.md", "README.md", ".pre-commit-hooks.yaml", "scripts/compile_rules.py"):
        assert (tree / name).is_file(), name
    assert "Copyright (c) 2026 the scarhelp developers" in (tree / "LICENSE").read_text()
    assert "## Unreleased" in (tree / "CHANGELOG.md").read_text()
    env = {**os.environ, "PYTHONPATH": str(tree), "NO_COLOR": "1"}
    env.pop("SCARHELP_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-c", "import scarhelp; print(scarhelp.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tree,
    )
    assert proc.stdout.startswith(str(tree)), proc.stdout + proc.stderr  # the sdist's copy, not this checkout
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         "tests/test_bundle.py", "tests/test_graph.py", "tests/test_maintainer_tools.py", "-k", "not pre_commit_runs"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tree,
        timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout and " failed" not in proc.stdout
