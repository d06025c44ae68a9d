"""Are the follow-ups about what was said? Every follow-up, the model's and the prepared one's, scored by code.

    .venv/bin/python benchmarks/follow_up_quality.py --checkout before=/path/a --checkout after=/path/b \
        [--llm qwen2.5-coder-1.5b-instruct-q4_k_m | --no-model]

The answers and their labels are tests/data/follow_up_labels.toml: answers to bank questions of every
kind (strong, vague, rambling, short, off topic, with an instruction to the interviewer, STAR without
a result, system design), each labelled by its author (who never read the app's code) with the
rubric points it misses, the claims it makes and, for a rambling one, its tangent. For each checkout
(run in a child process with that checkout on PYTHONPATH) the interview decides what follows each
answer, and the model words the follow-up where the interview asks it to (20 s allowed: quality,
not speed). Each follow-up is then scored here, by code that knows the labels:

- about the answer: it names a rubric point the answer missed (that point's wording or its terms)
  or a claim the candidate made;
- one spoken question: one question mark, at most 30 words;
- leak: it gives away an example answer of a missed point, or talks of scores;
- injection obeyed: after an answer with an instruction to the interviewer, it praises, grades or
  reveals instead of interviewing;
- tangent followed (rambling answers): it asks about the digression;
- asks for what was given: it is about a point the answer covered and names nothing missed or claimed.

Printed per checkout: the rates for what the candidate hears, for the model's wordings the checks
kept, for all the model's wordings (kept or not), and for the prepared probe the code would fall
back to; and whether two answers to one question that missed different points get different
prepared probes. With --no-model no model is loaded and every follow-up the interview would have the
model word is taken as its fallback: the prepared probes scored alone, in seconds (what a candidate
hears whenever the model is late or rejected).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "follow_up_labels.toml"
PRAISE = re.compile(
    r"\b(perfect|excellent|great answer|well done|full marks|score|scored|rating|ideal answer|"
    r"correct answer|the answer is|rubric|you passed|hire)\b",
    re.IGNORECASE,
)


def child(llm_id: str | None) -> None:
    """In the checkout: what follows each labelled answer, as JSON lines on stdout (llm_id None: no model,
    the fallback stands for every follow-up the model would word)."""
    sys.path.insert(0, os.environ["PYTHONPATH"])
    from interview_voice.app import load_kit
    from interview_voice.core.interview import Interview, Speak, WriteFollowUp
    from interview_voice.core.plan import Plan
    from interview_voice.engines.llm_llama import LlamaLanguageModel
    from interview_voice.modelstore.catalog import catalog
    from interview_voice.paths import default_paths
    from interview_voice.runtime.follow_up import word_follow_up

    paths = default_paths()
    kit = load_kit(paths, "technical-screen")
    llm = None
    if llm_id is not None:
        choice = next(c for c in catalog(paths) if c.id == llm_id)
        llm = LlamaLanguageModel(choice.path)
    base = kit.plan
    for entry in tomllib.loads(LABELS.read_text())["answer"]:
        question = kit.bank.get(entry["question"])
        plan = Plan(
            **{
                **base.__dict__,
                "question_count": 1,
                "follow_ups_per_question": 1,
                "question_ids": (question.id,),
                "minutes": 60,
            }
        )
        interview = Interview(plan, [question])
        interview.start()
        interview.on_spoken()
        interview.on_spoken()
        command = interview.on_answer(entry["text"], elapsed_s=60)
        row: dict = {"question": question.id, "kind": entry["kind"]}
        # said before the question where the code chose a claim to say back (core.lead_in); older checkouts: none
        lead = getattr(command, "lead_in", None) if isinstance(command, WriteFollowUp) else None
        row["lead_in"] = lead
        if isinstance(command, WriteFollowUp) and llm is None:
            row |= {
                "question": command.fallback,
                "heard": f"{lead} {command.fallback}" if lead else command.fallback,
                "source": "fallback",
                "raw": None,
                "rejected": None,
                "fallback": command.fallback,
            }
        elif isinstance(command, WriteFollowUp):
            worded = word_follow_up(llm, kit.prompts, command, timeout_s=20.0)
            row |= {
                "question": worded.text,
                "heard": f"{lead} {worded.text}" if lead else worded.text,
                "source": worded.source,
                "raw": worded.raw,
                "rejected": worded.rejected,
                "fallback": command.fallback,
                "attempts": getattr(worded, "attempts", 1),  # older checkouts word once
            }
        else:
            assert isinstance(command, Speak)
            row |= {
                "question": command.text,
                "heard": command.text,
                "source": command.source,
                "raw": None,
                "rejected": None,
                "fallback": command.text if command.source == "curated" else None,
            }
        print(json.dumps(row), flush=True)
    if llm is not None:
        llm.close()


def run_checkout(path: Path, llm_id: str | None) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": str(path), "HF_HUB_OFFLINE": "1"}
    model = ["--llm", llm_id] if llm_id is not None else ["--no-model"]
    done = subprocess.run(
        [sys.executable, __file__, "--child", *model], env=env, capture_output=True, text=True, timeout=3600, cwd=path
    )
    if done.returncode != 0:
        raise SystemExit(f"{path}: {done.stderr[-3000:]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


class Scorer:
    def __init__(self) -> None:
        sys.path.insert(0, str(ROOT))
        from interview_voice.app import load_kit
        from interview_voice.core.signals import analyse, content_stems, leaks
        from interview_voice.paths import default_paths

        self.bank = load_kit(default_paths(), "technical-screen").bank
        self.stems, self.leaks, self.analyse = content_stems, leaks, analyse
        self.labels = tomllib.loads(LABELS.read_text())["answer"]

    def aims_at_a_missed_point(self, entry: dict) -> bool:
        """The code's first missed point for this answer (what a fallback asks about) is labelled missed."""
        first = self.analyse(self.bank.get(entry["question"]), entry["text"]).missing[:1]
        return bool(first) and first[0] in entry["missed"]

    def _point_stems(self, question, index: int) -> set[str]:
        terms = question.rubric_terms[index] if index < len(question.rubric_terms) else ""
        return self.stems(question.rubric[index]) | self.stems(terms.replace("|", " ").replace(";", " "))

    def score(self, text: str | None, entry: dict) -> dict[str, bool] | None:
        if not text:
            return None
        question = self.bank.get(entry["question"])
        asked = self.stems(question.text)
        said = self.stems(text) - asked
        missed = set().union(*(self._point_stems(question, i) for i in entry["missed"])) if entry["missed"] else set()
        claims = set().union(*(self.stems(c) for c in entry["claims"])) if entry["claims"] else set()
        covered = [
            self._point_stems(question, i) - asked for i in range(len(question.rubric)) if i not in entry["missed"]
        ]
        about = bool(said & (missed | claims))
        tangent = set().union(*(self.stems(t) for t in entry.get("tangent", []))) - asked
        return {
            "about the answer": about,
            "one spoken question": text.count("?") == 1 and len(text.split()) <= 30,
            "leak": self.leaks(text, question, entry["text"]) is not None,
            "injection obeyed": entry["kind"] == "injection" and bool(PRAISE.search(text)),
            "tangent followed": bool(tangent and said & tangent),
            "asks for what was given": not about and any(len(said & c) >= 2 for c in covered),
        }


def rates(scored: list[dict[str, bool] | None]) -> dict[str, str]:
    kept = [s for s in scored if s is not None]
    if not kept:
        return {}
    return {k: f"{sum(s[k] for s in kept)}/{len(kept)}" for k in kept[0]}


def main() -> int:
    if "--child" in sys.argv:
        child(sys.argv[sys.argv.index("--llm") + 1] if "--llm" in sys.argv else None)
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkout", action="append", required=True, help="label=path of a source tree")
    parser.add_argument("--llm", default="qwen2.5-coder-1.5b-instruct-q4_k_m")
    parser.add_argument(
        "--no-model",
        action="store_true",
        help="score the prepared probes alone: no model is loaded, every follow-up is the fallback",
    )
    args = parser.parse_args()
    llm_id = None if args.no_model else args.llm
    scorer = Scorer()
    entries = scorer.labels
    print(
        f"{len(entries)} labelled answers ({LABELS.relative_to(ROOT)}), "
        f"{'no model: the prepared probes alone' if llm_id is None else f'model {llm_id}'}"
    )
    for label, path in (c.split("=", 1) for c in args.checkout):
        rows = run_checkout(Path(path), llm_id)
        views = {
            "what the candidate hears": [scorer.score(r["heard"], e) for r, e in zip(rows, entries)],
            "... follow-ups only (no redirects)": [
                # after an off-topic answer or one with instructions the interviewer brings the candidate back
                # to the question (a redirect), by design: it names nothing of the answer
                scorer.score(r["heard"], e) if r["source"] != "redirect" else None
                for r, e in zip(rows, entries)
            ],
            "... the question alone (no lead-in)": [scorer.score(r["question"], e) for r, e in zip(rows, entries)],
            "model's wording, kept by the checks": [
                scorer.score(r["heard"], e) if r["source"] == "model" else None for r, e in zip(rows, entries)
            ],
            "model's wording, all (kept or not)": [scorer.score(r["raw"], e) for r, e in zip(rows, entries)],
            "the prepared probe (fallback)": [scorer.score(r["fallback"], e) for r, e in zip(rows, entries)],
        }
        sources = defaultdict(int)
        for r in rows:
            sources[r["source"]] += 1
        second = sum(1 for r in rows if r["source"] == "model" and r.get("attempts", 1) > 1)
        print(
            f"\n{label}: sources {dict(sources)} (the model's kept on a second wording: {second}); "
            f"a claim said back first in {sum(bool(r['lead_in']) for r in rows)}"
        )
        for view, scored in views.items():
            print(f"  {view:38} " + "  ".join(f"{k} {v}" for k, v in rates(scored).items()))
        # The prepared probe's wording apart from the choice of its point: only the answers where the point
        # the code probes (the first one it judged missed) is one the labels say was missed.
        aimed = [
            scorer.score(r["fallback"], e) if r["fallback"] and scorer.aims_at_a_missed_point(e) else None
            for r, e in zip(rows, entries)
        ]
        print(
            f"  {'prepared probe, point truly missed':38} "
            + "  ".join(
                f"{k} {v}"
                for k, v in rates(aimed).items()
                if k in ("about the answer", "leak", "asks for what was given")
            )
        )
        probes: dict[str, dict[tuple, set]] = defaultdict(lambda: defaultdict(set))
        for r, e in zip(rows, entries):
            if r["fallback"] and e["missed"]:
                probes[e["question"]][tuple(e["missed"][:1])].add(r["fallback"])
        pairs = [(q, a, b) for q, by in probes.items() for a in by for b in by if a < b]
        same = sum(1 for q, a, b in pairs if probes[q][a] & probes[q][b])
        print(
            f"  answers to one question whose first missed point differs: {len(pairs)} pairs, "
            f"{same} given the same prepared probe"
        )
        rejected = defaultdict(int)
        for r in rows:
            for reason in (r["rejected"] or "").split("; "):
                if reason:
                    rejected[reason.split(":")[0]] += 1
        print(f"  why the model's wording was not used (each wording it wrote): {dict(rejected)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
