"""Finding ``missing-glance``: a treatment (or the "leave as they are" row) lacks a summary cell.

The summary puts every option side by side on the same questions; a cell left
out would leave a blank where a patient looks for an answer.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.findings import Finding
from ..model import GLANCE_FIELDS
from .context import Context


def check(ctx: Context) -> Iterator[Finding]:
    rows = list(ctx.rule_set.treatments)
    if ctx.rule_set.leave_as_they_are is not None:
        rows.append(ctx.rule_set.leave_as_they_are)
    if not any(t.glance for t in rows):
        return  # a rule set with no summary cells at all (an old or minimal one) is not judged
    for t in rows:
        have = {k for k, _ in t.glance}
        missing = [k for k in GLANCE_FIELDS if k not in have]
        if missing:
            yield Finding(
                "warning",
                "missing-glance",
                f"'{t.id}' has no glance {', '.join(missing)}: the summary would show a blank there "
                "(add them under glance:, saying 'Not in the article.' where it is silent)",
                [(f"treatment {t.id}", t.line)],
                [],
                [],
            )
