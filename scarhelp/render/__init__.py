"""One module per output format, each a function ``render(report, **options) -> str``.

Renderers see only the plain report built by :mod:`scarhelp.report`: they know
nothing of YAML, rules or the engine, so a new format cannot change what is said.
The registry maps a format name to its module so only the one used is imported.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from ..reportshape import Report

FORMATS = {
    "text": "scarhelp.render.text",
    "json": "scarhelp.render.json",
    "markdown": "scarhelp.render.markdown",
    "html": "scarhelp.render.html",
}


def render(report: Report, fmt: str, **options: object) -> str:
    import importlib

    text: str = importlib.import_module(FORMATS[fmt]).render(report, **options)
    return text
