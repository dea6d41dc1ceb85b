"""A document as danvan writes it, before it is rendered to DOCX or PDF.

Both renderers take the same `Document`, so the Word file and the PDF say the same thing in
the same order. The layout follows the Party's document format (Hướng dẫn 36-HD/VPTW): the
header block with the Party committee, the issuing body, the number and the national Party
name with the place and date; the title; the body; then the recipients at the left and the
signature at the right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

BlockStyle = Literal["heading", "subheading", "paragraph", "quote", "bullet"]


@dataclass
class Block:
    text: str
    style: BlockStyle = "paragraph"


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    numeric: set[int] = field(default_factory=set)  # columns aligned right
    widths: list[int] = field(default_factory=list)  # share of the width per column, in %


@dataclass
class Chart:
    """A chart with the table of the numbers it draws (the table is what a reader without the
    picture, and a screen reader, reads): the SVG goes into the PDF as it is; Word shows no
    SVG, so the DOCX takes the PNG, or only the table where the server cannot draw one."""

    svg: str
    png: bytes | None
    table: Table


Part = Block | Table | Chart


@dataclass
class Document:
    party_committee: str
    issuer: str
    number: str  # "Số      -BC/BDVTU": the number itself is left for the clerk
    place: str
    date: dt.date
    title: str
    subtitle: str
    body: Sequence[Part]
    recipients: list[str]
    signer_capacity: str
    signer_name: str = ""
    file_stem: str = "bao-cao"

    @property
    def date_line(self) -> str:
        # Days below 10 and the months January and February take a leading zero.
        month = f"{self.date.month:02d}" if self.date.month < 3 else str(self.date.month)
        return f"{self.place}, ngày {self.date.day:02d} tháng {month} năm {self.date.year}"

    def text(self) -> str:
        """Everything the document says, as plain text (for tests and for search)."""
        parts = [
            self.party_committee,
            self.issuer,
            self.number,
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            self.date_line,
            self.title,
            self.subtitle,
        ]
        for block in self.body:
            if isinstance(block, Chart):
                block = block.table
            if isinstance(block, Table):
                parts.append(block.caption)
                parts.append(" | ".join(block.columns))
                parts.extend(" | ".join(row) for row in block.rows)
            else:
                parts.append(block.text)
        parts.append("Nơi nhận:")
        parts.extend(self.recipients)
        parts.extend([self.signer_capacity, self.signer_name])
        return "\n".join(p for p in parts if p)
