"""The real llama-cpp-python adapter: proven before use, and never called after close."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from interview_voice.core.types import ChatMessage
from interview_voice.engines.base import EngineError, ModelLoadError
from interview_voice.engines.llm_llama import LlamaLanguageModel
from interview_voice.modelstore.catalog import catalog, find
from interview_voice.native.proof import ProofResult, ProofStamps, library_key
from interview_voice.native.runtime import check_library
from interview_voice.paths import default_paths
from tests.conftest import TEST_MODELS

MESSAGES = [
    ChatMessage("system", "You are an interviewer. Ask one short question about the candidate's answer. " * 8),
    ChatMessage("user", "We chose a thirty day churn window because billing is monthly."),
]


@pytest.fixture
def model_path(installed_models_dir):
    return find(catalog(default_paths()), "llm", TEST_MODELS["llm"]).path


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_VOICE_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_the_library_is_proven_in_a_child_once_per_build_and_cpu(model_path, private_cache):
    first = check_library(model_path)
    assert first.ok and first.speeds["gen_tps"] > 0 and first.speeds["prompt_tps"] > 0
    assert (private_cache / "llama-proof.json").exists()
    started = time.monotonic()
    assert check_library(model_path) == first  # kept: no second child process
    assert time.monotonic() - started < 0.5


def test_a_build_that_crashed_its_proof_is_a_clear_error_not_a_dead_process(model_path, private_cache):
    ProofStamps(private_cache / "llama-proof.json").put(
        library_key(), ProofResult("crashed", "Illegal instruction (signal 4)", 1.0)
    )
    with pytest.raises(ModelLoadError, match="cannot run on this CPU.*make setup"):
        LlamaLanguageModel(model_path)


def test_a_closed_model_refuses_calls_instead_of_reaching_freed_memory(model_path):
    llm = LlamaLanguageModel(model_path)
    llm.close()
    llm.close()  # twice is harmless
    with pytest.raises(EngineError, match="closed"):
        list(llm.stream_chat(MESSAGES, max_tokens=4))
    llm.prefill(MESSAGES)  # a read-ahead that comes too late is skipped


def test_closing_while_reading_ahead_waits_for_the_read(model_path):
    for _ in range(5):
        llm = LlamaLanguageModel(model_path)
        reader = threading.Thread(target=llm.prefill, args=(MESSAGES,))
        reader.start()
        llm.close()  # races the read: must wait for it, or make it skip
        reader.join()
        assert llm.closed


def test_the_model_leaves_a_core_free_while_another_program_is_busy_and_still_answers(model_path):
    import llama_cpp

    llm = LlamaLanguageModel(model_path)
    try:
        share = llm._share
        share.close()  # no background samples: this test says what the load is
        ticks_per_s = 1 / share._tick_s
        share.update(1.0, machine_ticks=int(1.9 * ticks_per_s), own_ticks=int(1.0 * ticks_per_s))
        assert "".join(llm.stream_chat(MESSAGES, max_tokens=8, temperature=0.0)).strip()
        assert llm.threads == llama_cpp.llama_n_threads(llm._llm.ctx) == max(1, share.cores - 1)
        share.update(1.0, machine_ticks=int(1.0 * ticks_per_s), own_ticks=int(1.0 * ticks_per_s))
        llm.prefill(MESSAGES)
        assert llm.threads == llama_cpp.llama_n_threads(llm._llm.ctx) == share.cores
    finally:
        llm.close()


def test_a_fixed_thread_count_is_kept(model_path):
    llm = LlamaLanguageModel(model_path, threads=1)
    try:
        assert llm.threads == 1 and llm._share is None
        assert "".join(llm.stream_chat(MESSAGES, max_tokens=4, temperature=0.0)).strip()
    finally:
        llm.close()


def test_yes_no_reads_an_answer_shared_by_its_questions_once_and_scores_as_if_read_whole(model_path):
    from interview_voice.core.feedback.judge import passage_prompt, point_prompt

    answer = "We define churn as no renewal within thirty days, and we validate on a later month."
    llm = LlamaLanguageModel(model_path, threads=1)
    try:
        first, second = llm.yes_no(
            [
                point_prompt("How would you predict churn?", answer, "Defines the churn label precisely"),
                point_prompt("How would you predict churn?", answer, "Uses a time-based split for validation"),
            ]
        )
        assert second.tokens_read < first.tokens_read / 2  # the answer was in the cache
        assert first.log_yes < 0 and first.log_no < 0
        assert first.margin == pytest.approx(first.log_yes - first.log_no)
        # another prompt in between, then the second question again: read from where the prompts part
        (other,) = llm.yes_no([passage_prompt("Defines the churn label precisely", answer)])
        (again,) = llm.yes_no(
            [point_prompt("How would you predict churn?", answer, "Uses a time-based split for validation")]
        )
        assert again.tokens_read > second.tokens_read
        assert again.margin == pytest.approx(second.margin, abs=0.05)
        stop = threading.Event()
        stop.set()  # a deadline already past: nothing is read
        assert list(llm.yes_no([passage_prompt("Uses a time-based split", answer)], cancel=stop)) == []
    finally:
        llm.close()
    with pytest.raises(EngineError, match="closed"):
        list(llm.yes_no([MESSAGES]))


def test_a_read_ahead_stopped_part_way_returns_and_the_model_answers_after(model_path):
    """The session ended (the window closed mid-answer): the prompt being read is given up between two
    steps of llama.cpp's computation, and the model, kept for the next session, answers as before."""
    llm = LlamaLanguageModel(model_path)
    try:
        long_answer = [MESSAGES[0], ChatMessage("user", MESSAGES[1].content * 120)]  # about 1,800 tokens
        reader = threading.Thread(target=llm.prefill, args=(long_answer,))
        reader.start()
        while reader.is_alive() and not llm._prefilling:
            time.sleep(0.001)
        llm.stop_prefill()
        reader.join(60)
        assert not reader.is_alive()
        assert llm._llm.n_tokens < 1000, "the whole prompt was read after the stop"
        assert "".join(llm.stream_chat(MESSAGES, max_tokens=8, temperature=0.0)).strip()
        llm.prefill(MESSAGES)  # the next read-ahead runs to its end
        assert llm._llm.n_tokens > 100
    finally:
        llm.close()


def test_the_judges_examples_kept_as_a_snapshot_are_restored_not_read_and_score_as_if_read(
    model_path, tmp_path, caplog
):
    """The key-point judge's worked examples open every question: read once, kept (in memory and on disk),
    and restored after other prompts and in the next run, with the same verdicts as a prompt read whole."""
    from interview_voice.core.feedback.judge import passage_prompt_shots

    openings = [passage_prompt_shots(point, "") for point in ("A", "B")]
    question = passage_prompt_shots("Defines the churn label precisely", "Churn is no renewal within 30 days.")
    folder = tmp_path / "snapshots"
    plain = LlamaLanguageModel(model_path, threads=1)
    try:
        (read_whole,) = plain.yes_no([question])
    finally:
        plain.close()

    llm = LlamaLanguageModel(model_path, threads=1)
    try:
        opening = llm.remember_opening(*openings, keep_in=folder)
        assert opening > 100 and len(list(folder.glob("*.snapshot"))) == 1
        (first,) = llm.yes_no([question])
        assert first.tokens_read == read_whole.tokens_read - opening
        assert "".join(llm.stream_chat(MESSAGES, max_tokens=4, temperature=0.0))  # another prompt in between
        (again,) = llm.yes_no([question])
        assert again.tokens_read == first.tokens_read  # restored from memory, not read
        assert again.margin == pytest.approx(read_whole.margin, abs=0.05)
    finally:
        llm.close()

    caplog.set_level(logging.DEBUG, logger="interview_voice.engines.llm_llama")
    next_run = LlamaLanguageModel(model_path, threads=1)
    try:
        assert next_run.remember_opening(*openings, keep_in=folder) == opening
        assert "came from a snapshot" in caplog.text  # from the file: nothing read
        (restored,) = next_run.yes_no([question])
        assert restored.tokens_read == first.tokens_read
        assert restored.margin == pytest.approx(read_whole.margin, abs=0.05)
    finally:
        next_run.close()

    (kept,) = folder.glob("*.snapshot")
    kept.write_bytes(kept.read_bytes()[:-1000] + b"\x00" * 1000)  # damaged on disk
    caplog.clear()
    damaged = LlamaLanguageModel(model_path, threads=1)
    try:
        assert damaged.remember_opening(*openings, keep_in=folder) == opening  # read again
        assert "is damaged" in caplog.text and "came from a snapshot" not in caplog.text
        (after,) = damaged.yes_no([question])
        assert after.margin == pytest.approx(read_whole.margin, abs=0.05)
    finally:
        damaged.close()
    assert kept.exists()  # and kept again
