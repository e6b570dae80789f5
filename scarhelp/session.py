"""One questionnaire session: the walk through the questions, going back, the review.

No UI here (a prompter implementing :class:`Ui` is passed in), so the walk is the
same for the arrow-key menus and the plain numbered prompts, and sits beside the
skip logic (:mod:`.flow`) it drives.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import flow
from .i18n import _

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    from .model import Answer, Question, RuleSet

BACK = "\0back"  # picked "go back"; cannot clash with an option value
RESULT = "\0result"  # picked "see my result" at the review


class Ui:
    """What a walk asks of a prompter; the menus and the plain prompts implement it."""

    def welcome(self, rule_set: RuleSet) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def ask(
        self, q: Question, current: Answer | None, progress: tuple[int, int, bool], back: str | None
    ) -> Answer:  # pragma: no cover
        raise NotImplementedError

    def review(self, rule_set: RuleSet, answered: list[tuple[Question, Answer]]) -> str:  # pragma: no cover
        raise NotImplementedError


class Walk:
    """The state of one questionnaire session: answers so far and remembered choices."""

    def __init__(self, rule_set: RuleSet, answers: Mapping[str, Answer]) -> None:
        self.rule_set = rule_set
        self.answers: dict[str, Answer] = flow.prune(rule_set, dict(answers))
        # Every answer ever given: the default when a question comes round again
        # (after going back, or when a review change makes it needed again).
        self.remembered: dict[str, Answer] = dict(answers)

    def run(self, ui: Ui, review: bool) -> None:
        rs = self.rule_set
        while True:
            q = flow.next_question(rs, self.answers)
            if q is None:
                if not review:
                    return
                picked = ui.review(rs, self._answered())
                if picked == RESULT:
                    return
                changed = rs.question(picked)
                assert changed is not None  # the review offers only the rule set's questions
                self._change(ui, changed)
                continue
            prev = flow.previous(rs, self.answers, q.id)
            progress = flow.progress(rs, self.answers, q.id)
            value = ui.ask(q, self.remembered.get(q.id), progress, _("Go back") if prev is not None else None)
            if value == BACK:
                if prev is not None:
                    self.answers.pop(prev.id, None)
                    self.answers = flow.prune(rs, self.answers)
                continue
            self._set(q, value)

    def _change(self, ui: Ui, q: Question) -> None:
        """Re-ask one question from the review; 'back' keeps the answer as it was."""
        progress = flow.progress(self.rule_set, self.answers, q.id)
        value = ui.ask(q, self.answers.get(q.id), progress, _("Keep my answer"))
        if value != BACK:
            self._set(q, value)

    def _set(self, q: Question, value: Answer) -> None:
        self.answers[q.id] = value
        self.remembered[q.id] = value
        self.answers = flow.prune(self.rule_set, self.answers)

    def so_far(self) -> dict[str, Answer]:
        """What to save on an interrupt: the answers, plus any answer the user went
        back from (it still counts until replaced), as far as the skip logic allows."""
        return flow.prune(self.rule_set, {**self.remembered, **self.answers})

    def _answered(self) -> list[tuple[Question, Answer]]:
        return [(q, self.answers[q.id]) for q in flow.asked(self.rule_set, self.answers) if q.id in self.answers]
