"""Every model the user can pick: the manifest's and the ones dropped in the user folders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interview_voice.modelstore.manifest import ModelSpec, load_manifest
from interview_voice.modelstore.verify import ModelStatus, Status, quick_status
from interview_voice.paths import AppPaths


@dataclass(frozen=True)
class ModelChoice:
    id: str
    role: str
    name: str
    path: Path  # the folder (stt) or the main file (llm, tts)
    status: Status
    detail: str = ""
    user_added: bool = False

    @property
    def usable(self) -> bool:
        return self.status in (Status.VERIFIED, Status.INSTALLED)


def _main_path(spec: ModelSpec, folder: Path) -> Path:
    if spec.role == "stt":
        return folder
    suffix = ".gguf" if spec.role == "llm" else ".onnx"
    return folder / next(f.path for f in spec.files if f.path.endswith(suffix))


GGUF_VERSIONS = (2, 3)
GGUF_HEADER = 24  # magic, version, tensor count, metadata count


def gguf_problem(path: Path) -> str:
    """Why this file cannot be a llama.cpp model, from its header alone ("" when it looks like one)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(GGUF_HEADER)
        size = path.stat().st_size
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if len(head) < GGUF_HEADER or head[:4] != b"GGUF":
        return "not a GGUF model file (its first bytes are not a GGUF header)"
    version = int.from_bytes(head[4:8], "little")
    tensors = int.from_bytes(head[8:16], "little")
    if version not in GGUF_VERSIONS:
        return f"GGUF version {version}, which this llama.cpp cannot read"
    if tensors == 0 or size < 1 << 20:
        return f"a GGUF file with {tensors} tensors in {size} bytes: not a complete model (cut off?)"
    return ""


def _user_choices(paths: AppPaths) -> list[ModelChoice]:
    choices = []
    for gguf in sorted(paths.user_models_dir("llm").glob("*.gguf")):
        problem = gguf_problem(gguf)
        status, detail = (Status.CORRUPT, problem) if problem else (Status.INSTALLED, "added by you")
        choices.append(ModelChoice(gguf.name, "llm", gguf.stem, gguf, status, detail, user_added=True))
    for onnx in sorted(paths.user_models_dir("tts").glob("*.onnx")):
        config = onnx.with_name(onnx.name + ".json")
        status, detail = (
            (Status.INSTALLED, "added by you")
            if config.exists()
            else (Status.CORRUPT, f"{config.name} is missing beside it")
        )
        choices.append(ModelChoice(onnx.stem, "tts", onnx.stem, onnx, status, detail, user_added=True))
    return choices


def catalog(paths: AppPaths, specs: list[ModelSpec] | None = None) -> list[ModelChoice]:
    specs = load_manifest() if specs is None else specs
    choices = []
    for spec in specs:
        st: ModelStatus = quick_status(spec, paths.models_dir)
        choices.append(
            ModelChoice(
                spec.id, spec.role, spec.name, _main_path(spec, spec.folder(paths.models_dir)), st.status, st.detail
            )
        )
    return choices + _user_choices(paths)


def find(choices: list[ModelChoice], role: str, model_id: str) -> ModelChoice | None:
    return next((c for c in choices if c.role == role and c.id == model_id), None)
