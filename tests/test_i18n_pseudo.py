"""Nothing the tool says is left outside the catalogue: the pseudo-language ``xx`` (every
message wrapped in ``⟦…⟧``, see tests/pseudo_lang.py) walks the questionnaire in a real
pseudo-terminal, and any visible word outside the markers fails, with the word and its
context.  The rule set's own texts are taken out first (pseudo_lang.rule_strings):
they come from the rule file and its translation, not from the catalogue.

The screen is read through a terminal emulator (pyte), so what is checked is what a
person sees at each step, after the menus have redrawn, not the bytes that drew it.
"""

from __future__ import annotations

import os
import re
import sys
import time

import pexpect
import pyte  # in the test extra
import pytest

from . import pseudo_lang
from .conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

DOWN = "\x1b[B"
ENTER = "\r"
CTRL_C = "\x03"
ROWS, COLS = 50, 160


@pytest.fixture(scope="module")
def pseudo_dir(tmp_path_factory):
    return pseudo_lang.build(tmp_path_factory.mktemp("locale"))


@pytest.fixture(scope="module")
def mini_texts():
    from scarhelp.bundle import load_rules

    return pseudo_lang.rule_strings(load_rules(str(ROOT / "tests" / "data" / "questionnaire.yaml")))


def _signals() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Terminal:
    """scarhelp in a pseudo-terminal, its output fed to a terminal emulator."""

    def __init__(self, args: list[str], cwd, localedir, lang: str = pseudo_lang.LANG) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES", "PAGER", "LESS")}
        env.update(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", PYTHONPATH=str(ROOT))
        if localedir is not None:
            env[pseudo_lang_env()] = str(localedir)
        else:
            env.pop(pseudo_lang_env(), None)
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "scarhelp", "--lang", lang, *args],
            env=env,
            cwd=str(cwd),
            dimensions=(ROWS, COLS),
            encoding="utf-8",
            codec_errors="replace",
            timeout=10,
            preexec_fn=_signals,
        )
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.Stream(self.screen)
        self.ended = False

    def text(self) -> str:
        return " ".join(" ".join(self.screen.display).split())

    def _pump(self, timeout: float) -> bool:
        try:
            self.stream.feed(self.child.read_nonblocking(65536, timeout=timeout))
            return True
        except pexpect.TIMEOUT:
            return False
        except pexpect.EOF:
            self.ended = True
            return False

    def wait(self, pattern: str, timeout: float = 10) -> str:
        """Until ``pattern`` is on the screen and the screen has settled; the screen."""
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.text()):
            if self.ended or time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} never appeared; the screen:\n" + "\n".join(self.screen.display))
            self._pump(0.2)
        while self._pump(0.3):  # the rest of this redraw
            pass
        return self.text()

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def finish(self) -> int:
        while not self.ended:
            self._pump(1)
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else 128 + (self.child.signalstatus or 0)


def pseudo_lang_env() -> str:
    from scarhelp.i18n import LOCALEDIR_ENV

    return LOCALEDIR_ENV


def _clean(screen: str, texts: list[str]) -> list[str]:
    return pseudo_lang.leftovers(screen, texts)


def test_leftovers_finds_english_outside_the_markers():
    """The check can fail: a word outside the markers is reported, one inside is not."""
    found = pseudo_lang.leftovers(
        "⟦Question 1 of 4⟧ What are your scars like? Press here", ["What are your scars like?"]
    )
    assert len(found) == 2 and found[0].startswith("'Press'")
    assert pseudo_lang.leftovers("⟦Saved ⟦report⟧ to x⟧", []) == []


def test_menus_walk_shows_only_catalogue_and_rule_texts(mini_path, tmp_path, pseudo_dir, mini_texts):
    """Welcome, progress, help, an option's help, the choices' instructions, going back,
    the review and a change from it, and the save offer after the report.  (The refusal
    of an empty multiple choice is a toolbar that questionary leaves blank in a real
    terminal; test_prompts reads it, and the catalogue's text, through a pipe.)"""
    t = Terminal(["--rules", str(mini_path), "--no-pager", "--width", "100"], tmp_path, pseudo_dir)
    seen: list[str] = []

    def at(pattern: str, keys: str = "") -> None:
        screen = t.wait(pattern)
        seen.append(screen)
        problems = _clean(screen, mini_texts)
        assert problems == [], f"English outside the catalogue at {pattern!r}: {problems}"
        if keys:
            t.send(keys)

    at(r"⟦Question 1 of up to 4⟧.*What are your scars like", ENTER)  # Sunken
    at("How deep are they", "b")  # back
    at(r"What are your scars like\?.*⟦\(arrows to move, Enter to choose\)⟧", ENTER)
    at("How deep are they", DOWN + ENTER)  # Deep
    at(r"What have you tried\?.*⟦\(Space to tick, Enter when done, b to ⟦go back⟧\)⟧", " " + ENTER)  # Creams
    at("older than 21", ENTER)  # Yes
    at(r"⟦See my result⟧", DOWN + ENTER)  # change the scar type
    at(r"⟦\(arrows to move, Enter to choose, b to ⟦keep my answer⟧\)⟧", "b")  # keep it
    at(r"⟦Review your answers:⟧", ENTER)
    screen = t.wait(r"⟦Save a copy\?⟧")
    offer = screen[screen.rindex("⟦Save a copy?⟧") :]  # the report above is checked by test_i18n_render
    assert _clean(offer, mini_texts) == [], offer
    assert "⟦The report as a web page, to print⟧" in offer
    t.send(ENTER)  # no, thanks
    assert t.finish() == 0
    assert any("⟦Question 2 of 4⟧" in s for s in seen)


def test_plain_walk_shows_only_catalogue_and_rule_texts(mini_path, tmp_path, pseudo_dir, mini_texts):
    out = tmp_path / "report.json"
    t = Terminal(["--plain", "--rules", str(mini_path), "--format", "json", "--output", str(out)], tmp_path, pseudo_dir)
    steps = [
        (r"⟦Your answer \(1-3, \? for help\):", "x\r"),
        ("is not one of the choices", "?\r"),
        (r"⟦Help: Sunken scars sit below the skin\.⟧", "b\r"),
        ("nothing to go back to", "1\r"),
        ("How deep are they", "1\r"),
        ("What have you tried", "1,3\r"),
        ("cannot be combined", "1,2\r"),
        ("older than 21", "1\r"),
        ("⟦Your answers:⟧", "9\r"),
        ("is not on the list", "\r"),
    ]
    for pattern, keys in steps:
        screen = t.wait(pattern)
        assert _clean(screen, mini_texts) == [], (pattern, _clean(screen, mini_texts))
        t.send(keys)
    assert t.finish() == 0
    assert out.exists()


def test_interrupt_and_save_messages_are_catalogue_texts(mini_path, tmp_path, pseudo_dir, mini_texts):
    saved = tmp_path / "so-far.yaml"
    t = Terminal(["--plain", "--rules", str(mini_path), "--save-answers", str(saved)], tmp_path, pseudo_dir)
    t.wait("Your answer")
    t.send("2\r")
    t.wait("older than 21")
    t.send(CTRL_C)
    assert t.finish() == 130
    screen = t.text()
    assert "⟦interrupted⟧" in screen and "⟦scarhelp: answers so far saved to" in screen
    assert _clean(screen, mini_texts) == []
    comments = [line[1:].strip() for line in saved.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert comments and _clean(" ".join(comments), mini_texts) == []


def test_questions_template_and_list_are_catalogue_texts(tmp_path, pseudo_dir):
    """``questions --template`` (a person fills it in) and the question list: every word is
    the catalogue's or the rule set's."""
    import subprocess

    from scarhelp.bundle import load_rules

    texts = pseudo_lang.rule_strings(load_rules())
    env = {**os.environ, pseudo_lang_env(): str(pseudo_dir), "NO_COLOR": "1"}
    for args in (["questions", "--template"], ["questions"]):
        proc = subprocess.run(
            [sys.executable, "-m", "scarhelp", "--lang", pseudo_lang.LANG, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        shown = proc.stdout
        if "--template" in args:  # the comments are for people; the keys and values are data
            shown = "\n".join(line.split("#", 1)[1] for line in shown.splitlines() if "#" in line)
        assert pseudo_lang.leftovers(shown, texts) == [], args


def test_spanish_walk_of_the_bundled_questionnaire_shows_no_english(tmp_path, rules):
    """``scarhelp --lang es`` in a terminal: every question, its options, the review, the
    report's last screen and the save offer, with no sentence of the catalogue's English or
    of the rule set's English texts on any screen (every format of the Spanish report is
    read in full by test_i18n_render)."""
    import gettext

    from scarhelp.bundle import load_rules
    from scarhelp.i18n import DOMAIN, localedir

    from .test_i18n_render import _english_messages, _english_rule_sentences

    spanish = load_rules(lang="es")
    es = gettext.translation(DOMAIN, localedir(), languages=["es"]).gettext
    english = _english_messages() + _english_rule_sentences(rules, spanish)
    question = {q.id: q for q in spanish.questions}
    t = Terminal(["--no-pager", "--width", "100"], tmp_path, None, lang="es")
    seen: list[str] = []

    def at(pattern: str, keys: str = "") -> None:
        screen = t.wait(pattern)
        seen.append(screen)
        left = [m for m in english if m in screen]
        assert left == [], f"English on the screen at {pattern!r}: {left}"
        if keys:
            t.send(keys)

    def ask(qid: str, keys: str) -> None:
        at(re.escape(" ".join(question[qid].text.split()[:4])), keys)

    ask("active_acne", DOWN + ENTER)  # no
    ask("scar_type", ENTER)  # sunken
    ask("scar_depth", DOWN + ENTER)  # deep
    ask("tried", " " + ENTER)  # creams
    ask("creams_outcome", DOWN + ENTER)  # not what I hoped for
    ask("avoid_downtime", DOWN + ENTER)  # no
    ask("darker_skin", DOWN + ENTER)  # no
    ask("collagen_allergy", DOWN + ENTER)  # no
    ask("scar_area", ENTER)  # the cheeks
    ask("stretch_softens", ENTER)  # yes
    ask("over_21", ENTER)  # yes
    for q in spanish.questions:
        if q.preference:
            ask(q.id, ENTER)
    at(re.escape(es("See my result")), ENTER)
    at(re.escape(es("Save a copy?")), ENTER)  # no, thanks
    assert t.finish() == 0
    assert "no es consejo médico" in seen[0]  # the welcome
    assert es("Where this comes from") in seen[-1]  # the report's end, above the save offer
