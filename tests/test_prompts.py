"""The interactive questionnaire, driven in-process.

Menus are driven through prompt_toolkit's pipe input (real key presses, real
questionary prompts); the pipe is closed after the keys are sent, so a prompt
left waiting raises EOFError instead of hanging.  Plain mode reads lines from a
StringIO put in place of stdin.
"""

from __future__ import annotations

import io

import pytest

from scarhelp import flow
from scarhelp.bundle import load_rules
from scarhelp.errors import Interrupted
from scarhelp.prompts import ask_questions, check_many

from .conftest import MINI_QUESTIONNAIRE

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
CTRL_C = "\x03"


@pytest.fixture
def mini(mini_path):
    return load_rules(str(mini_path))


class Session:
    """One in-process menu session: the answers, the screen, stdout and stderr."""

    def __init__(self, result, screen: str, out: str, err: str) -> None:
        self.result, self.screen, self.out, self.err = result, screen, out, err


def drive_menus(rule_set, keys: str, answers=None, capsys=None, **kw) -> Session:
    """Run ask_questions in menu mode with ``keys`` typed; returns what happened."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    screen = io.StringIO()
    kw.setdefault("save_to", None)
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()  # nothing more will come: a waiting prompt gets EOFError
        with create_app_session(input=pipe, output=PlainTextOutput(screen)):
            result = ask_questions(rule_set, dict(answers or {}), plain=False, **kw)
    captured = capsys.readouterr() if capsys else None
    return Session(result, screen.getvalue(), captured.out if captured else "", captured.err if captured else "")


def menus_raise(rule_set, keys: str, answers=None, **kw) -> Interrupted:
    with pytest.raises(Interrupted) as info:
        drive_menus(rule_set, keys, answers, **kw)
    return info.value


# Answer the sunken path: Sunken, Deep, tick Creams, Yes, then Enter at the review.
SUNKEN_DEEP_CREAMS = ENTER + DOWN + ENTER + " " + ENTER + ENTER


# -- menus ----------------------------------------------------------------------


def test_menus_answer_everything(mini, capsys):
    s = drive_menus(mini, SUNKEN_DEEP_CREAMS + ENTER, capsys=capsys)
    assert s.result == {"scar_type": "sunken", "scar_depth": "deep", "tried": ("creams",), "over_21": "yes"}
    # the welcome: title, disclaimer, source, version, keys
    flat = " ".join(s.out.split())  # the welcome is wrapped to the terminal's width
    for text in ("Mini scar rules", "not medical advice", '"Test Article" (author: Ann Author)', "Rev Reviewer"):
        assert text in flat
    assert "publication date not stated" in s.out
    assert "version 0.1, last reviewed 2026-11-25" in s.out
    assert "Ctrl-C to quit" in s.out and "arrows" in s.out
    # progress and the question help, printed before each menu
    assert "Question 1 of up to 4" in s.out
    assert "Question 4 of 4" in s.out
    assert "Sunken scars sit below the skin." in s.out
    # the menus themselves: question, labels, an option's help, the review
    assert "What are your scars like?" in s.screen
    assert "dips or pits" in s.screen
    assert "See my result" in s.screen
    assert "What are your scars like? Sunken" in s.screen


def test_menus_raised_skips_depth_questions(mini):
    s = drive_menus(mini, DOWN + ENTER + DOWN + ENTER + ENTER)
    assert s.result == {"scar_type": "raised", "over_21": "no"}
    assert "How deep" not in s.screen


def test_menus_back_key_returns_to_previous_question_with_its_answer(mini, capsys):
    # Sunken; at depth press b; scar_type comes back with Sunken as default, so
    # one Down picks Raised; then the depth question is no longer asked.
    s = drive_menus(mini, ENTER + "b" + DOWN + ENTER + ENTER + ENTER, capsys=capsys)
    assert s.result == {"scar_type": "raised", "over_21": "yes"}
    assert s.out.count("Question 1 of") == 2


def test_menus_back_choice_in_the_list(mini):
    # depth menu: Shallow, Deep, Back -> pick Back, then keep Sunken and pick Shallow
    s = drive_menus(mini, ENTER + DOWN + DOWN + ENTER + ENTER + ENTER + " " + ENTER + ENTER + ENTER)
    assert s.result["scar_depth"] == "shallow"
    assert "Go back" in s.screen


def test_menus_no_back_on_first_question(mini):
    # 'b' does nothing on the first question; Enter then answers it
    s = drive_menus(mini, "b" + DOWN + ENTER + ENTER + ENTER)
    assert s.result == {"scar_type": "raised", "over_21": "yes"}


def test_menus_back_keeps_later_answers_as_defaults(mini):
    # Sunken, Deep, tick Peel; at over_21 go back twice (to tried, then depth);
    # Enter keeps Deep, Enter keeps Peel ticked, then Yes and the review.
    keys = ENTER + DOWN + ENTER + DOWN + " " + ENTER + "b" + "b" + ENTER + ENTER + ENTER + ENTER
    s = drive_menus(mini, keys)
    assert s.result == {"scar_type": "sunken", "scar_depth": "deep", "tried": ("peel",), "over_21": "yes"}


def test_menus_review_change_drops_questions_skip_logic_no_longer_asks(mini):
    # at the review: Down to the scar type line, Enter, pick Raised, Enter to finish
    s = drive_menus(mini, SUNKEN_DEEP_CREAMS + DOWN + ENTER + DOWN + ENTER + ENTER)
    assert s.result == {"scar_type": "raised", "over_21": "yes"}


def test_menus_review_change_asks_newly_needed_questions(mini, capsys):
    start = {"scar_type": "raised", "over_21": "no"}
    # review: change scar type (Raised is the default; Up picks Sunken), then the
    # depth and tried questions are asked, then the review again.
    keys = DOWN + ENTER + UP + ENTER + ENTER + " " + ENTER + ENTER
    s = drive_menus(mini, keys, answers=start, capsys=capsys)
    assert s.result == {"scar_type": "sunken", "scar_depth": "shallow", "tried": ("creams",), "over_21": "no"}
    assert "Question 2 of 4" in s.out


def test_menus_exclusive_choice_is_refused_with_a_message(mini):
    # tick Creams and None of these, press Enter: the prompt stays, with the reason
    keys = ENTER + ENTER + " " + DOWN + DOWN + " " + ENTER
    exc = menus_raise(mini, keys)
    assert str(exc) == "end of input"  # still waiting on the same question
    assert '"None of these" cannot be combined' in _screen_after(mini, keys)


def test_menus_exclusive_choice_accepted_once_alone(mini):
    # as above, then untick Creams: Enter is accepted
    keys = ENTER + ENTER + " " + DOWN + DOWN + " " + ENTER + UP + UP + " " + ENTER + ENTER + ENTER
    s = drive_menus(mini, keys)
    assert s.result == {"scar_type": "sunken", "scar_depth": "shallow", "tried": ("none",), "over_21": "yes"}


def _screen_after(rule_set, keys: str) -> str:
    """The screen left when the input runs out (the prompt still waiting)."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    screen = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        with create_app_session(input=pipe, output=PlainTextOutput(screen)), pytest.raises(Interrupted):
            ask_questions(rule_set, {}, plain=False, save_to=None)
    return screen.getvalue()


def test_menus_empty_checkbox_is_refused(mini):
    keys = ENTER + ENTER + ENTER
    assert "Choose at least one" in _screen_after(mini, keys)
    s = drive_menus(mini, keys + " " + ENTER + ENTER + ENTER)
    assert s.result["tried"] == ("creams",)


def test_check_many_rules():
    rs_q = _question_with_exclusive()
    assert check_many(rs_q, ["creams", "peel"]) is True
    assert check_many(rs_q, ["none"]) is True
    assert "cannot be combined" in check_many(rs_q, ["creams", "none"])
    assert "at least one" in check_many(rs_q, [])


def _question_with_exclusive():
    from scarhelp.model import Option, Question

    return Question(
        "tried",
        "Tried?",
        "many",
        (Option("creams", "Creams"), Option("peel", "Peel"), Option("none", "None of these", exclusive=True)),
    )


def test_menus_only_missing_questions_from_partial_answers(mini, capsys):
    s = drive_menus(
        mini, " " + ENTER + ENTER + ENTER, answers={"scar_type": "sunken", "scar_depth": "deep"}, capsys=capsys
    )
    assert s.result == {"scar_type": "sunken", "scar_depth": "deep", "tried": ("creams",), "over_21": "yes"}
    assert "Question 1 of" not in s.out and "Question 2 of" not in s.out
    assert "Question 3 of 4" in s.out


def test_menus_without_review(mini):
    s = drive_menus(mini, DOWN + ENTER + ENTER, review=False)
    assert s.result == {"scar_type": "raised", "over_21": "yes"}
    assert "See my result" not in s.screen


def test_menus_ctrl_c_saves_answers_so_far(mini, tmp_path, capsys):
    save = tmp_path / "partial.yaml"
    exc = menus_raise(mini, ENTER + DOWN + ENTER + CTRL_C, save_to=str(save))
    assert str(exc) == "interrupted"
    saved = save.read_text()
    assert 'scar_type: "sunken"' in saved and 'scar_depth: "deep"' in saved
    assert "tried:" not in saved
    err = capsys.readouterr().err
    assert f"answers so far saved to {save}; resume with: scarhelp --answers {save}" in err
    # the saved file resumes: it loads as answers
    from scarhelp.answers import load_answers

    loaded, _ = load_answers(str(save), mini)
    assert loaded == {"scar_type": "sunken", "scar_depth": "deep"}


def test_menus_ctrl_c_after_going_back_keeps_that_answer(mini, tmp_path):
    # Sunken, Deep, then back from 'tried' to the depth question and Ctrl-C there:
    # the depth answer was given and is not lost.
    save = tmp_path / "partial.yaml"
    menus_raise(mini, ENTER + DOWN + ENTER + "b" + CTRL_C, save_to=str(save))
    saved = save.read_text()
    assert 'scar_type: "sunken"' in saved and 'scar_depth: "deep"' in saved


def test_menus_ctrl_c_before_any_answer_leaves_existing_file_alone(mini, tmp_path, capsys):
    save = tmp_path / "answers.yaml"
    save.write_text("scar_type: raised\n")
    exc = menus_raise(mini, CTRL_C, save_to=str(save))
    assert str(exc) == "interrupted"
    assert save.read_text() == "scar_type: raised\n"
    assert "saved" not in capsys.readouterr().err


def test_menus_ctrl_c_at_review_saves_everything(mini, tmp_path):
    save = tmp_path / "all.yaml"
    menus_raise(mini, SUNKEN_DEEP_CREAMS + CTRL_C, save_to=str(save))
    assert "over_21" in save.read_text()


def test_menus_end_of_input_is_interrupted(mini, tmp_path):
    save = tmp_path / "eof.yaml"
    exc = menus_raise(mini, ENTER, save_to=str(save))  # then the input closes
    assert str(exc) == "end of input"
    assert 'scar_type: "sunken"' in save.read_text()


def test_menus_unwritable_save_is_reported_not_raised(mini, tmp_path, capsys):
    save = tmp_path / "no-such-dir" / "a.yaml"
    exc = menus_raise(mini, ENTER + CTRL_C, save_to=str(save))
    assert str(exc) == "interrupted"
    assert "does not exist" in capsys.readouterr().err


def test_menus_narrow_terminal(mini, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "30")
    s = drive_menus(mini, SUNKEN_DEEP_CREAMS + ENTER, capsys=capsys)
    assert s.result["over_21"] == "yes"
    assert max(len(line) for line in s.out.splitlines()) <= 30


# -- plain mode -----------------------------------------------------------------


def drive_plain(rule_set, lines, monkeypatch, capsys, answers=None, **kw):
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{x}\n" for x in lines)))
    kw.setdefault("save_to", None)
    result = ask_questions(rule_set, dict(answers or {}), plain=True, **kw)
    captured = capsys.readouterr()
    return result, captured.out, captured.err


def test_plain_answers_everything_without_escape_codes(mini, monkeypatch, capsys):
    result, out, _ = drive_plain(mini, ["1", "2", "1,2", "1", ""], monkeypatch, capsys)
    assert result == {"scar_type": "sunken", "scar_depth": "deep", "tried": ("creams", "peel"), "over_21": "yes"}
    assert "\x1b" not in out
    assert "not medical advice" in out and "publication date not stated" in out
    assert "  1. Sunken" in out and "dips or pits" in out
    assert "Question 1 of up to 4" in out
    assert "Your answers:" in out and "What are your scars like? Sunken" in out


def test_plain_prompts_drop_control_characters_from_rule_text(tmp_path, monkeypatch, capsys):
    """A rule file can spell ESC as "\\e"; the plain prompts must not send it to the terminal."""
    path = tmp_path / "evil.yaml"
    evil = MINI_QUESTIONNAIRE.replace(
        "text: What are your scars like?", 'text: "What are your scars like?\\e[2J\\e]0;x\\a"'
    )
    evil = evil.replace("label: Raised}", 'label: "Raised\\e[31m"}')
    assert evil.count("\\e") == 3, "both replacements found their text"
    path.write_text(evil, encoding="utf-8")
    rules = load_rules(str(path))
    assert "\x1b[2J" in rules.questions[0].text
    _, out, _ = drive_plain(rules, ["1", "2", "1,2", "1", ""], monkeypatch, capsys)
    assert "\x1b" not in out and "\x07" not in out
    assert "What are your scars like?[2J]0;x" in out and "2. Raised[31m" in out


def test_plain_help_back_and_bad_input(mini, monkeypatch, capsys):
    lines = ["b", "?", "7", "x", "", "1", "?", "b", "2", "1", ""]
    result, out, _ = drive_plain(mini, lines, monkeypatch, capsys)
    assert result == {"scar_type": "raised", "over_21": "yes"}
    assert "nothing to go back to" in out
    assert "'7' is not one of the choices; type a number from 1 to 3." in out
    assert "'x' is not one of the choices" in out
    assert "Please type a number from 1 to 3." in out
    assert out.count("Sunken scars sit below the skin.") == 3  # asked twice, and '?' once
    assert "Help: no extra help for this question." in out  # '?' on the depth question
    assert "Current answer: 1 (Sunken)" in out  # came back with the old answer
    assert "\x1b" not in out


def test_plain_enter_keeps_current_answer_after_back(mini, monkeypatch, capsys):
    result, _, _ = drive_plain(mini, ["1", "b", "", "2", "3", "2", ""], monkeypatch, capsys)
    assert result == {"scar_type": "sunken", "scar_depth": "deep", "tried": ("none",), "over_21": "no"}


def test_plain_many_exclusive_and_one_only(mini, monkeypatch, capsys):
    lines = ["1,2", "1", "1", "1,3", "9", "2, 1", "1", "0"]
    result, out, _ = drive_plain(mini, lines, monkeypatch, capsys)
    assert "'1,2': choose one answer only" in out
    assert '"None of these" cannot be combined with other answers' in out
    assert "'9' is not one of the choices" in out
    assert result["tried"] == ("creams", "peel")


def test_plain_review_change(mini, monkeypatch, capsys):
    # answer the sunken path, then at the review change answer 1 to Raised
    lines = ["1", "1", "1", "1", "1", "2", "x", ""]
    result, out, _ = drive_plain(mini, lines, monkeypatch, capsys)
    assert result == {"scar_type": "raised", "over_21": "yes"}
    assert "'x' is not on the list" in out
    assert out.count("Your answers:") == 2


def test_plain_review_change_back_keeps_answer(mini, monkeypatch, capsys):
    lines = ["2", "1", "1", "b", "0"]
    result, out, _ = drive_plain(mini, lines, monkeypatch, capsys)
    assert result == {"scar_type": "raised", "over_21": "yes"}
    assert "b to keep my answer" in out


def test_menus_review_change_keep_my_answer(mini):
    # at the review open the scar type, then b keeps it as it was
    s = drive_menus(mini, SUNKEN_DEEP_CREAMS + DOWN + ENTER + "b" + ENTER)
    assert s.result == {"scar_type": "sunken", "scar_depth": "deep", "tried": ("creams",), "over_21": "yes"}
    assert "b to keep my answ" in s.screen  # (the screen wraps at 80 columns)


def test_plain_partial_answers(mini, monkeypatch, capsys):
    result, out, _ = drive_plain(mini, ["2", ""], monkeypatch, capsys, answers={"scar_type": "raised"})
    assert result == {"scar_type": "raised", "over_21": "no"}
    assert "What are your scars like?\n" not in out  # not asked again, only reviewed


def test_plain_end_of_input(mini, monkeypatch, capsys, tmp_path):
    save = tmp_path / "s.yaml"
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n"))
    with pytest.raises(Interrupted, match="end of input"):
        ask_questions(mini, {}, plain=True, save_to=str(save))
    assert 'scar_type: "sunken"' in save.read_text()
    assert "resume with: scarhelp --answers" in capsys.readouterr().err


class _CtrlCAfter(io.StringIO):
    """stdin that gives its lines and then behaves as if Ctrl-C was pressed."""

    def readline(self, *args):
        line = super().readline(*args)
        if not line:
            raise KeyboardInterrupt
        return line


def test_plain_ctrl_c(mini, monkeypatch, capsys, tmp_path):
    save = tmp_path / "s.yaml"
    monkeypatch.setattr("sys.stdin", _CtrlCAfter("2\n"))
    with pytest.raises(Interrupted, match=r"^interrupted$"):
        ask_questions(mini, {}, plain=True, save_to=str(save))
    assert 'scar_type: "raised"' in save.read_text()


def test_plain_ctrl_c_first_question_writes_nothing(mini, monkeypatch, tmp_path):
    save = tmp_path / "s.yaml"
    monkeypatch.setattr("sys.stdin", _CtrlCAfter(""))
    with pytest.raises(Interrupted):
        ask_questions(mini, {}, plain=True, save_to=str(save))
    assert not save.exists()


def test_plain_narrow_terminal(mini, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "25")
    _, out, _ = drive_plain(mini, ["2", "1", ""], monkeypatch, capsys)
    assert max(len(line) for line in out.splitlines() if not line.startswith(("Your answer", "Press"))) <= 25


# -- the bundled rules ------------------------------------------------------------


def test_plain_bundled_rules_full_walk(rules, monkeypatch, capsys):
    # active acne: no; sunken; deep; creams; creams not enough; downtime no; darker no;
    # allergy no; cheeks; softens when stretched yes; over 21 yes; then what matters:
    # a long wait bothers, a needle does not, no strong feeling on a lasting filler
    lines = ["2", "1", "2", "1", "2", "2", "2", "2", "1", "1", "1", "1", "2", "3", ""]
    result, out, _ = drive_plain(rules, lines, monkeypatch, capsys)
    assert result["scar_type"] == "sunken" and result["collagen_allergy"] == "no"
    assert (result["mind_waiting"], result["mind_needle"], result["mind_permanent"]) == ("bothers", "fine", "no_view")
    assert flow.is_complete(rules, result)
    assert "not medical advice" in out and "\x1b" not in out


def test_menus_bundled_rules_raised_path(rules):
    # active acne: No; scar type: Raised -> nothing else is asked
    s = drive_menus(rules, DOWN + ENTER + DOWN + ENTER + ENTER)
    assert s.result == {"active_acne": "no", "scar_type": "raised"}


# -- flow helpers used for going back and for progress ---------------------------


def test_flow_previous(mini):
    assert flow.previous(mini, {}, "scar_type") is None
    assert flow.previous(mini, {"scar_type": "sunken"}, "scar_depth").id == "scar_type"
    # depth is skipped for raised scars: back from over_21 goes to scar_type
    assert flow.previous(mini, {"scar_type": "raised"}, "over_21").id == "scar_type"


def test_flow_progress(mini):
    assert flow.progress(mini, {}, "scar_type") == (1, 4, False)
    assert flow.progress(mini, {"scar_type": "sunken"}, "scar_depth") == (2, 4, True)
    assert flow.progress(mini, {"scar_type": "raised"}, "over_21") == (2, 2, True)


# -- the save offer after the report --------------------------------------------


def drive_save(rule_set, keys: str, capsys, **kw) -> str:
    """Run offer_save with ``keys`` typed; the text said (stdout) and the menus drawn."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    from scarhelp.prompts import offer_save

    screen = io.StringIO()
    answers = {"scar_type": "raised", "over_21": "no"}
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        with create_app_session(input=pipe, output=PlainTextOutput(screen)):
            offer_save(rule_set, answers, lambda fmt: f"REPORT as {fmt}\n", **kw)
    return screen.getvalue() + capsys.readouterr().out


def test_default_file_names_are_dated_and_in_the_current_folder():
    from scarhelp.prompts import default_file_name

    assert default_file_name("html", "2026-12-02") == "scarhelp-report-2026-12-02.html"
    assert default_file_name("markdown", "2026-12-02") == "scarhelp-report-2026-12-02.md"
    assert default_file_name("answers", "2026-12-02") == "scarhelp-answers-2026-12-02.yaml"


def test_save_offer_replaces_an_existing_file_only_on_yes(mini, tmp_path, monkeypatch, capsys):
    from scarhelp.prompts import default_file_name

    monkeypatch.chdir(tmp_path)
    old = tmp_path / default_file_name("markdown")
    old.write_text("old\n", encoding="utf-8")
    said = drive_save(mini, DOWN + DOWN + ENTER + ENTER + "y" + ENTER, capsys)
    assert old.read_text(encoding="utf-8") == "REPORT as markdown\n"
    assert "Saved the report to" in said


def test_save_offer_a_failed_write_keeps_the_existing_file(mini, tmp_path, monkeypatch, capsys):
    import os

    from scarhelp.prompts import default_file_name

    monkeypatch.chdir(tmp_path)
    old = tmp_path / default_file_name("html")
    old.write_text("old\n", encoding="utf-8")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    said = drive_save(mini, DOWN + ENTER + ENTER + "y" + ENTER + ENTER, capsys)
    assert old.read_text(encoding="utf-8") == "old\n"
    assert "Not saved" in said and "could not write" in said
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([old.name, "mini.yaml"])  # no temporary file left


def test_save_offer_answers_use_the_answers_file_format(mini, tmp_path, monkeypatch, capsys):
    from scarhelp.answers import dump_answers
    from scarhelp.prompts import default_file_name

    monkeypatch.chdir(tmp_path)
    drive_save(mini, DOWN + DOWN + DOWN + ENTER + ENTER + ENTER, capsys)
    saved = tmp_path / default_file_name("answers")
    assert saved.read_text(encoding="utf-8") == dump_answers({"scar_type": "raised", "over_21": "no"}, mini)


def test_save_offer_leaves_out_answers_already_saved_with_save_answers(mini, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    said = drive_save(mini, ENTER, capsys, answers_saved="a.yaml")
    assert "My answers" not in said
    assert "web page" in said


def test_save_offer_end_of_input_is_an_interrupt(mini, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(Interrupted):
        drive_save(mini, "", capsys)
    assert [p.name for p in tmp_path.iterdir()] == ["mini.yaml"]


def test_flow_missing_is_what_the_skip_logic_asks_and_is_unanswered(rules, every_answer):
    # flow.missing walks the questions once; it must equal the plain definition (asked by
    # the skip logic on the pruned answers, not answered), for partial answer sets too
    import random

    rng = random.Random(11)
    for answers in rng.sample(every_answer, 3000):
        partial = {k: v for k, v in answers.items() if rng.random() < 0.7}
        current = flow.prune(rules, partial)
        for prefs in (True, False):
            want = [q for q in flow.asked(rules, current) if q.id not in current and (prefs or not q.preference)]
            assert flow.missing(rules, partial, preferences=prefs) == want, partial
