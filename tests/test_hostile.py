"""Hostile and odd input files, through the real CLI: a clear message and exit 2, never a hang,
a traceback or a crash; a UTF-8 BOM with CRLF line ends simply works.

Each case runs for the rule file (``--rules``) and the answers file (``--answers``).
The time bound is only a safety net proving there is no hang (the subprocess
timeout), not a performance assertion.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT, RULES

GOOD_ANSWERS = {"active_acne": "no", "scar_type": "raised"}
HANG_BOUND = 30  # seconds; a safety net against hangs, not a timing test


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SCARHELP_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "scarhelp", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=HANG_BOUND,
        stdin=subprocess.DEVNULL,
    )


def alias_bomb() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


HOSTILE: dict[str, tuple[bytes | None, str]] = {
    # name: (content, a fragment the message must contain); None = special
    "alias_bomb": (alias_bomb(), "aliases"),
    "deep_nesting": (("a: " + "[" * 5000 + "]" * 5000 + "\n").encode(), "nest"),
    "deep_mapping": (("a: " + "{k: " * 3000 + "1" + "}" * 3000 + "\n").encode(), "nest"),
    "deep_block_mapping": (
        "".join(" " * i + f"k{i}:\n" for i in range(200)).encode() + b" " * 200 + b"x: 1\n",
        "nested",
    ),
    "too_large": (b"# " + b"x" * (2 * 1024 * 1024 + 10) + b"\n", "limit"),
    "binary": (bytes(range(256)) * 4, "binary"),
    "not_utf8": ("scar_type: caf\u00e9\n".encode("latin-1"), "UTF-8"),
    "empty": (b"", "empty"),
    "only_comments": (b"# nothing here\n", "empty"),
    "multi_document": (b"a: 1\n---\nb: 2\n", "several YAML documents"),
    "python_object": (b"a: !!python/object:os.system {}\n", "tag"),
    "python_name": (b"a: !!python/name:os.system\n", "tag"),
    "custom_tag": (b"a: !secret 1\n", "tag"),
    "set_tag": (b"a: !!set {x: null}\n", "tag"),
    "invalid_yaml": (b"a: [1, 2\nb: }\n", "not valid YAML"),
    "scalar_document": (b"just text\n", ""),
    "merge_key": (b"base: &b {x: 1}\nc:\n  <<: *b\n", "merge"),
}


@pytest.fixture(params=["--rules", "--answers"])
def flag(request):
    return request.param


@pytest.fixture(scope="module")
def ok_answers(tmp_path_factory):
    p = tmp_path_factory.mktemp("answers") / "ok.json"
    p.write_text(json.dumps(GOOD_ANSWERS) + "\n")
    return p


@pytest.fixture
def invoke(ok_answers):
    def go(flag: str, path: str) -> subprocess.CompletedProcess:
        if flag == "--rules":
            return run("--rules", path, "--answers", str(ok_answers), "--format", "json")
        return run("--answers", path, "--format", "json")

    return go


def check_refused(r: subprocess.CompletedProcess, fragment: str) -> None:
    assert r.returncode == 2, (r.returncode, r.stdout[:500], r.stderr[:2000])
    assert r.stderr.startswith("scarhelp"), r.stderr[:500]
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr[:2000]
    assert fragment.lower() in r.stderr.lower(), r.stderr[:2000]
    assert r.stdout == ""


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_refused(tmp_path, flag, name, invoke):
    content, fragment = HOSTILE[name]
    f = tmp_path / f"{name}.yaml"
    f.write_bytes(content)
    check_refused(invoke(flag, str(f)), fragment)


def test_directory(tmp_path, flag, invoke):
    check_refused(invoke(flag, str(tmp_path)), "directory")


def test_missing_path(tmp_path, flag, invoke):
    check_refused(invoke(flag, str(tmp_path / "no-such.yaml")), "no such")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_path(tmp_path, flag, invoke):
    f = tmp_path / "locked.yaml"
    f.write_text("a: 1\n")
    f.chmod(0)
    try:
        check_refused(invoke(flag, str(f)), "permission denied")
    finally:
        f.chmod(0o600)


def test_bom_and_crlf_rules_simply_work(tmp_path):
    text = RULES.read_text(encoding="utf-8")
    f = tmp_path / "rules-bom-crlf.yaml"
    f.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    r = run("questions", "--rules", str(f))
    assert r.returncode == 0, r.stderr
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(GOOD_ANSWERS))
    r = run("--rules", str(f), "--answers", str(answers), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert "not medical advice" in json.loads(r.stdout)["disclaimer"]


def test_bom_and_crlf_answers_simply_work(tmp_path):
    f = tmp_path / "answers.yaml"
    f.write_bytes(b"\xef\xbb\xbf# my answers\r\nactive_acne: 'no'\r\nscar_type: raised\r\n")
    r = run("--answers", str(f), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["answers"] == GOOD_ANSWERS


def test_answers_from_stdin_hostile():
    r = subprocess.run(
        [sys.executable, "-m", "scarhelp", "--answers", "-", "--format", "json"],
        input=b"a: !!python/object/apply:os.system ['echo pwned']\n",
        capture_output=True,
        cwd=ROOT,
        timeout=HANG_BOUND,
    )
    assert r.returncode == 2
    assert b"pwned" not in r.stdout + r.stderr.replace(b"'echo pwned'", b"")
    assert b"tag" in r.stderr


def test_batch_rules_hostile(tmp_path):
    f = tmp_path / "bomb.yaml"
    f.write_bytes(alias_bomb())
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps(GOOD_ANSWERS) + "\n")
    check_refused(run("batch", str(rows), "--rules", str(f)), "aliases")


@pytest.mark.parametrize(("flag_name", "what"), [("--answers", "an answers file"), ("--rules", "a rule file")])
def test_refused_tag_message_names_the_file_kind(tmp_path, invoke, flag_name, what):
    f = tmp_path / "tagged.yaml"
    f.write_bytes(b"a: 1\nb: !!python/object:os.system {}\n")
    r = invoke(flag_name, str(f))
    check_refused(r, "tag")
    assert f"{f}:2:4: the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed in {what};" in r.stderr
