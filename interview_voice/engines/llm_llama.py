"""The interviewer model in process, with llama-cpp-python."""

from __future__ import annotations

import ctypes
import logging
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_voice.core.types import ChatMessage
from interview_voice.engines.base import EngineError, ModelLoadError
from interview_voice.engines.cpu_share import CpuShare
from interview_voice.engines.prompt_snapshots import PromptSnapshots
from interview_voice.native.runtime import LibraryUnusable, ModelFileUnusable, check_library

log = logging.getLogger(__name__)
GGUF_MAGIC = b"GGUF"
YES_NO_CHUNK = 64  # yes_no reads a prompt this many tokens at a time, so a deadline cuts in soon
# a model file without a chat template of its own is prompted in ChatML
CHATML = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


@dataclass(frozen=True)
class YesNo:
    """The model's leaning on a yes/no question: log P(yes) - log P(no) of its reply's first token."""

    margin: float
    log_yes: float
    log_no: float
    tokens_read: int  # the prompt's tokens read for it (the rest was in the cache)


class LlamaLanguageModel:
    def __init__(
        self, model_path: Path, *, n_ctx: int = 4096, threads: int | None = None, seed: int = 7, own_file: bool = False
    ) -> None:
        """own_file: a GGUF the user added, which reinstalling the default models would not repair."""
        fix = (
            "replace the file or choose another model with `interview-voice settings --llm`"
            if own_file
            else "reinstall it with `interview-voice models install --force`"
        )
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise ModelLoadError("llama-cpp-python is not installed: run `make run` (or `make setup`) again") from exc
        if not model_path.exists():
            raise ModelLoadError(f"the model file {model_path} is missing: run `interview-voice models install`")
        with model_path.open("rb") as fh:
            if fh.read(4) != GGUF_MAGIC:
                raise ModelLoadError(f"{model_path} is not a GGUF model file; {fix}")
        try:  # a build that cannot run on this CPU would kill the process: prove it in a child first
            check_library(model_path)
        except ModelFileUnusable as exc:  # the library is fine: the file is not (it was blamed on the CPU)
            raise ModelLoadError(
                f"the model file {model_path} is damaged or incomplete and does not load ({exc}); {fix}"
            ) from exc
        except LibraryUnusable as exc:
            raise ModelLoadError(str(exc)) from exc
        # a fixed thread count if asked for; otherwise every core, or one fewer while other programs are busy
        share = None if threads else CpuShare()
        self._share = share
        self._threads = threads or (share.cores if share is not None else 1)
        try:
            # Read, not mapped: llama.cpp repacks most weights into a faster layout in memory of its own,
            # and a mapped file stayed resident beside that copy (the 1.5B model: 1.06 GB mapped plus
            # 0.6 GB repacked; read, 1.06 GB in all). llama_cpp's TypedDict hints do not fit the plain
            # dicts its own examples pass, hence Any.
            self._llm: Any = Llama(
                model_path=str(model_path),
                n_ctx=n_ctx,
                n_threads=self._threads,
                n_threads_batch=self._threads,
                seed=seed,
                verbose=False,
                use_mmap=False,
            )
        except Exception as exc:  # llama.cpp reports a bad file as ValueError/RuntimeError
            raise ModelLoadError(
                f"the model {model_path.name} does not load ({exc}); it may be damaged: {fix}"
            ) from exc
        self.name = model_path.stem
        self.model_path = model_path
        self._lock = threading.Lock()  # one Llama context cannot run two generations at once
        self._closed = False  # after close() the native model is freed: no call may reach it
        # A read-ahead under way is stopped at the end of a session (stop_prefill): llama.cpp asks between
        # the steps of its computation whether to give up, and reads this flag.
        self._stop_flag = ctypes.create_string_buffer(2)  # b"\x01\x00" while a read-ahead is to stop
        self._prefilling = False
        self._stopping = threading.Lock()  # the flag is set only while a read-ahead runs
        self._stop_check = _flag_check()
        self._snapshots: PromptSnapshots | None = None  # made at the first remember_opening
        if self._stop_check is not None:
            from llama_cpp import llama_set_abort_callback

            llama_set_abort_callback(self._llm.ctx, self._stop_check, ctypes.addressof(self._stop_flag))

    def stream_chat(
        self,
        messages: list[ChatMessage],
        *,
        schema: dict | None = None,
        stop: list[str] | None = None,
        max_tokens: int = 128,
        temperature: float = 0.7,
        cancel: threading.Event | None = None,
    ) -> Iterator[str]:
        kwargs = {}
        if schema is not None:
            kwargs["response_format"] = {"type": "json_object", "schema": schema}
        asked_at = time.monotonic()
        with self._lock:
            if self._closed:
                raise EngineError("the interviewer model was closed; load it again")
            if cancel is not None and cancel.is_set():
                return  # dropped while it waited for the model: its prompt is not read for nothing
            self._fit_threads()
            if log.isEnabledFor(logging.DEBUG):  # where a slow first word comes from: the wait, or the reading
                tokens = self._prompt_tokens(messages)
                log.debug(
                    "prompt of %d tokens, %d of them read ahead; waited %.2f s for the model",
                    len(tokens),
                    self._cached_opening(tokens),
                    time.monotonic() - asked_at,
                )
            try:
                stream = self._llm.create_chat_completion(
                    messages=[{"role": m.role, "content": m.content} for m in messages],
                    stream=True,
                    max_tokens=max_tokens,
                    temperature=temperature,
                    stop=stop or None,
                    **kwargs,
                )
                for part in stream:
                    if cancel is not None and cancel.is_set():
                        break
                    piece = part["choices"][0]["delta"].get("content")
                    if piece:
                        yield piece
            except ValueError as exc:  # e.g. the prompt does not fit the context
                raise EngineError(f"the model could not answer: {exc}") from exc

    def prefill(self, messages: list[ChatMessage]) -> None:
        """Read a prompt ahead of time: llama.cpp keeps the longest common token prefix,
        so a later stream_chat whose prompt starts the same way skips this work."""
        with self._lock:
            if self._closed:  # a read-ahead that lost the race with the end of the session
                log.debug("read-ahead skipped: the model is closed")
                return
            self._fit_threads()
            with self._stopping:
                self._prefilling = True
            try:
                self._llm.create_chat_completion(
                    messages=[{"role": m.role, "content": m.content} for m in messages], max_tokens=1, temperature=0.0
                )
            except ValueError as exc:
                log.warning("read-ahead skipped: %s", exc)
            except RuntimeError as exc:  # llama_decode gave up: stop_prefill; the prompt read so far is kept
                if not self._stop_flag.raw[0]:
                    raise
                log.debug("read-ahead stopped: %s", exc)
            finally:
                with self._stopping:
                    self._prefilling = False
                    self._stop_flag.raw = b"\x00\x00"

    def stop_prefill(self) -> None:
        """Stop the read-ahead under way, if any, within a step of llama.cpp's computation (the session
        ended: it would only hold the cores the answer's transcription and the exit need). Its call
        returns with the prompt read up to there kept; any other call runs as usual."""
        with self._stopping:
            if self._prefilling:
                self._stop_flag.raw = b"\x01\x00"

    def yes_no(self, prompts: Sequence[list[ChatMessage]], *, cancel: threading.Event | None = None) -> Iterator[YesNo]:
        """For each prompt, how much likelier the reply's first token is "yes" than "no" (the difference of
        their log-probabilities; no sampling), and the tokens read for it. Prompts that start alike share
        their reading: llama.cpp keeps the longest common token prefix, so an answer put before a set of
        short questions is read once, and an opening kept by remember_opening is restored, not read. Stops
        early when `cancel` is set, within YES_NO_CHUNK tokens of reading (a prompt cut short yields
        nothing)."""
        import numpy as np

        with self._lock:
            if self._closed:
                raise EngineError("the interviewer model was closed; load it again")
            self._fit_threads()
            llm = self._llm
            yes, no = self._choice_tokens()
            for messages in prompts:
                if cancel is not None and cancel.is_set():
                    return
                tokens = self._prompt_tokens(messages)
                kept = self._from_snapshot(tokens, self._cached_opening(tokens))
                llm.n_tokens = kept
                for start in range(kept, len(tokens), YES_NO_CHUNK):  # cancel is seen between chunks
                    if cancel is not None and cancel.is_set():
                        return  # what was read stays in the cache for the next prompt
                    llm.eval(tokens[start : start + YES_NO_CHUNK])
                logits = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),)).astype(np.float64)
                top = logits.max()
                logz = top + np.log(np.exp(logits - top).sum())
                p_yes = np.log(np.exp(logits[yes] - logz).sum())
                p_no = np.log(np.exp(logits[no] - logz).sum())
                yield YesNo(float(p_yes - p_no), float(p_yes), float(p_no), len(tokens) - kept)

    def remember_opening(
        self,
        first: list[ChatMessage],
        second: list[ChatMessage],
        *,
        keep_in: Path | None = None,
        cancel: threading.Event | None = None,
    ) -> int:
        """Have the opening two prompts share read, from a snapshot when one was kept (in this run, or in
        `keep_in` by an earlier one), else by reading it and keeping its snapshot, so that yes_no starts
        every prompt that opens the same way after it. Returns how many tokens the opening is; 0 when
        `cancel` cut the reading short (what was read stays in the cache, no snapshot is kept)."""
        with self._lock:
            if self._closed:
                raise EngineError("the interviewer model was closed; load it again")
            self._fit_threads()
            llm = self._llm
            a, b = self._prompt_tokens(first), self._prompt_tokens(second)
            shared = _shared_start(a, b, min(len(a), len(b)) - 1)
            opening = a[:shared]
            if shared == 0:
                return 0
            if self._snapshots is None:
                self._snapshots = PromptSnapshots(self._identity(), folder=keep_in)
            kept = self._cached_opening(opening, whole=True)
            if kept < shared:
                data = self._snapshots.get(opening)
                if data is not None and self._restore(opening, data):
                    log.debug("the prompt's first %d tokens came from a snapshot", shared)
                    return shared
                if data is not None:
                    self._snapshots.forget(opening)
                llm.n_tokens = kept
                for start in range(kept, shared, YES_NO_CHUNK):
                    if cancel is not None and cancel.is_set():
                        return 0
                    llm.eval(opening[start : start + YES_NO_CHUNK])
            elif self._snapshots.get(opening) is not None:
                return shared
            llm.n_tokens = shared
            self._snapshots.put(opening, self._snapshot())
            return shared

    def _prompt_tokens(self, messages: list[ChatMessage]) -> list[int]:
        text = self._chat_format()(messages=[{"role": m.role, "content": m.content} for m in messages]).prompt
        tokens = self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)
        if len(tokens) >= self._llm.n_ctx():
            raise EngineError(f"the model could not answer: {len(tokens)} tokens do not fit its context")
        return tokens

    def _cached_opening(self, tokens: Sequence[int], *, whole: bool = False) -> int:
        """How many of the tokens the model's cache already holds, from the first: all but the last (read
        again for the reply's logits) unless `whole`."""
        llm = self._llm
        cached = llm.input_ids[: llm.n_tokens]
        return _shared_start(cached, tokens, min(len(cached), len(tokens) if whole else len(tokens) - 1))

    def _from_snapshot(self, tokens: Sequence[int], kept: int) -> int:
        """Where reading `tokens` starts: after a kept snapshot's opening, restored, when it is longer than
        what the cache holds."""
        found = self._snapshots.longest_opening(tokens, kept) if self._snapshots is not None else None
        if found is None:
            return kept
        opening, data = found
        if self._restore(opening, data):
            return len(opening)
        self._snapshots.forget(opening)  # type: ignore[union-attr]
        return self._cached_opening(tokens)

    def _snapshot(self) -> bytes:
        """llama.cpp's bytes for what the model holds of the tokens read (sequence 0: the only one)."""
        from llama_cpp import llama_state_seq_get_data, llama_state_seq_get_size

        llm = self._llm
        llm._ctx.kv_cache_seq_rm(-1, llm.n_tokens, -1)  # nothing past the tokens read goes in
        size = llama_state_seq_get_size(llm.ctx, 0)
        buffer = (ctypes.c_uint8 * size)()
        written = llama_state_seq_get_data(llm.ctx, buffer, size, 0)
        return ctypes.string_at(buffer, written)

    def _restore(self, tokens: Sequence[int], data: bytes) -> bool:
        """Put a snapshot of `tokens` back as the model's cache; False (and an empty cache) if llama.cpp
        refuses it."""
        from llama_cpp import llama_state_seq_set_data

        llm = self._llm
        llm._ctx.kv_cache_seq_rm(-1, 0, -1)
        llm.n_tokens = 0
        source = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
        if llama_state_seq_set_data(llm.ctx, source, len(data), 0) != len(data):
            log.warning("a snapshot of the prompt did not load: the prompt is read again")
            llm._ctx.kv_cache_seq_rm(-1, 0, -1)
            return False
        llm.input_ids[: len(tokens)] = tokens
        llm.n_tokens = len(tokens)
        return True

    def _identity(self) -> str:
        """What a snapshot's bytes depend on besides its tokens."""
        import llama_cpp

        stat = self.model_path.stat()
        return f"{self.model_path.name}:{stat.st_size}:{stat.st_mtime_ns}:{llama_cpp.__version__}:{self._llm.n_ctx()}"

    def _choice_tokens(self) -> tuple[list[int], list[int]]:
        def single(words: tuple[str, ...]) -> list[int]:
            ids = [self._llm.tokenize(w.encode(), add_bos=False, special=False) for w in words]
            return sorted({i[0] for i in ids if len(i) == 1})

        return single(("yes", "Yes", " yes", " Yes", "YES")), single(("no", "No", " no", " No", "NO"))

    def _chat_format(self) -> Any:
        if getattr(self, "_formatter", None) is None:
            from llama_cpp import llama_chat_format

            llm = self._llm
            template = llm.metadata.get("tokenizer.chat_template") or CHATML
            self._formatter = llama_chat_format.Jinja2ChatFormatter(
                template=template,
                eos_token=llm.detokenize([llm.token_eos()]).decode("utf-8", "ignore"),
                bos_token=llm.detokenize([llm.token_bos()]).decode("utf-8", "ignore"),
            )
        return self._formatter

    def _fit_threads(self) -> None:
        """Before each call (under the lock): as many threads as the machine can give now."""
        if self._share is None:
            return
        wanted = self._share.threads()
        if wanted != self._threads:
            from llama_cpp import llama_set_n_threads

            llama_set_n_threads(self._llm.ctx, wanted, wanted)
            log.debug("interviewer model: %d threads (other programs use %.1f cores)", wanted, self._share.elsewhere)
            self._threads = wanted

    @property
    def threads(self) -> int:
        return self._threads

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Free the model now (llama-cpp-python's own finalizer fails at interpreter exit).
        Waits for a running call; any later call is refused instead of reaching freed memory."""
        with self._lock:
            if not self._closed:
                self._closed = True
                if self._share is not None:
                    self._share.close()
                self._llm.close()


def _shared_start(a: Sequence[int], b: Sequence[int], limit: int) -> int:
    """How many tokens a and b have alike from the first, at most limit."""
    n = 0
    while n < limit and a[n] == b[n]:
        n += 1
    return n


def _flag_check():
    """llama.cpp's abort callback as a C function of the flag's address: the C library's strlen, which is
    1 once the flag's first byte is set and 0 before. A Python callback would take Python's lock at each
    step of every computation (a thousand per batch), and wait for it behind the session's threads. None
    where no C library is found: read-aheads then always run to their end."""
    from llama_cpp import ggml_abort_callback

    try:
        libc = ctypes.CDLL("msvcrt" if sys.platform == "win32" else None)
        strlen = ctypes.cast(libc.strlen, ctypes.c_void_p).value
    except (OSError, AttributeError):
        return None
    return ggml_abort_callback(strlen) if strlen else None
