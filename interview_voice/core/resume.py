"""Deep-dive questions about the candidate's own projects and technologies.

From a pasted resume (and optionally a job description) the code finds
project sentences and known technologies, and writes questions from
templates; the interviewer model then follows up on the answers as usual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from interview_voice.core.bank import Question
from interview_voice.core.signals import reads_as_instruction
from interview_voice.core.terms import parse_terms

ACTION_VERBS = (
    "built",
    "developed",
    "designed",
    "led",
    "deployed",
    "trained",
    "improved",
    "reduced",
    "launched",
    "created",
    "implemented",
    "migrated",
    "automated",
    "architected",
    "scaled",
    "optimised",
    "optimized",
    "shipped",
    "owned",
    "delivered",
    "increased",
    "cut",
)
_VERB = re.compile(r"\b(" + "|".join(ACTION_VERBS) + r")\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d")
MAX_PROJECT_WORDS = 28

PROJECT_RUBRIC = (
    "States the problem and who it was for before the technology",
    "Says what they personally did, with 'I' rather than only 'we'",
    "Explains a decision they made and the alternative they rejected",
    "Gives a measured result and how it was measured",
)
PROJECT_TERMS = (
    "problem|goal|needed|users|customers|business|for the team",
    "i built|i wrote|i designed|i led|i owned|i was responsible|my part|my role|i did|i implemented",
    "instead of|rather than|alternative|rejected|considered|chose|decided|trade-off|compared",
    "improved|reduced|increased|percent|accuracy|measured|metric|a/b test|result|saved",
)
PROJECT_PROBES = (
    "What alternatives did you consider there, and why did you reject them?",
    "How did you measure that result?",
    "What was your own part, as opposed to the team's?",
)
TECH_RUBRIC = (
    "Describes a concrete use in a real project",
    "Explains how it works underneath, beyond the basic tutorial",
    "Names a limitation or failure they hit and how they worked around it",
    "Knows when they would not use it",
)
TECH_TERMS = (
    "project|production|we used|i used|used it|at work|in our",
    "under the hood|internally|works by|architecture|implementation|how it works|internals",
    "limitation|failed|problem|issue|bug|slow|memory|workaround|worked around|broke",
    "would not use|wouldn't use|instead|alternative|not a good fit|overkill|when not",
)
TECH_PROBES = (
    "What went wrong when you used it, and what did you do?",
    "When would you choose something else instead?",
)
GAP_RUBRIC = (
    "Is honest about their level of experience",
    "Relates it to something similar they have used",
    "Describes a concrete plan to get productive quickly",
)
GAP_TERMS = (
    "honest|haven't used|have not used|not used|no experience|little experience|never used|only tried",
    "similar|closest|like|comparable|same idea|transfer|used before",
    "plan|first week|first two weeks|tutorial|documentation|docs|small project|prototype|pair|course",
)
GAP_PROBES = ("What is the closest thing you have used?", "What would you do in your first two weeks with it?")


@dataclass(frozen=True)
class Technology:
    name: str
    patterns: tuple[re.Pattern, ...]

    def found_in(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


def load_technologies(path: Path) -> list[Technology]:
    technologies = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        names = [n.strip() for n in line.split("|") if n.strip()]
        patterns = tuple(re.compile(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", re.IGNORECASE) for n in names)
        technologies.append(Technology(names[0], patterns))
    return technologies


def project_sentences(resume: str) -> list[str]:
    """Lines or sentences that describe something the candidate did, most concrete first."""
    pieces = []
    for line in resume.splitlines():
        line = line.strip(" \t-*•·>")
        if reads_as_instruction(line):  # untrusted text: a line with an order in it is never read aloud
            continue
        pieces += [p.strip() for p in re.split(r"(?<=[.;])\s+", line) if p.strip()]
    found = []
    for piece in pieces:
        if _VERB.search(piece) and len(piece.split()) >= 5:
            words = piece.rstrip(".;").split()
            found.append(" ".join(words[:MAX_PROJECT_WORDS]) + ("…" if len(words) > MAX_PROJECT_WORDS else ""))
    # Sentences with numbers (results) first, then in resume order.
    return sorted(dict.fromkeys(found), key=lambda s: not _NUMBER.search(s))


_TERMS = {PROJECT_RUBRIC: PROJECT_TERMS, TECH_RUBRIC: TECH_TERMS, GAP_RUBRIC: GAP_TERMS}


def _question(qid: str, text: str, probes: str, rubric, follow_ups, budget: int) -> Question:
    terms = _TERMS[rubric]
    return Question(
        id=qid,
        text=text,
        stages=("project_deep_dive",),
        area="project",
        levels=("junior", "mid", "senior", "lead", "architect", "research"),
        probes=probes,
        rubric=tuple(rubric),
        red_flags=("Cannot explain their own work", "Only buzzwords"),
        follow_ups=tuple(follow_ups),
        time_budget_s=budget,
        star=False,
        source="resume",
        rubric_terms=terms,
        terms=tuple(parse_terms(t) for t in terms),
    )


def resume_questions(resume: str, job: str, technologies: list[Technology], limit: int = 6) -> list[Question]:
    """Questions about this candidate's projects, their technologies, and the job's gaps."""
    projects = project_sentences(resume)
    in_resume = [t for t in technologies if t.found_in(resume)]
    in_job = [t for t in technologies if job and t.found_in(job)]
    shared = [t for t in in_resume if t in in_job] or in_resume
    gaps = [t for t in in_job if t not in in_resume]
    questions: list[Question] = []
    for i, project in enumerate(projects[:3]):
        questions.append(
            _question(
                f"resume-project-{i + 1}",
                f"On your resume you wrote: {project}. Walk me through that. "
                "What was the problem, and what exactly did you do?",
                "The candidate's own project, in depth.",
                PROJECT_RUBRIC,
                PROJECT_PROBES,
                180,
            )
        )
    for i, tech in enumerate(shared[:2]):
        questions.append(
            _question(
                f"resume-tech-{i + 1}",
                f"You mention {tech.name}. Tell me how you used it in a real project, and where it let you down.",
                f"Depth behind {tech.name} on the resume.",
                TECH_RUBRIC,
                TECH_PROBES,
                150,
            )
        )
    for i, tech in enumerate(gaps[:1]):
        questions.append(
            _question(
                f"resume-gap-{i + 1}",
                f"This role uses {tech.name}, which I don't see on your resume. "
                "How would you get productive with it quickly?",
                f"Honesty and learning plan for {tech.name}.",
                GAP_RUBRIC,
                GAP_PROBES,
                90,
            )
        )
    # Interleave so the session does not ask three project questions in a row.
    ordered = sorted(questions, key=lambda q: int(q.id.rsplit("-", 1)[1]))
    return ordered[:limit]
