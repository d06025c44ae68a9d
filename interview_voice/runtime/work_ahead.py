"""Work begun before it is needed, so that the interviewer answers quickly: the listener starts it
while the candidate answers, the speaker uses it when the answer ends."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from interview_voice.runtime.early_follow_up import EarlyFollowUp
from interview_voice.runtime.reading_ahead import ReadAhead
from interview_voice.runtime.speak_ahead import SpeechAhead


@dataclass
class WorkAhead:
    read: ReadAhead  # the model reads the follow-up's prompt (called from the live transcriber's worker too)
    speech: SpeechAhead  # the interviewer's next lines, voiced
    early: EarlyFollowUp  # a follow-up worded at a pause that sounds like the end
    wording: list[threading.Thread] = field(default_factory=list)  # every wording worker: joined before the end
