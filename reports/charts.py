"""Report charts as inline SVG, drawn on the server: no JavaScript, no CSS, no fonts to fetch.

Each function returns one `<svg role="img">` whose `<title>` and `<desc>` name the chart for screen
readers (the page shows the same numbers in a table beside it). The numbers are written on the chart
as text, so colour never carries meaning alone, and the drawing uses presentation attributes only
(fill=, stroke=, font-size=): the Content-Security-Policy forbids inline styles, and WeasyPrint prints
it as it is. `None` is a suppressed count: no bar or point, the text "<5" instead.

Python computes the geometry (rounded, so the SVG stays small); the templates in
templates/reports/charts/ write the SVG, autoescaped.
"""

import itertools
import math
import textwrap
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import pgettext

WIDTH = 640
PAD = 8
FONT_SIZE = 14
CHAR_WIDTH = FONT_SIZE * 0.6  # a generous estimate of one character's width in a sans-serif font
LINE_HEIGHT = 18
BASELINE_SHIFT = 5  # from the middle of a line of text to its baseline (print has no dominant-baseline)
BAR_HEIGHT = 22
MIN_BAR = 2  # a count above zero never disappears next to a huge one
LABEL_MAX_CHARS = 34
LINE_CHART_HEIGHT = 280
LINE_CHART_TOP = 32  # room for the count above the highest point
LINE_CHART_BOTTOM = 40  # room for the labels under the axis
LINE_CHART_MAX_LABELS = 16  # more points than this: label every k-th

COLOURS = {
    "bar": "#01689b",  # 5.9:1 on white (graphics need 3:1)
    "text": "#1b1b1b",  # 17:1 on white
    "axis": "#4a4a4a",  # 8.9:1 on white
    "grid": "#8a8a8a",  # 3.5:1 on white
    "link": "#c8dbe8",  # decorative only: the funnel's shading between two steps
    "font": "'Segoe UI', 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
}

_counter = itertools.count(1)


def funnel_svg(*, title: str, description: str, steps: list[tuple[str, int | None]]) -> SafeString:
    """Steps from top to bottom, each bar centred and as wide as its count; the count, and after the
    first step its share of the first, written beside it."""
    rows = _rows(steps, unit="")
    first = rows[0].value if rows else None
    for row in rows[1:]:
        if first and row.value is not None:
            row.value_text = f"{row.value_text} ({round(100 * row.value / first)}%)"
    layout = _HorizontalLayout(rows)
    for row in rows:
        row.bar_x = _r(layout.area_x + (layout.area_width - row.bar_width) / 2)
        row.value_x = layout.value_column_x
    links = [
        _points(
            (upper.bar_x, upper.bar_y + BAR_HEIGHT),
            (upper.bar_x + upper.bar_width, upper.bar_y + BAR_HEIGHT),
            (lower.bar_x + lower.bar_width, lower.bar_y),
            (lower.bar_x, lower.bar_y),
        )
        for upper, lower in itertools.pairwise(rows)
        if upper.bar_width and lower.bar_width
    ]
    return _render("funnel.svg", title, description, layout.height, rows=rows, links=links, layout=layout)


def bar_svg(
    *, title: str, description: str, bars: list[tuple[str, float | int | None]], unit: str = ""
) -> SafeString:
    """Horizontal bars from a common baseline, the value (with its unit) written after each bar."""
    rows = _rows(bars, unit=unit)
    layout = _HorizontalLayout(rows)
    for row in rows:
        row.bar_x = layout.area_x
        row.value_x = _r(layout.area_x + row.bar_width + PAD)
    return _render("bar.svg", title, description, layout.height, rows=rows, layout=layout)


def line_svg(*, title: str, description: str, points: list[tuple[str, int | None]]) -> SafeString:
    """Counts over time: a line through the known counts (broken where one is suppressed), each point
    marked and its count written above it; with many points only every k-th is labelled."""
    ticks = _ticks(max((value for _, value in points if value is not None), default=0))
    tick_texts = [_format(tick, "") for tick in ticks]
    left = _r(2 * PAD + max(len(text) for text in tick_texts) * CHAR_WIDTH)
    right = WIDTH - PAD
    top, bottom = LINE_CHART_TOP, LINE_CHART_HEIGHT - LINE_CHART_BOTTOM

    def y_of(value: float) -> float:
        return _r(bottom - (bottom - top) * value / ticks[-1])

    first_x, last_x = left + 3 * PAD, right - 3 * PAD
    spacing = (last_x - first_x) / (len(points) - 1) if len(points) > 1 else 0
    every = math.ceil(len(points) / LINE_CHART_MAX_LABELS)
    marks = []
    for index, (label, value) in enumerate(points):
        y = None if value is None else y_of(value)
        marks.append(
            {
                "x": _r(first_x + index * spacing) if len(points) > 1 else _r((left + right) / 2),
                "y": y,
                "labelled": index % every == 0,
                "label": label,
                "label_y": bottom + PAD + LINE_HEIGHT,
                "text": _value_text(value, ""),
                "text_y": bottom - PAD if y is None else _r(y - 12),
            }
        )
    lines = [
        _points(*((mark["x"], mark["y"]) for mark in run))
        for known, group in itertools.groupby(marks, key=lambda mark: mark["y"] is not None)
        if known and len(run := list(group)) > 1
    ]
    grid = [
        {"y": y_of(tick), "text": text, "text_y": y_of(tick) + BASELINE_SHIFT}
        for tick, text in zip(ticks, tick_texts, strict=True)
    ]
    return _render(
        "line.svg",
        title,
        description,
        LINE_CHART_HEIGHT,
        marks=marks,
        lines=lines,
        grid=grid,
        left=left,
        tick_x=left - PAD,
        right=right,
    )


@dataclass
class _Row:
    value: float | None
    value_text: str
    lines: list[str]
    label_lines: list[tuple[str, float]] = field(default_factory=list)
    bar_x: float = 0
    bar_y: float = 0
    bar_width: float = 0
    value_x: float = 0
    baseline: float = 0


class _HorizontalLayout:
    """Rows of [label | bar area | value], each as tall as its label's lines, the bars scaled to the
    largest value (none drawn when every value is zero or suppressed)."""

    def __init__(self, rows: list[_Row]):
        label_width = max((len(line) for row in rows for line in row.lines), default=0) * CHAR_WIDTH
        value_width = max((len(row.value_text) for row in rows), default=0) * CHAR_WIDTH
        self.label_x = _r(PAD + label_width)
        self.area_x = _r(self.label_x + 2 * PAD)
        self.value_column_x = _r(WIDTH - PAD - value_width)
        self.area_width = self.value_column_x - 2 * PAD - self.area_x
        self.top = PAD
        largest = max((row.value for row in rows if row.value is not None), default=0)
        y = PAD
        for row in rows:
            height = max(BAR_HEIGHT, len(row.lines) * LINE_HEIGHT) + 2 * PAD
            row.bar_y = _r(y + (height - BAR_HEIGHT) / 2)
            row.baseline = _r(y + height / 2 + BASELINE_SHIFT)
            first_line = row.baseline - (len(row.lines) - 1) * LINE_HEIGHT / 2
            row.label_lines = [(line, _r(first_line + i * LINE_HEIGHT)) for i, line in enumerate(row.lines)]
            if row.value and row.value > 0 and largest > 0:
                row.bar_width = _r(max(MIN_BAR, self.area_width * row.value / largest))
            y += height
        self.bottom = y
        self.height = y + PAD


def _rows(items: list[tuple[str, float | int | None]], *, unit: str) -> list[_Row]:
    return [
        _Row(
            value=value,
            value_text=_value_text(value, unit),
            lines=textwrap.wrap(str(label), LABEL_MAX_CHARS) or [""],
        )
        for label, value in items
    ]


def _value_text(value: float | None, unit: str) -> str:
    return pgettext("suppressed count in a chart", "<5") if value is None else _format(value, unit)


def _format(value: float, unit: str) -> str:
    """Dutch digits: 1.234 and 12,5; whole numbers without decimals."""
    decimals = 0 if float(value).is_integer() else 1
    text = number_format(round(value, decimals), decimals, force_grouping=True)
    return f"{text} {unit}" if unit else text


def _ticks(largest: float) -> list[float]:
    """0 and about four round steps (1, 2 or 5 times a power of ten, at least 1) up to the largest value;
    0 and 1 when there is nothing to show."""
    if largest <= 0:
        return [0, 1]
    raw = largest / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = max(1, next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw))
    return [i * step for i in range(math.ceil(largest / step) + 1)]


def _r(number: float) -> float:
    return round(number, 1)


def _points(*xy: tuple[float, float]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in xy)


def _render(template: str, title: str, description: str, height: float, **context) -> SafeString:
    chart_id = f"chart-{slugify(title)[:40] or 'figuur'}-{next(_counter)}"
    return render_to_string(
        f"reports/charts/{template}",
        {
            "id": chart_id,
            "title": title,
            "description": description,
            "width": WIDTH,
            "height": math.ceil(height),
            "bar_height": BAR_HEIGHT,
            "colours": COLOURS,
            "font_size": FONT_SIZE,
            **context,
        },
    )
