"""The decision flow of a rule set as a diagram: Mermaid or Graphviz DOT text.

Pure functions from a :class:`~scarhelp.model.RuleSet` to a string.  Both formats
are drawn from one neutral description (:func:`flow_graph`), so they show the
same thing:

* the questionnaire, one node per question in order.  A solid edge goes to the
  next question, labelled with the condition under which it is asked when that
  is not already certain; a dashed "otherwise" edge shows where the flow goes
  when it is skipped (past every later question that is then skipped too);
* the rules, grouped by what they act on (one group per treatment, then caveats
  on every option, then general advice), each showing its condition, which
  names the questions it reads;
* what each rule leads to: the treatment at a strength (coloured by strength),
  a caveat, or advice;
* with ``rule_links``, also a dotted edge from the question that decides each
  rule (the last one, in questionnaire order, that its condition tests; one per
  ``any:`` branch).  Off by default: with a few dozen rules those edges cross
  everything and the picture stops being readable.

Output is deterministic: everything follows the rule file's order, and node ids
are derived from the ids in the file (escaped, made unique).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from .conditions import branch_implies, branches_of, is_always, notation_lines, notation_phrase
from .model import STRENGTH_LABELS, STRENGTHS, All, AnyOf, RuleSet, Test

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from collections.abc import Iterable

FORMATS = ("mermaid", "dot")
WRAP = 28  # characters per line inside a node

KIND_WORDS = {"one": "choose one", "many": "choose one or more", "yes_no": "yes or no"}

# Colours by strength (and for caveats and advice); the same in both formats.
STYLES: dict[str, dict[str, str]] = {
    "question": {"fill": "#f6f8fa", "stroke": "#57606a", "color": "#1f2328"},
    "terminal": {"fill": "#eaeef2", "stroke": "#57606a", "color": "#1f2328"},
    "rule": {"fill": "#ffffff", "stroke": "#8c959f", "color": "#1f2328"},
    "best_fit": {"fill": "#1a7f37", "stroke": "#116329", "color": "#ffffff"},
    "option": {"fill": "#aceebb", "stroke": "#1a7f37", "color": "#1f2328"},
    "weaker_fit": {"fill": "#fff8c5", "stroke": "#9a6700", "color": "#1f2328"},
    "not_suited": {"fill": "#ffebe9", "stroke": "#cf222e", "color": "#1f2328"},
    "caveat": {"fill": "#fff1e5", "stroke": "#bc4c00", "color": "#1f2328"},
    "advice": {"fill": "#ddf4ff", "stroke": "#0969da", "color": "#1f2328"},
    "invariant": {"fill": "#fbefff", "stroke": "#8250df", "color": "#1f2328"},
}


@dataclass
class Node:
    id: str
    lines: tuple[str, ...]  # the label, one entry per line
    style: str  # a key of STYLES
    shape: str = "box"  # box | round (rules) | stadium (start, outcomes)


@dataclass
class Edge:
    source: str
    target: str
    label: str = ""
    kind: str = "next"  # next | skip | decides | leads


@dataclass
class Group:
    id: str
    title: str
    nodes: list[str] = field(default_factory=list)


@dataclass
class Flow:
    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)  # the questionnaire first, then the rule groups
    edges: list[Edge] = field(default_factory=list)


# -- reasoning about skip logic ------------------------------------------------------
# (the condition language itself, its implication and its notation, is ``conditions``)


def _known_when_asked(rule_set: RuleSet, qid: str, seen: frozenset[str] = frozenset()) -> tuple[Test, ...]:
    """Tests that certainly hold whenever question ``qid`` is asked: its own skip
    condition (if it is a plain conjunction), and, for each question that condition
    requires an answer to, what holds when that one is asked."""
    q = rule_set.question(qid)
    if q is None or qid in seen or isinstance(q.ask_if, AnyOf):
        return ()
    out = list(q.ask_if.tests)
    for t in q.ask_if.tests:
        if not t.negated:
            out.extend(_known_when_asked(rule_set, t.question, seen | {qid}))
    return tuple(out)


def skip_target(rule_set: RuleSet, index: int) -> int:
    """When question ``index`` is skipped, the index of the next question that may be
    asked (``len(questions)`` for the end).  A later question is skipped as well when
    its condition implies the skipped one's, or when each of its branches tests a
    question already skipped (a test on an unasked question never holds)."""
    questions = rule_set.questions
    cond = questions[index].ask_if
    skipped = {questions[index].id}
    for j in range(index + 1, len(questions)):
        later = questions[j]
        dead = all(
            (branch.tests and branch_implies(branch, cond)) or any(t.question in skipped for t in branch.tests)
            for branch in branches_of(later.ask_if)
        )
        if not dead:
            return j
        skipped.add(later.id)
    return len(questions)


# -- ids -------------------------------------------------------------------------------


class _Ids:
    """Readable, unique node ids: ``q_scar_depth``, ``r_creams_shallow`` ..."""

    def __init__(self) -> None:
        self.taken: dict[str, tuple[str, ...]] = {}
        self.made: dict[tuple[str, ...], str] = {}

    def __call__(self, prefix: str, *parts: str) -> str:
        key = (prefix, *parts)
        if key in self.made:
            return self.made[key]
        base = "_".join([prefix, *(re.sub(r"[^A-Za-z0-9]+", "_", p).strip("_") or "x" for p in parts)])
        name, n = base, 1
        while name in self.taken:
            n += 1
            name = f"{base}_{n}"
        self.taken[name] = key
        self.made[key] = name
        return name


def _wrap(text: str, width: int = WRAP) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width) or [""]


# -- the neutral graph -------------------------------------------------------------------


def flow_graph(rule_set: RuleSet, rule_links: bool = False) -> Flow:
    """What the diagram shows, independent of the output format."""
    ids = _Ids()
    flow = Flow(f"{rule_set.meta.title} {rule_set.meta.version}")
    questions = rule_set.questions
    orders = {q.id: q.values for q in questions}  # how the notation orders each question's values
    qids = [ids("q", q.id) for q in questions]
    start, done = ids("start"), ids("report")

    def add(node: Node, group: Group | None) -> None:
        flow.nodes[node.id] = node
        if group is not None:
            group.nodes.append(node.id)

    # the questionnaire
    ask = Group(ids("g", "questionnaire"), "Questionnaire, in order")
    flow.groups.append(ask)
    add(Node(start, ("start",), "terminal", "stadium"), ask)
    for n, (q, nid) in enumerate(zip(questions, qids, strict=True), 1):
        lines = (f"{n}. {q.id}", *_wrap(q.text), f"({KIND_WORDS.get(q.kind, q.kind)})")
        add(Node(nid, lines, "question"), ask)
    add(Node(done, ("report",), "terminal", "stadium"), ask)
    if questions:
        flow.edges.append(Edge(start, qids[0]))  # the first question cannot depend on another
    for i in range(len(questions)):
        here = qids[i]
        if i + 1 == len(questions):
            flow.edges.append(Edge(here, done))
            break
        nxt = questions[i + 1]
        known = _known_when_asked(rule_set, questions[i].id)
        if is_always(nxt.ask_if) or (known and branch_implies(All(known), nxt.ask_if)):
            flow.edges.append(Edge(here, qids[i + 1]))
            continue
        flow.edges.append(Edge(here, qids[i + 1], f"if {notation_phrase(nxt.ask_if, orders)}", "next"))
        j = skip_target(rule_set, i + 1)
        count = j - (i + 1)
        what = nxt.id if count == 1 else f"{count} questions"
        flow.edges.append(Edge(here, qids[j] if j < len(questions) else done, f"otherwise: skip {what}", "skip"))
    if not questions:
        flow.edges.append(Edge(start, done))
    order = {q.id: n for n, q in enumerate(questions)}

    # the rules, grouped by what they act on
    groups: dict[str | None, Group] = {}
    for t in rule_set.treatments:
        groups[t.id] = Group(ids("g", "treatment", t.id), t.name)
    every = Group(ids("g", "every_option"), "Caveats on every option shown")
    advice = Group(ids("g", "advice"), "General advice")
    outcome_ids: dict[tuple[str | None, ...], str] = {}
    key: tuple[str | None, ...]
    pending: list[tuple[str, str]] = []
    for rule in rule_set.rules:
        if rule.kind == "advise":
            group, key = advice, ("advice",)
            out = Node(ids("o", "advice"), ("advice in the report",), "advice", "stadium")
        elif rule.kind == "caveat" and rule.treatment is None:
            group, key = every, ("caveat",)
            out = Node(ids("o", "caveat_all"), ("caveat on every option",), "caveat", "stadium")
        elif rule.kind == "caveat":
            group, key = groups.get(rule.treatment) or every, ("caveat", rule.treatment)
            out = Node(ids("o", "caveat", rule.treatment or ""), ("caveat",), "caveat", "stadium")
        elif rule.kind == "not_shown":
            group, key = groups.get(rule.treatment) or every, ("not_shown", rule.treatment)
            out = Node(ids("o", "not_shown", rule.treatment or ""), ("not shown, and why",), "not_suited", "stadium")
        else:
            group, key = groups.get(rule.treatment) or every, ("recommend", rule.treatment, rule.strength)
            label = STRENGTH_LABELS[rule.strength] if rule.strength else "rule"
            out = Node(
                ids("o", rule.treatment or "", rule.strength or ""), (label,), rule.strength or "rule", "stadium"
            )
            if out.style not in STYLES:
                out.style = "rule"
        rid = ids("r", rule.id)
        add(Node(rid, (rule.id, *notation_lines(rule.when, orders)), "rule", "round"), group)
        if key not in outcome_ids:
            outcome_ids[key] = out.id
            pending.append((group.id, out.id))
            flow.nodes[out.id] = out
        deciders: list[str] = []
        for branch in branches_of(rule.when):
            tested = [t.question for t in branch.tests if t.question in order]
            if tested:
                last = max(tested, key=order.__getitem__)
                if last not in deciders:
                    deciders.append(last)
        deciders_ids = [qids[order[q]] for q in sorted(deciders, key=order.__getitem__)] if deciders else [start]
        for d in deciders_ids if rule_links else ():
            flow.edges.append(Edge(d, rid, "", "decides"))
        flow.edges.append(Edge(rid, outcome_ids[key], "", "leads"))
    # outcome nodes close their group, strongest first
    rank: dict[str, int] = {s: n for n, s in enumerate(STRENGTHS)}
    by_group: dict[str, list[str]] = {}
    for gid, oid in pending:
        by_group.setdefault(gid, []).append(oid)
    all_groups = [*groups.values(), every, advice]
    for g in all_groups:
        outs = by_group.get(g.id, [])
        g.nodes.extend(sorted(outs, key=lambda oid: rank.get(flow.nodes[oid].style, len(rank))))  # stable
        if g.nodes:
            flow.groups.append(g)
    # what check proves of every result: a list, not part of the flow
    if rule_set.invariants:
        proved = Group(ids("g", "invariants"), "Invariants: what check proves of every result")
        for inv in rule_set.invariants:
            when = () if is_always(inv.when) else notation_lines(inv.when, orders)
            lines = (inv.id, *_wrap(inv.says), *when)
            add(Node(ids("i", inv.id), lines, "invariant"), proved)
        flow.groups.append(proved)
    return flow


# -- Mermaid ---------------------------------------------------------------------------------


def mermaid_text(text: str) -> str:
    """Escape text for a quoted Mermaid label, with the entity codes Mermaid decodes."""
    out = text.replace("#", "#35;")
    for ch, code in (
        ("&", "#amp;"),
        ('"', "#quot;"),
        ("<", "#lt;"),
        (">", "#gt;"),
        ("`", "#96;"),
        ("|", "#124;"),
        ("\\", "#92;"),
    ):
        out = out.replace(ch, code)
    return out


def _mermaid_label(lines: Iterable[str]) -> str:
    return '"' + "<br/>".join(mermaid_text(line) for line in lines) + '"'


_MERMAID_SHAPES = {"box": ("[", "]"), "round": ("(", ")"), "stadium": ("([", "])")}
_MERMAID_ARROWS = {"next": "-->", "skip": "-.->", "decides": "-.->", "leads": "-->"}


def to_mermaid(rule_set: RuleSet, rule_links: bool = False) -> str:
    """The decision flow as a Mermaid flowchart (GitHub and GitLab render it).

    Layout: the questionnaire as a column on the left; the rule groups stacked in a
    column beside it (invisible ``~~~`` links keep them in order), each drawn left
    to right: its rules, then the outcomes they lead to.
    """
    flow = flow_graph(rule_set, rule_links)
    out = [
        # front matter: let a label line be as long as we wrapped it (Mermaid wraps at 200px)
        "---",
        "config:",
        "  flowchart:",
        "    wrappingWidth: 400",
        "---",
        f"%% {mermaid_text(flow.title)}: drawn by 'scarhelp graph --format mermaid'; do not edit by hand",
        "flowchart TB",
    ]
    for n, g in enumerate(flow.groups):
        out.append(f"  subgraph {g.id}[{_mermaid_label([g.title])}]")
        # the first group is the questionnaire; rules read left to right
        out.append("    direction TB" if n == 0 else "    direction LR")
        for nid in g.nodes:
            node = flow.nodes[nid]
            left, right = _MERMAID_SHAPES[node.shape]
            out.append(f"    {node.id}{left}{_mermaid_label(node.lines)}{right}")
        out.append("  end")
    styled: dict[str, list[int]] = {"skip": [], "decides": []}
    for i, e in enumerate(flow.edges):
        label = f"|{_mermaid_label([e.label])}|" if e.label else ""
        out.append(f"  {e.source} {_MERMAID_ARROWS[e.kind]}{label} {e.target}")
        styled.get(e.kind, []).append(i)
    if len(flow.groups) > 2:
        out.append("  " + " ~~~ ".join(g.id for g in flow.groups[1:]))
    for name, style in STYLES.items():
        out.append(f"  classDef {name} " + ",".join(f"{k}:{v}" for k, v in style.items()))
    by_style: dict[str, list[str]] = {}
    for node in flow.nodes.values():
        by_style.setdefault(node.style, []).append(node.id)
    for name in STYLES:
        if by_style.get(name):
            out.append(f"  class {','.join(by_style[name])} {name}")
    for g in flow.groups:
        out.append(f"  style {g.id} fill:#ffffff,stroke:#d0d7de")
    if styled["skip"]:
        out.append(f"  linkStyle {','.join(map(str, styled['skip']))} stroke:#57606a")
    if styled["decides"]:
        out.append(f"  linkStyle {','.join(map(str, styled['decides']))} stroke:#8c959f,stroke-width:1px")
    return "\n".join(out) + "\n"


# -- Graphviz DOT -----------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """A DOT double-quoted string; a line break becomes a centred ``\\n``."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{body}"'


_DOT_NODE_STYLE = {"box": "filled", "round": '"rounded,filled"', "stadium": '"rounded,filled,bold"'}
_DOT_EDGES = {
    "next": "",
    "skip": 'style=dashed, color="#57606a", fontcolor="#57606a"',
    "decides": 'style=dotted, color="#8c959f", arrowsize=0.6',
    "leads": "",
}


def to_dot(rule_set: RuleSet, rule_links: bool = False) -> str:
    """The decision flow as a Graphviz DOT digraph (``dot -Tsvg flow.dot > flow.svg``).

    Left to right: the questionnaire runs along the top, the rule groups are
    stacked below it, each with its rules on the left and outcomes on the right.
    """
    flow = flow_graph(rule_set, rule_links)
    out = [
        f"// {flow.title}: drawn by 'scarhelp graph --format dot'; do not edit by hand",
        "digraph scarhelp {",
        f"  label={dot_string(flow.title + ': decision flow')};",
        '  labelloc=t; fontname="Helvetica"; rankdir=LR; nodesep=0.2; ranksep=0.4;',
        '  node [fontname="Helvetica", fontsize=11, shape=box, style=filled];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    # dot stacks the unconnected groups bottom-up: list them in reverse so the
    # questionnaire ends up on top and the rule groups follow in file order
    for g in reversed(flow.groups):
        out.append(f"  subgraph {dot_string('cluster_' + g.id)} {{")
        out.append(f'    label={dot_string(g.title)}; style=rounded; color="#d0d7de";')
        for nid in g.nodes:
            node = flow.nodes[nid]
            st = STYLES[node.style]
            out.append(
                f"    {dot_string(node.id)} [label={dot_string(chr(10).join(node.lines))}, "
                f'style={_DOT_NODE_STYLE[node.shape]}, fillcolor="{st["fill"]}", color="{st["stroke"]}", '
                f'fontcolor="{st["color"]}"];'
            )
        out.append("  }")
    for e in flow.edges:
        attrs = [a for a in (f"label={dot_string(e.label)}" if e.label else "", _DOT_EDGES[e.kind]) if a]
        out.append(
            f"  {dot_string(e.source)} -> {dot_string(e.target)}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";"
        )
    out.append("}")
    return "\n".join(out) + "\n"


def render(rule_set: RuleSet, fmt: str, rule_links: bool = False) -> str:
    """The diagram in ``fmt`` (one of ``FORMATS``)."""
    if fmt == "mermaid":
        return to_mermaid(rule_set, rule_links)
    if fmt == "dot":
        return to_dot(rule_set, rule_links)
    raise ValueError(f"unknown graph format {fmt!r}; one of: {', '.join(FORMATS)}")
