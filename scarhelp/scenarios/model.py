"""The records of a scenario run: what a scenario file says and what running it gave.

``Scenario``, ``Expect`` and ``Item`` are what :mod:`.load` reads (each item with
where the file says it, so a mismatch points at its line); ``ScenarioResult`` and
``Mismatch`` are what :mod:`.run` gives.  Kept apart so the reader, the runner, the
coverage and the JSON data share them without importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError, Location

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from ..engine import Result
    from ..model import Answer


class ScenarioError(InputError):
    """A scenario file is unreadable or invalid; ``problems`` lists every finding."""


@dataclass(frozen=True)
class Item:
    """One expected thing (a treatment or rule id), with where the file says it."""

    id: str
    location: Location
    strength: str = ""  # for ``shown`` only


@dataclass(frozen=True)
class Expect:
    shown: tuple[Item, ...] = ()
    not_shown: tuple[Item, ...] = ()
    advice: tuple[Item, ...] = ()
    caveats: tuple[Item, ...] = ()
    no_advice: Location | None = None  # set when ``no_advice: true``
    only: Location | None = None  # set when ``only: true``
    # treatments shown with a note set against what the person said matters (against_values)
    said: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Scenario:
    name: str
    answers: dict[str, Answer]
    expect: Expect
    location: Location  # the scenario's first line


@dataclass(frozen=True)
class Mismatch:
    """One expectation the result did not meet: what was expected, what came out."""

    check: str  # an EXPECT_KEYS name
    subject: str  # e.g. "shown.bellafill", "advice", "only"
    expected: str
    actual: str
    location: Location


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    result: Result
    fired: tuple[str, ...]  # ids of the rules whose condition held
    mismatches: tuple[Mismatch, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.mismatches
