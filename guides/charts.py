"""Geometry for the server-rendered SVG bars: months (or values) in, SVG coordinates out.

Templates only draw what these functions return. Coordinates are pre-formatted strings so that a
localised template (a decimal comma under ``/ru/``) never breaks an SVG attribute.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 100  # the viewBox width every bar is drawn in


def _coord(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


@dataclass(frozen=True)
class RangeBar:
    """A range on a shared scale: solid from ``offset`` to the minimum, lighter up to the maximum.

    ``open_ended`` marks a known minimum with an unknown maximum: the lighter part then runs, hatched,
    to the end of the scale.
    """

    min_x: str
    min_width: str
    span_x: str
    span_width: str
    open_ended: bool


def nice_scale(values, step: int = 6, floor: int = 12) -> int:
    """The smallest multiple of ``step`` (at least ``floor``) that holds every known value."""
    known = [float(v) for v in values if v is not None]
    top = max(known, default=0)
    return max(floor, int(math.ceil(top / step)) * step)


def range_bar(low: Decimal | None, high: Decimal | None, scale: float, offset=0) -> RangeBar | None:
    """The bar of ``low``–``high`` starting at ``offset`` on a 0–``scale`` axis; ``None`` when unknown."""
    if low is None or not scale:
        return None
    unit = WIDTH / float(scale)
    start = min(float(offset) * unit, WIDTH)
    low_end = min(start + float(low) * unit, WIDTH)
    if high is None:
        high_end, open_ended = WIDTH, True
    else:
        high_end, open_ended = min(start + float(high) * unit, WIDTH), False
    # A zero-length minimum still shows as a sliver, so "0 months" is visible.
    min_width = max(low_end - start, 0.6)
    return RangeBar(
        min_x=_coord(start),
        min_width=_coord(min_width),
        span_x=_coord(low_end),
        span_width=_coord(max(high_end - low_end, 0)),
        open_ended=open_ended,
    )


def value_bar(low: Decimal | None, high: Decimal | None, scale: float) -> RangeBar | None:
    """A figure's value (or range of values) on a 0–``scale`` axis."""
    return range_bar(low, high if high is not None else low, scale)


def figure_scale(unit: str, values) -> float:
    """Percentages are drawn out of 100; other units against the largest value shown with them."""
    if unit.strip() == "%":
        return 100
    known = [float(v) for v in values if v is not None]
    return max(known, default=0) or 1


@dataclass(frozen=True)
class Tick:
    x: str
    months: int


def ticks(scale: int, every: int | None = None) -> list[Tick]:
    """Inner grid marks for a months scale (the ends are the bar's own edges), a handful of them."""
    if every is None:
        every = 6 if scale <= 24 else 12 if scale <= 60 else 24
    return [Tick(x=_coord(m * WIDTH / scale), months=m) for m in range(every, scale, every)]


@dataclass(frozen=True)
class TimelineRow:
    """One row of a plan's timeline: a label, what it is ("total", "study" or "step"), its range and bar."""

    label: str
    kind: str
    low: Decimal | None
    high: Decimal | None
    bar: RangeBar | None


def timeline(segments, scale: int) -> list[TimelineRow]:
    """Rows for ``segments`` (``(label, kind, low, high)``) drawn one after another on a shared scale.

    A "total" segment starts at 0; every other segment starts where the minimums before it end, so the
    rows read as a sequence. A segment with an unknown minimum has no bar and moves nothing.
    """
    rows, offset = [], Decimal(0)
    for label, kind, low, high in segments:
        start = 0 if kind == "total" else offset
        rows.append(TimelineRow(label, kind, low, high, range_bar(low, high, scale, start)))
        if kind != "total" and low is not None:
            offset += Decimal(low)
    return rows


def span_bar(span, scale: float, offset=0) -> RangeBar:
    """The bar of a total: a partial one runs, hatched, to the scale's end; an unknown one is all hatch."""
    if span.is_unknown:
        return RangeBar(min_x="0", min_width="0", span_x="0", span_width=_coord(WIDTH), open_ended=True)
    return range_bar(span.low, span.high if span.is_complete else None, scale, offset)


def span_scale(spans) -> int:
    """A months scale that holds every known bound of ``spans``."""
    return nice_scale(s.high if s.high is not None else s.low for s in spans)


def month_bars(countries) -> int:
    """Give each country's ``best_path`` a ``months_bar`` on one shared scale; return the scale."""
    spans = [c.best_path.totals.months for c in countries if c.best_path]
    scale = span_scale(spans)
    for country in countries:
        path = country.best_path
        country.months_bar = span_bar(path.totals.months, scale) if path else None
    return scale


def path_timelines(paths) -> int:
    """Bars for every path and step of a country page on one months scale (returned).

    Each step starts where the minimums of the counted steps before it end, so a path reads as a
    sequence; optional steps are drawn but move nothing.
    """
    ends = []
    for path in paths:
        offset = Decimal(0)
        for step in path.steps.all():
            step.offset = offset
            if step.months_min is not None:
                ends.append(offset + (step.months_max if step.months_max is not None else step.months_min))
                if not step.optional:
                    offset += step.months_min
        months = path.totals.months
        ends.append(months.high if months.high is not None else months.low)
    scale = nice_scale(ends)
    for path in paths:
        path.months_bar = span_bar(path.totals.months, scale)
        for step in path.steps.all():
            step.months_bar = range_bar(step.months_min, step.months_max, scale, step.offset)
    return scale


def figure_bars(figures) -> None:
    """Each figure's bar, against the figures of the same unit."""
    for figure in figures:
        same_unit = [f for f in figures if f.unit == figure.unit]
        values = [v for f in same_unit for v in (f.value_min, f.value_max)]
        figure.bar = value_bar(figure.value_min, figure.value_max, figure_scale(figure.unit, values))


def regions_at_a_glance(countries, choices, per_region: int) -> list[dict]:
    """The home chart: per region, its countries in the one order (the first few), and how many more."""
    regions = []
    for value, label in choices:
        members = [c for c in countries if c.region == value]
        if members:
            regions.append(
                {
                    "value": value,
                    "label": label,
                    "countries": members[:per_region],
                    "more": max(0, len(members) - per_region),
                }
            )
    return regions
