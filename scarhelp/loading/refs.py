"""Check that an id one part of a rule file names is declared in another, with a "did you mean".

Claims name reference numbers, rules and points name claims, rules and invariants
name treatments, invariants name rules, conditions name questions and their
options. Each check reports an unknown id where it is written and says what the
author probably meant, or what the known ids are; it returns whether the id is
good so the caller can leave the broken one out of the model.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from ..errors import kind as _kind
from ..errors import suggest
from ..model import Question
from ..yamldoc import Path
from .fields import Fields


def reference_number(r: Fields, n: Any, path: Path, numbers: set[int], judge: bool) -> bool:
    """A claim's reference number; ``judge``: the source's list was read cleanly, so a
    number missing from it is an error (against a broken list it would only be noise)."""
    if isinstance(n, bool) or not isinstance(n, int):
        r.p.add(r.loc(path), f"a reference number should be a whole number, not {_kind(n)}")
        return False
    if judge and n not in numbers:
        r.p.add(r.loc(path), f"unknown reference {n}", f"the source lists references {span(numbers)}")
        return False
    return True


def claims(r: Fields, raw: Any, path: Path, claim_ids: set[str]) -> tuple[str, ...]:
    """The claim ids a rule, point, note or invariant cites; with no claims declared
    (meta is broken, and reported) any id is let through rather than reported again."""
    out = []
    for i, c in enumerate(raw or []):
        c = r.string(c, path + (i,))
        if c is None:
            continue
        if claim_ids and c not in claim_ids:
            r.p.add(
                r.loc(path + (i,)),
                f"unknown claim '{c}'",
                suggest(c, sorted(claim_ids)) or "claims are declared under meta.claims",
            )
            continue
        out.append(c)
    return tuple(out)


def treatment(r: Fields, tid: object, path: Path, tids: list[str], key: bool = False) -> bool:
    """A treatment id, written as a value (a rule's) or as a key (an invariant's outcome map)."""
    if tid in tids:
        return True
    r.p.add(r.loc(path, key=key), f"unknown treatment '{tid}'", suggest(tid, tids) or f"treatments: {', '.join(tids)}")
    return False


def rule(r: Fields, rid: str, path: Path, rids: list[str]) -> bool:
    """A rule id an invariant requires or forbids."""
    if rid in rids:
        return True
    r.p.add(r.loc(path), f"unknown rule '{rid}'", suggest(rid, rids) or "list the ids of rules under 'rules:'")
    return False


def question(
    r: Fields, qid: object, path: Path, questions: dict[str, Question], unusable: Collection[str]
) -> Question | None:
    """The question a condition tests; one declared too badly to use was reported
    already, so a test of it is dropped silently (one typo is one error, not thirty)."""
    q = questions.get(qid) if isinstance(qid, str) else None
    if q is None and qid not in unusable:
        hint = suggest(qid, list(questions)) or f"known questions: {', '.join(questions)}"
        r.p.add(r.loc(path, key=True), f"unknown question '{qid}'", hint)
    return q


def option(r: Fields, q: Question, value: str, path: Path) -> bool:
    """A value a condition tests a question for."""
    if q.option(value) is not None:
        return True
    r.p.add(
        r.loc(path),
        f"'{value}' is not an option of question '{q.id}'",
        suggest(value, q.values) or f"options: {', '.join(q.values)}",
    )
    return False


def span(nums: Iterable[int]) -> str:
    """Reference numbers as a reader would write them: '1-12' for a run, else a list."""
    nums = sorted(nums)
    if not nums:
        return "(none)"
    if len(nums) > 2 and nums == list(range(nums[0], nums[-1] + 1)):
        return f"{nums[0]}-{nums[-1]}"
    return ", ".join(map(str, nums))
