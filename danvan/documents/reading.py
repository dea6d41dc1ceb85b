"""Reading the text of a report someone wrote in Word (or pasted), for figures and sections.

Django-free. A DOCX is read paragraph by paragraph, tables row by row (cells joined by " | "),
so the reader sees the text in the order a person does. Plain text is UTF-8, or UTF-16 with a
byte-order mark; text typed in TCVN3 or VNI (old .VnTime/VNI-Times documents) is converted.
"""

from __future__ import annotations

import io
import zipfile

from danvan.core import uploads
from danvan.vi import legacy
from danvan.vi.text import normalize

MAX_BYTES = 20 * 1024 * 1024


class UnreadableDocument(ValueError):
    """The file cannot be read; the message says why, in Vietnamese."""


def text_of(content: bytes, file_name: str = "") -> str:
    """The text of an uploaded .docx or .txt file, NFC-normalized, paragraphs on their own lines.

    Raises UnreadableDocument for a file that is too big, a damaged DOCX, an old .doc file or
    text in an encoding that is not Vietnamese Unicode or a known legacy one.
    """
    if len(content) > MAX_BYTES:
        raise UnreadableDocument("Tệp quá lớn (tối đa 20 MB).")
    lower = file_name.lower()
    if lower.endswith(".doc") or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableDocument(
            "Tệp .doc (Word 97-2003) không đọc được. Hãy mở bằng Word hoặc LibreOffice và "
            "lưu lại thành .docx, hoặc dán nội dung vào ô văn bản."
        )
    if content[:2] == b"PK" or lower.endswith(".docx"):
        try:
            uploads.check_docx(content)  # its unpacked size, before python-docx parses it
        except uploads.UploadRefused as error:
            raise UnreadableDocument(str(error)) from None
        return _docx_text(content)
    return _plain_text(content)


def _docx_text(content: bytes) -> str:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableDocument(
            "Tệp Word bị hỏng hoặc không phải .docx; hãy mở và lưu lại bằng Word hoặc "
            "LibreOffice rồi tải lên lại."
        ) from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [cell.text.strip() for cell in row.cells]
                lines.append(" | ".join(dict.fromkeys(c for c in cells if c)))
    return _clean("\n".join(lines))


def _plain_text(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _clean(content.decode("utf-16"))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
        encoding = legacy.detect(text)
        if encoding == "unicode":
            raise UnreadableDocument(
                "Không nhận ra bảng mã của tệp văn bản; hãy lưu lại với bảng mã UTF-8."
            ) from None
        return _clean(legacy.to_unicode(text, encoding))
    return _clean(text)


def _clean(text: str) -> str:
    """NFC lines, trimmed; leading empty lines kept so that line N stays line N (`--lines`),
    the newline that ends the file dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n")
    return "\n".join(normalize(line).strip() for line in text.split("\n"))
