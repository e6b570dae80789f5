"""The compiled rule set fires exactly the rules the condition interpreter does."""

import pytest

from scarhelp.compiled import Compiled
from scarhelp.conditions import holds

SHARDS = 4  # the walk is split so that the test processes share it; every set is checked once


@pytest.mark.parametrize("shard", range(SHARDS))
def test_compiled_agrees_with_the_interpreter_on_every_reachable_answer_set(rules, every_answer, shard):
    c = Compiled(rules)
    assert len(every_answer) > 300_000  # every reachable set, not a sample
    for answers in every_answer[shard::SHARDS]:
        want = tuple(i for i, r in enumerate(rules.rules) if holds(r.when, answers))
        assert c.fired(answers) == want, answers


def test_evaluate_given_the_fired_rules_gives_the_same_result(rules, every_answer):
    # batch hands evaluate the compiled fired set; the result must be the interpreter's,
    # preference answers included (they choose the notes on what the person said)
    from scarhelp.engine import evaluate

    c = Compiled(rules)
    prefs = {q.id: [o.value for o in q.options] for q in rules.questions if q.preference}
    for n, answers in enumerate(every_answer[::97]):
        answers = dict(answers, **{q: values[n % len(values)] for q, values in prefs.items()})
        want = evaluate(rules, answers, with_trace=False)
        assert evaluate(rules, answers, with_trace=False, fired=c.fired(answers)) == want, answers
