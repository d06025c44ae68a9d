"""Resumes and job descriptions from real PDF and Word files, and a clear message for each bad one."""

import zipfile

import pytest

from interview_voice.app import read_text_document
from interview_voice.core.errors import InputError
from interview_voice.documents import MAX_DOCUMENT_CHARS, MAX_PDF_PAGES, read_document
from tests.document_files import write_docx, write_pdf

RESUME = [
    "Jane Doe, machine learning engineer",
    "Built a churn model with XGBoost that cut churn by 12% (measured over 6 months).",
    "Deployed the model on Kubernetes with a feature store.",
]


def test_a_pdf_resume_is_read_page_by_page(tmp_path):
    pdf = write_pdf(tmp_path / "cv.pdf", [RESUME[:2], RESUME[2:]])
    document = read_document(pdf)
    assert document.text.splitlines() == RESUME
    assert document.notes == ()


def test_a_pdf_locked_only_against_editing_is_read(tmp_path):
    pdf = write_pdf(tmp_path / "cv.pdf", [RESUME], password="")
    assert read_document(pdf).text.splitlines() == RESUME


def test_a_word_resume_is_read_with_its_table(tmp_path):
    docx = write_docx(tmp_path / "cv.docx", RESUME, table=[["Python", "6 years"], ["Spark", "2 years"]])
    assert read_document(docx).text.splitlines() == RESUME + ["Python | 6 years", "Spark | 2 years"]


def test_the_cli_reads_pdf_and_word_too(tmp_path):
    assert "XGBoost" in read_text_document(write_pdf(tmp_path / "cv.pdf", [RESUME]))
    assert "Kubernetes" in read_text_document(write_docx(tmp_path / "job.docx", RESUME))


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: write_pdf(p / "cv.pdf", [RESUME], password="secret"), "cv.pdf is protected by a password"),
        (lambda p: write_pdf(p / "cv.pdf", [[], []]), "cv.pdf has no text in it, only images"),
        (
            lambda p: (p / "cv.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog") and p / "cv.pdf",
            "cv.pdf is damaged or is not a PDF",
        ),
        (
            lambda p: (p / "cv.docx").write_bytes(b"PK\x03\x04 not really a zip") and p / "cv.docx",
            "cv.docx is damaged or is not a Word",
        ),
        (lambda p: (p / "cv.doc").write_bytes(b"\xd0\xcf\x11\xe0") and p / "cv.doc", "cv.doc is a DOC file"),
        (lambda p: p / "missing.pdf", "cannot read"),
    ],
)
def test_a_bad_file_gets_a_clear_message(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        read_document(make(tmp_path))


def test_a_word_file_with_broken_xml_is_refused_clearly(tmp_path):
    good = write_docx(tmp_path / "good.docx", RESUME)
    broken = tmp_path / "cv.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    with pytest.raises(InputError, match="cv.docx is damaged"):
        read_document(broken)


def test_a_zip_bomb_is_refused_before_it_is_parsed(tmp_path):
    bomb = tmp_path / "cv.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (60 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(InputError, match="too large for a resume"):
        read_document(bomb)


def test_a_huge_file_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "cv.pdf"
    with open(huge, "wb") as handle:
        handle.truncate(25 * 1024 * 1024)  # sparse: no 25 MB written
    with pytest.raises(InputError, match="25 MB, too large"):
        read_document(huge)


def test_a_long_document_is_shortened_and_says_so(tmp_path):
    pages = [[f"Line {i} of page {p}" for i in range(3)] for p in range(MAX_PDF_PAGES + 2)]
    pdf = write_pdf(tmp_path / "cv.pdf", pages)
    document = read_document(pdf)
    assert "Line 2 of page 39" in document.text and "page 40" not in document.text
    assert document.notes == (f"Only the first {MAX_PDF_PAGES} of {MAX_PDF_PAGES + 2} pages were read.",)
    text = tmp_path / "long.txt"
    text.write_text("x" * (MAX_DOCUMENT_CHARS + 10))
    long = read_document(text)
    assert len(long.text) == MAX_DOCUMENT_CHARS and "Only the first 60,000 characters" in long.notes[0]


@pytest.mark.parametrize(
    "make", [lambda p: write_pdf(p / "cv.pdf", [RESUME]), lambda p: write_docx(p / "cv.docx", RESUME)]
)
def test_a_file_cut_off_anywhere_is_read_or_refused_clearly_never_a_crash(tmp_path, make):
    whole = make(tmp_path).read_bytes()
    cut = tmp_path / f"cut{make(tmp_path).suffix}"
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.9, 0.99):
        cut.write_bytes(whole[: int(len(whole) * fraction)])
        try:
            text = read_document(cut).text
        except InputError as exc:
            assert "cut" in str(exc) and ("damaged" in str(exc) or "no text" in str(exc)), exc
        else:
            assert text.strip()  # pypdf recovers what it can of a cut-off PDF


# what pypdf 7.1.0 extracted from a resume that LibreOffice saved as PDF: tabs between words,
# the "fl" ligature, and the page number under the text
LIBREOFFICE_PAGE = (
    "Jane\tCandidate\nMachine\tLearning\tEngineer\nExperience\nSkills:\tPython,\tSQL,\tAirﬂow,\tAWS."
    "\nBuilt\ta\tﬁrst\tmodel\tin\t2019\n\n   1"
)


def test_a_pdf_page_reads_as_a_person_would_copy_it():
    from interview_voice.documents import pdf_page_text

    assert pdf_page_text(LIBREOFFICE_PAGE).splitlines() == [
        "Jane Candidate",
        "Machine Learning Engineer",
        "Experience",
        "Skills: Python, SQL, Airflow, AWS.",
        "Built a first model in 2019",
    ]
    assert pdf_page_text("Page 2 of 3\nLed the team\n2019") == "Led the team\n2019"  # a year is not a page
