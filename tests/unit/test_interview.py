import pytest

from interview_voice.core.interview import End, Interview, Listen, Speak, TurnKind, WriteFollowUp
from tests.unit.helpers import sample_bank, sample_plan

GOOD_ANSWER = "I would define the label first and then build a simple baseline model."


def drive(interview: Interview, answers: list[str]) -> list:
    """Run the interview to the end, answering in order; return every command."""
    commands, replies = [], iter(answers)
    cmd = interview.start()
    while not isinstance(cmd, End):
        commands.append(cmd)
        if isinstance(cmd, Speak):
            cmd = interview.on_spoken()
        elif isinstance(cmd, Listen):
            cmd = interview.on_answer(next(replies))
        else:
            cmd = interview.on_follow_up(f"Follow-up on {cmd.question.id}?")
    return commands


def kinds(commands) -> list[str]:
    return [f"Speak:{c.kind.value}" if isinstance(c, Speak) else type(c).__name__ for c in commands]


def test_each_question_is_asked_once_with_one_follow_up_then_closing():
    bank = sample_bank()
    interview = Interview(sample_plan(bank), bank)
    commands = drive(interview, [GOOD_ANSWER] * 4)
    assert kinds(commands) == ["Speak:opening",
                               "Speak:question", "Listen", "WriteFollowUp", "Speak:follow_up", "Listen",
                               "Speak:question", "Listen", "WriteFollowUp", "Speak:follow_up", "Listen",
                               "Speak:closing"]
    assert [c.question_id for c in commands if isinstance(c, Speak) and c.kind is TurnKind.QUESTION] == \
        ["q-one", "q-two"]
    assert interview.finished


def test_follow_up_request_carries_the_question_the_answer_and_a_curated_fallback():
    bank = sample_bank()
    commands = drive(Interview(sample_plan(bank), bank), [GOOD_ANSWER] * 4)
    request = next(c for c in commands if isinstance(c, WriteFollowUp))
    assert request.question.id == "q-one"
    assert request.asked == bank.get("q-one").text
    assert request.answer == GOOD_ANSWER
    assert request.fallback == bank.get("q-one").follow_ups[0]
    spoken = [c for c in commands if isinstance(c, Speak) and c.kind is TurnKind.FOLLOW_UP]
    assert spoken[0].text == "Follow-up on q-one?"


def test_an_empty_answer_moves_on_without_a_follow_up():
    bank = sample_bank()
    commands = drive(Interview(sample_plan(bank), bank), ["", GOOD_ANSWER, GOOD_ANSWER])
    assert kinds(commands)[:5] == ["Speak:opening", "Speak:question", "Listen", "Speak:move_on", "Speak:question"]


def test_a_very_short_answer_gets_no_follow_up():
    bank = sample_bank()
    commands = drive(Interview(sample_plan(bank), bank), ["Not sure.", "No idea."])
    assert not any(isinstance(c, WriteFollowUp) for c in commands)


def test_events_out_of_order_are_refused():
    bank = sample_bank()
    interview = Interview(sample_plan(bank), bank)
    with pytest.raises(RuntimeError):
        interview.on_answer("too early")
