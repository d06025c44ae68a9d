from interview_voice.core.panel import PanelDirector
from interview_voice.core.plan import Persona
from tests.unit.helpers import LEAD, question

RAVI = Persona("Ravi", "ML engineer", "challenging", areas=("mlops",), topics=("latency", "scale"))
TOM = Persona(
    "Tom",
    "compliance lead",
    "neutral",
    areas=("responsible_ai", "regulated"),
    topics=("privacy", "consent", "personal"),
)
PANEL = PanelDirector((LEAD, RAVI, TOM))


def test_the_panelist_whose_topics_fit_asks_the_question():
    assert PANEL.asker_for(question("q1", "How do you monitor drift?", area="mlops")) == RAVI
    assert PANEL.asker_for(question("q2", "GDPR?", area="ml_fundamentals", domains=("regulated",))) == TOM
    assert PANEL.asker_for(question("q3", "What is a baseline?")) == LEAD


def test_follow_ups_go_to_another_panelist_preferring_the_topic_owner():
    from interview_voice.core.signals import content_stems

    assert PANEL.follow_up_asker(LEAD, content_stems("Handles personal data with consent")) == TOM
    others = {PANEL.follow_up_asker(LEAD, set()) for _ in range(4)}
    assert LEAD not in others and others <= {RAVI, TOM}
    assert PanelDirector((LEAD,)).follow_up_asker(LEAD, set()) == LEAD


def test_cut_in_only_well_past_the_time_or_word_budget():
    q = question("q", "Explain it.", time_budget_s=60)
    assert PANEL.cut_in_for_budget(70, 150, q, LEAD) is None
    assert PANEL.cut_in_for_budget(80, 150, q, LEAD).reason == "time_budget"
    assert PANEL.cut_in_for_budget(50, 300, q, LEAD).reason == "word_budget"


def test_presentation_interjections_come_at_pauses_after_a_claim_and_are_limited():
    claim = "and with this approach the model is 40% more accurate and scales to millions of users"
    assert PANEL.interjection(claim, pause_ms=300, spoken_seconds=90, already_interjected=0) is None
    assert PANEL.interjection("we then moved on to the next slide", 900, 90, 0) is None
    assert PANEL.interjection(claim, 900, 20, 0) is None
    cut = PANEL.interjection(claim, 900, 90, 0)
    assert cut.reason == "probe_claim" and cut.persona != LEAD
    assert cut.text == "Sorry to jump in. You said 40% more accurate. How do you know that?"
    assert PANEL.interjection(claim, 900, 200, 2) is None


def test_questions_nobody_owns_rotate_around_the_panel_starting_with_the_lead():
    panel = PanelDirector((LEAD, RAVI, TOM))
    askers = [panel.asker_for(question(f"q{i}", "Tell us about your project.")) for i in range(4)]
    assert askers == [LEAD, RAVI, TOM, LEAD]
    assert panel.asker_for(question("q9", "How does it cope with latency spikes?")) == RAVI


def test_an_interjection_quotes_the_claim_just_made_not_an_earlier_one():
    talk = (
        "We cut latency to 80 milliseconds at the 99th percentile. Then we retrained weekly. "
        "Our new ranking model is 40 percent more accurate than the old one, and users liked it."
    )
    cut = PANEL.interjection(talk, 900, 60, 0)
    assert cut.text == "Sorry to jump in. You said 40 percent more accurate than the old one. How do you know that?"
    assert PANEL.interjection(talk + " Next I will show the architecture.", 900, 60, 0) is None
