"""Reading ease of a rule set's Spanish translation, by kind of text, as a Markdown table.

    python benchmarks/reading_grades_es.py [rules/acne-scars.yaml] [es]

The texts are those ``scarhelp check``'s reading-grade finding reads (the same
``checks.reading.texts``), taken after the translation beside the rules is applied;
texts under ``MIN_WORDS`` words are not graded, as in English.  Three measures from
textstat with ``textstat.set_lang("es")``: Fernández Huerta's reading ease (0-100,
higher is easier; 60-70 is read by pupils of US grades 7 to 8, 70 and above by grade 6),
Szigriszt-Pazos's perspicuity (the INFLESZ scale: 55-65 "normal", above 65 "fairly
easy") and the Flesch-Kincaid grade with Spanish syllable counts, which was made for
English and is given only for comparison with the English table.  Needs textstat.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import textstat

from scarhelp.bundle import load_rules
from scarhelp.checks.reading import MIN_WORDS, texts

ROOT = Path(__file__).resolve().parent.parent
# the easiest end of US grade 8 on each scale (see the docstring)
FH_FLOOR = 60.0
SP_FLOOR = 55.0


def table(path: str, lang: str) -> str:
    rs = load_rules(path, lang=lang)
    assert rs.language is not None and rs.language.lang == lang, f"no {lang} translation beside {path}"
    textstat.set_lang(lang)
    by: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    order: list[str] = []
    for kind, _item, _line, text in texts(rs):
        if kind not in order:
            order.append(kind)
        if len(text.split()) < MIN_WORDS:
            continue
        by[kind].append(
            (
                float(textstat.fernandez_huerta(text)),
                float(textstat.szigriszt_pazos(text)),
                float(textstat.flesch_kincaid_grade(text)),
            )
        )
    rows = [
        "| kind of text | graded | Fernández Huerta mean | worst | below 60 | Szigriszt-Pazos mean | worst "
        "| below 55 | F-K grade (es syllables) mean | worst |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def row(name: str, gs: list[tuple[float, float, float]]) -> str:
        if not gs:
            return f"| {name} | 0 | – | – | – | – | – | – | – | – |"
        fh, sp, fk = zip(*gs, strict=True)
        return (
            f"| {name} | {len(gs)} | {sum(fh) / len(fh):.1f} | {min(fh):.1f} | {sum(x < FH_FLOOR for x in fh)} "
            f"| {sum(sp) / len(sp):.1f} | {min(sp):.1f} | {sum(x < SP_FLOOR for x in sp)} "
            f"| {sum(fk) / len(fk):.1f} | {max(fk):.1f} |"
        )

    every: list[tuple[float, float, float]] = []
    for kind in order:
        every += by[kind]
        rows.append(row(kind, by[kind]))
    rows.append(row("**all**", every))
    untranslated = len(rs.language.fallbacks)
    rows.append("")
    rows.append(f"{len(every)} texts graded; {untranslated} text(s) still in English (not graded as Spanish).")
    return "\n".join(rows)


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "rules" / "acne-scars.yaml")
    lang = sys.argv[2] if len(sys.argv) > 2 else "es"
    print(table(path, lang))


if __name__ == "__main__":
    main()
