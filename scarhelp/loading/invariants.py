"""Build a rule file's invariants: properties every matching result must have, which ``scarhelp check`` proves.

An invariant names treatments (what they must or must never be shown as) and
rules (whose text must or must not appear), so it is read last, against the
treatments and rules already built.
"""

from __future__ import annotations

from typing import Any

from .. import schema as S
from ..errors import kind as _kind
from ..model import OUTCOMES, Invariant, Question, Rule, Treatment
from ..yamldoc import Path
from . import refs
from .fields import Fields
from .when import Conditions

SAYING_KEYS = ("never", "always", "require", "require_any", "forbid")


def build_invariants(
    r: Fields,
    root: dict[str, Any],
    questions: tuple[Question, ...],
    treatments: tuple[Treatment, ...],
    rules: tuple[Rule, ...],
    claim_ids: set[str],
    when: Conditions,
) -> tuple[Invariant, ...]:
    """The invariants in file order, each id once."""
    qmap = {q.id: q for q in questions}
    tids = [t.id for t in treatments]
    rids = [rule.id for rule in rules]
    out: list[Invariant] = []
    seen: set[str] = set()
    for i, raw in enumerate(r.field(root, (), "invariants", S.RULE_SET) or []):
        ip = ("invariants", i)
        inv = r.obj(raw, ip, S.INVARIANT)
        if inv is None:
            continue
        iid = r.field(inv, ip, "id", S.INVARIANT)
        says = r.field(inv, ip, "says", S.INVARIANT)
        claims = refs.claims(r, r.field(inv, ip, "claims", S.INVARIANT), ip + ("claims",), claim_ids)
        cond = when.read(inv.get("when"), ip + ("when",), qmap)
        unless = r.field(inv, ip, "unless_shown_at_least", S.INVARIANT)
        if_shown = r.field(inv, ip, "if_shown_at_least", S.INVARIANT)
        never = outcome_map(r, inv, ip, "never", tids)
        always = outcome_map(r, inv, ip, "always", tids)
        lists = {k: rule_ids(r, inv, ip, k, rids) for k in ("require", "require_any", "forbid")}
        if not (never or always or any(lists.values())) and not any(k in inv for k in SAYING_KEYS):
            r.p.add(
                r.loc(ip),
                "an invariant needs at least one of 'never', 'always', 'require', 'require_any' or 'forbid'",
            )
        if iid is None or says is None:
            continue
        if iid in seen:
            r.p.add(r.loc(ip + ("id",)), f"duplicate invariant id '{iid}'")
            continue
        seen.add(iid)
        out.append(
            Invariant(
                iid,
                says,
                claims,
                cond,
                unless,
                if_shown,
                never,
                always,
                lists["require"],
                lists["require_any"],
                lists["forbid"],
                r.line(ip),
            )
        )
    return tuple(out)


def outcome_map(
    r: Fields, inv: dict[str, Any], ip: Path, key: str, tids: list[str]
) -> tuple[tuple[str, frozenset[str]], ...]:
    """``never``/``always``: treatment id -> an outcome or a list of them."""
    raw = r.field(inv, ip, key, S.INVARIANT)
    if raw is None:
        return ()
    mp = ip + (key,)
    if not isinstance(raw, dict) or not raw:
        r.p.add(r.loc(mp), f"'{key}' should be a mapping of treatment ids to outcomes, not {_kind(raw)}")
        return ()
    out = []
    for tid, spec in raw.items():
        tp = mp + (tid,)
        if not refs.treatment(r, tid, tp, tids, key=True):
            continue
        items = spec if isinstance(spec, list) else [spec]
        if not items:
            r.p.add(r.loc(tp), "an empty list of outcomes says nothing")
            continue
        got = set()
        for j, v in enumerate(items):
            vp = tp + (j,) if isinstance(spec, list) else tp
            v = r.string(v, vp, enum=OUTCOMES)
            if v is not None:
                got.add(v)
        if got:
            out.append((tid, frozenset(got)))
    return tuple(out)


def rule_ids(r: Fields, inv: dict[str, Any], ip: Path, key: str, rids: list[str]) -> tuple[str, ...]:
    """``require``/``require_any``/``forbid``: ids of rules already built."""
    raw = r.field(inv, ip, key, S.INVARIANT)
    out = []
    for j, v in enumerate(raw or []):
        vp = ip + (key, j)
        v = r.string(v, vp)
        if v is not None and refs.rule(r, v, vp, rids):
            out.append(v)
    return tuple(out)
