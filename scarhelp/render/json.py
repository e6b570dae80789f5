"""The report as JSON: the report structure itself, stable keys, UTF-8 kept readable."""

from __future__ import annotations

import json

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..reportshape import Report


def render(report: Report, **_options: object) -> str:
    return dump(report)


def dump(data: Mapping[str, object]) -> str:
    """Any part of the report (``--brief`` gives the summary alone) the same way."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
