"""The texts people read that differ between two versions of a rule set.

``diff`` compares results: which treatments, strengths, advice and caveats each
answer set gets.  A reworded benefit, harm or claim changes no result, yet it
changes what every person shown it reads, and a reviewer must see it.  Texts are
matched by their id path (the one translations use, ``translation.texts``); a text
that only moved (a rule renamed or reordered, the same words) is not a change.
"""

from __future__ import annotations

from collections import Counter

from ..model import RuleSet
from ..record import Record
from ..translation import texts


class TextChange(Record):
    key: str  # the text's id path, e.g. ``treatments.chemical_peel.benefits[2].text``
    before: str | None  # None: the text is new
    after: str | None  # None: the text is gone


def text_changes(old: RuleSet, new: RuleSet) -> list[TextChange]:
    """Every text added, removed or reworded, in the new file's order (then the removed ones)."""
    before = {t.key: " ".join(t.english.split()) for t in texts(old)}
    after = {t.key: " ".join(t.english.split()) for t in texts(new)}
    # the same words under another id (a renamed or moved rule) are not a change
    gone = Counter(v for k, v in before.items() if k not in after)
    came = Counter(v for k, v in after.items() if k not in before)
    moved = gone & came
    out: list[TextChange] = []
    for key, text in after.items():
        if key in before:
            if before[key] != text:
                out.append(TextChange(key, before[key], text))
        elif moved[text]:
            moved[text] -= 1
        else:
            out.append(TextChange(key, None, text))
    moved = gone & came
    for key, text in before.items():
        if key not in after:
            if moved[text]:
                moved[text] -= 1
            else:
                out.append(TextChange(key, text, None))
    return out
