"""Build a rule file's treatments (benefits, harms, the summary's cells, notes set against what matters) and the row for leaving the scars as they are.

Every text a patient reads about a treatment is a point that cites claims, so the
claim ids from ``meta`` are checked here, where each point is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import schema as S
from ..model import ALWAYS, GLANCE_FIELDS, AgainstValue, All, Point, Question, Treatment
from ..yamldoc import Path
from . import refs
from .fields import Fields
from .when import Conditions


def build_treatments(
    r: Fields, root: dict[str, Any], claim_ids: set[str], questions: Iterable[Question], when: Conditions
) -> tuple[Treatment, ...]:
    """The treatments in file order, each id once."""
    qmap = {q.id: q for q in questions}
    out: list[Treatment] = []
    seen: set[str] = set()
    for i, t in enumerate(r.field(root, (), "treatments", S.RULE_SET) or []):
        tp = ("treatments", i)
        t = r.obj(t, tp, S.TREATMENT)
        if t is None:
            continue
        tid = r.field(t, tp, "id", S.TREATMENT)
        name = r.field(t, tp, "name", S.TREATMENT)
        what = r.field(t, tp, "what", S.TREATMENT)
        benefits = points(r, r.field(t, tp, "benefits", S.TREATMENT), tp + ("benefits",), claim_ids)
        harms = points(r, r.field(t, tp, "harms", S.TREATMENT), tp + ("harms",), claim_ids)
        ask = r.str_list(r.field(t, tp, "ask_your_dermatologist", S.TREATMENT), tp + ("ask_your_dermatologist",))
        if tid is None or name is None or what is None:
            continue
        if tid in seen:
            r.p.add(r.loc(tp + ("id",)), f"duplicate treatment id '{tid}'")
            continue
        seen.add(tid)
        cells = glance(r, r.field(t, tp, "glance", S.TREATMENT), tp + ("glance",), claim_ids)
        against = against_values(
            r, r.field(t, tp, "against_values", S.TREATMENT), tp + ("against_values",), qmap, claim_ids, when
        )
        out.append(Treatment(tid, name, what, benefits, harms, ask, r.line(tp), cells, against))
    return tuple(out)


def points(r: Fields, raw: Any, path: Path, claim_ids: set[str]) -> tuple[Point, ...]:
    """A list of benefits or harms: each a text and the claims it rests on."""
    out = []
    for i, pt in enumerate(raw or []):
        pp = path + (i,)
        pt = r.obj(pt, pp, S.POINT)
        if pt is None:
            continue
        text = r.field(pt, pp, "text", S.POINT)
        claims = refs.claims(r, r.field(pt, pp, "claims", S.POINT), pp + ("claims",), claim_ids)
        if text is not None:
            out.append(Point(text, claims))
    return tuple(out)


def against_values(
    r: Fields, raw: Any, path: Path, qmap: dict[str, Question], claim_ids: set[str], when: Conditions
) -> tuple[AgainstValue, ...]:
    """A treatment's notes set against what the person said matters; the one place a
    condition may test a preference question."""
    out = []
    for i, item in enumerate(raw or []):
        ip = path + (i,)
        item = r.obj(item, ip, S.AGAINST_VALUE)
        if item is None:
            continue
        cond = when.read(item.get("when"), ip + ("when",), qmap, preferences=True)
        text = r.field(item, ip, "text", S.AGAINST_VALUE)
        short = r.field(item, ip, "short", S.AGAINST_VALUE)
        claims = refs.claims(r, r.field(item, ip, "claims", S.AGAINST_VALUE), ip + ("claims",), claim_ids)
        if "when" not in item:
            continue  # reported as a missing required key
        if cond is ALWAYS or (isinstance(cond, All) and not cond.tests):
            r.p.add(
                r.loc(ip + ("when",)),
                "an against_values note needs a 'when' naming the answers it speaks to",
                "for example when: {mind_waiting: bothers}",
            )
            continue
        if text is not None and short is not None:
            out.append(AgainstValue(cond, text, claims, r.line(ip), short))
    return tuple(out)


def glance(r: Fields, raw: Any, path: Path, claim_ids: set[str]) -> tuple[tuple[str, Point], ...]:
    """The summary's cells of one row, in the summary's column order."""
    if raw is None:
        return ()
    g = r.obj(raw, path, S.GLANCE)
    if g is None:
        return ()
    out = []
    for key in GLANCE_FIELDS:
        if key not in g:
            continue
        cp = path + (key,)
        cell = r.obj(g[key], cp, S.GLANCE_CELL)
        if cell is None:
            continue
        text = r.field(cell, cp, "text", S.GLANCE_CELL)
        claims = refs.claims(r, r.field(cell, cp, "claims", S.GLANCE_CELL), cp + ("claims",), claim_ids)
        if text is not None:
            out.append((key, Point(text, claims)))
    return tuple(out)


def build_leave_as_they_are(r: Fields, root: dict[str, Any], claim_ids: set[str]) -> Treatment | None:
    """The summary's row for leaving the scars as they are, when the file has one."""
    if "leave_as_they_are" not in root:
        return None
    lp = ("leave_as_they_are",)
    lv = r.obj(root["leave_as_they_are"], lp, S.LEAVE)
    if lv is None:
        return None
    name = r.field(lv, lp, "name", S.LEAVE)
    cells = glance(r, r.field(lv, lp, "glance", S.LEAVE), lp + ("glance",), claim_ids)
    if name is None:
        return None
    return Treatment("leave_as_they_are", name, "", (), (), (), r.line(lp), cells)
