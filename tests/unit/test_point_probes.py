"""Point probes: one prepared follow-up per rubric point, spoken when the model's wording is late or
rejected, so that the fallback asks about what this answer missed and nothing it already gave."""

import pytest

from interview_voice.core.bank import load_bank
from interview_voice.core.interview import Interview, WriteFollowUp
from interview_voice.core.rubric_match import Spoken, _find
from interview_voice.core.signals import _YES_NO, analyse, best_probe, leaks, point_wording
from interview_voice.core.terms import stem
from interview_voice.core.text import normalize_words
from interview_voice.core.words import tokenize, words_from_text
from interview_voice.paths import resource_dir
from tests.unit.helpers import LEAD, sample_plan
from tests.unit.test_bank import GOOD

BANK = load_bank([resource_dir("assets") / "questions"])
QUESTIONS = list(BANK.questions.values())
CHURN = BANK.get("baseline-before-complexity")
SPLIT_PROBE = "How would you split the data to validate it?"


def _spoken(text: str) -> Spoken:
    return Spoken.of(tokenize(words_from_text(text)), mind_negation=False)


def _after(question_id: str, answer: str):
    question = BANK.get(question_id)
    plan = sample_plan(BANK, personas=(LEAD,), question_ids=(question_id,), question_count=1)
    interview = Interview(plan, [question])
    interview.start()
    interview.on_spoken()
    interview.on_spoken()
    return interview.on_answer(answer, elapsed_s=60)


def test_every_bundled_rubric_point_has_one_short_spoken_probe():
    assert sum(len(q.rubric) for q in QUESTIONS) >= 650
    for q in QUESTIONS:
        assert len(q.point_probes) == len(q.rubric), q.id
        for probe in q.point_probes:
            assert probe.endswith("?") and probe.count("?") == 1, (q.id, probe)
            assert len(probe.split()) <= 16, (q.id, probe)
        assert len(set(q.point_probes)) == len(q.point_probes), q.id  # different gaps, different probes


def test_no_probe_is_a_closed_question_that_could_hand_over_the_answer():
    closed = [(q.id, p) for q in QUESTIONS for p in q.point_probes if _YES_NO.match(p)]
    assert closed == []


def test_no_probe_names_an_example_answer_or_grading():
    # the app's own leak check, with an answer that said nothing: what the probe alone gives away
    named = [(q.id, p, why) for q in QUESTIONS for p in q.point_probes if (why := leaks(p, q, ""))]
    assert named == []


def test_no_probe_contains_the_terms_that_show_its_own_point_was_covered():
    """A probe that says one of its point's rubric_terms hands the candidate the words that earn the point.

    Allowed, because they give nothing away: a term the question itself already said, and a single word
    with which the point's own wording names its topic ("result" for "A concrete result", "privacy" for
    "Handles privacy of personal photos"): a probe may say what it asks about, as an interviewer's
    "How would you split the data to validate it?" does, and never the answer ("time-based split")."""
    leaked = []
    for q in QUESTIONS:
        asked = _spoken(q.text)
        for i, probe in enumerate(q.point_probes):
            topic = {stem(w) for w in normalize_words(point_wording(q.rubric[i]))}
            said = _spoken(probe)
            for concept in q.terms[i]:
                for alternative in concept:
                    if _find(said, alternative) is None or _find(asked, alternative) is not None:
                        continue
                    if len(alternative) == 1 and alternative[0] in topic:
                        continue
                    leaked.append((q.id, i, probe, " ".join(alternative)))
    assert leaked == []


def test_the_check_catches_a_probe_that_names_the_answer():
    # the same check as above, on a probe that gives the answer away
    said = _spoken("Would you use a time-based split?")
    assert any(_find(said, alt) for concept in CHURN.terms[4] for alt in concept)
    assert _find(_spoken(SPLIT_PROBE), ("time", "based", "split")) is None


ALL_BUT_SPLIT = (
    "First I'd ask the retention team what they would do with the list, say a retention offer or a "
    "call. Churn means no renewal within thirty days after the prediction date, with features only "
    "from before it. I'd start with a logistic regression baseline, and since few customers cancel "
    "I'd judge it by precision at the top k rather than accuracy."
)
ALL_BUT_BASELINE = (
    "The retention team would use the list to decide whom to call. Churn means no renewal within "
    "thirty days of the prediction date. I'd judge it by precision at the top k because few "
    "customers cancel, and validate by training on earlier months and testing on the most "
    "recent month."
)


def test_an_answer_that_covered_everything_but_the_split_falls_back_to_the_split_probe():
    assert analyse(CHURN, ALL_BUT_SPLIT).missing == [4]
    command = _after(CHURN.id, ALL_BUT_SPLIT)
    assert isinstance(command, WriteFollowUp)
    assert command.target == CHURN.rubric[4]
    assert command.fallback == CHURN.point_probes[4] == SPLIT_PROBE


def test_two_answers_that_missed_different_points_get_different_fallbacks_each_about_its_gap():
    assert analyse(CHURN, ALL_BUT_BASELINE).missing == [2]
    a, b = _after(CHURN.id, ALL_BUT_SPLIT), _after(CHURN.id, ALL_BUT_BASELINE)
    assert isinstance(a, WriteFollowUp) and isinstance(b, WriteFollowUp)
    assert (a.fallback, b.fallback) == (CHURN.point_probes[4], CHURN.point_probes[2])
    assert a.fallback != b.fallback


@pytest.mark.parametrize("index", range(5))
def test_the_fallback_is_the_probe_of_the_point_missed(index):
    covered = tuple(i for i in range(5) if i != index)
    assert best_probe(CHURN, index, covered=covered) == CHURN.point_probes[index]


def test_a_point_probe_already_asked_is_not_asked_again():
    asked = frozenset({CHURN.point_probes[4]})
    again = best_probe(CHURN, 4, asked)
    assert again != CHURN.point_probes[4] and again in CHURN.follow_ups


def test_with_nothing_missed_the_curated_follow_ups_are_used():
    # target None: the follow-up probes a claim; the prepared line is a curated one (a question with no
    # point probes uses the curated ones too: test_signals.test_best_probe_matches_the_rubric_point)
    assert best_probe(CHURN, None, covered=(0, 1, 2, 3, 4)) in CHURN.follow_ups


POINT_PROBES = 'point_probes = ["What leaks?", "What drifts?", "Where would you cut?"]\n'


def test_a_user_bank_file_with_point_probes_loads_and_one_without_still_works(tmp_path):
    with_probes = GOOD.replace("follow_ups =", POINT_PROBES + "follow_ups =")
    (tmp_path / "a.toml").write_text(with_probes)
    (tmp_path / "b.toml").write_text(GOOD.replace("ok-one", "ok-two"))
    bank = load_bank([tmp_path])
    assert bank.problems == []
    assert bank.get("ok-one").point_probes == ("What leaks?", "What drifts?", "Where would you cut?")
    assert bank.get("ok-two").point_probes == ()


def test_bad_point_probes_are_reported_with_file_question_and_what_to_write(tmp_path):
    cases = {
        "short": 'point_probes = ["What leaks?", "What drifts?"]\n',
        "statement": 'point_probes = ["What leaks?", "Tell me about drift.", "Where would you cut?"]\n',
        "two": 'point_probes = ["What leaks? Why?", "What drifts?", "Where would you cut?"]\n',
        "text": 'point_probes = "What leaks?"\n',
    }
    for name, line in cases.items():
        (tmp_path / f"{name}.toml").write_text(
            GOOD.replace("ok-one", name).replace("follow_ups =", line + "follow_ups =")
        )
    bank = load_bank([tmp_path])
    assert bank.questions == {}
    messages = {p.where.split("/")[-1].split(".")[0]: str(p) for p in bank.problems}
    assert f"{tmp_path / 'short.toml'}:" in messages["short"] and "question short:" in messages["short"]
    assert "point_probes needs one question per rubric point (3), has 2" in messages["short"]
    assert "point_probes entry 2 ('Tell me about drift.') must be one question" in messages["statement"]
    assert "point_probes entry 1" in messages["two"]
    assert "has not a list" in messages["text"]
