"""The maintainers' habits: annotations for a CI's code view, one scenario at a time,
the schema kept current, and the pre-commit hooks that run all three."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml

from .conftest import ROOT

MINI = "tests/data/mini.yaml"
ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,:]+),(?:line=(\d+),)?title=([^:]+)::(.*)$")


def test_check_github_annotations_name_file_and_line(cli):
    proc = cli("check", MINI, "--format", "github")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    found = [ANNOTATION.match(line) for line in lines[:-1]]
    assert all(found), lines
    gap = next(m for m in found if "gap" in m.group(4))
    assert gap.group(1) == "error" and gap.group(2) == MINI and gap.group(3) == "17"
    assert gap.group(4) == "scarhelp check%3A gap"
    # one line per finding: the regions follow in the message, line breaks escaped
    assert "%0Ascar_depth=deep, tried=has:none → nothing" in gap.group(5) and "\n" not in gap.group(5)
    assert any(m.group(1) == "notice" for m in found)  # info is a notice
    assert lines[-1] == f"{MINI}: 2 error(s), 0 warning(s), 1 info"


def test_check_github_annotates_an_unreadable_rule_file(cli, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text((ROOT / MINI).read_text().replace("strength: best_fit", "strength: strongest"))
    proc = cli("check", str(bad), MINI, "--format", "github")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    first = ANNOTATION.match(proc.stdout.splitlines()[0])
    assert first and first.group(1) == "error" and first.group(2) == str(bad) and first.group(3) == "40"
    assert "'strongest' is not one of" in first.group(5)
    assert f"{MINI}: 2 error(s)" in proc.stdout  # the other file is still checked
    assert f"{bad}:40:15: error: 'strongest'" in proc.stderr


def test_check_github_annotations_go_to_the_output_file_and_name_a_missing_file(cli, tmp_path):
    out = tmp_path / "annotations.txt"
    proc = cli("check", "missing.yaml", MINI, "--format", "github", "--output", str(out))
    assert proc.returncode == 2 and proc.stdout == ""
    lines = out.read_text().splitlines()
    assert (
        lines[0]
        == "::error file=missing.yaml,title=scarhelp check%3A unreadable rule file::missing.yaml: no such rule file"
    )
    assert lines[-1] == f"{MINI}: 2 error(s), 0 warning(s), 1 info"


def test_check_json_takes_one_file(cli):
    proc = cli("check", MINI, "rules/acne-scars.yaml", "--format", "json")
    assert proc.returncode == 2 and "--format json reports on one rule file" in proc.stderr


def test_test_k_runs_the_scenarios_whose_name_matches(cli):
    proc = cli("test", "-k", "STAY just as DEEP")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("PASS") == 1 and "1 passed, 0 failed" in proc.stdout
    several = cli("test", "-k", "deep*tried", "--format", "json")
    import json

    names = [s["name"] for s in json.loads(several.stdout)["scenarios"]]
    assert len(names) > 1 and all(re.search("deep.*tried", n, re.I) for n in names)
    none = cli("test", "-k", "no such scenario")
    assert none.returncode == 2 and "no scenario name matches -k 'no such scenario'" in none.stderr


def test_schema_check(cli, tmp_path):
    assert cli("schema", "--check", "scarhelp/rules.schema.json").returncode == 0
    stale = tmp_path / "rules.schema.json"
    stale.write_text("{}\n")
    proc = cli("schema", "--check", "scarhelp/rules.schema.json", str(stale))
    assert proc.returncode == 1 and proc.stdout == ""
    assert f"{stale} is not the current schema" in proc.stderr and f"scarhelp schema --output {stale}" in proc.stderr
    assert cli("schema", "--check", str(tmp_path / "missing.json")).returncode == 2


# -- the pre-commit hooks --------------------------------------------------------------------

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def consumer(tmp_path):
    """A repository that keeps rule sets: the bundled rules and scenarios, a broken
    rule file and a stale copy of the schema."""
    repo = tmp_path / "repo"
    (repo / "rules").mkdir(parents=True)
    (repo / "scarhelp").mkdir()
    for name in ("acne-scars.yaml", "acne-scars.scenarios.yaml"):
        shutil.copy(ROOT / "rules" / name, repo / "rules" / name)
    broken = (ROOT / MINI).read_text().replace("strength: best_fit", "strength: strongest")
    (repo / "rules" / "broken.yaml").write_text(broken)
    (repo / "scarhelp" / "rules.schema.json").write_text("{}\n")
    (repo / "notes.yaml").write_text("not: rules\n")
    return repo


def _files(repo) -> list[str]:
    return sorted(str(p.relative_to(repo)) for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts)


def _run_as_pre_commit(hook: dict, repo) -> subprocess.CompletedProcess:
    """What pre-commit runs for ``hook`` on every file: ``entry`` split as a shell
    would, then ``args``, then the files ``files``/``exclude`` select (re.search on the
    path), unless ``pass_filenames`` is false; in the repository's root."""
    files = [
        f
        for f in _files(repo)
        if re.search(hook.get("files", ""), f) and not (hook.get("exclude") and re.search(hook["exclude"], f))
    ]
    command = shlex.split(hook["entry"]) + list(hook.get("args", []))
    if hook.get("pass_filenames", True):
        command += files
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    env.pop("SCARHELP_DEBUG", None)
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env, timeout=120)


def test_the_hooks_entries_run_as_pre_commit_runs_them(consumer, rules):
    assert [h["id"] for h in HOOKS] == ["scarhelp-check", "scarhelp-test", "scarhelp-schema-current"]
    assert all(h["language"] == "python" for h in HOOKS)
    by_id = {h["id"]: h for h in HOOKS}
    check = _run_as_pre_commit(by_id["scarhelp-check"], consumer)
    assert check.returncode == 2, check.stdout + check.stderr
    assert "rules/broken.yaml:40:15: error: 'strongest'" in check.stderr
    assert (
        f"rules/acne-scars.yaml: {len(rules.questions)} questions" in check.stdout
    )  # checked, and the scenarios file was not
    assert "notes.yaml" not in check.stdout + check.stderr
    test = _run_as_pre_commit(by_id["scarhelp-test"], consumer)
    assert test.returncode == 0 and " passed, 0 failed" in test.stdout, test.stdout + test.stderr
    schema = _run_as_pre_commit(by_id["scarhelp-schema-current"], consumer)
    assert schema.returncode == 1 and "scarhelp/rules.schema.json is not the current schema" in schema.stderr
    # fixed, every hook passes
    (consumer / "rules" / "broken.yaml").unlink()
    shutil.copy(ROOT / "scarhelp" / "rules.schema.json", consumer / "scarhelp" / "rules.schema.json")
    assert [_run_as_pre_commit(h, consumer).returncode for h in HOOKS] == [0, 0, 0]


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_runs_the_hooks_against_a_broken_rule_file(consumer, tmp_path):
    """The real pre-commit, trying this repository's hooks (it installs scarhelp into an
    environment of its own, from PyPI, as it would for a user)."""
    import pre_commit  # noqa: F401 - a test dependency: missing fails, never skips

    if not (ROOT / ".git").exists():
        pytest.skip("pre-commit try-repo needs this project as a git repository")
    git = ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=consumer, check=True)
    subprocess.run([*git, "add", "-A"], cwd=consumer, check=True)
    subprocess.run([*git, "commit", "-qm", "rules"], cwd=consumer, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("SCARHELP_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--all-files", "--color", "never"],
        cwd=consumer,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert re.search(r"scarhelp check --strict\.+Failed", out), out
    assert "rules/broken.yaml:40:15: error: 'strongest' is not one of" in out
    assert re.search(r"scarhelp schema is current\.+Failed", out)
    assert "scarhelp/rules.schema.json is not the current schema" in out
    assert re.search(r"scarhelp test --coverage --fail-under 100\.+Passed", out)
