"""Turn a rule file into a :class:`~scarhelp.model.RuleSet`, or say everything wrong with it.

The loader collects every problem (with file, line, column and a "did you mean")
before raising, because a maintainer fixing a file one error per run would give up.
This module is the entry and the order of work; each part of the model is built
by its own module in :mod:`scarhelp.loading`.
"""

from __future__ import annotations

from . import schema as S
from .errors import RulesError
from .fileio import read_text
from .loading.fields import Fields
from .loading.invariants import build_invariants
from .loading.meta import build_meta
from .loading.questions import build_questions
from .loading.rules import build_rules
from .loading.treatments import build_leave_as_they_are, build_treatments
from .loading.when import Conditions
from .model import RuleSet
from .yamldoc import Document, load_yaml, problems_error


def read_rules(path: str) -> RuleSet:
    """Read, parse and validate a rule file; raise :class:`RulesError` listing every problem.

    Most callers want :func:`scarhelp.bundle.load_rules`, which also knows the
    bundled rule set and its pre-compiled copy.
    """
    text = read_text(path, "rule file")
    return parse_rules(text, "<stdin>" if path == "-" else path)  # named as answers from stdin are


def parse_rules(text: str, path: str = "<rules>") -> RuleSet:
    """Parse and validate rule-file text; ``path`` names it in messages."""
    doc = load_yaml(text, path, "rule file")
    return build(doc)


def build(doc: Document) -> RuleSet:
    """The rule set a parsed document declares, built part by part in the order each
    needs the last: the claims first (everything cites them), then the questions
    (conditions test them), the treatments, the rules, the invariants (which name
    treatments and rules) and the leave-as-they-are row. Every part is read even after an error, so one run reports
    every problem; then, if there were any, they are raised together, sorted by position.
    """
    r = Fields(doc)
    root = r.obj(doc.data, (), S.RULE_SET)
    if root is None:
        raise problems_error(RulesError, f"{doc.file}: invalid rule file", r.p.problems)
    meta = build_meta(r, root.get("meta"), ("meta",)) if "meta" in root else None
    claim_ids = {c.id for c in meta.claims} if meta else set()
    when = Conditions(r)
    questions = build_questions(r, root, when)
    treatments = build_treatments(r, root, claim_ids, questions, when)
    rules = build_rules(r, root, questions, treatments, claim_ids, when)
    invariants = build_invariants(r, root, questions, treatments, rules, claim_ids, when)
    leave = build_leave_as_they_are(r, root, claim_ids)
    if r.p.errors or meta is None:
        raise problems_error(RulesError, f"{doc.file}: {len(r.p.errors)} problem(s) in the rule file", r.p.errors)
    return RuleSet(meta, questions, treatments, rules, path=doc.file, invariants=invariants, leave_as_they_are=leave)
