"""The compiled rule set fires exactly the rules the condition interpreter does."""

from scarhelp.compiled import Compiled

# That the compiled rule set fires exactly the interpreter's rules on every reachable answer
# set of the bundled rules is proven in the one exhaustive walk, test_engine's
# test_every_complete_answer_set_says_something_without_conflict.


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
