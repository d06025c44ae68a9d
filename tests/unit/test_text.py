from interview_voice.core.text import normalize_words, speaking_chunks, split_sentences, trim_to_whole_sentences


def test_split_sentences_keeps_abbreviations_together():
    assert split_sentences("Thanks. How did you pick e.g. the threshold? Dr. Lee agreed!") == [
        "Thanks.",
        "How did you pick e.g. the threshold?",
        "Dr. Lee agreed!",
    ]


def test_split_sentences_keeps_a_trailing_fragment():
    assert split_sentences("One. And then the") == ["One.", "And then the"]


def test_trim_drops_a_cut_off_sentence():
    assert (
        trim_to_whole_sentences("Good point. What did you try next? And then the")
        == "Good point. What did you try next?"
    )
    assert trim_to_whole_sentences("no sentence end at all") == ""


def test_normalize_words():
    assert normalize_words("We'd use PR-AUC, 30 days!") == ["we'd", "use", "pr", "auc", "30", "days"]


def test_a_long_first_sentence_is_voiced_in_two_parts_at_its_first_comma():
    assert speaking_chunks(
        "Which offline metric did you trust, and how did it relate to the business outcome? Take your time."
    ) == ["Which offline metric did you trust,", "and how did it relate to the business outcome?", "Take your time."]


def test_short_sentences_and_lopsided_commas_are_left_whole():
    assert speaking_chunks("Okay, why that window?") == ["Okay, why that window?"]
    assert speaking_chunks("So, how would you validate the churn model before you ship it?") == [
        "So, how would you validate the churn model before you ship it?"
    ]
    assert speaking_chunks("How would you validate the churn model before shipping it, then?") == [
        "How would you validate the churn model before shipping it, then?"
    ]
    assert speaking_chunks("") == []
