"""Vietnamese language helpers, importable without Django being set up.

Numbers are written the Vietnamese way: "." groups thousands, "," is the decimal mark
(74.000; 1,5). Names are compared and sorted the Vietnamese way (A < Ă < Â, D < Đ, tones
ngang < huyền < hỏi < ngã < sắc < nặng), and folded for accent-insensitive search.
Figures are read out of prose (`extract_figures`, `parse_figure`) and written back the report
way (`approx_phrase`, `approx_money`, `approx_quantity`).
"""

from danvan.vi.figures import Figure, extract_figures, parse_figure
from danvan.vi.numbers import format_number, parse_number
from danvan.vi.phrasing import approx_money, approx_number, approx_phrase, approx_quantity
from danvan.vi.text import collation_key, fold, normalize, sort_key

__all__ = [
    "Figure",
    "approx_money",
    "approx_number",
    "approx_phrase",
    "approx_quantity",
    "collation_key",
    "extract_figures",
    "fold",
    "format_number",
    "normalize",
    "parse_figure",
    "parse_number",
    "sort_key",
]
