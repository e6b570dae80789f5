"""``Record``, the frozen data class the model, errors and engine results are built on."""

from __future__ import annotations

import pickle
from typing import ClassVar

import pytest

from scarhelp.model import All, Option, RuleSet, Test
from scarhelp.record import Record


class Point(Record):
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


def test_positional_keyword_and_default_construction_agree():
    assert Point(1) == Point(x=1) == Point(1, 0, ()) == Point(1, y=0)
    assert Point(1, 2).y == 2
    assert Point._fields == ("x", "y", "tags")


def test_frozen():
    p = Point(1)
    with pytest.raises(AttributeError, match="frozen"):
        p.x = 2
    with pytest.raises(AttributeError, match="frozen"):
        del p.x


def test_value_equality_and_hash_depend_on_class_and_fields():
    class Other(Record):
        x: int
        y: int = 0
        tags: tuple[str, ...] = ()

    assert Point(1, 2) != Point(2, 1)
    assert Point(1) != Other(1)
    assert len({Point(1), Point(1), Point(2)}) == 2
    assert hash(Test("q", frozenset({"a"}))) == hash(Test("q", frozenset({"a"})))


def test_bad_calls_raise_type_error_like_a_dataclass():
    with pytest.raises(TypeError, match="missing argument 'x'"):
        Point()
    with pytest.raises(TypeError, match="unexpected argument 'z'"):
        Point(1, z=3)
    with pytest.raises(TypeError, match="two values for 'x'"):
        Point(1, x=1)
    with pytest.raises(TypeError, match="takes 3 arguments"):
        Point(1, 2, (), 4)


def test_declaration_errors():
    with pytest.raises(TypeError, match="without a default follows"):

        class Bad(Record):
            a: int = 0
            b: int

    with pytest.raises(TypeError, match="mutable default"):

        class Shared(Record):
            a: list = []  # noqa: RUF012 - the point of the test


def test_repr_replace_and_pickle_round_trip():
    p = Point(1, 2, ("a",))
    assert repr(p) == "Point(x=1, y=2, tags=('a',))"
    assert p.replace(y=5) == Point(1, 5, ("a",))
    assert p.as_dict() == {"x": 1, "y": 2, "tags": ("a",)}
    opt = Option("yes", "Yes", line=3)
    assert pickle.loads(pickle.dumps(opt)) == opt


def test_ruleset_lookup_tables_take_no_part_in_equality(rules):
    copy = RuleSet(
        rules.meta,
        rules.questions,
        rules.treatments,
        rules.rules,
        rules.path,
        rules.invariants,
        rules.leave_as_they_are,
    )
    # the tables are built in __init__; make the two differ in them only: a memo entry on
    # the original, a different question table on the copy
    rules.refs_for(("no-such-claim", rules.meta.claims[0].id))
    copy.__dict__["_questions"] = {}
    assert copy.__dict__ != rules.__dict__
    assert copy == rules and hash(copy) == hash(rules) and repr(copy) == repr(rules)
    assert "_questions" not in repr(rules) and "_refs_memo" not in repr(rules)
    assert copy.question("scar_type") is None and rules.question("scar_type") is not None
    # ... while a field does count
    assert rules.replace(path="elsewhere.yaml") != rules
    assert All(()) is not All(()) and All(()) == All(()) and hash(All(())) == hash(All(()))
    assert All(()) != All((Test("q", frozenset({"a"})),))


def test_inheritance_class_vars_and_match_behave_like_dataclasses():
    class Base(Record):
        x: int
        y: int = 1

    class Child(Base):
        y: int = 2  # a new default for an inherited field
        z: str = "z"
        kinds: ClassVar[tuple[str, ...]] = ("a",)  # not a field

    assert Child._fields == ("x", "y", "z")
    assert Child(0) == Child(0, 2, "z") and Child(0).kinds == ("a",)
    match Child(5):
        case Child(x, y):
            assert (x, y) == (5, 2)
    with pytest.raises(TypeError, match="without a default follows"):

        class Wrong(Base):
            x: int = 0  # a default before a field that has none
            w: int
