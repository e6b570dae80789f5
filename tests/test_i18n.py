"""The tool's own words through gettext: the catalogue files are fresh and complete, and
the language is chosen by --lang, else the environment (gettext's order), else English.

The pseudo-language checks (nothing visible left outside the catalogue) are in
test_i18n_pseudo.py.
"""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest

from scarhelp import i18n

from .conftest import ROOT

LOCALE = ROOT / "scarhelp" / "locale"
POT = LOCALE / "scarhelp.pot"
ES_PO = LOCALE / "es" / "LC_MESSAGES" / "scarhelp.po"
ES_MO = LOCALE / "es" / "LC_MESSAGES" / "scarhelp.mo"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[a-zA-Z%]")


def _tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "scripts" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_tool"] = module
    spec.loader.exec_module(module)
    return module


def _placeholders(text: str) -> list[str]:
    """The placeholders of a message, sorted; ``%%`` is a literal percent sign, not one."""
    return sorted(p for p in PLACEHOLDER.findall(text or "") if p != "%%")


def _body(pot: bytes) -> bytes:
    """A .pot without its header entry (tool version, project line)."""
    return pot.split(b"\n\n", 1)[1]


def _read(path):
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return read_po(f)


# -- the catalogue files --------------------------------------------------------


def test_committed_pot_matches_a_fresh_extraction():
    fresh = _tool().pot_text()
    assert _body(POT.read_bytes()) == _body(fresh), (
        "scarhelp/locale/scarhelp.pot is stale: run python scripts/i18n.py extract, then update and compile"
    )


def test_committed_mo_matches_a_fresh_compile_of_the_po():
    assert ES_MO.read_bytes() == _tool().mo_bytes(ES_PO), "run python scripts/i18n.py compile"


def test_spanish_has_every_message_of_the_pot_translated_and_confirmed():
    pot_ids = {m.id if isinstance(m.id, str) else tuple(m.id) for m in _read(POT) if m.id}
    po = _read(ES_PO)
    problems = []
    po_ids = set()
    for m in po:
        if not m.id:
            continue
        key = m.id if isinstance(m.id, str) else tuple(m.id)
        po_ids.add(key)
        strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
        if m.fuzzy:
            problems.append(f"fuzzy: {m.id!r}")
        if not all(s and s.strip() for s in strings):
            problems.append(f"untranslated: {m.id!r}")
    problems += [f"missing from the .po (run update): {k!r}" for k in sorted(pot_ids - po_ids, key=repr)]
    problems += [f"not in the .pot any more: {k!r}" for k in sorted(po_ids - pot_ids, key=repr)]
    assert problems == []


def test_spanish_keeps_every_placeholder():
    problems = []
    for m in _read(ES_PO):
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        wanted = _placeholders(ids[0])
        for s in strings:
            got = _placeholders(s)
            if got != wanted and _placeholders(ids[-1]) != got:
                problems.append(f"{m.id!r}: {wanted} in English, {got} in {s!r}")
    assert problems == []


def test_placeholder_check_catches_a_dropped_placeholder():
    """The check above can fail: a msgstr that loses {n} is caught."""
    assert _placeholders("Question {n} of {total}") != _placeholders("Pregunta {n}")
    assert _placeholders("%(prog)s: %s") == ["%(prog)s", "%s"] != _placeholders("%s")
    assert _placeholders("under N%% of the rules") == []


def test_the_disclaimers_fixed_text_says_it_is_not_medical_advice_in_spanish():
    es = {m.id: m.string for m in _read(ES_PO) if isinstance(m.id, str)}
    fixed = [s for i, s in es.items() if "not medical advice" in i]
    assert fixed and all("no es consejo médico" in s for s in fixed), fixed


# -- choosing the language ------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch):
    for var in i18n.ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv(i18n.LOCALEDIR_ENV, raising=False)
    yield monkeypatch
    i18n.use("en")


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({}, "en"),
        ({"LANG": "es_MX.UTF-8"}, "es"),
        ({"LANG": "es_ES@euro"}, "es"),
        ({"LC_MESSAGES": "es"}, "es"),
        ({"LC_ALL": "C", "LANG": "es_ES.UTF-8"}, "en"),  # LC_ALL first: C is English
        ({"LC_ALL": "POSIX"}, "en"),
        ({"LANGUAGE": "fr:es", "LANG": "en_GB.UTF-8"}, "es"),  # LANGUAGE first, a list
        ({"LANGUAGE": "es", "LC_ALL": "C"}, "es"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),  # no French catalogue: English, silently
        ({"LANGUAGE": "", "LANG": "es_AR.UTF-8"}, "es"),  # an empty variable is not set
    ],
)
def test_the_environment_chooses_in_gettexts_order(clean_env, env, lang):
    for k, v in env.items():
        clean_env.setenv(k, v)
    assert i18n.from_environment() == lang
    assert i18n.use() == lang == i18n.current_language()


def test_lang_wins_over_the_environment_and_translates(clean_env):
    clean_env.setenv("LANGUAGE", "en")
    assert i18n.use("es") == "es"
    assert i18n._("Save a copy?") != "Save a copy?"
    assert i18n.use("es-MX") == "es"  # a region falls back to its language
    assert i18n.use("en") == "en" and i18n._("Save a copy?") == "Save a copy?"


def test_an_unknown_lang_is_a_usage_error_listing_the_languages(clean_env):
    from scarhelp.errors import UsageError

    with pytest.raises(UsageError, match=r"unknown language 'xx' for --lang; available: en, es"):
        i18n.use("xx")


def test_ngettext_follows_the_count(clean_env):
    assert i18n.ngettext("{n} problem", "{n} problems", 1) == "{n} problem"
    assert i18n.ngettext("{n} problem", "{n} problems", 2) == "{n} problems"
    i18n.use("es")
    msg = "{file}: {n} problem in the answers"
    plural = "{file}: {n} problems in the answers"
    one, two = i18n.ngettext(msg, plural, 1), i18n.ngettext(msg, plural, 2)
    assert "problema " in one and "problemas" in two


def test_cli_unknown_lang_exits_2_with_the_list(cli):
    proc = cli("--lang", "xx", "questions")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "unknown language 'xx' for --lang; available: en, es" in proc.stderr
    proc = cli("questions", "--lang")
    assert proc.returncode == 2 and "--lang needs a language" in proc.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_cli_lang_is_accepted_by_every_command_in_any_place(cli, where):
    args = ["--lang", "es", "questions"] if where == "before" else ["questions", "--lang=es"]
    proc = cli(*args)
    assert proc.returncode == 0, proc.stderr
    assert "preguntas" in proc.stdout and "choose one or more" not in proc.stdout


def test_cli_help_follows_lang(cli):
    proc = cli("--lang", "es", "ask", "--help")
    assert proc.returncode == 0
    assert "--lang" in proc.stdout and "never prompt" not in proc.stdout


def test_cli_env_language_without_catalogue_is_english(cli):
    proc = cli("questions", env={"LANGUAGE": "fr", "LANG": "fr_FR.UTF-8"})
    assert proc.returncode == 0 and "choose one or more" in proc.stdout


def test_cli_env_spanish(cli):
    proc = cli("questions", env={"LANGUAGE": "", "LANG": "es_MX.UTF-8"})
    assert proc.returncode == 0 and "preguntas" in proc.stdout


def test_answers_errors_follow_lang(cli, tmp_path):
    bad = tmp_path / "a.yaml"
    bad.write_text("scar_dept: deep\n")
    proc = cli("--lang", "es", "--answers", str(bad), "--no-input")
    assert proc.returncode == 2
    assert f"{bad}:1:1:" in proc.stderr  # file:line:col stays
    assert "unknown question" not in proc.stderr and "scar_dept" in proc.stderr


# -- plain Spanish --------------------------------------------------------------

PATIENT_SOURCES = ("scarhelp/prompts.py", "scarhelp/session.py", "scarhelp/render/", "scarhelp/report.py")
PLAIN_SPANISH = 70  # Fernández-Huerta: 70-80 is about grade 7 or 8; higher is easier


def _fernandez_huerta(texts: list[str]) -> float:
    import textstat

    textstat.set_lang("es")
    try:
        return float(textstat.fernandez_huerta(" ".join(texts)))
    finally:
        textstat.set_lang("en_US")


def _patient_spanish() -> list[str]:
    """The Spanish of the messages a patient reads (prompts and the report), as sentences."""
    out = []
    for m in _read(ES_PO):
        if not m.id or not any(loc[0].startswith(PATIENT_SOURCES) for loc in m.locations):
            continue
        text = re.sub(r"\{[^{}]*\}", "X", m.string if isinstance(m.string, str) else m.string[-1])
        if len(text.split()) >= 4:
            out.append(text if text.rstrip().endswith((".", "?", ":", ")")) else text + ".")
    return out


def test_the_patients_spanish_is_plain():
    texts = _patient_spanish()
    assert len(texts) > 50
    assert _fernandez_huerta(texts) >= PLAIN_SPANISH


def test_the_plain_spanish_measure_can_fail():
    hard = [
        "La cicatrización atrófica consecutiva al acné, caracterizada por una considerable depleción del "
        "colágeno dérmico, frecuentemente necesita intervenciones procedimentales multimodales administradas "
        "por profesionales dermatológicos experimentados."
    ]
    assert _fernandez_huerta(hard) < PLAIN_SPANISH


def test_a_commands_own_lang_option_is_left_to_it(clean_env):
    """A command may declare its own --lang (a translation's language): the CLI neither
    refuses its value as an unknown language of the tool nor adds the global option to it."""
    import argparse

    from scarhelp.cli import _takes_global_lang, add_lang_option, build_parser

    assert _takes_global_lang(build_parser("questions"), "questions")
    parser = argparse.ArgumentParser(prog="p")
    sub = parser.add_subparsers(dest="command")
    own = sub.add_parser("translate")
    own.add_argument("--lang", required=True)
    add_lang_option(own)
    assert not _takes_global_lang(parser, "translate")
    assert own.parse_args(["--lang", "pt-BR"]).lang == "pt-BR"
    assert i18n.use("pt-BR", strict=False) == "en"  # the pre-scan: the environment's, no error
