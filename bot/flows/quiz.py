"""The career match quiz as a pure state machine.

A session is a :class:`QuizState`: a version number and the ids of the
answers given so far.  Every button carries the version it was rendered for
(``a.<version>.<answer id>``, ``b.<version>``, ``r.<version>``, the version in
base 36), so a double press or a button from an older message no longer
matches and is answered "this step has changed" instead of being applied.
Scoring weights, questions and reasons all come from ``quiz.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from bot.content.catalog import Catalog
from bot.content.models import Career, Quiz, QuizAnswer
from bot.handlers.charts import salary_chart
from bot.handlers.common import salary_range
from bot.i18n.formatting import region_name
from bot.payloads import AnswerStep, BackStep, RestartStep, quiz_payload
from bot.phrases import EN, Phrases
from bot.replies import Action, Block, Button, FieldItem, Fields, Paragraph, Reply, bold, line
from bot.request import Request

COMMAND = "quiz"
SHOWN_MATCHES = 3
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True, slots=True)
class QuizState:
    """One user's quiz: ``live`` is false when no quiz is stored (or it expired)."""

    version: int
    answers: tuple[str, ...] = ()
    live: bool = False


def to_base36(number: int) -> str:
    """A compact, button-friendly version number."""
    out = ""
    while True:
        number, digit = divmod(number, 36)
        out = _DIGITS[digit] + out
        if not number:
            return out


def from_base36(text: str) -> int | None:
    """The inverse of :func:`to_base36`; ``None`` for anything else."""
    if not text or len(text) > 12 or any(c not in _DIGITS for c in text):
        return None
    return int(text, 36)


def valid_answers(quiz: Quiz, answers: tuple[str, ...]) -> tuple[str, ...]:
    """The longest prefix of ``answers`` that still fits the quiz (content may have been reloaded)."""
    kept: list[str] = []
    for question, answer in zip(quiz.questions, answers, strict=False):
        if not any(a.id == answer for a in question.answers):
            break
        kept.append(answer)
    return tuple(kept)


def _answer(quiz: Quiz, index: int, answer_id: str) -> QuizAnswer | None:
    return next((a for a in quiz.questions[index].answers if a.id == answer_id), None)


def _question(quiz: Quiz, state: QuizState, p: Phrases = EN) -> Reply:
    step = len(state.answers)
    question = quiz.questions[step]
    v = to_base36(state.version)
    blocks: list[Block] = [Paragraph(line(quiz.intro))] if step == 0 else []
    blocks.append(Paragraph(line(bold(question.text))))
    buttons = [Button(a.label, AnswerStep(v, a.id).action()) for a in question.answers]
    if step > 0:
        buttons.append(Button(p.btn_back, BackStep(v).action()))
    buttons.append(Button(p.btn_restart, RestartStep(v).action()))
    title = f"{quiz.title} · {p.quiz_question.format(number=step + 1, total=len(quiz.questions))}"
    return Reply(title, tuple(blocks), tuple(buttons), p.quiz_footer)


@dataclass(frozen=True, slots=True)
class Match:
    """A career's standing after the quiz: score, share of its best possible score, reasons."""

    career: Career
    score: int
    percent: int
    reasons: tuple[str, ...]


def rank(catalog: Catalog, answers: tuple[str, ...]) -> list[Match]:
    """Every career, best first: by share of its best possible score, then score, then content order."""
    quiz = catalog.quiz
    chosen = [_answer(quiz, i, a) for i, a in enumerate(answers)]
    matches = []
    for career in catalog.careers.values():
        best = sum(max(0, *(a.weights.get(career.id, 0) for a in q.answers)) for q in quiz.questions)
        pairs = [(a.weights.get(career.id, 0), i, a) for i, a in enumerate(chosen) if a is not None]
        score = sum(w for w, _, _ in pairs)
        reasons = tuple(a.reason for w, _, a in sorted(pairs, key=lambda p: (-p[0], p[1])) if w > 0)
        percent = round(100 * max(score, 0) / best) if best > 0 else 0
        matches.append(Match(career, score, percent, reasons))
    order = {c: i for i, c in enumerate(catalog.careers)}
    return sorted(matches, key=lambda m: (-m.percent, -m.score, order[m.career.id]))


def _result(catalog: Catalog, state: QuizState) -> Reply:
    v = to_base36(state.version)
    ranked = rank(catalog, state.answers)
    top = [m for m in ranked if m.score > 0][:SHOWN_MATCHES]
    blocks: list[Block] = []
    buttons: list[Button] = []
    if top:
        blocks.append(Paragraph(line(catalog.phrases.quiz_result_intro)))
    else:
        blocks.append(Paragraph(line(catalog.phrases.quiz_no_match)))
        top = ranked[:SHOWN_MATCHES]
    for number, match in enumerate(top, 1):
        career = match.career
        heading = line(
            bold(f"{number}. {career.name}"), f" ({catalog.phrases.quiz_match.format(percent=match.percent)})"
        )
        fields = [
            FieldItem(
                catalog.phrases.quiz_salary.format(
                    region=region_name(career.salary.region, catalog.language)
                ),
                line(salary_range(career.salary, catalog)),
            )
        ]
        if match.reasons:
            fields.insert(0, FieldItem(catalog.phrases.quiz_why, line("; ".join(match.reasons))))
        blocks += [Paragraph(heading), Paragraph(line(career.summary)), Fields(tuple(fields))]
        buttons.append(Button(catalog.phrases.btn_path.format(name=career.name), Action("path", career.id)))
        buttons.append(
            Button(catalog.phrases.btn_details.format(name=career.name), Action("careers", career.id))
        )
    others = [m.career.name for m in ranked if m.score > 0 and m not in top]
    if others:
        blocks.append(Paragraph(line(catalog.phrases.quiz_others.format(names=", ".join(others)))))
    buttons.append(Button(catalog.phrases.btn_back, BackStep(v).action()))
    buttons.append(Button(catalog.phrases.btn_restart, RestartStep(v).action()))
    picture = salary_chart(catalog, only=[m.career.id for m in top])  # the matched roles' ranges
    return Reply(
        catalog.phrases.quiz_result_title,
        tuple(blocks),
        tuple(buttons),
        catalog.phrases.quiz_result_footer,
        picture=picture,
    )


def current(catalog: Catalog, state: QuizState) -> Reply:
    """The step ``state`` is at: the next question, or the result once every question is answered."""
    if len(state.answers) >= len(catalog.quiz.questions):
        return _result(catalog, state)
    return _question(catalog.quiz, state, catalog.phrases)


def changed(catalog: Catalog, state: QuizState) -> Reply:
    """'This step has changed' followed by the step the quiz is really at."""
    if not state.live:
        return expired(catalog.phrases)
    now = current(catalog, state)
    return Reply(
        catalog.phrases.quiz_changed_title,
        (Paragraph(line(catalog.phrases.quiz_changed)), Paragraph(line(bold(now.title))), *now.blocks),
        now.buttons,
        now.footer,
    )


def expired(p: Phrases = EN) -> Reply:
    """The reply to a quiz button when no quiz is stored any more."""
    return Reply(
        p.quiz_expired_title, (Paragraph(line(p.quiz_expired)),), (Button(p.btn_quiz, Action(COMMAND)),)
    )


def step(request: Request, catalog: Catalog, state: QuizState) -> tuple[Reply, QuizState]:
    """Apply one /quiz request (typed, or a button) to ``state``.

    ``/quiz`` resumes an unfinished quiz or starts a new one; ``a.V.ID``
    answers, ``b.V`` goes back, ``r.V`` restarts, each only if ``V`` is the
    current version.  Returns the reply and the new state (``state`` itself
    when nothing changed).
    """
    quiz = catalog.quiz
    answers = valid_answers(quiz, state.answers)
    if answers != state.answers:
        state = QuizState(state.version, answers, state.live)
    payload = quiz_payload(request.argument)
    version = from_base36(payload.version) if payload is not None else None
    if payload is None or version is None:
        if state.live and len(answers) < len(quiz.questions):
            return current(catalog, state), state
        started = QuizState(state.version + 1, (), live=True)
        return current(catalog, started), started
    if not state.live:
        return expired(catalog.phrases), state
    if version != state.version:
        return changed(catalog, state), state
    match payload:
        case RestartStep():
            new = QuizState(state.version + 1, (), live=True)
        case BackStep():
            new = QuizState(state.version + 1, answers[:-1], live=True)
        case AnswerStep(answer=answer_id):
            index = len(answers)
            if index >= len(quiz.questions) or _answer(quiz, index, answer_id) is None:
                return changed(catalog, state), state
            new = QuizState(state.version + 1, (*answers, answer_id), live=True)
        case _:
            assert_never(payload)
    return current(catalog, new), new
