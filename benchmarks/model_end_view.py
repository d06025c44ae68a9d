"""The interviewer model's view of a pause: the probability that the answer ends there.

The follow-up prompt quotes the candidate's answer (prompts/interviewer.toml: They answered:
"..."). Cut right after the words said so far, the chance that the model's next token closes
the quote is its reading of whether the answer is over ("we decided to" leaves it open). The
read-ahead keeps that prompt in the model's cache, so in the app it would cost the new words
only. benchmarks/endpointing.py measures whether it separates thinking pauses from true ends.
"""

from __future__ import annotations

import numpy as np

from interview_voice.core.types import ChatMessage

ANSWER_CLOSES = '"'


class ModelEndView:
    def __init__(self, llm) -> None:
        """llm: an interview_voice LlamaLanguageModel (its llama_cpp.Llama is used directly)."""
        self._llm = llm._llm
        self._closers: np.ndarray | None = None
        self.evaluated = 0  # tokens the last call read (the rest was in the cache)

    def probability(self, messages: list[ChatMessage]) -> float:
        """P(the next token after the last message's text begins with the closing quote, after
        optional sentence punctuation), reusing the cached prefix of the tokens."""
        return float(self._next(messages)[self._closing_tokens()].sum())

    def end_of_turn_probability(self, messages: list[ChatMessage]) -> float:
        """P(the next token after the last message's text is the one the chat template puts there: the
        end of that turn). With the answer so far as the candidate's own turn after the question as the
        interviewer's, the reading of LiveKit's text turn detector."""
        return float(self._next(messages)[self._end_token(messages)])

    def _next(self, messages: list[ChatMessage]) -> np.ndarray:
        """The next token's distribution after the last message's text; self.evaluated: tokens read."""
        llm = self._llm
        tokens = llm.tokenize(self._open_prompt(messages).encode("utf-8"), add_bos=True, special=True)
        cached = llm.longest_token_prefix(llm._input_ids[: llm.n_tokens].tolist(), tokens)
        llm.n_tokens = min(cached, len(tokens) - 1)  # at least the last token, for fresh logits
        self.evaluated = len(tokens) - llm.n_tokens
        llm.eval(tokens[llm.n_tokens :])
        # the last decoded token's logits (llama-cpp-python keeps them only with logits_all)
        logits = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),)).astype(np.float64)
        probabilities = np.exp(logits - logits.max())
        return probabilities / probabilities.sum()

    def _end_token(self, messages: list[ChatMessage]) -> int:
        after = self._render(messages)[1]
        return self._llm.tokenize(after.encode("utf-8"), add_bos=False, special=True)[0]

    def _open_prompt(self, messages: list[ChatMessage]) -> str:
        """The chat template's text of messages, cut right after the last message's content."""
        return self._render(messages)[0]

    def _render(self, messages: list[ChatMessage]) -> tuple[str, str]:
        """The chat template's text of messages, split right after the last message's content."""
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        mark = "\x01open\x01"
        rendered = Jinja2ChatFormatter(
            self._llm.metadata["tokenizer.chat_template"], eos_token="", bos_token="", add_generation_prompt=False
        )(
            messages=[{"role": m.role, "content": m.content} for m in messages[:-1]]
            + [{"role": messages[-1].role, "content": messages[-1].content + mark}]
        ).prompt
        before, after = rendered.split(mark, 1)
        return before, after

    def _closing_tokens(self) -> np.ndarray:
        if self._closers is None:
            ids = [
                token
                for token in range(self._llm.n_vocab())
                if self._llm.detokenize([token]).decode("utf-8", "ignore").lstrip(" .?!")[:1] == ANSWER_CLOSES
            ]
            self._closers = np.array(ids, dtype=np.int64)
        return self._closers
