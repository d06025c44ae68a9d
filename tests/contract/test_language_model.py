import json
import threading

import pytest

from interview_voice.core.types import ChatMessage
from interview_voice.engines.base import LanguageModel

MESSAGES = [
    ChatMessage("system", "You are an interviewer. Ask one short question."),
    ChatMessage("user", "The candidate said they used a thirty day churn window. Ask a follow-up."),
]


def test_implements_protocol(llm):
    assert isinstance(llm, LanguageModel)


def test_streams_text_in_pieces(llm):
    pieces = list(llm.stream_chat(MESSAGES, max_tokens=24, temperature=0.0))
    assert len(pieces) >= 2
    assert all(isinstance(p, str) for p in pieces)
    assert "".join(pieces).strip()


def test_cancel_stops_the_stream(llm):
    cancel = threading.Event()
    pieces = []
    for piece in llm.stream_chat(MESSAGES, max_tokens=64, temperature=0.0, cancel=cancel):
        pieces.append(piece)
        cancel.set()
    assert len(pieces) == 1


def test_max_tokens_bounds_the_reply(llm):
    assert len(list(llm.stream_chat(MESSAGES, max_tokens=5, temperature=0.0))) <= 5


def test_schema_constrains_the_output_to_json(llm):
    schema = {
        "type": "object",
        "properties": {"follow_up": {"type": "string", "maxLength": 120}},
        "required": ["follow_up"],
    }
    text = "".join(llm.stream_chat(MESSAGES, schema=schema, max_tokens=80, temperature=0.0))
    data = json.loads(text)
    assert isinstance(data["follow_up"], str)


def test_the_model_file_is_read_once_not_kept_mapped_beside_its_weights(llm):
    """llama.cpp keeps its own (repacked) copy of most weights: a mapped file stayed resident beside it."""
    path = getattr(llm, "model_path", None)
    if path is None:
        pytest.skip("the fake has no model file")
    with open("/proc/self/maps", encoding="utf-8") as fh:
        mapped = [line for line in fh if line.rstrip().endswith(str(path))]
    assert mapped == []


def test_a_request_dropped_while_it_waited_for_the_model_reads_nothing(llm):
    """A follow-up dropped before the model was free (the candidate went on) costs no prompt reading."""
    native = getattr(llm, "_llm", None)
    before = native.n_tokens if native is not None else None
    cancel = threading.Event()
    cancel.set()
    assert list(llm.stream_chat(MESSAGES, cancel=cancel)) == []
    if native is not None:
        assert native.n_tokens == before
