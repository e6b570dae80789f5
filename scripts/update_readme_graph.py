"""Redraw the decision-flow diagram in README.md from the bundled rules.

Usage (from the repository root):  python scripts/update_readme_graph.py [README.md]

Replaces only what lies between the ``<!-- graph:start -->`` and
``<!-- graph:end -->`` markers with ``scarhelp graph --format mermaid`` in a
fenced block; tests/test_graph.py fails until this has been run after a change
to the rules or to the drawing.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scarhelp.bundle import load_rules  # noqa: E402
from scarhelp.fileio import write_if_changed  # noqa: E402
from scarhelp.graph import to_mermaid  # noqa: E402

TYPE_CHECKING = False
if TYPE_CHECKING:
    from scarhelp.model import RuleSet

README_START = "<!-- graph:start -->"
README_END = "<!-- graph:end -->"


def readme_block(rule_set: RuleSet) -> str:
    """What goes between the README's graph markers: a fenced Mermaid block."""
    return "```mermaid\n" + to_mermaid(rule_set) + "```\n"


def replace_between_markers(text: str, block: str, start: str = README_START, end: str = README_END) -> str:
    """``text`` with everything between the two marker lines replaced by ``block``."""
    i = text.find(start)
    j = text.find(end, i + len(start)) if i >= 0 else -1
    if i < 0 or j < 0:
        raise ValueError(f"the markers {start} and {end} were not found (in that order)")
    head = text[: i + len(start)]
    return head + "\n" + block + text[j:]


def between_markers(text: str, start: str = README_START, end: str = README_END) -> str | None:
    i = text.find(start)
    j = text.find(end, i + len(start)) if i >= 0 else -1
    if i < 0 or j < 0:
        return None
    return text[i + len(start) : j].lstrip("\n")


def main(argv: list[str]) -> int:
    readme = Path(argv[0]) if argv else ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = replace_between_markers(text, readme_block(load_rules(ROOT / "rules" / "acne-scars.yaml")))
    written = write_if_changed(str(readme), new, "README")
    print(f"{readme}: {'diagram updated' if written else 'the diagram is up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
