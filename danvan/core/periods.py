"""Reporting periods, written the DHIS2 way: `2021` (year), `2021S1` (half-year), `2021Q1`
(quarter), `202101` (month). One parser, one formatter; no Django here.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class PeriodType(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"

    @property
    def months(self) -> int:
        return {"month": 1, "quarter": 3, "half": 6, "year": 12}[self.value]

    @property
    def label(self) -> str:
        return {"month": "Tháng", "quarter": "Quý", "half": "6 tháng", "year": "Năm"}[self.value]


PERIOD_TYPE_CHOICES = [(t.value, t.label) for t in PeriodType]
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PATTERNS = [
    (re.compile(r"(\d{4})Q([1-4])"), PeriodType.QUARTER),
    (re.compile(r"(\d{4})S([12])"), PeriodType.HALF),
    (re.compile(r"(\d{4})(0[1-9]|1[0-2])"), PeriodType.MONTH),
    (re.compile(r"(\d{4})"), PeriodType.YEAR),
]


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period: `index` counts months, quarters or halves from 1 (1 for a year)."""

    year: int
    type: PeriodType
    index: int = 1

    @classmethod
    def parse(cls, code: str) -> "Period":
        """`"2021Q1"` → the first quarter of 2021; ValueError with a Vietnamese message."""
        text = (code or "").strip().upper()
        for pattern, kind in _PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                year = int(match[1])
                if not 1900 <= year <= 2999:
                    break
                return cls(year, kind, int(match[2]) if kind != PeriodType.YEAR else 1)
        raise ValueError(
            f"Kỳ báo cáo “{code}” không hợp lệ. Viết theo mẫu: 2021 (năm), 2021S1 (6 tháng), "
            "2021Q1 (quý), 202101 (tháng)."
        )

    @classmethod
    def containing(cls, kind: PeriodType, day: dt.date) -> "Period":
        return cls(day.year, kind, (day.month - 1) // kind.months + 1)

    @property
    def code(self) -> str:
        return {
            PeriodType.YEAR: f"{self.year}",
            PeriodType.HALF: f"{self.year}S{self.index}",
            PeriodType.QUARTER: f"{self.year}Q{self.index}",
            PeriodType.MONTH: f"{self.year}{self.index:02d}",
        }[self.type]

    def titled(self, name: str) -> str:
        """`name` followed by the period, the kind word said once: "Báo cáo công tác dân vận
        quý" and 2021Q1 → "Báo cáo công tác dân vận quý I/2021"."""
        label = self.label
        word, _, rest = label.partition(" ")
        if rest and name.lower().endswith(" " + word.lower()):
            return f"{name} {rest}"
        return f"{name} {label}"

    @property
    def label(self) -> str:
        """How the period is named on a Vietnamese report: "Quý I/2021", "6 tháng đầu năm 2021"."""
        if self.type == PeriodType.YEAR:
            return f"Năm {self.year}"
        if self.type == PeriodType.HALF:
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.type == PeriodType.QUARTER:
            return f"Quý {_ROMAN[self.index]}/{self.year}"
        return f"Tháng {self.index:02d}/{self.year}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, (self.index - 1) * self.type.months + 1, 1)

    @property
    def end(self) -> dt.date:
        month = self.index * self.type.months
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def parts(self, kind: PeriodType) -> list["Period"]:
        """The periods of type `kind` that make up this one (2021Q1 → 202101, 202102, 202103).

        Empty when `kind` is coarser than this period's type: a quarter is not made of years.
        """
        if kind.months > self.type.months:
            return []
        first = Period.containing(kind, self.start).index
        count = self.type.months // kind.months
        return [Period(self.year, kind, first + i) for i in range(count)]

    def previous(self) -> "Period":
        if self.index > 1:
            return Period(self.year, self.type, self.index - 1)
        return Period(self.year - 1, self.type, 12 // self.type.months)

    def next(self) -> "Period":
        if self.index < 12 // self.type.months:
            return Period(self.year, self.type, self.index + 1)
        return Period(self.year + 1, self.type, 1)

    def __str__(self) -> str:
        return self.code
