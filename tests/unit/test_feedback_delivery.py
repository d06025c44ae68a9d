"""Delivery metrics from hand-made word timings: pace, fillers, pauses, hedges, talk time."""

from interview_voice.core.feedback import answer_feedback
from interview_voice.core.feedback.delivery import find_fillers, merge_fillers
from interview_voice.core.feedback.tokens import tokenize
from interview_voice.records import Word
from tests.unit.helpers import question


def timed(text: str, step: float = 0.5, length: float = 0.4, pauses: dict[int, float] | None = None) -> list[Word]:
    """Words `step` s apart, each `length` s long; pauses {word index: extra seconds before it}."""
    words, t = [], 0.0
    for i, w in enumerate(text.split()):
        t += (pauses or {}).get(i, 0.0)
        words.append(Word(w, t, t + length))
        t += step
    return words


def fb(text: str, **kwargs) -> dict:
    words = kwargs.pop("words", None) or timed(
        text, **{k: kwargs.pop(k) for k in ("step", "length", "pauses") if k in kwargs}
    )
    return answer_feedback(question("q", "How would you predict churn?"), words, **kwargs).to_dict()


def test_pace_counts_words_without_fillers_over_first_start_to_last_end():
    # 20 words, 0.5 s apart, the last ends at 19 * 0.5 + 0.4 = 9.9 s -> 20 / 9.9 * 60
    result = fb(" ".join(["data"] * 20))
    assert result["talk_time_s"] == 9.9
    assert result["wpm"] == round(20 / 9.9 * 60, 1)
    assert result["pace"] == "in_band"
    with_fillers = fb(" ".join(["data"] * 10 + ["um"] * 10))
    assert with_fillers["words"] == 10 and with_fillers["wpm"] == round(10 / 9.9 * 60, 1)


def test_pace_is_labelled_against_the_band_and_absent_for_one_word():
    assert fb(" ".join(["data"] * 20), step=1.0)["pace"] == "slow"  # ~62 wpm
    assert fb(" ".join(["data"] * 20), step=0.3, length=0.25)["pace"] == "fast"  # ~200 wpm
    one = fb("Yes.")
    assert one["wpm"] is None and one["pace"] is None


def test_fillers_are_normalised_and_timed():
    result = fb("Umm, I would uhm look at the, uh, labels. Erm hmm okay.")
    assert [(f["word"], f["at_s"]) for f in result["fillers"]] == [
        ("um", 0.0),
        ("um", 1.5),
        ("uh", 3.5),
        ("er", 4.5),
        ("hmm", 5.0),
    ]


def test_fillers_written_at_one_instant_are_one_filler():
    # what Whisper wrote for one held "uh" (words with their real times from Whisper base)
    stacked = [
        Word("uh", 5.3, 5.3),
        Word("uh", 5.3, 5.32),
        Word("uh", 5.32, 5.52),
        Word("uh", 5.52, 5.66),
        Word("forced", 5.66, 6.1),
    ]
    found, used = find_fillers(tokenize(stacked))
    assert [(f.word, f.at_s) for f in found] == [("uh", 5.3), ("uh", 5.52)]
    assert used == {0, 1, 2, 3}  # none of them is a word of the answer
    spoken_apart = fb("um so um we um", step=0.5)
    assert len(spoken_apart["fillers"]) == 3


def test_like_so_and_you_know_count_only_when_set_apart():
    tokens = tokenize(timed("I like Python so I use it. So, we had, like, a problem, you know, with you know what."))
    found, used = find_fillers(tokens)
    assert [f.word for f in found] == ["so", "like", "you know"]
    assert len(used) == 4  # "you know" uses two tokens
    # a pause of half a second or more on both sides isolates a word too
    paused = tokenize(timed("the model was like really slow", pauses={3: 0.6, 4: 0.6}))
    assert [f.word for f in find_fillers(paused)[0]] == ["like"]


def test_fillers_from_the_audio_are_merged_without_double_counting():
    found, _ = find_fillers(tokenize(timed("we um trained it")))
    merged = merge_fillers(
        found, [{"word": "um", "at_s": 0.7}, {"word": "Uhm", "at_s": 1.9}, {"word": "uh", "at_s": 2.0}]
    )
    assert [(f.word, f.at_s) for f in merged] == [("um", 0.5), ("um", 1.9)]
    result = fb("we um trained it", extra_fillers=[{"word": "uh", "at_s": 1.4}])
    assert [f["word"] for f in result["fillers"]] == ["um", "uh"]


def test_long_pauses_are_gaps_of_two_seconds_or_more_with_their_position():
    result = fb("we trained a model and then we shipped it", pauses={4: 2.0, 7: 1.4})
    # word 3 ends at 1.9; word 4 starts at 2.0 + 2.0 = 4.0: a 2.1 s gap. The 1.5 s gap is not long.
    assert result["long_pauses"] == [{"at_s": 1.9, "seconds": 2.1, "after": "model"}]


def test_hedges_are_found_with_their_time():
    result = fb("I think maybe it is sort of fine but I'm not sure")
    assert [(h["phrase"], h["at_s"]) for h in result["hedges"]] == [
        ("i think", 0.0),
        ("maybe", 1.0),
        ("sort of", 2.5),
        ("i'm not sure", 4.5),
    ]


def test_talk_time_against_the_budget_flags_over_time():
    words = timed(" ".join(["data"] * 300))  # 149.9 s against the helper question's 120 s budget
    result = fb("", words=words)
    assert result["time_budget_s"] == 120 and result["over_budget_s"] == round(149.9 - 120, 2)
    assert "over_time" in result["flags"]
    assert "over_time" not in fb(" ".join(["data"] * 100))["flags"]


def test_interruptions_are_reported_as_given():
    assert fb("we trained a model", cut_ins=2, barge_ins=1)["interruptions"] == {"received": 2, "given": 1}


def test_a_rate_from_a_few_seconds_of_speech_is_not_given_and_the_views_say_why():
    from interview_voice.core.feedback import session_feedback
    from interview_voice.storage.feedback_report import TOO_LITTLE, answer_markdown, headline_items

    # "Uh, yes, I did." in 3.4 s: one filler would have been "17.6 a minute", and the pace 53 words a minute
    short = answer_feedback(question("q", "How would you predict churn?"), timed("Uh, yes, I did it then.", step=0.7))
    data = short.to_dict()
    assert data["talk_time_s"] < 5 and len(data["fillers"]) == 1
    assert data["fillers_per_min"] is None and data["wpm"] is None and data["pace"] is None
    assert f"Pace and fillers: {TOO_LITTLE}" in "\n".join(answer_markdown(data))  # no count either
    head = session_feedback([short], {"q": question("q", "How would you predict churn?")}).to_dict()["headline"]
    shown = dict(headline_items(head))
    assert shown["Pace"] == TOO_LITTLE and shown["Fillers"] == TOO_LITTLE
    # ten seconds of talk is enough: the rate is given
    longer = fb("so uh we would label churn as no purchase in thirty days then fit a model")
    assert longer["talk_time_s"] >= 5 and longer["fillers_per_min"] is not None and longer["wpm"] is not None
