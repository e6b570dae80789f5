"""Translations of a rule set: the bundled Spanish one complete and fresh, applied to every
format, stale and missing texts falling back to English with one note, ``check --lang``'s
findings with file:line, and ``scarhelp translate`` never losing work."""

from __future__ import annotations

import html
import json
import re
import shutil

import pytest

from scarhelp.bundle import load_rules
from scarhelp.engine import evaluate
from scarhelp.errors import InputError, RulesError
from scarhelp.render import render
from scarhelp.report import build_report
from scarhelp.translation import fingerprint, parse_translation, read_translation, texts, translate

from .conftest import EXAMPLE, ROOT, RULES, run_cli

ES = ROOT / "rules" / "acne-scars.es.yaml"
FORMATS = ("text", "markdown", "html", "json")
DEEP = {**EXAMPLE, "active_acne": "yes", "mind_needle": "bothers"}
NOTE = "shown in English because their translation"


def _report(rule_set, answers=DEEP):
    return build_report(rule_set, evaluate(rule_set, answers))


def _outputs(rule_set, answers=DEEP) -> dict[str, str]:
    rep = _report(rule_set, answers)
    return {f: render(rep, f, width=100) for f in FORMATS}


@pytest.fixture
def copy(tmp_path):
    """The bundled rules and their Spanish translation, copied where a test may edit them."""
    shutil.copy(RULES, tmp_path / "acne-scars.yaml")
    shutil.copy(ES, tmp_path / "acne-scars.es.yaml")
    return tmp_path


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line_of(path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


# -- the bundled translation ------------------------------------------------------


def test_bundled_spanish_has_a_fresh_entry_for_every_text():
    rs = load_rules(RULES)
    tr = read_translation(str(ES))
    entries = {e.key: e for e in tr.entries}
    for t in texts(rs):
        e = entries.get(t.key)
        assert e is not None, t.key
        assert e.source == fingerprint(t.english), t.key
        assert not e.untranslated, t.key
        if len(t.english.split()) >= 4:  # a sentence left in English is not a translation
            assert e.text != t.english, t.key
    assert translate(rs, tr).language.fallbacks == ()
    assert tr.reviewer == ""  # no clinician reviewed it, and the report must say so


def test_check_lang_es_passes_on_the_bundled_translation():
    proc = run_cli("check", "--lang", "es")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "rules/acne-scars.es.yaml: the es translation of rules/acne-scars.yaml: " in proc.stdout
    total = len(texts(load_rules(RULES)))
    assert f"{total} texts, {total} translated and up to date" in proc.stdout


def test_spanish_keeps_every_number_and_reference_of_the_english():
    """Dosages, percentages, ages, durations and 'from reference N, not the article' survive."""
    rs = load_rules(RULES)
    es = {e.key: e.text for e in read_translation(str(ES)).entries}
    for t in texts(rs):
        assert re.findall(r"\d+(?:\.\d+)?%?", t.english) == re.findall(r"\d+(?:\.\d+)?%?", es[t.key]), t.key
        if "not the article" in t.english:
            assert "no del artículo" in es[t.key], t.key
        if "does not say" in t.english:
            assert "no dice" in es[t.key].lower(), t.key


# -- applying it ------------------------------------------------------------------


def test_spanish_report_in_every_format():
    es = load_rules(lang="es")
    out = _outputs(es)
    q = "¿Todavía le salen brotes de acné?"
    for fmt in FORMATS:
        assert "no es consejo médico" in out[fmt], fmt
        assert "not medical advice" not in out[fmt], fmt
        assert NOTE not in out[fmt], fmt
    for fmt in ("text", "markdown", "html"):
        assert "traducción asistida por máquina, hecha por los desarrolladores de scarhelp" in out[fmt], fmt
        assert "No clinician has reviewed this translation." in out[fmt], fmt
    assert q in out["markdown"] and "Sí, todavía me salen brotes" in out["markdown"]
    assert '<html lang="es">' in out["html"]
    data = json.loads(out["json"])
    assert data["lang"] == "es"
    assert data["translation"]["fallbacks"] == [] and data["translation"]["reviewer"] is None
    detail = {a["question"]: a for a in data["answers_detail"]}
    assert detail["active_acne"]["text"] == q
    assert detail["active_acne"]["label"] == "Sí, todavía me salen brotes"
    assert detail["active_acne"]["value"] == "yes"  # values never change
    assert data["recommendations"][0]["name"] == "Bellafill (un relleno bajo las cicatrices)"


def test_a_named_reviewer_replaces_the_no_clinician_sentence(copy):
    _edit(copy / "acne-scars.es.yaml", "reviewer: null", 'reviewer: "Dra. Ana Ejemplo, dermatóloga"')
    out = _outputs(load_rules(str(copy / "acne-scars.yaml"), lang="es"))
    assert "The translation was reviewed by Dra. Ana Ejemplo, dermatóloga." in " ".join(out["text"].split())
    assert "No clinician" not in out["text"]


def test_english_is_unchanged_without_a_language():
    plain = _outputs(load_rules())
    for lang in ("en", "en_GB.UTF-8"):
        assert _outputs(load_rules(lang=lang)) == plain
    data = json.loads(plain["json"])
    assert "lang" not in data and "translation" not in data
    assert '<html lang="en">' in plain["html"]


def test_a_regional_tag_falls_back_to_the_language():
    assert load_rules(lang="es_MX.UTF-8").language.lang == "es"


def test_a_language_without_translation_says_so_once():
    out = _outputs(load_rules(lang="fr"))
    for fmt in FORMATS:
        assert html.unescape(out[fmt]).count("no translation into 'fr'") == 1, fmt
    assert '<html lang="en">' in out["html"]


def test_stale_and_missing_texts_fall_back_to_english_with_one_note(copy):
    rules, es = copy / "acne-scars.yaml", copy / "acne-scars.es.yaml"
    _edit(rules, "text: Do you still get acne breakouts now?", "text: Do you still get acne breakouts these days?")
    _edit(es, "  meta.title:\n", "  meta.titel:\n")
    rs = load_rules(str(rules), lang="es")
    assert set(rs.language.fallbacks) == {"meta.title", "questions.active_acne.text"}
    assert rs.question("active_acne").text == "Do you still get acne breakouts these days?"
    assert rs.meta.title.startswith("scarhelp: options for acne scars")
    assert rs.question("scar_type").text == "¿Cómo son sus cicatrices de acné?"  # the rest stays Spanish
    out = _outputs(rs)
    note = "2 texts are shown in English because their translation (es) is missing or out of date"
    for fmt in FORMATS:
        assert out[fmt].count(note) == 1, fmt
    brief = build_report(rs, evaluate(rs, DEEP))
    for fmt in ("text", "markdown", "html"):
        assert render(brief, fmt, width=100, brief=True).count(note) == 1, fmt
    data = json.loads(out["json"])
    assert sorted(data["translation"]["fallbacks"]) == ["meta.title", "questions.active_acne.text"]


def test_answers_files_work_in_every_language():
    en, es = load_rules(), load_rules(lang="es")
    for qe, qs in zip(en.questions, es.questions, strict=True):
        assert (qe.id, qe.kind, qe.values, qe.ask_if, qe.preference) == (
            qs.id,
            qs.kind,
            qs.values,
            qs.ask_if,
            qs.preference,
        )
        assert qe.text != qs.text
    for answers in (
        DEEP,
        {"active_acne": "no", "scar_type": "raised"},
        {"active_acne": "not_sure", "scar_type": "not_sure"},
    ):
        re_, rs_ = evaluate(en, answers), evaluate(es, answers)
        assert [(r.treatment, r.strength, [x.rule for x in r.reasons]) for r in re_.recommendations] == [
            (r.treatment, r.strength, [x.rule for x in r.reasons]) for r in rs_.recommendations
        ]
        assert [n.rule for n in re_.advice] == [n.rule for n in rs_.advice]


# -- check --lang -------------------------------------------------------------------


def test_check_lang_fails_with_file_and_line_after_an_english_edit(copy):
    rules, es = copy / "acne-scars.yaml", copy / "acne-scars.es.yaml"
    _edit(rules, "text: Do you still get acne breakouts now?", "text: Do you still get acne breakouts these days?")
    proc = run_cli("check", str(rules), "--lang", "es")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    entry = _line_of(es, "  questions.active_acne.text:")
    english = _line_of(rules, "text: Do you still get acne breakouts these days?")
    old = fingerprint("Do you still get acne breakouts now?")
    new = fingerprint("Do you still get acne breakouts these days?")
    assert (
        "[translation-stale] the English of 'questions.active_acne.text' changed since it was translated" in proc.stdout
    )
    assert f"(fingerprint {old} then, {new} now)" in proc.stdout
    assert f"{es}:{entry}:3: entry questions.active_acne.text" in proc.stdout
    assert f"{rules}:{english}:11: the English now" in proc.stdout
    # without --lang, every translation beside the rules is checked: the same finding
    assert run_cli("check", str(rules)).returncode == 1


def test_check_reports_missing_unknown_untranslated_and_the_disclaimer_phrase(copy):
    rules, es = copy / "acne-scars.yaml", copy / "acne-scars.es.yaml"
    _edit(es, "  meta.title:\n", "  meta.titel:\n")
    _edit(es, "no es consejo médico. Solo", "no es un consejo médico. Solo")
    text = es.read_text(encoding="utf-8")
    es.write_text(
        text.replace("  rules.age-unsure-ask.because:\n", "  rules.age-unsure-ask.because:\n    untranslated: true\n"),
        encoding="utf-8",
    )
    proc = run_cli("check", str(rules), "--lang", "es", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    found = {f["kind"]: f for f in json.loads(proc.stdout)["translations"][0]["findings"]}
    assert set(found) == {
        "translation-missing",
        "translation-unknown",
        "translation-untranslated",
        "translation-disclaimer",
    }
    missing = found["translation-missing"]["locations"][0]
    assert (missing["file"], missing["line"]) == (str(rules), _line_of(rules, '  title: "scarhelp: options'))
    assert "did you mean 'meta.title'?" in found["translation-unknown"]["message"]
    assert found["translation-unknown"]["severity"] == "warning"
    assert found["translation-unknown"]["locations"][0]["line"] == _line_of(es, "  meta.titel:")
    assert found["translation-untranslated"]["locations"][0]["line"] == _line_of(es, "  rules.age-unsure-ask.because:")
    assert "'no es consejo médico'" in found["translation-disclaimer"]["message"]


def test_spanish_summary_names_the_cells_the_article_is_silent_on_together(copy):
    from scarhelp import i18n

    nothing_tried = {**DEEP, "scar_depth": "shallow", "tried": ("none",)}
    for k in ("creams_outcome", "scar_area", "stretch_softens", "over_21", "collagen_allergy", "mind_needle"):
        nothing_tried.pop(k)
    i18n.use("es")
    try:
        summary = render(_report(load_rules(lang="es"), nothing_tried), "text", width=100, brief=True)
    finally:
        i18n.use("en")
    # creams and peel each have cells the article is silent on: said once per option, grouped
    assert summary.count(": no está en el artículo") == 2, summary
    assert "No está en el artículo." not in summary

    # a translator's own words for such a cell would split the group: check says where
    rules, es = copy / "acne-scars.yaml", copy / "acne-scars.es.yaml"
    text = es.read_text(encoding="utf-8")
    key = "  treatments.topical_creams.glance.permanent:\n"
    i = text.index(key)
    j = text.index("No está en el artículo.", i)
    es.write_text(text[:j] + "El artículo no lo dice." + text[j + len("No está en el artículo.") :], encoding="utf-8")
    proc = run_cli("check", str(rules), "--lang", "es", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    (found,) = json.loads(proc.stdout)["translations"][0]["findings"]
    assert found["kind"] == "translation-silent-cell" and found["severity"] == "warning"
    assert "'No está en el artículo.'" in found["message"]
    assert found["locations"][0]["line"] == _line_of(es, key.strip())


def test_a_file_beside_the_rules_that_is_no_translation_is_left_alone(copy):
    shutil.copy(copy / "acne-scars.yaml", copy / "acne-scars.old.yaml")
    proc = run_cli("check", str(copy / "acne-scars.yaml"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "acne-scars.old.yaml" not in proc.stdout
    assert "the es translation of" in proc.stdout


def test_check_given_a_translation_file_checks_it_with_its_rules(copy):
    """As pre-commit passes every changed rules/*.yaml, a translation file among them."""
    _edit(copy / "acne-scars.es.yaml", "  meta.title:\n", "  meta.titel:\n")
    proc = run_cli("check", str(copy / "acne-scars.es.yaml"))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{copy / 'acne-scars.yaml'}: 15 questions" in proc.stdout
    assert "[translation-missing] 'meta.title' has no es translation" in proc.stdout


def test_check_lang_without_a_translation_file_exits_2(copy):
    proc = run_cli("check", str(copy / "acne-scars.yaml"), "--lang", "fr")
    assert proc.returncode == 2
    assert "acne-scars.fr.yaml: no translation into 'fr'" in proc.stderr
    assert run_cli("check", str(copy / "acne-scars.yaml"), "--lang", "../x").returncode == 2


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("texts:\n", "texts: [1, 2]\nold_texts:\n"), r":\d+:\d+: error: unknown key 'old_texts'"),
        (('lang: "es"', 'lnag: "es"'), r":\d+:\d+: error: unknown key 'lnag' in a translation file"),
        (('    source: "d70d85494d5f"\n', '    source: "xyz"\n'), r":\d+:\d+: error: 'source' should be the 12 hex"),
        (("translator: >-", "translator: !!python/object:os.system >-"), r":\d+:\d+: the tag .* is not allowed"),
        (("  meta.title:\n", '  "meta.\\e[2Jtitle":\n'), r":\d+:\d+: error: an id path holds a control character"),
        (('lang: "es"', 'lang: "es\\e[2J"'), r":\d+:\d+: error: 'lang' holds a control character"),
    ],
)
def test_a_malformed_translation_file_gives_file_line_column(copy, edit, message):
    _edit(copy / "acne-scars.es.yaml", *edit)
    proc = run_cli("check", str(copy / "acne-scars.yaml"), "--lang", "es")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert re.search(re.escape(str(copy / "acne-scars.es.yaml")) + message, proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr
    with pytest.raises((RulesError, InputError)) as err:
        load_rules(str(copy / "acne-scars.yaml"), lang="es")
    assert str(copy / "acne-scars.es.yaml") in str(err.value)


def test_a_translation_file_over_the_node_limit_is_refused(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefg", "bcdefgh", strict=True)
    )
    with pytest.raises(InputError, match="more than 200,000 values"):
        parse_translation(bomb, "bomb.es.yaml")


# -- the translator's loop: scarhelp translate ----------------------------------------


def test_translate_refresh_keeps_every_translation_and_flags_stale(copy):
    rules, es = copy / "acne-scars.yaml", copy / "acne-scars.es.yaml"
    before = {e.key: e for e in read_translation(str(es)).entries}
    _edit(rules, "text: Do you still get acne breakouts now?", "text: Do you still get acne breakouts these days?")
    _edit(
        rules,
        "      is. So this guide cannot say how likely they are for you.\n",
        "      is. So this guide cannot say how likely they are for you.\n    - >-\n      A new point.\n",
    )
    proc = run_cli("translate", str(rules), "--lang", "es")
    assert proc.returncode == 0, proc.stderr
    total = len(before) + 1
    assert f"{total} texts: {total - 2} translated and up to date, 1 new" in proc.stdout
    assert "1 stale (kept, flagged)" in proc.stdout
    after = {e.key: e for e in read_translation(str(es)).entries}
    for key, e in before.items():  # nothing lost: the stale one keeps its old fingerprint and text
        assert after[key] == e.replace(line=after[key].line, column=after[key].column), key
    new = after["meta.outside_article.3"]
    assert new.untranslated and new.text == "A new point." and new.source == fingerprint("A new point.")
    assert "# STALE: the English changed since this was translated" in es.read_text(encoding="utf-8")
    first = es.read_text(encoding="utf-8")
    assert run_cli("translate", str(rules), "--lang", "es").returncode == 0
    assert es.read_text(encoding="utf-8") == first  # a refresh of a refresh changes nothing
    check = run_cli("check", str(rules), "--lang", "es")
    assert check.returncode == 1
    assert "[translation-untranslated] 'meta.outside_article.3'" in check.stdout
    assert "[translation-stale] the English of 'questions.active_acne.text'" in check.stdout


def test_translate_writes_a_new_skeleton_that_round_trips(tmp_path):
    rules = tmp_path / "r.yaml"
    shutil.copy(RULES, rules)
    tricky = 'Say "no": it\'s #1 - really?  Two spaces, a tab\there, and\na new line \u2028.'
    _edit(
        rules,
        "    - >-\n      There are other treatments for acne scars that the article does not\n"
        "      cover. A board-certified dermatologist can talk you through them.\n",
        f"    - {json.dumps(tricky)}\n",
    )
    proc = run_cli("translate", str(rules), "--lang", "pt-BR", "--translator", "T", "--disclaimer-phrase", "não é")
    assert proc.returncode == 0, proc.stderr
    tr = read_translation(str(tmp_path / "r.pt-BR.yaml"))
    rs = load_rules(str(rules))
    assert [e.key for e in tr.entries] == [t.key for t in texts(rs)]
    assert [e.text for e in tr.entries] == [t.english for t in texts(rs)]  # every scalar read back exactly
    assert tricky in [e.text for e in tr.entries]
    assert all(e.untranslated for e in tr.entries)
    assert (tr.lang, tr.translator, tr.reviewer, tr.disclaimer_phrase) == ("pt-BR", "T", "", "não é")
    assert load_rules(str(rules), lang="pt-BR").language.fallbacks == tuple(e.key for e in tr.entries)
