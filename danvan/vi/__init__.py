"""Vietnamese language helpers, importable without Django being set up.

Numbers are written the Vietnamese way: "." groups thousands, "," is the decimal mark
(74.000; 1,5). Names are compared and sorted the Vietnamese way (A < Ă < Â, D < Đ, tones
ngang < huyền < hỏi < ngã < sắc < nặng), and folded for accent-insensitive search.
"""

from danvan.vi.numbers import format_number, parse_number
from danvan.vi.text import collation_key, fold, normalize, sort_key

__all__ = ["collation_key", "fold", "format_number", "normalize", "parse_number", "sort_key"]
