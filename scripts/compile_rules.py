"""Rewrite the pre-compiled copy of the bundled rules after an edit to the YAML.

Usage (from the repository root):  python scripts/compile_rules.py [RULES.yaml]

scarhelp loads ``rules/acne-scars.compiled.json`` instead of parsing the YAML
while the copy matches the YAML byte for byte (see scarhelp/bundle.py); after an
edit it falls back to the YAML, which is correct but slower.  tests/test_bundle.py
fails until this has been run.  A rule file with errors is refused, as the
loader would refuse it, and the old copy is left as it was.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scarhelp.bundle import compile_rules, compiled_path  # noqa: E402
from scarhelp.errors import ScarhelpError  # noqa: E402
from scarhelp.fileio import write_if_changed  # noqa: E402
from scarhelp.loader import read_rules  # noqa: E402


def main(argv: list[str]) -> int:
    yaml_path = Path(argv[0]) if argv else ROOT / "rules" / "acne-scars.yaml"
    try:
        rule_set = read_rules(str(yaml_path))
    except ScarhelpError as exc:
        print(f"{exc}\nnot compiled: fix the rule file first", file=sys.stderr)
        return 2
    target = compiled_path(str(yaml_path))
    written = write_if_changed(target, compile_rules(rule_set, yaml_path.read_bytes()), "compiled rule set")
    print(f"{target}: {'written' if written else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
