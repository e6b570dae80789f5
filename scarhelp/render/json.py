"""The report as JSON: the report structure itself, stable keys, UTF-8 kept readable."""

from __future__ import annotations

import json


def render(report: dict, **_options) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
