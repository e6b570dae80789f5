"""``scarhelp test [FILES]``: run the rule set's scenarios, like a test runner, with coverage."""

from __future__ import annotations

from ..i18n import _, ngettext
from ._common import add_rules_option, display_path, new_parser

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    import argparse

    from ..model import RuleSet
    from ..scenarios import Coverage, Scenario, ScenarioResult
    from ._common import Subparsers

EPILOG = """\
FILES default to the scenario file beside the rules: <rules stem>.scenarios.yaml
(for the bundled rules, rules/acne-scars.scenarios.yaml; an installed copy ships it
next to the bundled rules too).

scenario file:
  scenarios:
    - name: deep scars on the cheeks, nothing tried
      answers: {active_acne: "no", scar_type: sunken, scar_depth: deep, ...}
      expect:
        shown: {bellafill: best_fit, topical_creams: not_suited}  # treatment: strength
        not_shown: [topical_creams]      # not among the options shown
        advice: [acne-unsure-ask]        # rule ids whose advice must appear
        caveats: [peel-side-effects]     # rule ids whose caveat must appear
        no_advice: true                  # no general advice at all
        only: true                       # the lists above are complete

exit codes: 0 all scenarios passed (and coverage reached --fail-under),
            1 a scenario failed or coverage is under --fail-under,
            2 unreadable or invalid scenario or rule files.
"""


def register(sub: Subparsers) -> None:
    p = new_parser(
        sub,
        "test",
        _("run the rule set's scenarios (--coverage)"),
        _(
            "Run each scenario's answers through the rules and check the result against what\n"
            "the scenario expects; optionally report which rules and answer options the\n"
            "scenarios exercise."
        ),
    )
    p.epilog = EPILOG
    p.add_argument("files", nargs="*", metavar="FILES", help=_("scenario files (default: the one beside the rules)"))
    add_rules_option(p)
    p.add_argument("--coverage", action="store_true", help=_("report rule and answer-option coverage"))
    p.add_argument(
        "--fail-under",
        type=_percentage,
        metavar="N",
        help=_(
            "fail (exit 1) when under N%% of the rules fire, or of the invariants are met, in some scenario; "
            "implies --coverage"
        ),
    )
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help=_("output format (default: text)"))
    p.add_argument("--quiet", "-q", action="store_true", help=_("text: list only failing scenarios"))
    p.add_argument(
        "-k",
        dest="pattern",
        metavar="PATTERN",
        help=_("run only the scenarios whose name contains PATTERN (any case; * and ? as in shell patterns)"),
    )


def _percentage(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{typed}' is not a number (a percentage, 0 to 100)").format(typed=text)
        ) from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(_("{typed} is not a percentage from 0 to 100").format(typed=text))
    return value


def run(args: argparse.Namespace) -> int:
    import sys

    from .. import scenarios as S
    from ..bundle import load_rules

    rule_set = load_rules(args.rules)
    files = list(args.files)
    if not files and args.rules == "-":
        raise S.ScenarioError(
            _(
                "scarhelp test: the rules come from stdin, so there is no scenario file beside them; "
                "name the scenario files to run: scarhelp test --rules - FILE..."
            )
        )
    if not files:
        default = S.default_scenarios_path(rule_set.path)
        if not default.is_file():
            raise S.ScenarioError(
                _(
                    "{path}: no scenario file beside the rules ({rules}); "
                    "name the scenario files to run: scarhelp test FILE..."
                ).format(path=display_path(default), rules=display_path(rule_set.path))
            )
        files = [display_path(default)]
    scenarios = S.load_scenarios(files, rule_set)
    if args.pattern is not None:
        scenarios = _matching(scenarios, args.pattern)
    results = S.run_scenarios(rule_set, scenarios)
    want_coverage = args.coverage or args.fail_under is not None
    cov = S.coverage(rule_set, results) if want_coverage else None
    failed = sum(1 for r in results if not r.passed)
    under = cov is not None and args.fail_under is not None and not cov.meets(args.fail_under)

    if args.format == "json":
        import json

        data = S.as_data(rule_set, files, results, cov, args.fail_under)
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        from ..terminal import use_color

        sys.stdout.write(_text(rule_set, results, cov, quiet=args.quiet, color=use_color()))
    sys.stdout.flush()
    if under and cov is not None:  # under implies coverage was measured
        for message, pct, got, total in (
            (
                _("scarhelp test: rule coverage {pct} is under --fail-under {limit}% ({got} of {total} rules fired)"),
                cov.rule_percent,
                len(cov.rules_covered),
                cov.rules_total,
            ),
            (
                _(
                    "scarhelp test: invariant coverage {pct} is under --fail-under {limit}% "
                    "({got} of {total} invariants met)"
                ),
                cov.invariant_percent,
                len(cov.invariants_covered),
                cov.invariants_total,
            ),
        ):
            if total and got * 100 < args.fail_under * total:
                limit = f"{args.fail_under:g}"
                sys.stderr.write(message.format(pct=_pct(pct), limit=limit, got=got, total=total) + "\n")
    return 1 if failed or under else 0


def _matching(scenarios: list[Scenario], pattern: str) -> list[Scenario]:
    """The scenarios whose name contains ``pattern``, ignoring case; ``*`` and ``?``
    match as in a shell pattern.  None matching is a usage error, not a pass."""
    import fnmatch

    from ..errors import UsageError

    glob = pattern.lower() if any(c in pattern for c in "*?[") else f"*{pattern.lower()}*"
    if not glob.startswith("*"):
        glob = "*" + glob
    if not glob.endswith("*"):
        glob += "*"
    chosen = [s for s in scenarios if fnmatch.fnmatchcase(s.name.lower(), glob)]
    if not chosen:
        raise UsageError(
            ngettext(
                "scarhelp test: no scenario name matches -k {pattern} ({n} scenario in the files)",
                "scarhelp test: no scenario name matches -k {pattern} ({n} scenarios in the files)",
                len(scenarios),
            ).format(pattern=repr(pattern), n=len(scenarios))
        )
    return chosen


def _pct(value: float) -> str:
    """Rounded down, so 99.96% never shows as 100.0%."""
    import math

    return f"{math.floor(value * 10) / 10:.1f}%"


def _text(rule_set: RuleSet, results: list[ScenarioResult], cov: Coverage | None, quiet: bool, color: bool) -> str:
    def paint(text: str, style: str) -> str:
        if not color:
            return text
        from ..render.panels import paint as painted

        return painted(text, style)

    lines: list[str] = []
    for r in results:
        if r.passed and quiet:
            continue
        mark = paint("PASS", "green") if r.passed else paint("FAIL", "bold red")
        lines.append(f"{mark}  {r.scenario.location.file}:{r.scenario.location.line}  {r.scenario.name}")
        for m in r.mismatches:
            lines.append(f"      {m.location}  {m.subject}")
            lines.append("        " + paint(_("- expected: {value}").format(value=m.expected), "green"))
            lines.append("        " + paint(_("+ actual:   {value}").format(value=m.actual), "red"))
    if cov is not None:
        rules_path = display_path(cov.rules_path)
        lines.append("")
        lines.append(
            ngettext(
                "coverage of {path} by {n} scenario:", "coverage of {path} by {n} scenarios:", len(results)
            ).format(path=rules_path, n=len(results))
        )
        lines.append(
            _("  rules fired:       {got} of {total} ({pct})").format(
                got=len(cov.rules_covered), total=cov.rules_total, pct=_pct(cov.rule_percent)
            )
        )
        lines.append(
            _("  options answered:  {got} of {total} ({pct})").format(
                got=cov.options_covered, total=cov.options_total, pct=_pct(cov.option_percent)
            )
        )
        if cov.invariants_total:
            lines.append(
                _(
                    "  invariants met:    {got} of {total} ({pct}) "
                    "(a scenario's answers are ones the invariant speaks about)"
                ).format(got=len(cov.invariants_covered), total=cov.invariants_total, pct=_pct(cov.invariant_percent))
            )
        width = max((len(q) for q, _used, _total in cov.per_question), default=0)
        for qid, used, total in cov.per_question:
            if quiet and used == total:
                continue
            note = "" if used == total else "  " + _("<- not all used")
            lines.append(f"    {qid:<{width}}  {used}/{total}{note}")
        if cov.uncovered_rules:
            lines.append(_("  rules that no scenario fires:"))
            for rule in cov.uncovered_rules:
                lines.append(f"    {rules_path}:{rule.line}  {rule.id}")
        if cov.uncovered_invariants:
            lines.append(_("  invariants that no scenario meets:"))
            for inv in cov.uncovered_invariants:
                lines.append(f"    {rules_path}:{inv.line}  {inv.id}")
        if cov.uncovered_options:
            lines.append(_("  answer options that no scenario uses:"))
            for q, o in cov.uncovered_options:
                loc = cov.option_location(q, o)
                lines.append(f"    {rules_path}:{loc.line}  {q.id}: {o.value}")
        lines.append("")
    passed = sum(1 for r in results if r.passed)
    failed = len(results) - passed
    summary = _("{passed} passed, {failed} failed").format(passed=passed, failed=failed)
    lines.append(paint(summary, "bold red" if failed else "bold green"))
    return "\n".join(lines) + "\n"
