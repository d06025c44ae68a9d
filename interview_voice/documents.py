"""A resume or job description from the files people have: plain text, PDF or Word (.docx).

The text is extracted here, below the ui (the resume dialog and `simulate --resume` share it),
and every failure is an InputError whose message tells the user what to do instead. What the
text says is not trusted: core/resume.py drops lines that read as instructions, as for speech.
"""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from interview_voice.core.errors import InputError
from interview_voice.core.userfile import read_user_text

log = logging.getLogger(__name__)

MAX_DOCUMENT_CHARS = 60_000  # ~25 pages of prose: more than any resume or job ad
MAX_FILE_BYTES = 20 * 1024 * 1024  # a resume PDF with photos is ~1-3 MB
MAX_PDF_PAGES = 40
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024  # a zip bomb is refused before it is parsed
OTHER_FORMATS = (".doc", ".odt", ".rtf", ".pages")


@dataclass(frozen=True)
class DocumentText:
    """The extracted text and what the user should know about it (shortened, pages left out)."""

    text: str
    notes: tuple[str, ...] = ()


def read_document(path: Path) -> DocumentText:
    """The text of a .txt/.md, .pdf or .docx file; InputError with a clear message otherwise."""
    suffix = path.suffix.lower()
    if suffix in OTHER_FORMATS:
        raise InputError(
            f"{path.name} is a {suffix[1:].upper()} file, which cannot be read here; save it as "
            "PDF, Word (.docx) or plain text (.txt), or paste the text"
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"{path.name} is {size / 2**20:.0f} MB, too large for a resume or job description "
            f"(at most {MAX_FILE_BYTES // 2**20} MB); paste the text instead"
        )
    notes: list[str] = []
    if suffix == ".pdf":
        text = _pdf_text(path, notes)
    elif suffix == ".docx":
        text = _docx_text(path)
    else:
        text = _plain_text(path)
    text = _tidy(text)
    if not text:
        raise InputError(f"{path.name} is empty")
    if len(text) > MAX_DOCUMENT_CHARS:
        notes.append(f"Only the first {MAX_DOCUMENT_CHARS:,} characters are used (the file has {len(text):,}).")
        text = text[:MAX_DOCUMENT_CHARS]
    log.info("read %s: %d characters", path.name, len(text))
    return DocumentText(text, tuple(notes))


def _plain_text(path: Path) -> str:
    try:
        return read_user_text(path)  # UTF-8, else Latin-1; only binary data is refused
    except ValueError:
        raise InputError(
            f"{path.name} is not a text file; open a PDF, Word (.docx) or plain text file, or paste the text"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def _pdf_text(path: Path, notes: list[str]) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):  # many PDFs are locked only against editing
            raise InputError(
                f"{path.name} is protected by a password; open it in a PDF viewer and save or "
                "print it as a new PDF without one, or paste the text"
            )
        pages = reader.pages
        count = len(pages)
        texts = [pdf_page_text(pages[i].extract_text() or "") for i in range(min(count, MAX_PDF_PAGES))]
    except InputError:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise InputError(
            f"{path.name} is encrypted and cannot be read here; save or print it as a new PDF, or paste the text"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    except Exception as exc:  # PdfReadError, or whatever else a malformed file trips in the parser
        log.warning("cannot read the PDF %s: %r", path, exc, exc_info=not isinstance(exc, PdfReadError))
        raise InputError(
            f"{path.name} is damaged or is not a PDF; open it in a PDF viewer and save it again, or paste the text"
        ) from None
    if count > MAX_PDF_PAGES:
        notes.append(f"Only the first {MAX_PDF_PAGES} of {count} pages were read.")
    text = "\n".join(texts)
    if not text.strip():
        raise InputError(
            f"{path.name} has no text in it, only images (a scanned page?); use the PDF your "
            "word processor wrote, or paste the text"
        )
    return text


def _docx_text(path: Path) -> str:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_DOCX_UNPACKED_BYTES:
            raise InputError(
                f"{path.name} unpacks to {unpacked / 2**20:.0f} MB, too large for a resume; paste the text instead"
            )
        document = Document(str(path))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:  # resumes often lay out skills and dates in tables
            for row in table.rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))  # merged cells
                if cells:
                    lines.append(" | ".join(cells))
    except InputError:
        raise
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    except Exception as exc:  # a bad zip, a missing part, broken XML (lxml), or worse
        known = (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError)
        log.warning("cannot read the Word file %s: %r", path, exc, exc_info=not isinstance(exc, known))
        raise InputError(
            f"{path.name} is damaged or is not a Word (.docx) file; open it in your word "
            "processor and save it again, or paste the text"
        ) from None
    return "\n".join(lines)


# Typographic ligatures PDF writers use ("Airﬂow"): the letters they stand for.
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
)
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?\s*$", re.IGNORECASE)


def pdf_page_text(text: str) -> str:
    """One page's extracted text as a person would copy it: words apart by spaces (some writers
    put tabs between them), ligatures spelled out, and no page number at its top or bottom."""
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.translate(_LIGATURES).splitlines()]
    while lines and (not lines[-1] or _PAGE_NUMBER.match(lines[-1])):
        lines.pop()
    while lines and (not lines[0] or _PAGE_NUMBER.match(lines[0])):
        lines.pop(0)
    return "\n".join(lines)


def _tidy(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row, no control characters."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", " ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
