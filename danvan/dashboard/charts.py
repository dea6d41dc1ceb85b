"""Charts as SVG drawn on the server (pygal), with no script and nothing fetched from another
host: they show on a government intranet and on a phone, and every chart is placed beside the
table of its numbers, which is what a screen reader reads.

A chart goes into the page as a `data:` image: an SVG image is a document of its own, so its
stylesheet applies inside it and any script in it never runs, while the pages'
Content-Security-Policy keeps refusing every inline style and script.
"""

from __future__ import annotations

import base64
from decimal import Decimal

import pygal
from pygal.style import Style

from danvan.vi.numbers import format_number

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#9aa5b1",
    colors=("#b42318", "#1d4ed8", "#047857", "#b45309", "#6d28d9"),
    font_family="inherit",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    title_font_size=15,
    legend_font_size=13,
)


# A phone's copy of a chart (the page picks it below 600 px): drawn this wide, in larger type,
# so that shown 290–360 px wide on the screen its smallest labels stay above 12 px (an SVG
# image scales its text with its width: the wide copy's 13 px labels would read 5 px there).
NARROW_WIDTH = 320
NARROW_STYLE = Style(
    **{
        **STYLE.to_dict(),
        "label_font_size": 14,
        "major_label_font_size": 14,
        "value_font_size": 14,
        "title_font_size": 16,
        "legend_font_size": 14,
        "value_label_font_size": 14,
    }
)


def _vietnamese(value: float | Decimal | None) -> str:
    if value is None:
        return "—"
    exact = Decimal(str(value))
    return format_number(int(exact) if exact == exact.to_integral_value() else exact.normalize())


def _config(title: str, narrow: bool = False) -> dict[str, object]:
    return {
        "title": title,
        "style": NARROW_STYLE if narrow else STYLE,
        **({"width": NARROW_WIDTH} if narrow else {}),
        "js": [],  # pygal's tooltips script would be fetched from its site
        "disable_xml_declaration": True,
        "explicit_size": False,
        "value_formatter": _vietnamese,
        "no_data_text": "Chưa có số liệu",
        "print_values": False,
        "show_legend": False,
        "margin": 8,
    }


def _values(values: list[Decimal | None]) -> list[float | None]:
    # pygal plots floats; the figures themselves stay Decimal in the table beside the chart.
    return [None if v is None else float(v) for v in values]


def bars(
    title: str,
    labels: list[str],
    values: list[Decimal | None],
    series: str,
    *,
    narrow: bool = False,
) -> str:
    """A horizontal bar per label (units' names read well on a phone this way); `narrow`:
    the phone's copy."""
    return data_url(bars_svg(title, labels, values, series, narrow=narrow))


def bars_svg(
    title: str,
    labels: list[str],
    values: list[Decimal | None],
    series: str,
    *,
    narrow: bool = False,
) -> str:
    """The bars of `bars` as an SVG document (for the PDF and the DOCX report)."""
    per_bar = 32 if narrow else 28
    # On a phone's copy, a few figures along the axis, written whole: more would not fit side
    # by side, and pygal would cut each one down to "…". (The bars lie across, so the figures'
    # axis is pygal's x axis here.)
    axis: dict[str, object] = (
        {"truncate_label": -1, "x_labels_major_count": 3, "show_minor_x_labels": False}
        if narrow
        else {}
    )
    chart = pygal.HorizontalBar(
        height=max(160, per_bar * len(labels) + 80), **axis, **_config(title, narrow)
    )
    # pygal draws the first bar at the bottom: reversed, the chart reads like the table.
    chart.x_labels = labels[::-1]
    chart.add(series, _values(values[::-1]))
    return str(chart.render(is_unicode=True))


def data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _image(chart: pygal.graph.graph.Graph) -> str:
    return data_url(str(chart.render(is_unicode=True)))


PNG_WIDTH = 1600  # px: sharp at 16 cm wide in print


def png(svg: str) -> bytes | None:
    """The SVG drawn as a PNG by CairoSVG; None where the server lacks the Cairo library (the
    document then carries the chart's table alone)."""
    try:
        import cairosvg
    except (ImportError, OSError):
        return None
    drawn: bytes = cairosvg.svg2png(
        bytestring=svg.encode(), output_width=PNG_WIDTH, background_color="white"
    )
    return drawn


def line(
    title: str,
    labels: list[str],
    values: list[Decimal | None],
    series: str,
    *,
    narrow: bool = False,
) -> str:
    """One figure over periods; `narrow`: the phone's copy, its periods' names slanted so that
    they do not run into each other."""
    if narrow:
        chart = pygal.Line(height=300, dots_size=4, x_label_rotation=40, **_config(title, True))
    else:
        chart = pygal.Line(height=260, dots_size=4, **_config(title))
    chart.x_labels = labels
    chart.add(series, _values(values))
    return _image(chart)


def stacked(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[Decimal | None]]],
    *,
    narrow: bool = False,
) -> str:
    """Bars stacked by a breakdown (one series per option), one bar per label; `narrow`: the
    phone's copy, its labels slanted."""
    config = {**_config(title, narrow), "show_legend": True, "legend_at_bottom": True}
    if narrow:
        config["x_label_rotation"] = 40
    chart = pygal.StackedBar(height=(360 if narrow else 320) + 24 * len(series), **config)
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, _values(values))
    return _image(chart)
