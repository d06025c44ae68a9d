"""How a session runner behaves: endpointing, the follow-up's deadlines, headset or speakers."""

from __future__ import annotations

from dataclasses import dataclass

from interview_voice.core.endpointing import EndpointSettings


@dataclass(frozen=True)
class RunnerSettings:
    endpointing: EndpointSettings = EndpointSettings()
    follow_up_timeout_s: float = 8.0  # past this the curated probe is used
    follow_up_deadline_s: float = 2.5  # ... or past this long after the end of speech, whichever is first
    follow_up_max_tokens: int = 60
    acknowledge: bool = True  # "Okay." while the follow-up is being worded, as people do
    read_ahead: bool = True  # the model reads the prompt while the candidate answers
    barge_in: bool = False  # headset mode: speaking over the interviewer stops it.
    # Off (speakers): the microphone is ignored while it speaks.
    barge_in_speech_ms: int = 150  # speech this long over the interviewer counts as barging in
    listen_on: bool = True  # after an answer, speech before the interviewer's next line resumes it
    early_follow_up: bool = True  # start wording the follow-up at a pause that sounds like the end
    say_back: bool = True  # a follow-up starts with the candidate's claim said back (core.lead_in) where there is one
