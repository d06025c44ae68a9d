"""Files people write or bring by hand: each problem is a clear message naming the file (and line),
and everything else still loads."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess

import numpy as np
import pytest

from interview_voice.app import load_kit, read_text_document
from interview_voice.core.bank import QuestionBank, load_bank
from interview_voice.core.plan import PlanError, load_plan, plan_title
from interview_voice.paths import resource_dir
from tests.conftest import TEST_MODELS

GOOD_QUESTION = '''
[[question]]
id = "my-own-question"
text = "How would you choose a metric for a churn model?"
stages = ["technical_screen"]
area = "evaluation"
levels = ["mid", "senior"]
probes = "whether the metric matches the business cost"
rubric = ["Names a metric", "Relates it to cost", "Checks calibration"]
rubric_terms = ["precision|recall|auc", "cost|money", "calibration|calibrated"]
follow_ups = ["Why that metric?", "What would you check next?"]
time_budget_s = 120
'''


def _bank_with(tmp_path, text: str, encoding: str = "utf-8") -> QuestionBank:
    folder = tmp_path / "questions"
    folder.mkdir(exist_ok=True)
    (folder / "mine.toml").write_bytes(text.encode(encoding))
    return load_bank([folder])


def test_a_question_id_that_is_a_number_is_reported_at_its_line_and_the_rest_loads(tmp_path):
    bank = _bank_with(tmp_path, GOOD_QUESTION + '\n[[question]]\nid = 5\ntext = "x"\n')
    assert list(bank.questions) == ["my-own-question"]
    [problem] = bank.problems
    assert str(problem).endswith(
        "mine.toml:15: question 5: id must be text in quotes, e.g. id = \"my-question\" (found 5)"
    )


def test_single_brackets_instead_of_double_are_explained(tmp_path):
    bank = _bank_with(tmp_path, GOOD_QUESTION.replace("[[question]]", "[question]"))
    [problem] = bank.problems
    assert problem.where.endswith("mine.toml:2") and "two brackets" in problem.message


def test_a_duplicate_id_is_reported_at_the_duplicate_not_the_first(tmp_path):
    bank = _bank_with(tmp_path, GOOD_QUESTION + GOOD_QUESTION)
    [problem] = bank.problems
    assert problem.where.endswith("mine.toml:15")  # the second `id =` line
    assert "already used at" in problem.message and problem.message.endswith("mine.toml:3")


def test_a_bank_file_saved_in_latin_1_loads(tmp_path):
    bank = _bank_with(tmp_path, GOOD_QUESTION.replace("churn model", "modèle de churn"), encoding="latin-1")
    assert bank.problems == [] and "modèle" in bank.questions["my-own-question"].text


def _plans(tmp_path, text: str, encoding: str = "utf-8"):
    folder = tmp_path / "plans"
    folder.mkdir(exist_ok=True)
    path = folder / "mine.toml"
    path.write_bytes(text.encode(encoding))
    return path


PLAN = (resource_dir("assets") / "plans" / "first-interview.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return load_bank([resource_dir("assets") / "questions"])


@pytest.mark.parametrize(
    "change, message",
    [
        (('style = "neutral and curious"', 'style = ""'), "has style ''; use one of warm, neutral, challenging"),
        (
            ('questions = ["baseline-before-complexity", "eval-offline-online-gap"]', 'questions = "a-string"'),
            "mine.toml:5: questions must be a list of strings in brackets",
        ),
        (
            ("follow_ups_per_question = 1", "follow_ups_per_qestion = 1"),
            "mine.toml:7: unknown key 'follow_ups_per_qestion' (did you mean 'follow_ups_per_question'?)",
        ),
        (
            ('style = "neutral and curious"', 'stlye = "warm"'),
            "mine.toml:15: unknown key 'stlye' (did you mean 'style'?)",
        ),
    ],
)
def test_a_plan_mistake_is_one_clear_message_with_its_line(tmp_path, bank, change, message):
    path = _plans(tmp_path, PLAN.replace(*change))
    with pytest.raises(PlanError) as raised:
        load_plan(path, bank)
    assert message in str(raised.value) and str(path) in str(raised.value)


def test_a_plan_saved_in_latin_1_loads_and_its_title_shows(tmp_path, bank):
    path = _plans(tmp_path, PLAN.replace("First interview (short)", "Première entrevue"), encoding="latin-1")
    assert load_plan(path, bank).title == "Première entrevue"
    assert plan_title(path) == "Première entrevue"


def test_one_bad_user_plan_and_question_leave_the_others_usable(app_paths):
    (app_paths.data_dir / "questions").mkdir()
    (app_paths.data_dir / "questions" / "bad.toml").write_text('[[question]]\nid = 5\n')
    (app_paths.data_dir / "plans").mkdir()
    (app_paths.data_dir / "plans" / "bad.toml").write_text(PLAN.replace('style = "neutral and curious"', 'style = ""'))
    assert load_kit(app_paths, "first-interview").plan.title == "First interview (short)"
    with pytest.raises(PlanError, match="bad.toml"):
        load_kit(app_paths, "bad")


def test_a_resume_in_latin_1_is_read_and_binary_is_refused(tmp_path):
    resume = tmp_path / "cv.txt"
    resume.write_bytes("Ingénieur ML chez Société Générale: modèles de crédit.".encode("latin-1"))
    assert "Société Générale" in read_text_document(resume)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ValueError, match="photo.txt is not a text file"):
        read_text_document(binary)


def _wav(path, samples: np.ndarray, rate: int, fmt_tag: int, bits: int, extensible: bool) -> None:
    data = samples.tobytes()
    channels, block = 1, bits // 8
    if extensible:
        fmt = struct.pack(
            "<HHIIHHHHIH14s",
            0xFFFE,
            channels,
            rate,
            rate * block,
            block,
            bits,
            22,
            bits,
            4,
            fmt_tag,
            b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71",
        )
    else:
        fmt = struct.pack("<HHIIHH", fmt_tag, channels, rate, rate * block, block, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)


def test_wav_files_of_every_common_format_are_read_and_an_empty_one_gets_a_reason(cli, answers_dir, tmp_path):
    sox = shutil.which("sox")
    source = answers_dir / "answer1.wav"
    files = {"empty.wav": None}
    (tmp_path / "empty.wav").write_bytes(b"")
    from interview_voice.engines.audio_file import read_wav_mono

    speech = read_wav_mono(source, 16_000)
    _wav(tmp_path / "float32.wav", speech.astype("<f4"), 16_000, 3, 32, extensible=False)
    _wav(tmp_path / "float32-ext.wav", speech.astype("<f4"), 16_000, 3, 32, extensible=True)
    pcm24 = (np.clip(speech, -1, 1) * (2**23 - 1)).astype("<i4")
    packed = np.frombuffer(pcm24.tobytes(), np.uint8).reshape(-1, 4)[:, :3].copy()
    _wav(tmp_path / "pcm24-ext.wav", packed, 16_000, 1, 24, extensible=True)
    files.update({name: True for name in ("float32.wav", "float32-ext.wav", "pcm24-ext.wav")})
    if sox:  # and one written by a real tool
        subprocess.run([sox, str(source), "-b", "24", str(tmp_path / "sox24.wav")], check=True)
        files["sox24.wav"] = True
    result = cli(
        "transcribe", "--json", "--model", TEST_MODELS["stt"], *(str(tmp_path / n) for n in files), timeout=300
    )
    assert result.returncode == 1  # one file failed, the others were transcribed
    assert f"error: {tmp_path / 'empty.wav'} is empty (0 bytes)" in result.stderr
    heard = {item["file"].rsplit("/", 1)[1]: item["text"].lower() for item in json.loads(result.stdout)}
    assert set(heard) == {n for n, ok in files.items() if ok}
    assert all("business" in text for text in heard.values()), heard


def test_settings_refuses_a_gguf_that_cannot_load_and_a_broken_own_model_gets_no_reinstall_advice(cli):
    user_llm = cli.data_dir / "models-user"
    cli.env["INTERVIEW_VOICE_MODELS_DIR"] = str(user_llm)  # an empty models dir with the user's own files
    folder = user_llm / "user" / "llm"
    folder.mkdir(parents=True)
    (folder / "garbage.gguf").write_bytes(b"this is not a model" * 100)
    (folder / "cut-off.gguf").write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 291, 26) + b"\0" * 4096)
    for name, reason in (("garbage.gguf", "not a GGUF model file"), ("cut-off.gguf", "not a complete model")):
        result = cli("settings", "--llm", name)
        assert result.returncode == 2 and reason in result.stderr, result.stderr
        assert "reinstall" not in result.stderr and "models install" not in result.stderr
    listed = cli("models", "list")
    assert "checks size and date only" in listed.stdout and "cut-off.gguf" in listed.stdout


def test_a_broken_own_gguf_that_passes_the_header_check_is_not_blamed_on_the_default_models(tmp_path):
    from interview_voice.engines.base import ModelLoadError
    from interview_voice.engines.llm_llama import LlamaLanguageModel

    broken = tmp_path / "mine.gguf"
    broken.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 291, 26) + b"\x01" * (2 << 20))
    with pytest.raises(ModelLoadError) as raised:
        LlamaLanguageModel(broken, own_file=True)
    assert "replace the file or choose another model" in str(raised.value)
    assert "models install" not in str(raised.value)


def test_an_own_gguf_cut_in_half_is_named_as_the_file_to_replace_not_blamed_on_the_cpu(
    tmp_path, monkeypatch, installed_models_dir
):
    """The first load proves the library in a child process; a damaged model made that proof fail,
    and the message said the CPU could not run the library and to run `make setup`."""
    from interview_voice.engines.base import ModelLoadError
    from interview_voice.engines.llm_llama import LlamaLanguageModel

    monkeypatch.setenv("INTERVIEW_VOICE_CACHE_DIR", str(tmp_path / "cache"))  # no proof kept yet
    [model] = [p for p in installed_models_dir.rglob("*.gguf") if TEST_MODELS["llm"].split("-")[0] in p.name.lower()]
    data = model.read_bytes()
    cut = tmp_path / "my-model.gguf"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelLoadError) as raised:
        LlamaLanguageModel(cut, own_file=True)
    message = str(raised.value)
    assert str(cut) in message and "damaged or incomplete" in message and "replace the file" in message
    assert "CPU" not in message and "make setup" not in message
    LlamaLanguageModel(model).close()  # the library itself was not marked as unusable


def test_a_user_plan_with_a_built_in_plans_file_name_is_the_one_used(app_paths):
    """The README says to copy a plan from assets into the plans folder: the copy, changed, must win."""
    built_in = (resource_dir("assets") / "plans" / "first-interview.toml").read_text(encoding="utf-8")
    mine = built_in.replace('title = "First interview (short)"', 'title = "My first interview"')
    assert mine != built_in
    folder = app_paths.data_dir / "plans"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "first-interview.toml").write_text(mine, encoding="utf-8")
    assert load_kit(app_paths, "first-interview").plan.title == "My first interview"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf_16_resume_with_its_bom_is_read(tmp_path, encoding):
    """Windows' Notepad saves "Unicode" text as UTF-16 with a BOM: it was refused as "not a text file"."""
    import codecs

    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    resume = tmp_path / "cv.txt"
    text = "Ingénieure ML: modèles de churn, 4 ans.\r\nPython, SQL."
    resume.write_bytes(bom + text.encode(encoding))
    assert read_text_document(resume).replace("\r\n", "\n") == text.replace("\r\n", "\n")


def test_a_bank_of_5000_questions_loads_in_linear_time(tmp_path):
    """Each question's line was found by counting newlines from the top: 5,000 took seconds."""
    import time

    def load(count: int) -> float:
        folder = tmp_path / f"bank{count}"
        folder.mkdir()
        body = "".join(
            GOOD_QUESTION.replace("my-own-question", f"q{n}").replace('"evaluation"', '"evaluation"')
            for n in range(count)
        )
        (folder / "mine.toml").write_text(body, encoding="utf-8")
        started = time.perf_counter()
        bank = load_bank([folder])
        assert len(bank.questions) == count, bank.problems[:3]
        return time.perf_counter() - started

    small, large = load(500), load(5000)
    assert large < 25 * small, (small, large)  # ten times the questions: about ten times the time, not 100
