"""Build a rule file's ``meta``: its title and disclaimer, the article it rests on, and the claims it makes.

The claims are what every rule, point and invariant cites, and each claim cites the
source's numbered references, so this part is read first and its ids handed on.
"""

from __future__ import annotations

from typing import Any

from .. import schema as S
from ..model import Claim, Meta, Reference, Source
from ..yamldoc import Path
from . import refs
from .fields import Fields


def build_meta(r: Fields, value: Any, path: Path) -> Meta | None:
    """The rule set's ``meta``, or None when it is not even a mapping (reported)."""
    m = r.obj(value, path, S.META)
    if m is None:
        return None
    src_path = path + ("source",)
    src = r.obj(m.get("source"), src_path, S.SOURCE) if "source" in m else None
    references, refs_ok = _references(r, src, src_path)
    claims = _claims(r, m, path, {ref.number for ref in references}, refs_ok)

    def s(name: str) -> Any:
        return r.field(m, path, name, S.META) or ""

    def ss(name: str) -> Any:
        return (r.field(src, src_path, name, S.SOURCE) or "") if src else ""

    source = Source(
        ss("title"), ss("author"), ss("reviewer"), ss("publisher"), ss("published"), ss("note"), tuple(references)
    )
    outside = r.str_list(r.field(m, path, "outside_article", S.META), path + ("outside_article",))
    limit = r.field(m, path, "reading_grade_limit", S.META)
    return Meta(
        s("title"),
        s("version"),
        s("last_reviewed"),
        s("disclaimer"),
        source,
        claims,
        outside,
        8 if limit is None else limit,
    )


def _references(r: Fields, src: dict[str, Any] | None, src_path: Path) -> tuple[list[Reference], bool]:
    """The source's numbered references, and whether the list was read cleanly (only
    then are the claims' reference numbers judged against it)."""
    out: list[Reference] = []
    ok = src is not None
    if src is None:
        return out, ok
    seen: set[int] = set()
    for i, raw in enumerate(r.field(src, src_path, "references", S.SOURCE) or []):
        rp = src_path + ("references", i)
        ref = r.obj(raw, rp, S.REFERENCE)
        if ref is None:
            ok = False
            continue
        num = r.field(ref, rp, "number", S.REFERENCE)
        cit = r.field(ref, rp, "citation", S.REFERENCE)
        if num is None or cit is None:
            ok = False
            continue
        if num in seen:
            r.p.add(r.loc(rp + ("number",)), f"duplicate reference number {num}")
        seen.add(num)
        out.append(Reference(num, cit, r.line(rp)))
    return out, ok


def _claims(r: Fields, m: dict[str, Any], path: Path, numbers: set[int], refs_ok: bool) -> tuple[Claim, ...]:
    out: list[Claim] = []
    seen: set[str] = set()
    for i, raw in enumerate(r.field(m, path, "claims", S.META) or []):
        cp = path + ("claims", i)
        c = r.obj(raw, cp, S.CLAIM)
        if c is None:
            continue
        cid = r.field(c, cp, "id", S.CLAIM)
        text = r.field(c, cp, "text", S.CLAIM)
        nums = r.field(c, cp, "refs", S.CLAIM) or []
        origin = r.field(c, cp, "origin", S.CLAIM) or "article"
        good = [n for j, n in enumerate(nums) if refs.reference_number(r, n, cp + ("refs", j), numbers, refs_ok)]
        if cid is None or text is None:
            continue
        if cid in seen:
            r.p.add(r.loc(cp + ("id",)), f"duplicate claim id '{cid}'")
        seen.add(cid)
        out.append(Claim(cid, text, tuple(good), origin, r.line(cp)))
    return tuple(out)
