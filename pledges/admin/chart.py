"""A bar chart drawn as SVG on the server: no JavaScript, no chart library.

The template pairs it with a table of the same numbers, so the figures are
there for screen readers, for copying, and when images are off.
"""

import math
from dataclasses import dataclass

WIDTH = 720
HEIGHT = 220
LEFT = 40  # room for the y-axis labels
BOTTOM = 24  # room for the date labels
TOP = 8


@dataclass
class Bar:
    day: object
    count: int
    x: float
    y: float
    width: float
    height: float


def nice_ceiling(value):
    """The axis top: the first of 1, 2, 5 x 10^n at or above the busiest day."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _date_label(bars, index):
    bar = bars[index]
    if index == 0:
        return {"x": bar.x, "anchor": "start", "day": bar.day}
    if index == len(bars) - 1:
        return {"x": round(bar.x + bar.width, 2), "anchor": "end", "day": bar.day}
    return {"x": round(bar.x + bar.width / 2, 2), "anchor": "middle", "day": bar.day}


def bar_chart(series):
    """Geometry for `series`, a list of (date, count), oldest first."""
    plot_width = WIDTH - LEFT
    plot_height = HEIGHT - BOTTOM - TOP
    top = nice_ceiling(max((count for _day, count in series), default=0))
    slot = plot_width / max(len(series), 1)
    gap = min(2, slot / 4)
    bars = []
    for index, (day, count) in enumerate(series):
        height = plot_height * count / top
        bars.append(
            Bar(
                day=day,
                count=count,
                x=round(LEFT + index * slot + gap / 2, 2),
                y=round(TOP + plot_height - height, 2),
                width=round(slot - gap, 2),
                height=round(height, 2),
            )
        )
    labelled = sorted({0, len(bars) // 2, len(bars) - 1}) if bars else []
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "axis": {
            "left": LEFT,
            "right": WIDTH,
            "baseline": TOP + plot_height,
            "top": TOP,
            "middle": TOP + plot_height / 2,
            "max": top,
            "half": None if top % 2 else top // 2,  # no "0.5" on an axis of whole signatures
        },
        "date_labels": [_date_label(bars, index) for index in labelled],
        "label_y": HEIGHT - 6,
    }
