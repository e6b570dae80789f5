"""Shared fixtures: the bundled rules, a tiny rule set, and a way to run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The tests read the tool's English words: a machine whose LANG or LANGUAGE names Spanish
# must not change them (LANGUAGE comes first in gettext's order); tests of the language
# choice set their own.
os.environ["LANGUAGE"] = "en"
RULES = ROOT / "rules" / "acne-scars.yaml"
SCENARIOS = ROOT / "rules" / "acne-scars.scenarios.yaml"
# a questionnaire small enough to click through (skip logic, a 'many' question, yes/no),
# shared by the prompt and pseudo-terminal tests; tests/data/mini.yaml is the rule files' one
# The brief's example answers: deep sunken scars on the cheeks, creams fell short (Bellafill
# best fit, a peel whose side effects are a harm and a caveat).
EXAMPLE = {
    "active_acne": "no",
    "scar_type": "sunken",
    "scar_depth": "deep",
    "tried": ("creams",),
    "creams_outcome": "not_enough",
    "avoid_downtime": "no",
    "darker_skin": "no",
    "scar_area": "cheeks",
    "stretch_softens": "yes",
    "over_21": "yes",
    "collagen_allergy": "no",
}
# Everything tried and fell short, several answers unsure: the longest reports, with a
# caveat before the options and advice after them.
DEEP = {
    "active_acne": "yes",
    "scar_type": "sunken",
    "scar_depth": "deep",
    "scar_area": "cheeks",
    "tried": ["creams", "peel"],
    "creams_outcome": "not_enough",
    "peel_outcome": "not_enough",
    "avoid_downtime": "not_sure",
    "darker_skin": "yes",
    "stretch_softens": "not_sure",
    "over_21": "yes",
    "collagen_allergy": "not_sure",
}
MINI_QUESTIONNAIRE = (ROOT / "tests" / "data" / "questionnaire.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def rules():
    from scarhelp.bundle import load_rules

    return load_rules(RULES)


@pytest.fixture(scope="session")
def every_answer(rules) -> tuple[dict, ...]:
    """Every complete answer set of the bundled questionnaire, walked once per test process
    and shared by the exhaustive tests (each proves its own property over all of them).

    Preference questions are left unanswered: the loader refuses them in every rule and
    skip condition, so they change no result (test_loader proves the refusal and
    test_properties that answering them changes nothing)."""
    from .test_analysis import every_answer_set

    return tuple(every_answer_set(rules))


def run_cli(*args: str, input: str | None = None, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    """Run ``python -m scarhelp`` as a separate process, as a script or person would."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    full_env.pop("SCARHELP_DEBUG", None)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "scarhelp", *args],
        input=input,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or ROOT,
        timeout=60,
        stdin=None if input is not None else subprocess.DEVNULL,
    )


@pytest.fixture
def mini_path(tmp_path) -> Path:
    """tests/data/questionnaire.yaml, copied to ``tmp_path / "mini.yaml"`` (tests look
    at what else the session leaves beside it)."""
    path = tmp_path / "mini.yaml"
    path.write_text(MINI_QUESTIONNAIRE, encoding="utf-8")
    return path


@pytest.fixture
def cli():
    return run_cli


def plain_meta(claims: list[dict], title: str = "T") -> dict:
    """A valid ``meta`` block with one reference, for rule sets that tests generate as data."""
    return {
        "title": title,
        "version": "1",
        "last_reviewed": "2026-01-01",
        "disclaimer": "Informational only, not medical advice.",
        "source": {
            "title": "S",
            "author": "A",
            "reviewer": "R",
            "publisher": "P",
            "published": "x",
            "references": [{"number": 1, "citation": "C"}],
        },
        "claims": claims,
    }
