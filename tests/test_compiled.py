"""The compiled rule set fires exactly the rules the condition interpreter does."""

from scarhelp.bundle import load_rules
from scarhelp.compiled import Compiled
from scarhelp.conditions import holds
from tests.test_analysis import every_answer_set


def test_compiled_agrees_with_the_interpreter_on_every_reachable_answer_set():
    rs = load_rules()
    c = Compiled(rs)
    rules = rs.rules
    n = 0
    for answers in every_answer_set(rs):
        n += 1
        want = tuple(i for i, r in enumerate(rules) if holds(r.when, answers))
        assert c.fired(answers) == want, answers
    assert n > 1000
