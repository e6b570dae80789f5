"""The report for a terminal: plain wrapped text, or coloured panels.

The content comes as blocks (:mod:`.blocks`); this module cleans them for a
terminal and lays them out as plain text (no escape codes, and rich is not even
imported, which keeps start-up fast), or hands them to :mod:`.panels` for colour.
"""

from __future__ import annotations

from ..i18n import _
from . import _common as C
from .blocks import Block, build_blocks, summary_blocks
from .blocks import wrap as _wrap

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from ..reportshape import Report


def render_plain(blocks: list[Block], width: int) -> str:
    width = max(20, int(width))
    lines: list[str] = []

    def blank() -> None:
        if lines and lines[-1] != "":
            lines.append("")

    prev = ""  # the kind of the block before
    for blk in blocks:
        pad = " " * blk.indent
        after, prev = prev, blk.kind
        if blk.kind == "disclaimer":
            blank()
            bar = "=" * width
            lines.append(bar)
            lines.extend(_wrap(_("PLEASE READ: {text}").format(text=blk.text), width, "", ""))
            lines.append(bar)
        elif blk.kind == "h1":
            if after != "disclaimer":  # the disclaimer's bar already sets it apart
                blank()
            lines.extend(_wrap(blk.text.upper(), width, "", ""))
        elif blk.kind == "option":
            blank()
            head = f"{blk.text} - {blk.extra}" if blk.extra else blk.text
            lines.extend(_wrap(head, width, "", "   "))
        elif blk.kind == "end_option":
            pass
        elif blk.kind == "h3":
            lines.extend(_wrap(blk.text + ":", width, pad, pad))
        elif blk.kind == "li":
            if blk.extra == "num":
                num, _sep, _rest = blk.text.partition(" ")
                lines.extend(_wrap(blk.text, width, pad, pad + " " * (len(num) + 1)))
            else:
                lines.extend(_wrap(blk.text, width, pad + "- ", pad + "  "))
        elif blk.kind in ("p", "dim"):
            if blk.extra == "answer":
                lines.extend(_wrap(blk.text, width, pad[:-2] + "* ", pad))
            else:
                lines.extend(_wrap(blk.text, width, pad, pad))
        elif blk.kind == "kv":  # "3. Question? -> answer", under its number
            num, _sep, _rest = blk.text.partition(" ")
            text = f"{blk.text} \u2192 {blk.extra}" if blk.extra else blk.text
            lines.extend(_wrap(text, width, pad, pad + " " * (len(num) + 1)))
        elif blk.kind == "gap":
            blank()
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render(
    report: Report,
    color: bool = False,
    width: int = 80,
    explain: bool = False,
    generated: str | None = None,
    brief: bool = False,
    **_options: object,
) -> str:
    if brief:
        raw = [Block("disclaimer", report.get("disclaimer") or "This is not medical advice.")]
        raw += summary_blocks(report, generated)
    else:
        raw = build_blocks(report, explain=explain, generated=generated)
    blocks = [_for_terminal(b) for b in raw]
    if color:
        from . import panels

        return panels.render(blocks, width)
    return render_plain(blocks, width)


def _for_terminal(block: Block) -> Block:
    """A block whose text a terminal only displays: control characters dropped (a
    rule file could hold escape sequences) and runs of whitespace, tabs and line
    breaks included, made one space, before anything is measured or wrapped."""
    return block.replace(
        text=" ".join(C.printable(block.text).split()), extra=" ".join(C.printable(block.extra).split())
    )
