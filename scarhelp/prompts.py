"""Ask the questionnaire in the terminal: arrow-key menus, or plain numbered prompts.

The walk itself (which question next, going back, the review step, saving on
Ctrl-C) lives in :func:`ask_questions` and is the same for both front ends; a
front end only shows one question or the review list and returns what was
picked.  The skip logic is :mod:`scarhelp.flow`'s, so a prompt never decides
what is asked.

``questionary`` is imported only inside the arrow-key front end, right before
the first menu: the rest of the CLI never pays for it.  Plain mode prints and
reads lines only (no escape codes, no cursor movement) so it works with screen
readers and dumb terminals.
"""

from __future__ import annotations

import contextlib
import os
import sys
import textwrap
from collections.abc import Mapping

from .errors import Interrupted, OutputError
from .i18n import N_, _
from .model import Question, RuleSet
from .session import BACK, RESULT, Ui, Walk

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from contextlib import AbstractContextManager
    from typing import Any, TextIO

    from .model import Answer


PREFERENCE_HEADING = N_("What matters to you (your answer changes no result)")


def ask_questions(
    rule_set: RuleSet,
    answers: Mapping[str, Answer],
    *,
    plain: bool,
    save_to: str | None,
    review: bool = True,
) -> dict[str, Answer]:
    """Ask the questions still missing from ``answers`` (skip logic applied), then
    let the user review and change any answer.  Returns the complete answers.

    Ctrl-C raises :class:`Interrupted` ("interrupted"), end of input raises it
    with "end of input"; before that the answers so far are saved to
    ``save_to`` (if given and there are any).
    """
    ui: Ui = _PlainUi() if plain else _MenuUi()
    walk = Walk(rule_set, answers)
    try:
        with _menus_on(ui_stream()) if not plain else contextlib.nullcontext():
            ui.welcome(rule_set)
            walk.run(ui, review)
    except KeyboardInterrupt:
        _save_partial(rule_set, walk.so_far(), save_to)
        raise Interrupted(_("interrupted")) from None
    except EOFError:
        _save_partial(rule_set, walk.so_far(), save_to)
        raise Interrupted(_("end of input")) from None
    return walk.answers


def _menus_on(stream: TextIO) -> AbstractContextManager[object]:
    """Draw the menus on ``stream`` when that is not stdout (stdout redirected)."""
    if stream is sys.stdout:
        return contextlib.nullcontext()
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.output import create_output

    return create_app_session(output=create_output(stdout=stream))


def _save_partial(rule_set: RuleSet, answers: Mapping[str, Answer], save_to: str | None) -> None:
    """Keep what was answered; never replace an existing file with nothing."""
    if not save_to or not answers:
        return
    from .answers import dump_answers
    from .fileio import atomic_write

    try:
        atomic_write(save_to, dump_answers(answers, rule_set), _("answers file"))
    except OutputError as exc:
        sys.stderr.write(f"scarhelp: {exc}\n")
        return
    if save_to != "-":
        sys.stderr.write(
            _("scarhelp: answers so far saved to {path}; resume with: scarhelp --answers {path}").format(path=save_to)
            + "\n"
        )
        sys.stderr.flush()


# -- saving a copy at the end ----------------------------------------------------

# What may be saved after the report is shown: (kind, menu label, file name, what it is)
# (label and what are translated where shown; the file names stay as they are)
SAVE_CHOICES = (
    ("html", N_("The report as a web page, to print"), "scarhelp-report-{date}.html", N_("report")),
    ("markdown", N_("The report as Markdown"), "scarhelp-report-{date}.md", N_("report")),
    (
        "answers",
        N_("My answers, to run again later with --answers"),
        "scarhelp-answers-{date}.yaml",
        N_("answers file"),
    ),
)
NO_SAVE = "\0nosave"


def default_file_name(kind: str, today: str | None = None) -> str:
    """The suggested name in the current folder, dated (scarhelp-report-2026-12-02.html)."""
    import datetime

    when = today or datetime.date.today().isoformat()
    return next(name for k, _label, name, _what in SAVE_CHOICES if k == kind).format(date=when)


def offer_save(
    rule_set: RuleSet,
    answers: Mapping[str, Answer],
    render_report: Callable[[str], str],
    *,
    answers_saved: str | None = None,
) -> None:
    """After the report: offer to save it (HTML to print, Markdown) and the answers,
    each under a dated default name in the current folder.  Enter skips; an existing
    file is replaced only when the person says so (default No); every write is
    atomic, so a failed one leaves an existing file as it was.  ``render_report(fmt)``
    gives the report's text; answers already going to ``answers_saved``
    (--save-answers) are not offered again."""
    choices = [c for c in SAVE_CHOICES if not (c[0] == "answers" and answers_saved)]
    try:
        with _menus_on(ui_stream()):
            _offer_save(rule_set, answers, render_report, choices)
    except KeyboardInterrupt:
        raise Interrupted(_("interrupted")) from None
    except EOFError:
        raise Interrupted(_("end of input")) from None


def _offer_save(
    rule_set: RuleSet,
    answers: Mapping[str, Answer],
    render_report: Callable[[str], str],
    choices: list[tuple[str, str, str, str]],
) -> None:
    import questionary

    from .fileio import atomic_write

    title = _("Save a copy?")
    while choices:
        _say()
        menu = [questionary.Choice(_("No, thanks"), value=NO_SAVE)]
        menu += [
            questionary.Choice(
                _("{what} ({file})").format(what=_(label), file=default_file_name(kind)),
                value=kind,
            )
            for kind, label, _n, _w in choices
        ]
        kind = questionary.select(title, choices=menu, default=NO_SAVE, instruction=_("(Enter: no)")).unsafe_ask()
        if kind is None:
            raise KeyboardInterrupt
        if kind == NO_SAVE:
            return
        what = _(next(c[3] for c in choices if c[0] == kind))
        name = questionary.text(_("Save as:"), default=default_file_name(kind)).unsafe_ask()
        if name is None:
            raise KeyboardInterrupt
        path = os.path.expanduser(name.strip())
        path = "." + os.sep + path if path == "-" else path  # a file named -, not stdout
        if not path:
            continue
        if os.path.lexists(path) and not os.path.isdir(path):
            replace = questionary.confirm(
                _("{path} already exists. Replace it?").format(path=path), default=False
            ).unsafe_ask()
            if replace is None:
                raise KeyboardInterrupt
            if not replace:
                _say(_("Not saved: {path} is unchanged.").format(path=path))
                continue
        if kind == "answers":
            from .answers import dump_answers

            text = dump_answers(answers, rule_set)
        else:
            text = render_report(kind)
        try:
            atomic_write(path, text, what)
        except OutputError as exc:
            _say(_("Not saved: {error}").format(error=exc))
            continue
        where = os.path.abspath(path)
        if kind == "html":
            _say(_("Saved the report to {where}; open it in a web browser to print it.").format(where=where))
        elif kind == "answers":
            _say(
                _("Saved your answers to {where}; run again with: scarhelp --answers {path}").format(
                    where=where, path=path
                )
            )
        else:
            _say(_("Saved the report to {where}.").format(where=where))
        choices = [c for c in choices if c[0] != kind]
        title = _("Save anything else?")


# -- shared wording -------------------------------------------------------------


def review_line(q: Question, value: Answer) -> str:
    text = q.text.rstrip()
    sep = " " if text.endswith(("?", ":")) else ": "
    return f"{text}{sep}{q.answer_label(value)}"


def progress_text(progress: tuple[int, int, bool], q: Question | None = None) -> str:
    """'Question 3 of 12'; a preference question says it is about what matters, and changes no result."""
    n, total, exact = progress
    text = (_("Question {n} of {total}") if exact else _("Question {n} of up to {total}")).format(n=n, total=total)
    if q is not None and q.preference:
        return _("{progress} - {heading}").format(progress=text, heading=_(PREFERENCE_HEADING))
    return text


def welcome_lines(rule_set: RuleSet, keys: str) -> list[str]:
    meta = rule_set.meta
    src = meta.source
    published = src.published.strip()
    source = (
        _('Source: "{title}" (author: {author}), medically reviewed by {reviewer}; publication date not stated.')
        if published.lower() in ("", "not stated")
        else _('Source: "{title}" (author: {author}), medically reviewed by {reviewer}; published {published}.')
    )
    return [
        meta.title,
        "",
        meta.disclaimer,
        "",
        source.format(title=src.title, author=src.author, reviewer=src.reviewer, published=published),
        _("Rule set version {version}, last reviewed {reviewed}.").format(
            version=meta.version, reviewed=meta.last_reviewed
        ),
        "",
        keys,
    ]


def _width() -> int:
    from .terminal import columns

    return max(10, min(columns(ui_stream()), 100) - 1)


def _wrap(text: str, indent: str = "") -> str:
    if not text:
        return ""
    return textwrap.fill(text, width=_width(), initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)


def ui_stream() -> TextIO:
    """Where the questions go: stdout, unless stdout is redirected (``scarhelp >
    report.txt``) and stderr is the terminal; then stderr, so the person sees the
    questions and the file gets only the report."""
    if not _isatty(sys.stdout) and _isatty(sys.stderr):
        return sys.stderr
    return sys.stdout


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError, AttributeError):
        return False


def _say(text: str = "", indent: str = "") -> None:
    from .terminal import printable  # rule text must not drive the terminal

    out = ui_stream()
    out.write(printable(_wrap(text, indent) if text else "") + "\n")
    out.flush()


# -- arrow-key menus ------------------------------------------------------------


def _utf8() -> bool:
    enc = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return enc == "utf8"


class _MenuUi(Ui):
    """questionary menus: arrows + Enter, Space to tick, b to go back."""

    def welcome(self, rule_set: RuleSet) -> None:
        keys = _(
            "How to answer: Up/Down arrows to move, Enter to choose, Space to tick in "
            "multiple choice, b to go back, Ctrl-C to quit."
        )
        for line in welcome_lines(rule_set, keys):
            _say(line)

    def ask(self, q: Question, current: Answer | None, progress: tuple[int, int, bool], back: str | None) -> Answer:
        import questionary

        _say()
        _say(progress_text(progress, q))
        if q.help:
            _say(q.help, "  ")
        can_back = back is not None
        back_title = ("← " if _utf8() else "<- ") + (back or "")

        if q.kind == "many":
            chosen = set(current or ())
            choices = [
                questionary.Choice(o.label, value=o.value, checked=o.value in chosen, description=o.help or None)
                for o in q.options
            ]
            prompt = questionary.checkbox(
                q.text,
                choices=choices,
                validate=lambda picked: check_many(q, picked),
                instruction=(
                    _("(Space to tick, Enter when done, b to {back})").format(back=back.lower())
                    if back
                    else _("(Space to tick, Enter when done)")
                ),
            )
        else:
            choices = [questionary.Choice(o.label, value=o.value, description=o.help or None) for o in q.options]
            if can_back:
                choices.append(questionary.Choice(back_title, value=BACK))
            default = current if isinstance(current, str) and q.option(current) else None
            prompt = questionary.select(
                q.text,
                choices=choices,
                default=default,
                instruction=(
                    _("(arrows to move, Enter to choose, b to {back})").format(back=back.lower())
                    if back
                    else _("(arrows to move, Enter to choose)")
                ),
            )
        _own_words(prompt)
        if can_back:
            from prompt_toolkit.key_binding import KeyBindings

            bindings = prompt.application.key_bindings
            assert isinstance(bindings, KeyBindings)  # questionary builds its prompts with one
            bindings.add("b", eager=True)(lambda event: event.app.exit(result=BACK))
        value: str | list[str] | None = prompt.unsafe_ask()
        if value is None:  # defensive: questionary returns None only when aborted
            raise KeyboardInterrupt
        if value == BACK:
            return BACK
        if q.kind == "many":
            return tuple(sorted(value))
        assert isinstance(value, str)  # a select gives the value of the Choice picked
        return value

    def review(self, rule_set: RuleSet, answered: list[tuple[Question, Answer]]) -> str:
        import questionary

        _say()
        _say(_("Your answers. Press Enter to see your result, or pick an answer to change it."))
        choices = [questionary.Choice(_("See my result"), value=RESULT)]
        choices += [questionary.Choice(review_line(q, v), value=q.id) for q, v in answered]
        value: str | None = questionary.select(
            _("Review your answers:"),
            choices=choices,
            default=RESULT,
            instruction=_("(Enter: see my result)"),
        ).unsafe_ask()
        if value is None:
            raise KeyboardInterrupt
        return value


QUESTIONARY_DESCRIPTION = "  Description: "  # questionary's own label for the option pointed at


def _own_words(prompt: Any) -> None:
    """questionary labels the help of the option pointed at "Description:", in English,
    with no way to give another word; the menu's text is passed through one that puts
    ours in its place.  Should questionary's layout change, the menu is left as it is."""
    label = "  " + _("Description: {help}")
    for window in prompt.application.layout.find_all_windows():
        control = window.content
        if not hasattr(control, "_get_choice_tokens") or not callable(getattr(control, "text", None)):
            continue
        original = control.text

        def tokens(original: Callable[[], list[tuple[str, str]]] = original) -> list[tuple[str, str]]:
            return [
                (style, label.format(help=text[len(QUESTIONARY_DESCRIPTION) :]))
                if text.startswith(QUESTIONARY_DESCRIPTION)
                else (style, text)
                for style, text in original()
            ]

        control.text = tokens


def check_many(q: Question, picked: Iterable[str]) -> bool | str:
    """True when a multiple-choice answer is acceptable, else the reason, in words."""
    picked = list(picked)
    if not picked:
        return _("Choose at least one answer (Space ticks it).")
    for value in picked:
        opt = q.option(value)
        if opt is not None and opt.exclusive and len(picked) > 1:
            return _('"{answer}" cannot be combined with other answers: untick one.').format(answer=opt.label)
    return True


# -- plain numbered prompts -----------------------------------------------------


class _PlainUi(Ui):
    """Numbered options and a typed answer: no escape codes, no cursor movement.

    Lines are read with ``sys.stdin.readline`` rather than ``input()``: if the
    ``readline`` module happens to be loaded, ``input()`` may emit terminal
    control sequences (bracketed paste), which a screen reader would read out.
    """

    def welcome(self, rule_set: RuleSet) -> None:
        keys = _(
            "How to answer: type the number of your answer and press Enter. "
            "Type ? for help on a question, b to go back, or press Ctrl-C to quit."
        )
        for line in welcome_lines(rule_set, keys):
            _say(line)

    def _read(self, prompt: str) -> str:
        from .terminal import printable

        out = ui_stream()
        out.write(printable(prompt))
        out.flush()
        line = sys.stdin.readline()
        if not line:
            _say()
            raise EOFError
        return line.strip()

    def _show(self, q: Question, current: Answer | None, progress: tuple[int, int, bool]) -> None:
        _say()
        _say(progress_text(progress, q))
        _say(q.text)
        if q.help:
            _say(_("Help: {help}").format(help=q.help), "  ")
        if q.kind == "many":
            _say(_("You may choose more than one: type the numbers separated by commas, for example 1,2."))
        for i, opt in enumerate(q.options, 1):
            _say(f"{i}. {opt.label}", "  ")
            if opt.help:
                _say(opt.help, "     ")
        if current is not None:
            _say(
                _("Current answer: {numbers} ({answer}). Press Enter to keep it.").format(
                    numbers=self._numbers(q, current), answer=q.answer_label(current)
                )
            )

    @staticmethod
    def _numbers(q: Question, current: Answer) -> str:
        values = [current] if isinstance(current, str) else list(current)
        return ",".join(str(q.values.index(v) + 1) for v in values if v in q.values)

    def ask(self, q: Question, current: Answer | None, progress: tuple[int, int, bool], back: str | None) -> Answer:
        if current is not None and not (q.option(current) if isinstance(current, str) else current):
            current = None
        self._show(q, current, progress)
        count = len(q.options)
        can_back = back is not None
        ask = (
            _("Your answer (1-{count}, ? for help, b to {back}): ").format(count=count, back=back.lower())
            if back
            else _("Your answer (1-{count}, ? for help): ").format(count=count)
        )
        while True:
            text = self._read(ask)
            if text == "?":
                self._help(q)
                continue
            if text.lower() in ("b", "back"):
                if can_back:
                    return BACK
                _say(_("This is the first question: there is nothing to go back to."))
                continue
            if not text and current is not None:
                return current
            value, problem = self._parse(q, text)
            if problem:
                _say(problem)
                continue
            assert value is not None  # _parse gives a value whenever it gives no problem
            return value

    def _help(self, q: Question) -> None:
        _say(q.text)
        _say(_("Help: {help}").format(help=q.help or _("no extra help for this question.")), "  ")
        for i, opt in enumerate(q.options, 1):
            _say(f"{i}. {opt.label}" + (f" - {opt.help}" if opt.help else ""), "  ")

    @staticmethod
    def _parse(q: Question, text: str) -> tuple[Answer | None, str | None]:
        count = len(q.options)
        many = q.kind == "many"
        if not text:
            return None, (
                _("Please type a number from 1 to {count} (several separated by commas).")
                if many
                else _("Please type a number from 1 to {count}.")
            ).format(count=count)
        parts = [p for p in text.replace(" ", ",").split(",") if p]
        if not many and len(parts) > 1:
            return None, _("'{typed}': choose one answer only; type a number from 1 to {count}.").format(
                typed=text, count=count
            )
        picked: list[str] = []
        for part in parts:
            if not part.isdigit() or not 1 <= int(part) <= count:
                return None, (
                    _(
                        "'{typed}' is not one of the choices; type a number from 1 to {count} (several separated by commas)."
                    )
                    if many
                    else _("'{typed}' is not one of the choices; type a number from 1 to {count}.")
                ).format(typed=part, count=count)
            value = q.options[int(part) - 1].value
            if value not in picked:
                picked.append(value)
        if q.kind == "many":
            verdict = check_many(q, picked)
            if verdict is not True:
                return None, str(verdict)
            return tuple(sorted(picked)), None
        return picked[0], None

    def review(self, rule_set: RuleSet, answered: list[tuple[Question, Answer]]) -> str:
        _say()
        _say(_("Your answers:"))
        for i, (q, v) in enumerate(answered, 1):
            _say(f"{i}. {review_line(q, v)}", "  ")
        while True:
            text = self._read(
                _("Press Enter (or type 0) to see your result, or 1-{count} to change an answer: ").format(
                    count=len(answered)
                )
            )
            if text in ("", "0"):
                return RESULT
            if text.isdigit() and 1 <= int(text) <= len(answered):
                return answered[int(text) - 1][0].id
            _say(
                _("'{typed}' is not on the list: press Enter to see your result, or type 1-{count}.").format(
                    typed=text, count=len(answered)
                )
            )
