"""Nothing the user had is lost: a failing write of ``--output`` or ``--save-answers``
leaves the existing file byte-identical, with no temporary file left behind."""

from __future__ import annotations

import json
import os

import pytest

from scarhelp import cli, fileio

ANSWERS = {"active_acne": "no", "scar_type": "raised"}
PRECIOUS = b"my old report \xe2\x9c\x93\r\nkeep me\n"


@pytest.fixture
def answers_file(tmp_path):
    p = tmp_path / "answers.json"
    p.write_text(json.dumps(ANSWERS))
    return p


def _leftovers(directory) -> list[str]:
    return [p.name for p in directory.iterdir() if p.name.startswith(".scarhelp-")]


def _fail_replace(*_a, **_k):
    raise OSError(28, "No space left on device")


class _FailingFile:
    """A file object whose write fails half way, like a full disk."""

    def __init__(self, real):
        self.real = real
        self.calls = 0

    def write(self, text):
        self.calls += 1
        self.real.write(text[: len(text) // 2])
        raise OSError(28, "No space left on device")

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()


def _fail_midway(monkeypatch):
    real_fdopen = os.fdopen
    monkeypatch.setattr(fileio.os, "fdopen", lambda *a, **k: _FailingFile(real_fdopen(*a, **k)))


@pytest.mark.parametrize("how", ["replace", "midway"])
@pytest.mark.parametrize("option", ["--output", "--save-answers"])
def test_failing_write_keeps_existing_file(tmp_path, answers_file, monkeypatch, capsys, option, how):
    target = tmp_path / "target.txt"
    target.write_bytes(PRECIOUS)
    if how == "replace":
        monkeypatch.setattr(fileio.os, "replace", _fail_replace)
    else:
        _fail_midway(monkeypatch)
    code = cli.main(["--answers", str(answers_file), "--format", "json", option, str(target)])
    assert code == 2
    assert target.read_bytes() == PRECIOUS
    assert _leftovers(tmp_path) == []
    err = capsys.readouterr().err
    assert "unchanged" in err and "Traceback" not in err


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write into a read-only folder")
@pytest.mark.parametrize("option", ["--output", "--save-answers"])
def test_read_only_directory(tmp_path, answers_file, option, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "target.txt"
    target.write_bytes(PRECIOUS)
    folder.chmod(0o500)
    try:
        code = cli.main(["--answers", str(answers_file), "--format", "json", option, str(target)])
        assert code == 2
        assert target.read_bytes() == PRECIOUS
        assert "unchanged" in capsys.readouterr().err
    finally:
        folder.chmod(0o700)


def test_success_replaces_and_keeps_mode(tmp_path, answers_file):
    target = tmp_path / "report.json"
    target.write_bytes(PRECIOUS)
    target.chmod(0o640)
    assert cli.main(["--answers", str(answers_file), "--format", "json", "--output", str(target)]) == 0
    assert "not medical advice" in json.loads(target.read_text())["disclaimer"]
    assert target.stat().st_mode & 0o777 == 0o640
    assert _leftovers(tmp_path) == []


def test_save_answers_round_trip(tmp_path, answers_file):
    saved = tmp_path / "saved.yaml"
    assert cli.main(["--answers", str(answers_file), "--format", "json", "--save-answers", str(saved)]) == 0
    from scarhelp.answers import load_answers
    from scarhelp.bundle import load_rules

    again, _ = load_answers(str(saved), load_rules())
    assert again == ANSWERS


@pytest.mark.parametrize("how", ["replace", "midway"])
def test_batch_output_failing_write_keeps_existing_file(tmp_path, monkeypatch, capsys, how):
    import scarhelp.fileio as fileio  # the one atomic writer, which batch --output streams through

    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps(ANSWERS) + "\n")
    target = tmp_path / "out.jsonl"
    target.write_bytes(PRECIOUS)
    if how == "replace":
        monkeypatch.setattr(fileio.os, "replace", _fail_replace)
    else:
        real_fdopen = os.fdopen
        monkeypatch.setattr(fileio.os, "fdopen", lambda *a, **k: _FailingFile(real_fdopen(*a, **k)))
    code = cli.main(["batch", str(rows), "--output", str(target)])
    assert code == 2
    assert target.read_bytes() == PRECIOUS
    assert _leftovers(tmp_path) == []
    assert "unchanged" in capsys.readouterr().err
