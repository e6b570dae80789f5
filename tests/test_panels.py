"""The coloured terminal report's own layout: it must fit, line up and lose nothing."""

from __future__ import annotations

import copy
import re
import unicodedata
from collections import Counter

import pytest
from rich.cells import cell_len  # the oracle for terminal cells: not scarhelp's own measure

from scarhelp.render import panels, render
from scarhelp.render.blocks import build_blocks

from .test_render import deep, reports  # noqa: F401 - fixtures

ESC = re.compile(r"\x1b\[[0-9;]*m")


def visible(out: str) -> list[str]:
    return ESC.sub("", out).splitlines()


def words(text: str) -> Counter:
    return Counter(w.lower().rstrip(":") for w in re.findall(r"[\w'’“”.,:;()\[\]/-]+", text) if w.strip("─-~=:"))


@pytest.mark.parametrize("width", [20, 33, 40, 60, 80, 100, 140])
def test_every_line_fits_and_every_panel_lines_up(reports, width):  # noqa: F811
    for report in reports.values():
        lines = visible(render(report, "text", color=True, width=width, explain=True))
        assert max(cell_len(line) for line in lines) <= width
        inside = False
        for line in lines:
            if line.startswith("╭"):
                inside = True
                assert line.endswith("╮") and cell_len(line) == width, line
            elif line.startswith("╰"):
                inside = False
                assert line.endswith("╯") and cell_len(line) == width, line
            elif inside:
                assert line.startswith("│ ") and line.endswith(" │") and cell_len(line) == width, line
        assert not inside


@pytest.mark.parametrize("width", [60, 100])
def test_colour_says_everything_the_plain_text_says(reports, width):  # noqa: F811
    """Same blocks, other layout: every word of the plain report is in the coloured one
    (headings aside, which plain text writes in capitals and underlines)."""
    for report in reports.values():
        blocks = build_blocks(report, explain=True)
        plain = render(report, "text", width=width, explain=True)
        colour = "\n".join(visible(render(report, "text", color=True, width=width, explain=True)))
        headings = {b.text.upper() for b in blocks if b.kind == "h1"}
        plain = "\n".join(line for line in plain.splitlines() if line.strip() not in headings)
        plain = plain.replace("PLEASE READ: ", "").replace("- ", " ").replace("* ", " ").replace("> ", " ")
        missing = words(plain) - words(colour) - words(" ".join(h.lower() for h in headings) + " • › ✓ ·")
        assert not missing, missing


def test_a_long_option_name_moves_into_the_panel_instead_of_being_cut(deep):  # noqa: F811
    report = copy.deepcopy(deep)
    report["recommendations"][0]["name"] = "An option with a really quite remarkably long name"
    lines = visible(render(report, "text", color=True, width=30))
    text = " ".join(line.strip("│╭╮╰╯─ ") for line in lines)
    assert "An option with a really quite remarkably long name" in " ".join(text.split())


@pytest.mark.parametrize(
    "what",
    [
        "瘢痕の治療 " * 12 + "😀" * 30,  # two cells each
        "re\u0301sume\u0301 " * 30,  # combining accents: no cell of their own
        "bell\x07 ring\x1b[0m " * 20,  # control characters, dropped before measuring
        "zero\u200bwidth " * 20,
    ],
)
def test_lines_are_measured_in_terminal_cells(deep, what):  # noqa: F811
    report = copy.deepcopy(deep)
    report["recommendations"][0]["what"] = what
    report["recommendations"][0]["name"] = "Name\twith a tab\nand a line break"
    for width in (24, 50):
        lines = visible(render(report, "text", color=True, width=width))
        assert max(cell_len(line) for line in lines) <= width
        assert all(cell_len(line) == width for line in lines if line.startswith("│"))
        joined = " ".join(line.strip("│╭╮╰╯─ ") for line in lines)
        # the tab and line break became spaces: the whole name is there, in one piece once unwrapped
        assert "Name with a tab and a line break" in " ".join(joined.split())
        assert "\t" not in "".join(lines)
        # every character of the text but the control characters (dropped one by one, so
        # an escape sequence leaves its printable tail) is there, in order; wrapping may
        # break a word without spaces, such as the CJK one, so compare without white space
        visible_what = "".join(c for c in "".join(what.split()) if unicodedata.category(c) != "Cc")
        assert visible_what in "".join(joined.split())


@pytest.mark.parametrize("color", [True, False])
def test_control_characters_from_a_rule_file_never_reach_the_terminal(deep, color):  # noqa: F811
    report = copy.deepcopy(deep)
    report["disclaimer"] = "Not medical advice.\x1b]0;pwned\x07\x1b[2J\x9b2J ok"
    out = render(report, "text", color=color, width=60)
    assert "\x07" not in out and "\x1b]" not in out and "[2J" in out and "\x1b[2J" not in out and "\x9b" not in out
    assert "Not medical advice.]0;pwned[2J2J ok" in ESC.sub("", out)


def test_styles_become_standard_ansi_codes(deep):  # noqa: F811
    out = render(deep, "text", color=True, width=80)
    assert "\x1b[1;33mPlease read\x1b[0m" in out  # bold yellow panel title
    assert "\x1b[34m╭─ " in out  # blue option panel border
    assert not re.search(r"\x1b\[38;[25];", out)  # 16 colours only: 256 and true colour would be 38;5 / 38;2


def test_wrap_breaks_a_word_longer_than_the_line():
    assert panels.wrap("漢" * 10, 7) == ["漢漢漢", "漢漢漢", "漢漢漢", "漢"]
    assert panels.wrap("ab 漢漢漢漢漢漢漢漢", 21, "- ", "  ") == ["- ab 漢漢漢漢漢漢漢漢"]
    assert panels.wrap("ab 漢漢漢漢漢漢漢漢", 16, "- ", "  ") == ["- ab", "  漢漢漢漢漢漢漢", "  漢"]
