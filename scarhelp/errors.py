"""The project's exceptions, one small hierarchy.

Every error a user can cause is a :class:`ScarhelpError` carrying where it
happened, so the CLI can print ``file:line:column: message`` and pick the exit
code in one place (``cli.EXIT_CODES``) instead of each module deciding.
"""

from __future__ import annotations

from .i18n import _
from .record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Iterable


class Location(Record):
    """A place in an input file; line and column are 1-based, as editors show them."""

    file: str = "<input>"
    line: int | None = None
    column: int | None = None
    path: str = ""  # the path inside the document, e.g. ``rules[3].when.scar_depth``

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class Problem(Record):
    """One thing wrong with an input, with a suggestion where we can make one."""

    location: Location
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        severity = (
            _("error") if self.severity == "error" else _("warning") if self.severity == "warning" else self.severity
        )
        if self.location.path:
            text = _("{location}: {severity}: {message} (at {path})").format(
                location=self.location, severity=severity, message=self.message, path=self.location.path
            )
        else:
            text = _("{location}: {severity}: {message}").format(
                location=self.location, severity=severity, message=self.message
            )
        if self.hint:
            text += "\n    " + _("hint: {hint}").format(hint=self.hint)
        return text


class ScarhelpError(Exception):
    """Base of every error the CLI turns into a clean message and an exit code."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = list(problems or [])

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        lines = [self.message] + [str(p) for p in self.problems]
        return "\n".join(lines)


class UsageError(ScarhelpError):
    """The command line itself is wrong (bad flag combination, no terminal to ask on)."""


class InputError(ScarhelpError):
    """A file we were given cannot be read or parsed (missing, too large, not YAML)."""


class RulesError(InputError):
    """The rule set is invalid; ``problems`` lists every finding with its location."""


class AnswersError(InputError):
    """An answers file or answer set does not fit the questionnaire."""


class MissingAnswersError(AnswersError):
    """Answers are missing and we may not ask for them (``--no-input`` or no terminal)."""

    def __init__(self, message: str, missing: list[str], problems: list[Problem] | None = None):
        super().__init__(message, problems)
        self.missing = missing


class OutputError(ScarhelpError):
    """Writing a result failed; the previous file, if any, is untouched."""


class Interrupted(ScarhelpError):
    """The user pressed Ctrl-C (or closed input) while being asked."""


class ProblemList:
    """Collects problems so loaders can report all of them at once, not the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, location: Location, message: str, hint: str = "") -> None:
        self.problems.append(Problem(location, message, hint))

    def warn(self, location: Location, message: str, hint: str = "") -> None:
        self.problems.append(Problem(location, message, hint, severity="warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def suggest(word: object, choices: Iterable[object]) -> str:
    """A 'did you mean' for a misspelt id or key, or '' when nothing is close."""
    import difflib  # only an error needs it

    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return _("did you mean '{word}'?").format(word=close[0]) if close else ""


def kind(value: object) -> str:
    """What a parsed value is, in the words a message to a non-programmer uses."""
    if value is None:
        return _("nothing (null)")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, (int, float)):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return type(value).__name__
