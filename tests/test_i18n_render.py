"""The report says nothing outside the catalogue: every outcome class of the bundled rules,
in every format (text, coloured, Markdown, HTML, JSON labels, with --brief and --explain),
rendered in the pseudo-language ``xx`` shows no visible word outside the ``⟦…⟧`` markers
but the rule set's own texts; and rendered in Spanish, no English message of the catalogue
is left.

Where the rule set's texts are taken out: ``pseudo_lang.rule_strings(rules)`` below (the
``texts`` fixture).  Once the rule set's translation lands, a pseudo rule translation can
replace it, and then the rule texts must be marked too.
"""

from __future__ import annotations

import html.parser
import json
import re

import pytest

from scarhelp import i18n
from scarhelp.engine import evaluate
from scarhelp.render import render
from scarhelp.report import build_report

from . import pseudo_lang
from .conftest import ROOT

CLASSES = 12  # outcome classes, spread over every reachable answer set
TODAY = "2026-12-04"
FORMATS = ("text", "color", "markdown", "html", "json")


def _outcome(result) -> tuple:
    return (
        tuple((r.treatment, r.strength) for r in result.recommendations),
        tuple((n.treatment, n.outcome) for n in result.not_recommended),
        tuple(n.rule for n in result.general_caveats),
        tuple(n.rule for n in result.advice),
    )


@pytest.fixture(scope="module")
def answer_sets(rules, every_answer):
    """One answer set per outcome class (strengths, what is not shown, caveats, advice),
    ``CLASSES`` of them spread evenly, with the preference questions answered in one."""
    seen: dict[tuple, dict] = {}
    for answers in every_answer[::7]:
        seen.setdefault(_outcome(evaluate(rules, answers, with_trace=False)), answers)
    keys = sorted(seen, key=repr)
    picked = [seen[k] for k in keys[:: max(1, len(keys) // CLASSES)]]
    prefs = {q.id: q.options[0].value for q in rules.questions if q.preference}
    picked.append({**picked[0], **prefs})
    assert len(picked) >= 8, len(picked)
    return picked


@pytest.fixture(scope="module")
def texts(rules):
    return pseudo_lang.rule_strings(rules)


@pytest.fixture
def in_language(monkeypatch, tmp_path):
    """Switch the tool's words to ``lang`` (``xx`` is built first); English again after."""

    def switch(lang: str) -> None:
        if lang == pseudo_lang.LANG:
            monkeypatch.setenv(i18n.LOCALEDIR_ENV, str(pseudo_lang.build(tmp_path / "locale")))
        else:
            monkeypatch.delenv(i18n.LOCALEDIR_ENV, raising=False)
        i18n.use(lang)

    yield switch
    monkeypatch.delenv(i18n.LOCALEDIR_ENV, raising=False)
    i18n.use("en")


class _Visible(html.parser.HTMLParser):
    """The text a reader sees or hears: the page's text, and the attributes read out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("title", "alt", "aria-label", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def _json_labels(value, key="") -> list[str]:
    """The JSON's words for people (its keys and the ids it carries are not)."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _json_labels(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in _json_labels(v, key)]
    if isinstance(value, str) and key not in ("strength", "outcome", "origin", "path", "lang", "report_format"):
        return [value]
    return []


def visible(report: dict, fmt: str, **options) -> str:
    """What a person reads of ``report`` rendered as ``fmt``."""
    if fmt in ("text", "color"):
        out = render(report, "text", color=fmt == "color", width=10_000, generated=TODAY, **options)
        return pseudo_lang.visible(out)
    if fmt == "markdown":
        out = render(report, "markdown", generated=TODAY, **options)
        out = re.sub(r"\]\([^)]*\)", "]", out.replace("\\", ""))  # link targets are not read
        return re.sub(r"<a [^>]*></a>|\{#[\w-]+\}", " ", out)
    if fmt == "html":
        parser = _Visible()
        parser.feed(render(report, "html", generated=TODAY, **options))
        return " ".join(parser.parts)
    return " ".join(_json_labels(json.loads(render(report, "json", **options))))


def _reports(rules, answer_sets):
    for answers in answer_sets:
        yield build_report(rules, evaluate(rules, answers), explain=False), {}
    yield build_report(rules, evaluate(rules, answer_sets[0]), explain=True), {"explain": True}
    yield build_report(rules, evaluate(rules, answer_sets[1]), explain=False), {"brief": True}


ALLOWED = ("HTML", "PDF")  # not words of any language


@pytest.mark.parametrize("fmt", FORMATS)
def test_pseudo_language_report_has_nothing_outside_the_catalogue(rules, answer_sets, texts, in_language, fmt):
    in_language(pseudo_lang.LANG)
    problems: dict[str, list[str]] = {}
    for report, options in _reports(rules, answer_sets):
        if fmt == "json" and options.get("brief"):
            continue  # --brief is the CLI's choice of keys for JSON
        found = pseudo_lang.leftovers(visible(report, fmt, **options), texts, ALLOWED)
        for item in found:
            problems.setdefault(item.split(" ", 1)[0], []).append(item)
    assert problems == {}, "\n".join(v[0] for v in problems.values())


def _english_messages() -> list[str]:
    """The literal stretches of the catalogue's messages long enough to be telling."""
    from babel.messages.pofile import read_po

    with (ROOT / "scarhelp" / "locale" / "scarhelp.pot").open("rb") as f:
        catalog = read_po(f)
    out = set()
    for m in catalog:
        for msgid in [m.id] if isinstance(m.id, str) else list(m.id or ()):
            for chunk in re.split(r"\{[^{}]*\}|%[sd]|\n", msgid or ""):
                chunk = " ".join(chunk.split()).strip(" .,;:()-")
                if len(chunk.split()) >= 3:
                    out.add(chunk)
    return sorted(out, key=len, reverse=True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_spanish_report_has_no_english_message_left(rules, answer_sets, texts, in_language, fmt):
    in_language("es")
    english = _english_messages()
    left: set[str] = set()
    for report, options in _reports(rules, answer_sets):
        text = " ".join(visible(report, fmt, **options).split())
        for s in texts:  # the rule set is still English: its texts are not the catalogue's
            text = text.replace(s, " ")
        left.update(m for m in english if m in text)
    assert sorted(left) == []


def _english_rule_sentences(rules, translated) -> list[str]:
    """Every sentence of the rule set's English texts long enough to be telling, but those
    the translation keeps within its own (the article's title, glossed in Spanish)."""
    from scarhelp.translation import texts as rule_texts

    there = {t.key: " ".join(t.english.split()) for t in rule_texts(translated)}
    out = set()
    for t in rule_texts(rules):
        if " ".join(t.english.split()) in there.get(t.key, ""):
            continue
        for part in re.split(r"(?<=[.!?;:])\s+", " ".join(t.english.split())):
            part = part.strip(" .,;:()-")
            if len(part.split()) >= 4:
                out.add(part)
    return sorted(out, key=len, reverse=True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_spanish_report_with_the_spanish_rules_has_no_english_left(rules, answer_sets, in_language, fmt):
    """``--lang es`` shows the rule set's Spanish too: no sentence of its English texts is left
    in any format (the references' citations are not translated, and are not rule texts)."""
    from scarhelp.bundle import load_rules

    spanish = load_rules(lang="es")
    assert spanish.language is not None and spanish.language.fallbacks == ()  # every text translated
    in_language("es")
    english = _english_messages() + _english_rule_sentences(rules, spanish)
    left: set[str] = set()
    for report, options in _reports(spanish, answer_sets):
        text = " ".join(visible(report, fmt, **options).split())
        left.update(m for m in english if m in text)
    assert sorted(left) == []
