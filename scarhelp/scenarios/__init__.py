"""Scenario files: named answer sets with the result each must give, run against a rule set.

A scenario file sits beside its rules (``acne-scars.yaml`` -> ``acne-scars.scenarios.yaml``)
and reads::

    scenarios:
      - name: deep scars on the cheeks, nothing tried
        answers: {active_acne: "no", scar_type: sunken, scar_depth: deep, ...}
        expect:
          shown: {bellafill: best_fit, topical_creams: not_suited}
          not_shown: [topical_creams]
          advice: [depth-unsure-ask]
          caveats: [peel-side-effects]
          no_advice: true
          only: true

The expectation vocabulary (``EXPECT_KEYS``) is deliberately small:

* ``shown`` - treatment id -> the strength the result gives it (``best_fit``,
  ``option``, ``weaker_fit``; ``not_suited`` means a rule rules it out, and the
  report gives that reason under "not shown, and why").
* ``not_shown`` - treatments that must not be among the options shown (ruled out,
  or no rule recommends them).
* ``advice`` / ``caveats`` - rule ids whose advice / caveat must appear in the
  result (a caveat counts when it is printed: general, or on a shown treatment).
* ``said`` - treatments shown with a note set against what the person said
  matters to them (a treatment's ``against_values`` whose ``when`` holds).
* ``no_advice: true`` - the result gives no general advice at all.
* ``only: true`` - the lists above are complete: any other treatment with a
  strength, advice or caveat in the result is a failure.

This package is the library side of ``scarhelp test``: load and validate scenario
files (every problem at once, with file:line:column), run them, and compute
coverage.  It prints nothing; ``scarhelp.commands.test`` does the talking.  One job
per module: ``model`` the records (a scenario, its expectations, a result and its
mismatches; ``ScenarioError``), ``load`` the file's schema and its reader,
``run`` running and comparing, ``exercised`` coverage, ``data`` the results as
plain data for ``--format json``.
"""

from __future__ import annotations

from .data import as_data
from .exercised import Coverage, coverage, invariant_applies
from .load import (
    EXPECT,
    EXPECT_KEYS,
    ROOT_KEYS,
    SCENARIO,
    SCENARIO_FILE,
    SCENARIO_KEYS,
    SUFFIX,
    default_scenarios_path,
    load_scenarios,
    parse_scenarios,
)
from .model import Expect, Item, Mismatch, Scenario, ScenarioError, ScenarioResult
from .run import caveat_ids, run_scenario, run_scenarios, treatment_outcomes

__all__ = [
    "EXPECT",
    "EXPECT_KEYS",
    "ROOT_KEYS",
    "SCENARIO",
    "SCENARIO_FILE",
    "SCENARIO_KEYS",
    "SUFFIX",
    "Coverage",
    "Expect",
    "Item",
    "Mismatch",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "as_data",
    "caveat_ids",
    "coverage",
    "default_scenarios_path",
    "invariant_applies",
    "load_scenarios",
    "parse_scenarios",
    "run_scenario",
    "run_scenarios",
    "treatment_outcomes",
]
