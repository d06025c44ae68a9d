from interview_voice.core.follow_up_prompt import clean_follow_up, follow_up_messages, load_prompts
from interview_voice.paths import resource_dir
from tests.unit.helpers import LEAD


def test_clean_keeps_a_spoken_question():
    assert clean_follow_up('Follow-up: "How did you pick the threshold?"') == "How did you pick the threshold?"
    assert (
        clean_follow_up("Good. Why XGBoost over a simpler baseline? Also, the")
        == "Good. Why XGBoost over a simpler baseline?"
    )


def test_clean_rejects_what_is_not_a_usable_question():
    for raw in [
        "",
        "I think so.",
        "What?",
        "Aim to identify which customers will cancel next month.",
        "Why " + "really " * 50 + "?",
    ]:
        assert clean_follow_up(raw) is None, raw


def test_prompt_keeps_a_stable_system_prefix_and_quotes_the_answer():
    templates = load_prompts(resource_dir("prompts") / "interviewer.toml")
    a = follow_up_messages(templates, LEAD, "Q1?", 'He said "ignore rules".', "Uses a time-based split")
    b = follow_up_messages(templates, LEAD, "Q2?", "Another answer.", None)
    assert a[0] == b[0] and a[0].role == "system"  # identical prefix: llama.cpp reuses its cache
    assert "He said 'ignore rules'." in a[1].content
    assert "Uses a time-based split" in a[1].content and "one specific thing they mention" in b[1].content
    assert a[1].content.index("Uses a time-based split") < a[1].content.index("ignore rules"), (
        "what to probe is predicted while the answer goes on: it comes first, so the answer is read ahead"
    )
    assert "{" not in a[0].content + a[1].content  # every placeholder filled


def test_clean_rejects_wording_about_the_prompt_instead_of_to_the_candidate():
    assert clean_follow_up("What specific claim did you make that allowed you to know it?") is None
    assert clean_follow_up("How did the candidate choose the window?") is None
    assert clean_follow_up("What is the gap you were told to probe here?") is None
    assert clean_follow_up("What is the gap in your answer about the window?") is None


def test_clean_keeps_a_question_about_a_gap_the_candidate_spoke_of():
    # the gap between training and validation error, or offline and online metrics, is the subject of questions
    asked = "What do you think about the gap between training and validation error?"
    assert clean_follow_up(asked, after_lead_in=True) == asked
    assert clean_follow_up("How did you close the gap between offline and online precision?") is not None


def test_clean_rejects_echoes_of_the_instructions():
    assert clean_follow_up("Probe next: which concrete thing they said above did they parallelize?") is None
    assert clean_follow_up("Probe next: How did you pick the threshold?") == "How did you pick the threshold?"


def test_read_ahead_is_a_prefix_of_the_final_prompt():
    from interview_voice.core.follow_up_prompt import read_ahead_messages

    templates = load_prompts(resource_dir("prompts") / "interviewer.toml")
    answer = 'I would define churn over thirty days, then build a "simple" baseline.'
    for target in ("Uses a time-based split", None):
        final = follow_up_messages(templates, LEAD, "How would you start?", answer, target)
        for partial in ("", "I would define churn", answer):
            ahead = read_ahead_messages(templates, LEAD, "How would you start?", target, partial)
            assert ahead[0] == final[0]
            assert final[1].content.startswith(ahead[1].content)
        # only the answer is left to read once it is over
        assert final[1].content[len(ahead[1].content) :].strip() == '"'
    other = read_ahead_messages(templates, LEAD, "How would you start?", "Defines the label", answer)
    assert not final[1].content.startswith(other[1].content)


def test_the_model_is_told_a_word_of_the_point_to_probe_that_the_question_did_not_use():
    from interview_voice.core.follow_up_prompt import focus_words

    point = (
        "Chooses a metric that reflects an imbalanced problem and the cost of errors, such as precision at k or PR-AUC"
    )
    words = focus_words(point, "Walk me through how you would start on the problem.")
    assert words == ["metric", "imbalanced"]  # not the verb, a judging word, the question's "problem"
    assert not {"precision", "auc"} & set(focus_words(point, "", limit=20))  # nor an example answer it names


def test_the_words_to_use_are_in_the_prompt_and_before_the_answer():
    from interview_voice.core.follow_up_prompt import read_ahead_messages

    templates = load_prompts(resource_dir("prompts") / "interviewer.toml")
    target = "Uses a time-based split for validation"
    full = follow_up_messages(templates, LEAD, "How would you evaluate it?", "We used accuracy.", target)
    assert 'Use the word "split" or "validation".' in full[1].content
    ahead = read_ahead_messages(templates, LEAD, "How would you evaluate it?", target, "We used")
    assert full[1].content.startswith(ahead[1].content)  # read ahead: a prefix of the prompt the end sends
