"""`interview-voice models [list|install|verify]`."""

from __future__ import annotations

import sys

from interview_voice.modelstore.catalog import catalog
from interview_voice.modelstore.install import InstallError, install_model
from interview_voice.modelstore.manifest import ManifestError, load_manifest, models_in_set
from interview_voice.modelstore.verify import Status, full_verify, quick_status
from interview_voice.paths import default_paths


def _selected(specs, args):
    if args.model:
        known = {s.id: s for s in specs}
        unknown = [m for m in args.model if m not in known]
        if unknown:
            raise SystemExit(f"unknown model {', '.join(unknown)}; known: {', '.join(known)}")
        return [known[m] for m in args.model]
    return models_in_set(specs, args.model_set)


def run(args) -> int:
    paths = default_paths()
    try:
        specs = load_manifest()
    except ManifestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        paths.ensure()
    except OSError as exc:  # a read-only home, say: listing needs nothing written, installing does
        problem = (
            f"cannot create the models folder {paths.models_dir} ({exc.strerror or exc}: {exc.filename}); "
            "make it writable or set INTERVIEW_VOICE_MODELS_DIR to a folder you can write to"
        )
        if args.action != "list":
            print(f"error: {problem}", file=sys.stderr)
            return 2
        print(f"note: {problem}", file=sys.stderr)
    if args.action == "list":
        print(f"Models folder: {paths.models_dir}\n")
        print(f"{'role':4}  {'id':38} {'status':10} name")
        for choice in catalog(paths, specs):
            extra = f"  ({choice.detail})" if choice.detail else ""
            print(f"{choice.role:4}  {choice.id:38} {choice.status.value:10} {choice.name}{extra}")
        print(
            "\nverified: hashed in full when installed or by `interview-voice models verify`, and unchanged in "
            "size and date since (start-up checks size and date only; `models verify` hashes every file again)."
        )
        print(
            f"\nAdd your own: GGUF files in {paths.user_models_dir('llm')}, Piper voices "
            f"(.onnx + .onnx.json) in {paths.user_models_dir('tts')}."
        )
        return 0
    failures = 0
    for spec in _selected(specs, args):
        if args.action == "verify":
            status = full_verify(spec, paths.models_dir)
            print(f"{spec.id}: {status.status.value}" + (f" ({status.detail})" if status.detail else ""))
            failures += status.status is not Status.VERIFIED
            continue
        if not args.force and quick_status(spec, paths.models_dir).status is Status.VERIFIED:
            print(f"{spec.id}: already installed and verified")
            continue
        print(f"{spec.id}: installing {spec.name} (~{spec.size_mb} MB)", flush=True)
        try:
            install_model(spec, paths.models_dir, progress=lambda m: print(f"  {m}", flush=True))
        except InstallError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failures += 1
    return 1 if failures else 0
