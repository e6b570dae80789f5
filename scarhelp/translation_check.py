"""``scarhelp check``'s findings about a rule set's translations, with file:line for each.

Why its own module: these findings point into two files (the rule file, where an
English text is, and the translation file, where its entry is), and they are
about words, not about which answers lead where, so they share nothing with the
symbolic analysis but the report's shape.

- missing: a text of the rule set with no entry in the translation (at the
  English text's line in the rule file);
- untranslated: an entry still holding the English placeholder the skeleton wrote;
- stale: an entry made from English that has changed since (at the entry's line,
  with the old and new fingerprints and the English text's line);
- unknown: an entry for a text the rule set no longer has, with a "did you mean";
- the translated disclaimer must contain the phrase the translation declares, as
  the English one must say "not medical advice".
"""

from __future__ import annotations

from .errors import suggest
from .model import NOT_IN_ARTICLE
from .record import Record
from .translation import TranslationFile, fingerprint, texts

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from typing import Any

    from .model import RuleSet
    from .yamldoc import Document


class Place(Record):
    file: str
    line: int | None
    column: int | None
    what: str

    def __str__(self) -> str:
        where = ":".join(str(x) for x in (self.file, self.line, self.column) if x is not None)
        return f"{where}: {self.what}"


class TFinding(Record):
    severity: str  # error or warning
    kind: str
    message: str
    places: tuple[Place, ...]


class TReport(Record):
    file: str  # the translation file, as displayed
    rules_file: str
    lang: str
    total: int  # texts in the rule set
    current: int  # with a translated, up-to-date entry
    findings: tuple[TFinding, ...]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def _catalogue_text(message: str, lang: str) -> str:
    """``message`` as the tool's own catalogue for ``lang`` has it (itself when there is none)."""
    import gettext

    from .i18n import DOMAIN, localedir

    return gettext.translation(DOMAIN, localedir(), languages=[lang], fallback=True).gettext(message)


def check_translation(
    rs: RuleSet, tr: TranslationFile, rules_doc: Document | None, rules_file: str, file: str, lang: str = ""
) -> TReport:
    """Every finding about ``tr`` as a translation of ``rs``; ``rules_doc`` (the rule file
    parsed with positions) gives the English texts' lines, when there is one."""
    found: list[TFinding] = []
    add = found.append
    entries = {e.key: e for e in tr.entries}
    current = 0

    def english_at(ypath: tuple[object, ...], what: str) -> Place:
        loc = rules_doc.loc(ypath) if rules_doc is not None else None
        return Place(rules_file, loc.line if loc else None, loc.column if loc else None, what)

    def entry_at(key: str, what: str) -> Place:
        e = entries[key]
        return Place(file, e.line or None, e.column or None, what)

    if lang and tr.lang != lang:
        add(
            TFinding(
                "error",
                "translation-lang",
                f"the file is named for '{lang}' but says lang: {tr.lang}",
                (Place(file, 1, None, "lang"),),
            )
        )
    all_texts = texts(rs)
    silent = _catalogue_text(NOT_IN_ARTICLE, tr.lang)
    keys = [t.key for t in all_texts]
    disclaimer = ""
    for t in all_texts:
        e = entries.get(t.key)
        now = fingerprint(t.english)
        if e is None:
            add(
                TFinding(
                    "error",
                    "translation-missing",
                    f"'{t.key}' has no {tr.lang} translation in {file}; it is shown in English "
                    f"(run 'scarhelp translate {rules_file} --lang {tr.lang}' to add a placeholder)",
                    (english_at(t.ypath, f"the English of {t.key}"),),
                )
            )
        elif e.source != now:
            add(
                TFinding(
                    "error",
                    "translation-stale",
                    f"the English of '{t.key}' changed since it was translated (fingerprint {e.source} then, "
                    f"{now} now); it is shown in English until the entry is translated again and its "
                    f"source set to {now}",
                    (entry_at(t.key, f"entry {t.key}"), english_at(t.ypath, "the English now")),
                )
            )
        elif e.untranslated:
            add(
                TFinding(
                    "error",
                    "translation-untranslated",
                    f"'{t.key}' is still the English placeholder (untranslated: true); translate it and "
                    "delete that line",
                    (entry_at(t.key, f"entry {t.key}"),),
                )
            )
        else:
            current += 1
            if t.key == "meta.disclaimer":
                disclaimer = e.text
            elif t.english == NOT_IN_ARTICLE and e.text != silent:
                add(
                    TFinding(
                        "warning",
                        "translation-silent-cell",
                        f"'{t.key}' says '{NOT_IN_ARTICLE}' in English; translate it as the tool's "
                        f"catalogue does, '{silent}', so the summary names the cells the article is "
                        "silent on together",
                        (entry_at(t.key, f"entry {t.key}"),),
                    )
                )
    phrase = " ".join(tr.disclaimer_phrase.lower().split())
    if disclaimer and phrase not in " ".join(disclaimer.lower().split()):
        add(
            TFinding(
                "error",
                "translation-disclaimer",
                f"the translated disclaimer must say '{tr.disclaimer_phrase}' in those words, as the "
                "translation's disclaimer_phrase declares (the English must say 'not medical advice')",
                (
                    entry_at("meta.disclaimer", "entry meta.disclaimer"),
                    Place(file, tr.disclaimer_line, None, "disclaimer_phrase"),
                ),
            )
        )
    known = set(keys)
    for e in tr.entries:
        if e.key not in known:
            hint = suggest(e.key, keys)
            add(
                TFinding(
                    "warning",
                    "translation-unknown",
                    f"'{e.key}' is not a text of {rules_file}; the entry is never used"
                    + (f" ({hint})" if hint else " (the text was removed or its id changed)"),
                    (Place(file, e.line or None, e.column or None, f"entry {e.key}"),),
                )
            )
    found.sort(key=lambda f: (f.severity != "error", f.places[0].file, f.places[0].line or 0))
    return TReport(file, rules_file, tr.lang, len(all_texts), current, tuple(found))


def format_text(r: TReport) -> str:
    lines = [
        f"{r.file}: the {r.lang} translation of {r.rules_file}: {r.total} texts, {r.current} translated and up to date"
    ]
    for sev in ("error", "warning"):
        group = [f for f in r.findings if f.severity == sev]
        if not group:
            continue
        lines += ["", f"{sev.upper()}S ({len(group)})"]
        for f in group:
            lines.append(f"  [{f.kind}] {f.message}")
            lines += [f"    {p}" for p in f.places]
    lines += ["", f"{r.count('error')} error(s), {r.count('warning')} warning(s)", ""]
    return "\n".join(lines)


def format_json(r: TReport) -> dict[str, Any]:
    return {
        "file": r.file,
        "rules_file": r.rules_file,
        "lang": r.lang,
        "texts": r.total,
        "up_to_date": r.current,
        "summary": {"error": r.count("error"), "warning": r.count("warning")},
        "findings": [
            {
                "severity": f.severity,
                "kind": f.kind,
                "message": f.message,
                "locations": [{"file": p.file, "line": p.line, "column": p.column, "item": p.what} for p in f.places],
            }
            for f in r.findings
        ],
    }
