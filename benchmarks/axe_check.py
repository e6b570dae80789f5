"""Accessibility check of the HTML report: axe-core run inside headless Chromium.

    (cd benchmarks/node && npm install axe-core@4)      # once; the folder is git-ignored
    .venv/bin/python benchmarks/axe_check.py [--chromium /usr/bin/chromium]

Renders the HTML report for a spread of answer sets (every treatment at every fit,
"not sure" answers, raised scars, active acne, nothing shown), adds axe-core and a
few lines that run it to a copy of each page, lets Chromium run the page
(``--dump-dom`` with a virtual-time budget, so no browser driver is needed) and
reads the result back from the dumped page.  Prints each violation (rule, impact,
how many nodes) and the total; exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "benchmarks" / "node" / "node_modules" / "axe-core" / "axe.min.js"

ANSWER_SETS: dict[str, dict] = {
    "deep, creams fell short": {
        "active_acne": "no", "scar_type": "sunken", "scar_depth": "deep", "tried": ["creams"],
        "creams_outcome": "not_enough", "avoid_downtime": "no", "darker_skin": "no", "scar_area": "cheeks",
        "stretch_softens": "yes", "over_21": "yes", "collagen_allergy": "no",
        # what matters to you: a wait and a lasting filler would bother (notes on creams
        # and Bellafill, a "What you said" row in the summary table)
        "mind_waiting": "bothers", "mind_needle": "fine", "mind_permanent": "bothers",
    },
    "shallow, active acne, darker skin": {
        "active_acne": "yes", "scar_type": "sunken", "scar_depth": "shallow", "tried": ["none"],
        "avoid_downtime": "yes", "darker_skin": "yes",
    },
    "everything not sure": {
        "active_acne": "not_sure", "scar_type": "not_sure",
        "mind_waiting": "no_view", "mind_needle": "bothers", "mind_permanent": "no_view",
    },
    "raised scars": {"active_acne": "no", "scar_type": "raised"},
    "both, allergy": {
        "active_acne": "no", "scar_type": "both", "scar_depth": "not_sure", "tried": ["creams", "peel"],
        "creams_outcome": "not_sure", "peel_outcome": "too_early", "avoid_downtime": "not_sure",
        "darker_skin": "not_sure", "scar_area": "mixed", "stretch_softens": "not_sure", "over_21": "no",
        "collagen_allergy": "yes",
    },
}  # fmt: skip

RUNNER = """
<pre id="axe-result" hidden></pre>
<script>
axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
  document.getElementById("axe-result").textContent = JSON.stringify(r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length};
  }));
}).catch(function (e) { document.getElementById("axe-result").textContent = "ERROR " + e; });
</script>
"""


def report_html(answers: dict) -> str:
    from scarhelp.bundle import load_rules
    from scarhelp.engine import evaluate
    from scarhelp.render import render
    from scarhelp.report import build_report

    rs = load_rules()
    clean = {k: tuple(v) if isinstance(v, list) else v for k, v in answers.items()}
    return render(build_report(rs, evaluate(rs, clean)), "html", generated="2026-12-03")


def run_axe(page: str, chromium: str, tmp: Path) -> list[dict]:
    shutil.copy(AXE, tmp / "axe.min.js")
    page = page.replace("</body>", '<script src="axe.min.js"></script>' + RUNNER + "</body>", 1)
    path = tmp / "report.html"
    path.write_text(page, encoding="utf-8")
    out = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
         "--virtual-time-budget=15000", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    m = re.search(r'<pre id="axe-result" hidden="">(.*?)</pre>', out, re.S)
    if not m or not m.group(1).strip():
        raise SystemExit("axe did not report (is Chromium able to run the page?)")
    body = html.unescape(m.group(1))
    if body.startswith("ERROR"):
        raise SystemExit(body)
    return json.loads(body)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    ap.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    args = ap.parse_args()
    if not AXE.exists():
        raise SystemExit(f"axe-core is missing: (cd benchmarks/node && npm install axe-core@4)  [{AXE}]")
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, answers in ANSWER_SETS.items():
            violations = run_axe(report_html(answers), args.chromium, Path(tmp))
            total += len(violations)
            print(f"{name}: {len(violations)} violation(s)")
            for v in violations:
                print(f"  {v['id']} ({v['impact']}, {v['nodes']} node(s)): {v['help']}")
    print(f"total: {total} violation(s) over {len(ANSWER_SETS)} reports")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
