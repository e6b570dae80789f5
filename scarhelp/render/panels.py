"""The coloured terminal report: the text report's blocks laid out in panels.

Why lines are laid out here instead of handing rich a tree of ``Panel``,
``Table`` and ``Padding`` objects: rich measures and re-wraps every nested
renderable, and for this report that took longer (about 12 ms, plus 15 ms to
import ``rich.console``) than everything else in the run; start-up is a
feature.  Here each piece of text is wrapped once, measured in terminal cells
so wide characters keep the borders straight, and rich's ``Style`` turns the
styles into escape codes.
"""

from __future__ import annotations

import re

from ..i18n import _
from .blocks import Block
from .blocks import indents as _indents
from .blocks import wrap as _wrap

# A line is a list of (text, rich style) pieces.
Piece = tuple[str, str]
Line = list[Piece]

BORDER = {"disclaimer": "yellow", "option": "blue"}
MARKS = {"": "•", "fired": "✓", "skipped": "·"}
BODY_STYLE = {"fired": "green", "skipped": "dim"}
# Characters known to take exactly one terminal cell: printable ASCII, Latin and
# other letters up to U+02FF, general punctuation (quotes, bullet, ellipsis, ›),
# box drawing and ✓.  Text holding anything else (combining accents, CJK, emoji,
# zero-width marks) is measured by rich, which knows the width of each.
_NOT_ONE_CELL = re.compile("[^\x20-\x7e\xa0-\u02ff\u2010-\u2027\u2030-\u205e\u2500-\u257f\u2713]")


def cells(text: str) -> int:
    """Terminal cells ``text`` takes: its length, unless it holds a character that may
    not take exactly one cell (see above)."""
    if not _NOT_ONE_CELL.search(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Word-wrap to ``width`` cells with a first-line and a hanging indent."""
    if not _NOT_ONE_CELL.search(text):
        return _wrap(text, width, first, rest)
    first, rest = _indents(width, first, rest)
    lines: list[str] = []
    line, empty = first, True
    for word in text.split():
        while word:
            joined = word if empty else " " + word
            if cells(line) + cells(joined) <= width:
                line, empty, word = line + joined, False, ""
            elif empty:  # a word longer than the line: break it
                room = max(1, width - cells(line))
                cut = 1
                while cut < len(word) and cells(word[: cut + 1]) <= room:
                    cut += 1
                lines.append(line + word[:cut])
                line, word = rest, word[cut:]
            else:
                lines.append(line)
                line, empty = rest, True
    if not empty or not lines:
        lines.append(line.rstrip() if empty else line)
    return lines


def styled(text: str, width: int, indent: int = 0, mark: str = "", mark_style: str = "", style: str = "") -> list[Line]:
    """``text`` wrapped under a bullet ``mark``, each line as styled pieces."""
    lead = " " * indent + (mark + " " if mark else "")
    first, rest = _indents(width, lead, " " * len(lead))
    out: list[Line] = []
    for i, line in enumerate(wrap(text, width, lead, " " * len(lead))):
        head = first if i == 0 else rest
        body = line[len(head) :]
        stripped = head.rstrip()
        spaces = len(stripped) - len(stripped.lstrip(" "))
        pieces: Line = [(head[:spaces], "")] if spaces else []
        if stripped.strip():
            pieces.append((stripped.strip(), mark_style))
            pieces.append((head[len(stripped) :], ""))
        elif head[spaces:]:
            pieces.append((head[spaces:], ""))
        pieces.append((body, style))
        out.append(pieces)
    return out


def rule(title: str, width: int) -> list[Line]:
    """A heading across the width: ``Title ─────``."""
    if cells(title) + 6 <= width:
        return [[(title, "bold cyan"), (" " + "─" * (width - cells(title) - 1), "cyan")]]
    return [[(line, "bold cyan")] for line in wrap(title, width)] + [[("─" * width, "cyan")]]


def edge(left: str, right: str, width: int, style: str, label: Piece | None, at_right: bool) -> Line:
    """A panel's top or bottom border, with a label set into it when it fits."""
    fill = width - 2
    if label and cells(label[0]) + 4 <= fill:
        rest = fill - cells(label[0]) - 3
        if at_right:
            return [(left + "─" * rest + " ", style), label, (" ─" + right, style)]
        return [(left + "─ ", style), label, (" " + "─" * rest + right, style)]
    return [(left + "─" * fill + right, style)]


def panel(
    body: list[Line], width: int, style: str, title: Piece | None = None, subtitle: Piece | None = None
) -> list[Line]:
    """``body`` (laid out for ``width - 4`` cells) inside a rounded border.

    A title too long for the border becomes the body's first lines instead, so a
    narrow terminal never loses it; the subtitle only repeats what the body says.
    """
    inner = width - 4
    top = edge("╭", "╮", width, style, title, at_right=False)
    if title and len(top) == 1:
        body = [[(line, title[1])] for line in wrap(title[0], inner)] + body
    out = [top]
    for line in body:
        used = sum(cells(text) for text, _ in line)
        out.append([("│ ", style), *line, (" " * max(0, inner - used), ""), (" │", style)])
    out.append(edge("╰", "╯", width, style, subtitle, at_right=True))
    return out


def table(rows: list[tuple[str, str]], width: int) -> list[Line]:
    """The answers: question and answer side by side, three fifths to two."""
    gap = 2
    left = max(8, (width - gap) * 3 // 5)
    right = max(6, width - gap - left)

    def row(question: str, answer: str, q_style: str, a_style: str) -> list[Line]:
        qs, ans = wrap(question, left), wrap(answer, right)
        lines: list[Line] = []
        for i in range(max(len(qs), len(ans))):
            q = qs[i] if i < len(qs) else ""
            a = ans[i] if i < len(ans) else ""
            lines.append([(q, q_style), (" " * (left - cells(q) + gap), ""), (a, a_style)])
        return lines

    out = row(_("Question"), _("Your answer"), "bold", "bold") + [[("─" * width, "")]]
    for question, answer in rows:
        out.extend(row(question, answer, "", "bold"))
    return out


def layout(blocks: list[Block], width: int) -> list[Line]:
    """Every line of the coloured report, in order."""
    width = max(20, int(width))
    out: list[Line] = []
    stack: list[tuple[list[Line], Block]] = []
    rows: list[tuple[str, str]] = []

    for blk in blocks:
        inner = width - 4 if stack else width  # a panel's border and padding take 4 columns
        off = 2 if stack else 0  # and its padding stands for the first indent
        if rows and blk.kind != "kv":
            out.extend(table(rows, inner))
            rows = []
        if blk.kind == "disclaimer":
            body = styled(blk.text, width - 4, style="bold")
            out.extend(panel(body, width, BORDER["disclaimer"], (_("Please read"), "bold yellow")))
        elif blk.kind == "h1":
            out.append([])
            out.extend(rule(blk.text, inner))
        elif blk.kind == "option":
            stack.append((out, blk))
            out = []
        elif blk.kind == "end_option":
            parent, start = stack.pop()
            subtitle = (start.extra, "bold magenta") if start.extra else None
            parent.extend(panel(out, width, BORDER["option"], (start.text, "bold"), subtitle))
            out = parent
        elif blk.kind == "h3":
            out.append([])
            out.extend(styled(blk.text, inner, max(0, blk.indent - off), style="bold underline"))
        elif blk.kind == "li" and blk.extra == "num":
            num, _sep, text = blk.text.partition(" ")
            out.extend(styled(text, inner, blk.indent, num, "cyan"))
        elif blk.kind == "li":
            mark = MARKS.get(blk.extra, "•")
            indent = blk.indent if blk.extra else max(0, blk.indent - off)
            out.extend(styled(blk.text, inner, indent, mark, "cyan", BODY_STYLE.get(blk.extra, "")))
        elif blk.kind == "p":
            out.extend(styled(blk.text, inner, max(0, blk.indent - off)))
        elif blk.kind == "dim" and blk.extra == "answer":
            out.extend(styled(blk.text, inner, max(0, blk.indent - off - 2), "›", "cyan", "dim"))
        elif blk.kind == "dim":
            out.extend(styled(blk.text, inner, max(0, blk.indent - off), style="dim"))
        elif blk.kind == "kv":
            rows.append((blk.text, blk.extra))
        elif blk.kind == "gap":
            out.append([])
    if rows:
        out.extend(table(rows, width))
    return out


def paint(text: str, style: str) -> str:
    """``text`` in a style ('bold red'), turned into escape codes as the report's are:
    the one way scarhelp colours output (the report here, ``scarhelp test`` too)."""
    from rich.color import ColorSystem
    from rich.style import Style

    return Style.parse(style).render(text, color_system=ColorSystem.STANDARD)


def render(blocks: list[Block], width: int) -> str:
    """The laid-out lines, styled with the 16 standard ANSI colours.

    rich's ``Style`` turns each style into escape codes.  The blocks come without
    control characters (``text.render`` drops them before the layout measures
    anything), so what a rule set says cannot move the cursor or restyle the
    terminal.
    """
    from rich.color import ColorSystem
    from rich.style import Style

    codes: dict[str, Style] = {}
    out = []
    for line in layout(blocks, width):
        parts = []
        for piece, style in line:
            if style:
                if style not in codes:
                    codes[style] = Style.parse(style)
                piece = codes[style].render(piece, color_system=ColorSystem.STANDARD)
            parts.append(piece)
        out.append("".join(parts).rstrip(" "))
    return "\n".join(out) + "\n"
