"""Translations of a rule set: the texts by id path, a translation file, and applying it.

Why by id path and not by position or by English text: ids and option values
never change between languages (answers files work in every language), and an id
path such as ``questions.scar_type.options.sunken.label`` names one text however
the rule file is reordered.  Each entry of a translation file records a
fingerprint of the English text it was made from, so an edit to the English
makes the entry *stale*: the report then shows the English and says so, and
``scarhelp check`` points at both lines.  Nothing is ever shown silently in the
wrong words.

One walk (:func:`_walk`) visits every translatable text of a rule set; listing
the texts and replacing them are the same walk, so the two can never disagree
about which texts exist.
"""

from __future__ import annotations

import os
import re

from .errors import ProblemList, RulesError, suggest
from .errors import kind as _kind
from .i18n import _, is_english, ngettext
from .model import Language, Option, Point, RuleSet, Treatment
from .record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from .yamldoc import Document, Path

    # (id path, English text, where the text is in the rule file) -> the text to use
    Visit = Callable[[str, str, tuple[object, ...]], str]

# a language tag as file names carry it: es, pt-BR, es_MX (no path separators, no dots)
LANG_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")
FINGERPRINT_LEN = 12
HEADER_KEYS = ("lang", "translates", "translator", "reviewer", "disclaimer_phrase", "texts")
ENTRY_KEYS = ("source", "text", "untranslated")


def fingerprint(text: str) -> str:
    """The first 12 hex digits of the SHA-256 of ``text``: what an entry was translated from."""
    import hashlib  # only translations need it

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:FINGERPRINT_LEN]


# -- the texts of a rule set ----------------------------------------------------


def _walk(rs: RuleSet, visit: Visit) -> RuleSet:
    """``rs`` with every patient- or maintainer-visible text passed through ``visit``.

    Ids, option values, claim ids, reference numbers and citations, names of
    people and dates are not texts to translate and are left alone.
    """

    def v(key: str, text: str, ypath: tuple[object, ...]) -> str:
        return visit(key, text, ypath) if text else text

    m = rs.meta
    src = m.source
    sp = ("meta", "source")
    # in the rule file's order, which is the order texts() lists them in
    title = v("meta.title", m.title, ("meta", "title"))
    disclaimer = v("meta.disclaimer", m.disclaimer, ("meta", "disclaimer"))
    outside = tuple(
        v(f"meta.outside_article.{i}", t, ("meta", "outside_article", i)) for i, t in enumerate(m.outside_article)
    )
    source = src.replace(
        title=v("meta.source.title", src.title, (*sp, "title")),
        reviewer=v("meta.source.reviewer", src.reviewer, (*sp, "reviewer")),
        publisher=v("meta.source.publisher", src.publisher, (*sp, "publisher")),
        published=v("meta.source.published", src.published, (*sp, "published")),
        note=v("meta.source.note", src.note, (*sp, "note")),
    )
    meta = m.replace(
        title=title,
        disclaimer=disclaimer,
        source=source,
        outside_article=outside,
        claims=tuple(
            c.replace(text=v(f"claims.{c.id}.text", c.text, ("meta", "claims", i, "text")))
            for i, c in enumerate(m.claims)
        ),
    )
    questions = []
    for i, q in enumerate(rs.questions):
        key, qp = f"questions.{q.id}", ("questions", i)
        options: list[Option] = []
        for j, o in enumerate(q.options):
            ok, op = f"{key}.options.{o.value}", (*qp, "options", j)
            options.append(
                o.replace(label=v(f"{ok}.label", o.label, (*op, "label")), help=v(f"{ok}.help", o.help, (*op, "help")))
            )
        questions.append(
            q.replace(
                text=v(f"{key}.text", q.text, (*qp, "text")),
                help=v(f"{key}.help", q.help, (*qp, "help")),
                options=tuple(options),
            )
        )
    treatments = tuple(_treatment(t, f"treatments.{t.id}", ("treatments", i), v) for i, t in enumerate(rs.treatments))
    leave = rs.leave_as_they_are
    if leave is not None:
        leave = _treatment(leave, "leave_as_they_are", ("leave_as_they_are",), v)
    rules = []
    for i, r in enumerate(rs.rules):
        key, rp = f"rules.{r.id}", ("rules", i)
        rules.append(
            r.replace(
                because=v(f"{key}.because", r.because, (*rp, "because")),
                text=v(f"{key}.{r.kind}", r.text, (*rp, r.kind)),
                first=v(f"{key}.first", r.first, (*rp, "first")),
            )
        )
    invariants = tuple(
        inv.replace(says=v(f"invariants.{inv.id}.says", inv.says, ("invariants", i, "says")))
        for i, inv in enumerate(rs.invariants)
    )
    return rs.replace(
        meta=meta,
        questions=tuple(questions),
        treatments=treatments,
        rules=tuple(rules),
        invariants=invariants,
        leave_as_they_are=leave,
    )


def _treatment(t: Treatment, key: str, tp: tuple[object, ...], v: Visit) -> Treatment:
    def points(kind: str, pts: tuple[Point, ...]) -> tuple[Point, ...]:
        return tuple(p.replace(text=v(f"{key}.{kind}.{i}", p.text, (*tp, kind, i, "text"))) for i, p in enumerate(pts))

    return t.replace(
        name=v(f"{key}.name", t.name, (*tp, "name")),
        what=v(f"{key}.what", t.what, (*tp, "what")),
        benefits=points("benefits", t.benefits),
        harms=points("harms", t.harms),
        ask_your_dermatologist=tuple(
            v(f"{key}.ask_your_dermatologist.{i}", q, (*tp, "ask_your_dermatologist", i))
            for i, q in enumerate(t.ask_your_dermatologist)
        ),
        glance=tuple(
            (field, p.replace(text=v(f"{key}.glance.{field}", p.text, (*tp, "glance", field, "text"))))
            for field, p in t.glance
        ),
        against_values=tuple(
            a.replace(
                text=v(f"{key}.against_values.{i}.text", a.text, (*tp, "against_values", i, "text")),
                short=v(f"{key}.against_values.{i}.short", a.short, (*tp, "against_values", i, "short")),
            )
            for i, a in enumerate(t.against_values)
        ),
    )


class Text(Record):
    """One translatable text: its id path, its English, and where it is in the rule file."""

    key: str
    english: str
    ypath: tuple[object, ...]


def texts(rs: RuleSet) -> list[Text]:
    """Every translatable text of ``rs``, in the rule file's order."""
    out: list[Text] = []

    def collect(key: str, text: str, ypath: tuple[object, ...]) -> str:
        out.append(Text(key, text, ypath))
        return text

    _walk(rs, collect)
    return out


# -- translation files ----------------------------------------------------------


class Entry(Record):
    key: str
    source: str  # the fingerprint of the English it was made from
    text: str
    untranslated: bool = False  # a placeholder the skeleton wrote: the English, not yet translated
    line: int = 0
    column: int = 0


class TranslationFile(Record):
    path: str
    lang: str
    translates: str
    translator: str
    reviewer: str
    disclaimer_phrase: str
    entries: tuple[Entry, ...]
    # the line of each header key, for findings about them
    disclaimer_line: int = 0

    def entry(self, key: str) -> Entry | None:
        for e in self.entries:
            if e.key == key:
                return e
        return None


def translation_path(rules_path: str, lang: str) -> str:
    """``rules/acne-scars.yaml`` and ``es`` -> ``rules/acne-scars.es.yaml``."""
    base, ext = os.path.splitext(rules_path)
    return f"{base}.{lang}{ext or '.yaml'}"


def find_translations(rules_path: str) -> list[tuple[str, str]]:
    """``(lang, path)`` of every translation file beside a rule file, sorted by language."""
    directory = os.path.dirname(rules_path) or "."
    stem, ext = os.path.splitext(os.path.basename(rules_path))
    found = []
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    for name in names:
        if not name.startswith(stem + ".") or not name.endswith(ext or ".yaml"):
            continue
        lang = name[len(stem) + 1 : len(name) - len(ext or ".yaml")]
        path = os.path.join(directory, name)
        if LANG_RE.match(lang) and _looks_like_translation(path):
            found.append((lang, path))
    return sorted(found)


def rules_of_translation(path: str) -> tuple[str, str] | None:
    """``(rule file, lang)`` when ``path`` is a translation file beside its rule file
    (``rules/acne-scars.es.yaml`` -> ``rules/acne-scars.yaml``, ``es``), else None."""
    base, ext = os.path.splitext(path)
    stem, dot, lang = base.rpartition(".")
    rules_path = stem + ext
    if dot and stem and LANG_RE.match(lang) and os.path.isfile(rules_path) and _looks_like_translation(path):
        return rules_path, lang
    return None


def _looks_like_translation(path: str) -> bool:
    """Does the file say which rule file it translates?  So that ``rules.old.yaml`` or
    ``rules.new.yaml`` beside ``rules.yaml`` is not taken for a translation into 'old'."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False
    return re.search(rb"(?m)^translates:", head) is not None


def check_lang(lang: str) -> str:
    """A language tag fit for a file name, or a clear error."""
    from .errors import UsageError

    if not LANG_RE.match(lang):
        raise UsageError(f"'{lang}' is not a language tag such as 'es' or 'pt-BR'")
    return lang


def read_translation(path: str) -> TranslationFile:
    """Read and check a translation file: the rule files' limits, every problem with file:line:col."""
    from .fileio import read_text

    return parse_translation(read_text(path, "translation file"), path)


def parse_translation(text: str, path: str) -> TranslationFile:
    from .yamldoc import load_yaml, problems_error

    doc = load_yaml(text, path, "translation file")
    p = ProblemList()
    data = doc.data
    if not isinstance(data, dict):
        p.add(doc.loc(()), f"a translation file should be a mapping, not {_kind(data)}")
        raise problems_error(RulesError, f"{path}: invalid translation file", p.problems)
    for key in data:
        if key not in HEADER_KEYS:
            p.add(doc.loc((key,), key=True), f"unknown key '{key}' in a translation file", suggest(key, HEADER_KEYS))
    header: dict[str, str] = {}
    for key in HEADER_KEYS[:-1]:
        value = data.get(key)
        value = None if value is None else doc.text((key,), value)
        if key == "reviewer" and value is None:
            header[key] = ""
        elif key not in data:
            p.add(doc.loc(()), f"the translation file is missing the required key '{key}'")
        elif not isinstance(value, str) or not value.strip():
            p.add(doc.loc((key,)), f"'{key}' should be text, not {_kind(value)}")
        elif not value.isprintable():  # check's messages quote it on a terminal
            p.add(doc.loc((key,)), f"'{key}' holds a control character or line break")
        else:
            header[key] = value
    lang = header.get("lang", "")
    if lang and not LANG_RE.match(lang):
        p.add(doc.loc(("lang",)), f"'{lang}' is not a language tag such as 'es' or 'pt-BR'")
    entries = _entries(doc, data.get("texts"), p) if "texts" in data else ()
    if "texts" not in data:
        p.add(doc.loc(()), "the translation file is missing the required key 'texts'")
    if p.errors:
        raise problems_error(RulesError, f"{path}: {len(p.errors)} problem(s) in the translation file", p.errors)
    return TranslationFile(
        path,
        lang,
        header["translates"],
        header["translator"],
        header.get("reviewer", ""),
        header["disclaimer_phrase"],
        entries,
        doc.loc(("disclaimer_phrase",)).line or 0,
    )


def _entries(doc: Document, raw: Any, p: ProblemList) -> tuple[Entry, ...]:
    if not isinstance(raw, dict):
        p.add(doc.loc(("texts",)), f"'texts' should be a mapping of id paths to entries, not {_kind(raw)}")
        return ()
    out = []
    for key, value in raw.items():
        ep: Path = ("texts", key)
        where = doc.loc(ep, key=True)
        if not str(key).isprintable():  # check's messages quote the key on a terminal
            p.add(where, "an id path holds a control character; id paths are like 'questions.scar_type.text'")
            continue
        if not isinstance(value, dict):
            p.add(
                doc.loc(ep), f"the entry for '{key}' should be a mapping with 'source' and 'text', not {_kind(value)}"
            )
            continue
        for k in value:
            if k not in ENTRY_KEYS:
                p.add(doc.loc((*ep, k), key=True), f"unknown key '{k}' in an entry", suggest(k, ENTRY_KEYS))
        fields: dict[str, str] = {}
        for k in ("source", "text"):
            v = doc.text((*ep, k), value.get(k))
            if k not in value:
                p.add(doc.loc(ep), f"the entry for '{key}' is missing '{k}'")
            elif not isinstance(v, str) or not v.strip():
                p.add(doc.loc((*ep, k)), f"'{k}' should be text, not {_kind(v)}")
            else:
                fields[k] = v
        source = fields.get("source", "")
        if source and not re.fullmatch(f"[0-9a-f]{{{FINGERPRINT_LEN}}}", source):
            p.add(
                doc.loc((*ep, "source")),
                f"'source' should be the {FINGERPRINT_LEN} hex digits of the English text's fingerprint, not '{source}'",
                "run 'scarhelp translate RULES --lang LANG' to write them",
            )
        untranslated = value.get("untranslated", False)
        if not isinstance(untranslated, bool):
            p.add(doc.loc((*ep, "untranslated")), f"'untranslated' should be true or false, not {_kind(untranslated)}")
            untranslated = False
        if len(fields) == 2:
            out.append(Entry(str(key), source, fields["text"], untranslated, where.line or 0, where.column or 0))
    return tuple(out)


# -- applying a translation -----------------------------------------------------


def translate(rs: RuleSet, tr: TranslationFile) -> RuleSet:
    """``rs`` with the texts of ``tr``; a text with no entry, an untranslated one or a
    stale one stays English and is listed in ``language.fallbacks``."""
    entries = {e.key: e for e in tr.entries}
    fallbacks: list[str] = []

    def visit(key: str, english: str, _ypath: tuple[object, ...]) -> str:
        e = entries.get(key)
        if e is None or e.untranslated or e.source != fingerprint(english):
            fallbacks.append(key)
            return english
        return e.text

    out = _walk(rs, visit)
    return out.replace(language=Language(tr.lang, tr.path, tr.translator, tr.reviewer, tuple(fallbacks)))


def apply_language(rs: RuleSet, rules_path: str, lang: str | None) -> RuleSet:
    """``rs`` in ``lang`` from the translation file beside ``rules_path``.

    English (or no language) is ``rs`` itself.  A language the rule set has no
    translation into keeps the English and records the language asked for, so the
    report can say so; ``es_MX`` falls back to an ``es`` translation.
    """
    if lang is None or is_english(lang):
        return rs
    lang = lang.split(".")[0]  # es_MX.UTF-8, as LANG gives it
    check_lang(lang)
    if rules_path and rules_path != "-":
        for candidate in dict.fromkeys((lang, re.split("[-_]", lang)[0])):
            path = translation_path(rules_path, candidate)
            if os.path.isfile(path):
                return translate(rs, read_translation(path))
    return rs.replace(language=Language("en", requested=lang))


def fallback_note(language: Language | None) -> str:
    """The one note a report gives when some texts are not in the language asked for."""
    if language is None:
        return ""
    if language.requested:
        return _("This rule set has no translation into '{lang}', so its texts are shown in English.").format(
            lang=language.requested
        )
    n = len(language.fallbacks)
    if not n:
        return ""
    return ngettext(
        "{n} text is shown in English because its translation ({lang}) is missing or out of date; "
        "the English is what the rule set says now.",
        "{n} texts are shown in English because their translation ({lang}) is missing or out of date; "
        "the English is what the rule set says now.",
        n,
    ).format(n=n, lang=language.lang)


def translator_note(language: Language | None) -> str:
    """Who translated the rule set's texts, and whether a clinician reviewed the translation."""
    if language is None or language.requested or not language.translator:
        return ""
    reviewed = (
        _("The translation was reviewed by {reviewer}.").format(reviewer=language.reviewer)
        if language.reviewer
        else _("No clinician has reviewed this translation.")
    )
    return _("Translation ({lang}): {translator}. {reviewed}").format(
        lang=language.lang, translator=language.translator, reviewed=reviewed
    )
