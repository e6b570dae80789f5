"""The reading-grade check unit: long patient-facing texts are reported with their line."""

from __future__ import annotations

import builtins
import sys
from pathlib import Path
from types import SimpleNamespace

import textstat  # noqa: F401 - a test dependency: missing fails, never skips

from scarhelp.checks import reading
from scarhelp.loader import parse_rules

MINI = (Path(__file__).parent / "data" / "mini.yaml").read_text(encoding="utf-8")
HARD = (
    "Atrophic acne scarring, characterised by considerable dermal collagen depletion, frequently necessitates "
    "multimodal interventional procedures administered by experienced dermatological practitioners."
)
EASY = "Creams can help a bit. They work slowly. You put them on your skin each day at home."


def _findings(text: str):
    path = "mini.yaml"
    rs = parse_rules(text, path)
    return list(reading.check(SimpleNamespace(rule_set=rs))), text


def _with_claim(claim: str, limit: int | None = None) -> str:
    text = MINI.replace("{id: T1, text: creams help, refs: [1]}", f'{{id: T1, text: "{claim}", refs: [1]}}')
    if limit is not None:
        text = text.replace('  version: "0.1"\n', f'  version: "0.1"\n  reading_grade_limit: {limit}\n')
    return text


def test_a_text_above_the_limit_is_reported_with_its_line_and_grade():
    found, text = _findings(_with_claim(HARD))
    assert [f.kind for f in found] == ["reading-grade"]
    (f,) = found
    assert f.severity == "warning"
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "Atrophic" in row)
    assert f.rules == [("claim T1", line)]
    assert "grade" in f.message and "limit 8" in f.message


def test_plain_and_short_texts_pass():
    found, _ = _findings(_with_claim(EASY))
    assert found == []
    assert reading.grade_of("Redness") is None  # under MIN_WORDS: not graded


def test_the_limit_comes_from_meta():
    grade = reading.grade_of(EASY)
    assert grade is not None
    found, _ = _findings(_with_claim(EASY, limit=int(grade) - 1))
    assert len(found) == 1 and f"limit {int(grade) - 1}" in found[0].message
    found, _ = _findings(_with_claim(HARD, limit=30))
    assert found == []


def test_without_textstat_check_says_once_how_to_get_it(monkeypatch):
    real = builtins.__import__

    def no_textstat(name, *args, **kwargs):
        if name == "textstat":
            raise ImportError("no textstat")
        return real(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "textstat", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_textstat)
    found, _ = _findings(_with_claim(HARD))
    assert len(found) == 1
    assert found[0].severity == "info"
    assert "pip install 'scarhelp[readability]'" in found[0].message


def test_every_patient_facing_kind_is_read():
    rs = parse_rules(_with_claim(EASY), "mini.yaml")
    kinds = {k for k, *_ in reading.texts(rs)}
    assert {"disclaimer", "claim", "question", "option label", "treatment what", "benefit/harm", "because"} <= kinds
