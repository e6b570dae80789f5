"""The report as JSON: the report structure itself, stable keys, UTF-8 kept readable."""

from __future__ import annotations

import json

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from ..report import JSON


def render(report: JSON, **_options: object) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
