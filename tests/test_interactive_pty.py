"""End to end through a real pseudo-terminal: keys in, screen text out.

Each test runs ``python -m scarhelp`` under pexpect, as a person at a terminal
would (TERM=xterm, 24x100, colour allowed), types keys and reads the screen.
Reports go to a JSON file with ``--output`` where the test checks the answers
the session produced.  Every expect has a timeout, so nothing hangs.

``PROMPT_TOOLKIT_NO_CPR=1`` tells prompt_toolkit not to wait for a
cursor-position reply, which a real terminal sends and pexpect does not (it
would cost about a second per menu).
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "acne-scars.yaml"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
CTRL_C = "\x03"
CTRL_D = "\x04"
TIMEOUT = 10


@pytest.fixture
def mini(mini_path):
    return str(mini_path)


_CHILDREN: list = []


@pytest.fixture(autouse=True)
def _no_leftover_children():
    """A failed expect must not leave a scarhelp process waiting for keys."""
    yield
    while _CHILDREN:
        child = _CHILDREN.pop()
        if child.isalive():
            child.terminate(force=True)


def _terminal_signals() -> None:
    """Ctrl-C and Ctrl-\\ as a terminal gives them.  The program would inherit the test
    worker's SIGINT disposition, which need not be a terminal's (ignored when the suite is
    started in the background, and Python then installs no KeyboardInterrupt handler at
    all); in two full CI runs the plain Ctrl-C test so hung at a waiting prompt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def spawn(*args: str, cwd, dimensions=(24, 100), term: str = "xterm", shell: str | None = None):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "COLUMNS", "LINES", "SCARHELP_DEBUG", "PAGER", "LESS")
    }
    env.update(TERM=term, PROMPT_TOOLKIT_NO_CPR="1", PYTHONPATH=str(ROOT))
    command, argv = (sys.executable, ["-m", "scarhelp", *args]) if shell is None else ("/bin/sh", ["-c", shell])
    child = pexpect.spawn(
        command,
        argv,
        env=env,
        cwd=str(cwd),
        dimensions=dimensions,
        encoding="utf-8",
        codec_errors="replace",
        timeout=TIMEOUT,
        preexec_fn=_terminal_signals,
    )
    child.seen = []  # everything read, for assertions on the whole session
    _CHILDREN.append(child)
    return child


def step(child, pattern: str, keys: str = "") -> None:
    """Wait for ``pattern`` on the screen, then type ``keys``."""
    child.expect(pattern)
    child.seen.append(child.before + child.after)
    if keys:
        child.send(keys)


def finish(child) -> tuple[int, str]:
    """Wait for the program to end; its exit status and the whole screen."""
    child.expect(pexpect.EOF)
    child.seen.append(child.before)
    child.close()
    status = child.exitstatus if child.exitstatus is not None else 128 + (child.signalstatus or 0)
    return status, "".join(child.seen)


def report_answers(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["answers"]


def test_pty_menus_session_with_review_change(mini, tmp_path):
    out = tmp_path / "report.json"
    c = spawn("--rules", mini, "--format", "json", "--output", str(out), cwd=tmp_path)
    step(c, "not medical advice")
    step(c, "Question 1 of up to 4")
    step(c, "What are your scars like", ENTER)  # Sunken
    step(c, "How deep are they", DOWN + ENTER)  # Deep
    step(c, "What have you tried", " " + ENTER)  # Creams
    step(c, "older than 21", ENTER)  # Yes
    step(c, "See my result", DOWN + ENTER)  # change the scar type...
    step(c, "What are your scars like", DOWN + ENTER)  # ...to Raised
    step(c, "See my result", ENTER)
    status, screen = finish(c)
    assert status == 0, screen
    assert report_answers(out) == {"scar_type": "raised", "over_21": "yes"}
    assert "Traceback" not in screen


def test_pty_text_report_on_screen(mini, tmp_path):
    c = spawn("--rules", mini, cwd=tmp_path)
    step(c, "What are your scars like", DOWN + ENTER)  # Raised
    step(c, "older than 21", DOWN + ENTER)  # No
    step(c, "See my result", ENTER)
    step(c, "at a glance", "q")  # the report opens in the pager at its top; q closes it
    step(c, "Save a copy", ENTER)  # Enter: no
    status, screen = finish(c)
    assert status == 0, screen
    assert screen.count("not medical advice") >= 2  # the welcome and the report


def test_pty_back_key(mini, tmp_path):
    out = tmp_path / "report.json"
    c = spawn("--rules", mini, "--format", "json", "--output", str(out), cwd=tmp_path)
    step(c, "What are your scars like", ENTER)  # Sunken
    step(c, "How deep are they", "b")  # back
    step(c, "What are your scars like", DOWN + ENTER)  # Raised this time
    step(c, "older than 21", ENTER)
    step(c, "See my result", ENTER)
    status, screen = finish(c)
    assert status == 0, screen
    assert report_answers(out) == {"scar_type": "raised", "over_21": "yes"}


def test_pty_bundled_rules_full_session(tmp_path):
    out = tmp_path / "report.json"
    c = spawn("--rules", str(RULES), "--format", "json", "--output", str(out), cwd=tmp_path)
    step(c, r"publication\s+date\s+not\s+stated")  # the welcome wraps at 100 columns
    step(c, "acne breakouts now", DOWN + ENTER)  # no
    step(c, "What are your acne scars like", ENTER)  # sunken
    step(c, "How deep", DOWN + ENTER)  # deep
    step(c, "already tried", " " + ENTER)  # creams
    step(c, "acne creams work out", DOWN + ENTER)  # not enough
    step(c, "rather avoid", DOWN + ENTER)  # no
    step(c, "naturally darker", DOWN + ENTER)  # no
    step(c, "allergic to collagen", DOWN + ENTER)  # no
    step(c, "Where on your face", ENTER)  # the cheeks
    step(c, "gently stretch", ENTER)  # yes, they soften
    step(c, "older than 21", ENTER)  # yes
    step(c, "What matters to you")  # the preference questions come last, under their own heading
    step(c, "waiting up to six months", ENTER)  # it would bother me
    step(c, "with a needle", DOWN + ENTER)  # it would not
    step(c, "cannot be dissolved later", DOWN + DOWN + ENTER)  # no strong feeling
    step(c, "See my result", ENTER)
    status, screen = finish(c)
    assert status == 0, screen
    assert report_answers(out) == {
        "active_acne": "no",
        "scar_type": "sunken",
        "scar_depth": "deep",
        "tried": ["creams"],
        "creams_outcome": "not_enough",
        "avoid_downtime": "no",
        "darker_skin": "no",
        "scar_area": "cheeks",
        "stretch_softens": "yes",
        "over_21": "yes",
        "collagen_allergy": "no",
        "mind_waiting": "bothers",
        "mind_needle": "fine",
        "mind_permanent": "no_view",
    }


def test_pty_bundled_rules_text_report(tmp_path):
    c = spawn(cwd=tmp_path)  # the default: bundled rules, text report
    step(c, "acne breakouts now", DOWN + ENTER)
    step(c, "What are your acne scars like", DOWN + ENTER)  # raised: outside the article
    step(c, "See my result", ENTER)
    step(c, "Leave the scars as they are")  # the first screen of the report: the options at a glance
    assert "at a glance" in c.seen[-1]
    # the report waits in the pager at its top: nothing after it comes until the person closes it
    assert c.expect(["Save a copy", pexpect.TIMEOUT], timeout=3) == 1
    c.send("q")
    step(c, "Save a copy", ENTER)  # Enter: no
    status, screen = finish(c)
    assert status == 0, screen
    assert "dermatologist" in screen.split("See my result")[-1]


def test_pty_ctrl_c_exits_130_without_traceback(mini, tmp_path):
    c = spawn("--rules", mini, cwd=tmp_path)
    step(c, "What are your scars like", ENTER)
    step(c, "How deep are they", CTRL_C)
    status, screen = finish(c)
    assert status == 130
    assert "interrupted" in screen
    assert "Traceback" not in screen


def test_pty_ctrl_c_saves_partial_answers_and_resumes(mini, tmp_path):
    saved = tmp_path / "partial.yaml"
    c = spawn("--rules", mini, "--save-answers", str(saved), cwd=tmp_path)
    step(c, "What are your scars like", ENTER)  # Sunken
    step(c, "How deep are they", DOWN + ENTER)  # Deep
    step(c, "What have you tried", CTRL_C)
    status, screen = finish(c)
    assert status == 130
    assert f"resume with: scarhelp --answers {saved}" in screen.replace("\r\n", "")
    assert "Traceback" not in screen
    text = saved.read_text()
    assert 'scar_type: "sunken"' in text and 'scar_depth: "deep"' in text

    # resuming asks only what is missing, then the review, then the report
    out = tmp_path / "report.json"
    c = spawn("--rules", mini, "--answers", str(saved), "--format", "json", "--output", str(out), cwd=tmp_path)
    step(c, "Question 3 of 4")
    step(c, "What have you tried", DOWN + " " + ENTER)  # Peel
    step(c, "older than 21", ENTER)
    step(c, "See my result", ENTER)
    status, screen = finish(c)
    assert status == 0, screen
    assert "What are your scars like" not in screen.split("See my result")[0]
    assert report_answers(out) == {"scar_type": "sunken", "scar_depth": "deep", "tried": ["peel"], "over_21": "yes"}


def test_pty_partial_answers_file_bundled_rules(tmp_path):
    partial = tmp_path / "partial.yaml"
    partial.write_text("scar_type: raised\n")
    out = tmp_path / "report.json"
    c = spawn("--answers", str(partial), "--format", "json", "--output", str(out), cwd=tmp_path)
    step(c, "Question 1 of 2")
    step(c, "acne breakouts now", ENTER)  # yes: the only missing answer
    step(c, "See my result", ENTER)
    status, screen = finish(c)
    assert status == 0, screen
    assert "Question 2" not in screen  # the scar type came from the file
    assert report_answers(out) == {"active_acne": "yes", "scar_type": "raised"}


def test_pty_complete_answers_file_asks_nothing(tmp_path):
    complete = tmp_path / "complete.yaml"
    complete.write_text("active_acne: no\nscar_type: raised\n")
    c = spawn("--answers", str(complete), cwd=tmp_path)
    status, screen = finish(c)
    assert status == 0, screen
    assert "Question 1 of" not in screen and "See my result" not in screen
    assert "dermatologist" in screen


def test_pty_plain_session_has_no_escape_codes(mini, tmp_path):
    out = tmp_path / "report.json"
    c = spawn("--plain", "--rules", mini, "--format", "json", "--output", str(out), cwd=tmp_path)
    step(c, "Your answer", "x\r")
    step(c, "is not one of the choices", "1\r")  # Sunken
    step(c, "How deep are they")
    step(c, "Your answer", "b\r")  # back to the scar type
    step(c, r"Current answer: 1 \(Sunken\)")
    step(c, "Your answer", "2\r")  # Raised
    step(c, "older than 21")
    step(c, "Your answer", "1\r")
    step(c, "to see your result", "1\r")  # change answer 1 ...
    step(c, "Your answer", "1\r")  # ... to Sunken: depth and tried are asked
    step(c, "How deep are they")
    step(c, "Your answer", "1\r")
    step(c, "What have you tried")
    step(c, "Your answer", "1,3\r")
    step(c, "cannot be combined")
    step(c, "Your answer", "3\r")
    step(c, "to see your result", "\r")
    status, screen = finish(c)
    assert status == 0, screen
    assert "\x1b" not in screen
    assert report_answers(out) == {"scar_type": "sunken", "scar_depth": "shallow", "tried": ["none"], "over_21": "yes"}


def test_pty_stdout_redirected_questions_on_stderr(mini, tmp_path):
    # `scarhelp > report.json`: the questions must still reach the person (on
    # stderr, the terminal) and the file must hold only the report.
    out = tmp_path / "report.json"
    c = spawn(cwd=tmp_path, shell=f"'{sys.executable}' -m scarhelp --rules '{mini}' --format json > '{out}'")
    step(c, "not medical advice")
    step(c, "What are your scars like", DOWN + ENTER)
    step(c, "older than 21", ENTER)
    step(c, "See my result", ENTER)
    status, screen = finish(c)
    assert status == 0, screen
    assert report_answers(out) == {"scar_type": "raised", "over_21": "yes"}


def test_pty_dumb_terminal_gets_plain_prompts(mini, tmp_path):
    c = spawn("--rules", mini, "--format", "json", "--output", str(tmp_path / "r.json"), cwd=tmp_path, term="dumb")
    step(c, "1. Sunken")
    step(c, "Your answer", "2\r")
    step(c, "Your answer", "2\r")
    step(c, "to see your result", "\r")
    status, screen = finish(c)
    assert status == 0, screen
    assert "\x1b" not in screen


def test_pty_plain_ctrl_c_and_ctrl_d(mini, tmp_path):
    c = spawn("--plain", "--rules", mini, cwd=tmp_path)
    step(c, "Your answer", CTRL_C)
    status, screen = finish(c)
    assert status == 130 and "interrupted" in screen and "Traceback" not in screen

    saved = tmp_path / "s.yaml"
    c = spawn("--plain", "--rules", mini, "--save-answers", str(saved), cwd=tmp_path)
    step(c, "Your answer", "2\r")
    step(c, "older than 21")
    step(c, "Your answer", CTRL_D)
    status, screen = finish(c)
    assert status == 130 and "end of input" in screen and "Traceback" not in screen
    assert 'scar_type: "raised"' in saved.read_text()


def test_pty_narrow_terminal(mini, tmp_path):
    out = tmp_path / "report.json"
    c = spawn("--rules", mini, "--format", "json", "--output", str(out), cwd=tmp_path, dimensions=(24, 30))
    step(c, "Question 1", ENTER)
    step(c, "Question 2", ENTER)
    step(c, "Question 3", " " + ENTER)
    step(c, "Question 4", ENTER)
    step(c, "See my", ENTER)
    status, screen = finish(c)
    assert status == 0, screen
    assert "Traceback" not in screen
    assert report_answers(out)["scar_depth"] == "shallow"


def test_no_terminal_and_no_answers_is_a_usage_error(cli, mini):
    result = cli("--rules", mini)  # stdin is /dev/null
    assert result.returncode == 2
    assert "--answers" in result.stderr
    assert "Traceback" not in result.stderr


def test_pty_terminal_resized_mid_run(mini, tmp_path):
    # shrink to 25 columns in the middle of a menu, then widen again, then finish on screen
    c = spawn("--rules", mini, cwd=tmp_path)
    step(c, "Question 1", DOWN)
    c.setwinsize(24, 25)  # SIGWINCH while the menu is drawn
    step(c, "Raised", ENTER)
    c.setwinsize(40, 120)
    step(c, "Question 2", ENTER)
    step(c, "See my", ENTER)
    step(c, "at a glance", "q")
    step(c, "Save a copy", ENTER)  # Enter: no
    status, screen = finish(c)
    assert status == 0, screen
    assert "Traceback" not in screen
    assert "not medical advice" in screen


def test_pty_set_answers_are_kept_and_only_the_rest_asked(mini, tmp_path):
    out = tmp_path / "report.json"
    c = spawn("--rules", mini, "--set", "scar_type=raised", "--format", "json", "--output", str(out), cwd=tmp_path)
    step(c, "older than 21", DOWN + ENTER)  # No: the first question asked is the one --set left open
    assert "What are your scars like" not in "".join(c.seen)
    step(c, "See my result", ENTER)
    status, screen = finish(c)
    assert status == 0, screen
    assert report_answers(out) == {"scar_type": "raised", "over_21": "no"}


def test_pty_answers_saved_with_an_older_rule_set_ask_just_the_changed_questions(tmp_path):
    from .test_saved_with import MINI, NEWER

    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    old.write_text(MINI, encoding="utf-8")
    new.write_text(NEWER, encoding="utf-8")
    saved = tmp_path / "saved.yaml"
    c = spawn("--rules", str(old), "--set", "scar_depth=deep", "--set", "tried=creams", "--save-answers", str(saved),
              "-o", str(tmp_path / "r1.json"), "-f", "json", "--no-input", cwd=tmp_path)  # fmt: skip
    assert finish(c)[0] == 0 and "_rules:" in saved.read_text()
    out = tmp_path / "report.json"
    c = spawn("--rules", str(new), "--answers", str(saved), "--format", "json", "--output", str(out), cwd=tmp_path)
    step(
        c,
        "was saved with rule set version 0.1; these rules are version 0.2; new or changed questions to answer again: tried, area",
    )
    step(c, "Tried", DOWN + " " + ENTER)  # Peel, the new option
    step(c, "Where", ENTER)  # Cheeks
    assert "How deep" not in "".join(c.seen)  # the unchanged answer is kept
    step(c, "See my result", ENTER)
    status, screen = finish(c)
    assert status == 0, screen
    assert report_answers(out) == {"scar_depth": "deep", "tried": ["peel"], "area": "cheeks"}


# -- saving a copy after the report --------------------------------------------


def _walk_to_save_offer(c) -> None:
    """The mini questionnaire, shortest way (Raised, No), up to the save offer."""
    step(c, "What are your scars like", DOWN + ENTER)  # Raised
    step(c, "older than 21", DOWN + ENTER)  # No
    step(c, "See my result", ENTER)
    step(c, "at a glance", "q")  # the report is on the screen first, in the pager
    step(c, "Save a copy")


def test_pty_save_report_as_html_in_the_current_folder(mini, tmp_path):
    import datetime

    c = spawn("--rules", mini, cwd=tmp_path)
    _walk_to_save_offer(c)
    c.send(DOWN + ENTER)  # the report as a web page
    step(c, "Save as", ENTER)  # the suggested name
    step(c, "Saved the report to")
    step(c, "Save anything else", ENTER)  # Enter: no
    status, screen = finish(c)
    assert status == 0, screen
    name = f"scarhelp-report-{datetime.date.today().isoformat()}.html"
    saved = tmp_path / name
    assert saved.is_file(), sorted(p.name for p in tmp_path.iterdir())
    html = saved.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "see a dermatologist" in html
    assert datetime.date.today().isoformat() in html  # dated, like --format html
    assert name in screen  # said where it went
    assert not list(tmp_path.glob(".scarhelp-*"))  # no temporary file left behind
    assert "Traceback" not in screen


def test_pty_save_answers_then_run_again_with_them(mini, tmp_path):
    import datetime

    c = spawn("--rules", mini, cwd=tmp_path)
    _walk_to_save_offer(c)
    c.send(DOWN + DOWN + DOWN + ENTER)  # my answers
    step(c, "Save as", ENTER)
    step(c, "Saved your answers to")
    step(c, "Save anything else", ENTER)
    status, screen = finish(c)
    assert status == 0, screen
    saved = tmp_path / f"scarhelp-answers-{datetime.date.today().isoformat()}.yaml"
    out = tmp_path / "again.json"
    c = spawn("--rules", mini, "--answers", str(saved), "--format", "json", "--output", str(out), cwd=tmp_path)
    status, screen = finish(c)
    assert status == 0, screen
    assert report_answers(out) == {"scar_type": "raised", "over_21": "no"}


def test_pty_enter_at_the_save_offer_saves_nothing(mini, tmp_path):
    c = spawn("--rules", mini, cwd=tmp_path)
    _walk_to_save_offer(c)
    c.send(ENTER)
    status, screen = finish(c)
    assert status == 0, screen
    assert [p.name for p in tmp_path.iterdir()] == ["mini.yaml"]
    assert "Saved" not in screen.split("Save a copy")[-1]


def test_pty_existing_file_is_kept_when_replacing_is_declined(mini, tmp_path):
    import datetime

    old = tmp_path / f"scarhelp-report-{datetime.date.today().isoformat()}.md"
    old.write_text("my own notes\n", encoding="utf-8")
    c = spawn("--rules", mini, cwd=tmp_path)
    _walk_to_save_offer(c)
    c.send(DOWN + DOWN + ENTER)  # the report as Markdown
    step(c, "Save as", ENTER)  # the suggested name, which exists
    step(c, "already exists. Replace it", ENTER)  # Enter: the default, No
    step(c, "is unchanged")
    step(c, "Save a copy", ENTER)  # offered again; Enter: no
    status, screen = finish(c)
    assert status == 0, screen
    assert old.read_text(encoding="utf-8") == "my own notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["mini.yaml", old.name])


def test_pty_no_save_offer_when_the_report_went_to_a_file_or_plain(mini, tmp_path):
    out = tmp_path / "r.md"
    c = spawn("--rules", mini, "--format", "markdown", "--output", str(out), cwd=tmp_path)
    step(c, "What are your scars like", DOWN + ENTER)
    step(c, "older than 21", DOWN + ENTER)
    step(c, "See my result", ENTER)
    status, screen = finish(c)
    assert status == 0, screen
    assert "Save a copy" not in screen
    written = out.read_text(encoding="utf-8")  # the Markdown report, with the answers given
    assert written.startswith("> **Please read:**") and "\n# Mini scar rules\n" in written
    assert "not medical advice" in written and "older than 21" in written.lower()
