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

    def probability(self, messages: list[ChatMessage]) -> float:
        """P(the next token after the last message's text begins with the closing quote, after
        optional sentence punctuation), reusing the cached prefix of the tokens."""
        llm = self._llm
        tokens = llm.tokenize(self._open_prompt(messages).encode("utf-8"), add_bos=True, special=True)
        cached = llm.longest_token_prefix(llm._input_ids.tolist(), tokens)
        llm.n_tokens = min(cached, len(tokens) - 1)  # at least the last token, for fresh logits
        llm.eval(tokens[llm.n_tokens :])
        # the last decoded token's logits (llama-cpp-python keeps them only with logits_all)
        logits = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),)).astype(np.float64)
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        return float(probabilities[self._closing_tokens()].sum())

    def _open_prompt(self, messages: list[ChatMessage]) -> str:
        """The chat template's text of messages, cut right after the last message's content."""
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        mark = "\x01open\x01"
        rendered = Jinja2ChatFormatter(
            self._llm.metadata["tokenizer.chat_template"], eos_token="", bos_token="", add_generation_prompt=False
        )(
            messages=[{"role": m.role, "content": m.content} for m in messages[:-1]]
            + [{"role": messages[-1].role, "content": messages[-1].content + mark}]
        ).prompt
        return rendered[: rendered.index(mark)]

    def _closing_tokens(self) -> np.ndarray:
        if self._closers is None:
            ids = [
                token
                for token in range(self._llm.n_vocab())
                if self._llm.detokenize([token]).decode("utf-8", "ignore").lstrip(" .?!")[:1] == ANSWER_CLOSES
            ]
            self._closers = np.array(ids, dtype=np.int64)
        return self._closers
