"""``Record``: a frozen data class that costs next to nothing to define.

Why not ``@dataclass(frozen=True)``: on Python 3.11, importing ``dataclasses``
(which imports ``inspect``) and generating the methods of the twenty-odd classes
on the report path took about 15 ms of every run, half the start-up budget of the
``--answers`` path (see benchmarks/RESULTS.md).  A record here is declared the same
way, with annotated fields and defaults, and behaves the same way where it
matters: keyword or positional construction, immutability, value equality and
hashing, a readable repr.  Modules whose start-up does not matter
(the maintainers' tools, and batch, which runs for seconds) still use
``dataclasses``.

    class Point(Record):
        x: int
        y: int = 0

    Point(1) == Point(x=1, y=0)   # True
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from typing import ClassVar

    # typing_extensions is only read by the type checker (its stubs ship with
    # mypy), so this needs no runtime dependency and no import at start-up
    from typing_extensions import Self, dataclass_transform
else:

    def dataclass_transform(**_kwargs):
        return lambda cls: cls


_MISSING = object()


@dataclass_transform(eq_default=True, frozen_default=True)
class Record:
    """Fields are the class's annotations, in order, including those of its bases."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _defaults: dict[str, object] = {}  # noqa: RUF012 - never mutated: each subclass gets a new dict
    _tail: tuple[object, ...] = ()
    __match_args__: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        fields = list(cls._fields)
        defaults = dict(cls._defaults)
        # not inspect.get_annotations: importing inspect is what this module avoids
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
            if name.startswith("_") or str(annotation).startswith(("ClassVar", "typing.ClassVar")):
                continue
            value = cls.__dict__.get(name, _MISSING)
            if isinstance(value, (list, dict, set)):
                raise TypeError(f"{cls.__name__}.{name}: a mutable default would be shared by every instance")
            if name not in fields:
                fields.append(name)
            if value is not _MISSING:
                defaults[name] = value  # a subclass may give an inherited field a new default
        # as with dataclasses, the fields with defaults must come last
        first = next((i for i, name in enumerate(fields) if name in defaults), len(fields))
        for name in fields[first:]:
            if name not in defaults:
                raise TypeError(f"{cls.__name__}: field '{name}' without a default follows one with a default")
        cls._fields = tuple(fields)
        cls._defaults = defaults
        # mypy treats __match_args__ as read-only (it derives it from the fields via
        # dataclass_transform); at runtime each subclass sets it here, as dataclasses does
        cls.__match_args__ = cls._fields  # type: ignore[misc]
        # the defaults of the trailing fields, in order: lets a positional call be
        # completed with one tuple concatenation (the engine makes thousands per run)
        cls._tail = tuple(defaults[name] for name in fields[first:])

    def __init__(self, *args: object, **kwargs: object) -> None:
        fields = self._fields
        if not kwargs:  # the common case, kept fast
            missing = len(fields) - len(args)
            if missing == 0:
                self.__dict__.update(zip(fields, args, strict=True))
                return
            if 0 < missing <= len(self._tail):
                self.__dict__.update(zip(fields, args + self._tail[len(self._tail) - missing :], strict=True))
                return
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__}() takes {len(fields)} arguments, {len(args)} given")
        values = dict(zip(fields, args, strict=False))  # the rest come by keyword or default
        for name, value in kwargs.items():
            if name not in fields:
                raise TypeError(f"{type(self).__name__}() got an unexpected argument '{name}'")
            if name in values:
                raise TypeError(f"{type(self).__name__}() got two values for '{name}'")
            values[name] = value
        if len(values) < len(fields):
            for name in fields:
                if name not in values:
                    if name not in self._defaults:
                        raise TypeError(f"{type(self).__name__}() missing argument '{name}'")
                    values[name] = self._defaults[name]
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot set '{name}'")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot delete '{name}'")

    def _values(self) -> tuple[object, ...]:
        d = self.__dict__
        return tuple(d[name] for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self._values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self._values(), strict=True))
        return f"{type(self).__name__}({inner})"

    def replace(self, **changes: object) -> Self:
        """A copy with some fields changed (``dataclasses.replace`` for records)."""
        values = dict(zip(self._fields, self._values(), strict=True))
        values.update(changes)
        return self.__class__(**values)

    def as_dict(self) -> dict[str, object]:
        """The fields as a shallow dict, in declaration order."""
        return dict(zip(self._fields, self._values(), strict=True))
