from interview_voice.core.text import normalize_words, split_sentences, trim_to_whole_sentences


def test_split_sentences_keeps_abbreviations_together():
    assert split_sentences("Thanks. How did you pick e.g. the threshold? Dr. Lee agreed!") == [
        "Thanks.", "How did you pick e.g. the threshold?", "Dr. Lee agreed!"]


def test_split_sentences_keeps_a_trailing_fragment():
    assert split_sentences("One. And then the") == ["One.", "And then the"]


def test_trim_drops_a_cut_off_sentence():
    assert trim_to_whole_sentences("Good point. What did you try next? And then the") == \
        "Good point. What did you try next?"
    assert trim_to_whole_sentences("no sentence end at all") == ""


def test_normalize_words():
    assert normalize_words("We'd use PR-AUC, 30 days!") == ["we'd", "use", "pr", "auc", "30", "days"]
