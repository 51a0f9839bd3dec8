"""Ranges as readers see them: "4–9 months", "at least 8 months", "unknown", and costs likewise.

Never a made-up number: an unknown minimum is "unknown", an unknown maximum is "at least".
"""

from decimal import Decimal
from functools import lru_cache

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

register = template.Library()


def _months(value: Decimal) -> str:
    value = Decimal(value)
    if value == value.to_integral_value():
        return number_format(value.quantize(Decimal(1)), decimal_pos=0)
    return number_format(value, decimal_pos=1)


def _amount(value: Decimal) -> str:
    return number_format(Decimal(value).quantize(Decimal(1)), decimal_pos=0, force_grouping=True)


def _plural_count(value: Decimal) -> int:
    """The number that picks the plural form; the last number of a range decides it.

    gettext plural formulas take whole numbers. A fraction reads like 2 in the languages we serve:
    English "0.5 months", Russian "0,5 месяца" (the genitive singular, the form Russian uses for 2).
    """
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else 2


@register.filter
def months_range(low, high=None) -> str:
    """``{{ path.months_min|months_range:path.months_max }}``."""
    if low is None:
        return _("unknown")
    if high is None:
        return ngettext("at least %(low)s month", "at least %(low)s months", _plural_count(low)) % {
            "low": _months(low)
        }
    if Decimal(low) == Decimal(high):
        return ngettext("%(low)s month", "%(low)s months", _plural_count(low)) % {"low": _months(low)}
    return ngettext("%(low)s–%(high)s month", "%(low)s–%(high)s months", _plural_count(high)) % {
        "low": _months(low),
        "high": _months(high),
    }


@register.filter
def eur_range(low, high=None) -> str:
    """``{{ path.cost_min_eur|eur_range:path.cost_max_eur }}``: "€200–€1,200", "at least €200"."""
    return money_range(low, high, "EUR")


@register.simple_tag
def cost_range(low, high, currency_code: str) -> str:
    """``{% cost_range step.cost_min step.cost_max step.currency.code %}`` in its own currency."""
    return money_range(low, high, currency_code)


def money_range(low, high, code: str) -> str:
    if low is None and high is None:
        return _("unknown")
    if low is None:
        return _("up to %(high)s") % {"high": _money(high, code)}
    if high is None:
        return _("at least %(low)s") % {"low": _money(low, code)}
    if Decimal(low) == Decimal(high):
        return _money(low, code)
    if code == "EUR":
        return _("%(low)s–%(high)s") % {"low": _money(low, code), "high": _money(high, code)}
    return _("%(low)s–%(high)s %(currency)s") % {
        "low": _amount(low),
        "high": _amount(high),
        "currency": code,
    }


def _money(value, code: str) -> str:
    if code == "EUR":
        return _("€%(amount)s") % {"amount": _amount(value)}
    return _("%(amount)s %(currency)s") % {"amount": _amount(value), "currency": code}


@register.simple_tag
def step_cost(step) -> str:
    """A step's cost in its own currency, followed by the EUR equivalent: "10,000 RSD (€85)"."""
    if step.cost_min is None and step.cost_max is None:
        return _("unknown")
    own = money_range(step.cost_min, step.cost_max, step.currency.code)
    if step.currency.code == "EUR":
        return own
    rate = step.currency.eur_per_unit
    in_eur = money_range(
        None if step.cost_min is None else step.cost_min * rate,
        None if step.cost_max is None else step.cost_max * rate,
        "EUR",
    )
    return _("%(own)s (%(eur)s)") % {"own": own, "eur": in_eur}


@register.simple_tag
def value_range(low, high, unit: str = "") -> str:
    """A figure's value: "30–40 %", "1,200 people", "unknown"."""
    if low is None and high is None:
        return _("unknown")

    def shown(value):
        value = Decimal(value)
        places = 0 if value == value.to_integral_value() else 1
        return number_format(value, decimal_pos=places, force_grouping=True)

    if low is None or high is None or Decimal(low) == Decimal(high):
        text = shown(low if low is not None else high)
    else:
        text = _("%(low)s–%(high)s") % {"low": shown(low), "high": shown(high)}
    return f"{text} {unit}".strip() if unit else text


# --- Totals that say how much of them is known (guides/models/totals.py) --------------------------


@register.simple_tag
def total_text(span, kind: str = "months") -> str:
    """The bounds of a total: "4–9 months", "at least 8 months", "unknown" (costs in EUR likewise)."""
    if span.is_unknown:
        return _("unknown")
    high = span.high if span.is_complete else None
    return months_range(span.low, high) if kind == "months" else eur_range(span.low, high)


@register.simple_tag
def total_note(span, kind: str = "months") -> str:
    """How much of a total is known, in words, so a lower bound never reads as the answer."""
    if span.is_complete:
        if span.reported:
            return _("complete: a sourced end-to-end figure")
        return (
            _("complete: every step has a time range") if kind == "months" else _("complete: every fee known")
        )
    if span.is_partial:
        if span.reported and not span.missing:
            return _("partial: a sourced minimum, no maximum")
        if span.reported:
            return ngettext(
                "partial: a sourced minimum; %(missing)d of %(parts)d step has no known time range",
                "partial: a sourced minimum; %(missing)d of %(parts)d steps have no known time range",
                span.parts,
            ) % {"missing": span.missing, "parts": span.parts}
        if kind == "months":
            return ngettext(
                "partial: %(missing)d of %(parts)d step has no known time range",
                "partial: %(missing)d of %(parts)d steps have no known time range",
                span.parts,
            ) % {"missing": span.missing, "parts": span.parts}
        return ngettext(
            "partial: %(missing)d of %(parts)d fee unknown",
            "partial: %(missing)d of %(parts)d fees unknown",
            span.parts,
        ) % {"missing": span.missing, "parts": span.parts}
    if not span.parts:
        return _("unknown: no steps recorded")
    return _("unknown: no step has a known duration") if kind == "months" else _("unknown: no fee known")


# --- Markup drawn many times a page, as tags: an include costs a template render per call ---------


#: Distinct markups kept per process. Spans and bars are frozen values, so each markup is a pure function
#: of its arguments (and the language): a page of 60 rows draws a few dozen distinct ones, and a data
#: change makes new spans rather than changing these.
MARKUP_MEMO = 4096


@register.simple_tag
def total(span, kind: str = "months") -> str:
    """``{% total path.totals.months "months" %}``: the bounds of a total and, beside them, how much of
    it is known (and how many steps come from doctors' reports), so a lower bound never reads as the
    answer."""
    return _total(span, kind, get_language())


@lru_cache(maxsize=MARKUP_MEMO)
def _total(span, kind: str, language: str | None) -> str:
    reported = ""
    if span.from_reports:
        # Our own catalogue text around a number, as {% blocktranslate %} outputs it: not escaped.
        text = ngettext(
            "%(steps)s step from doctors' reports, confidence low",
            "%(steps)s steps from doctors' reports, confidence low",
            span.from_reports,
        ) % {"steps": int(span.from_reports)}
        reported = format_html('&#32;<span class="tag tag-reported">{}</span>', mark_safe(text))
    return format_html(
        # The spaces sit inside the markup ("&#32;", the note's own text): {% spaceless %} keeps them.
        '<span class="total total-{}"><strong>{}</strong><span class="total-note"> ({})</span>{}</span>',
        span.knowledge,
        total_text(span, kind),
        total_note(span, kind),
        reported,
    )


@register.simple_tag
def range_bar(bar, ticks=None) -> str:
    """``{% range_bar country.months_bar ticks %}``: a ``RangeBar`` (``guides/charts.py``) as inline SVG
    on the 0-100 axis, with the grid ``ticks``; nothing when the bar is ``None`` (unknown)."""
    if not bar:
        return ""
    return _range_bar(bar, tuple(ticks or ()))


@lru_cache(maxsize=MARKUP_MEMO)
def _range_bar(bar, ticks: tuple) -> str:
    grid = format_html_join(
        "", '<line class="bar-tick" x1="{}" x2="{}" y1="0" y2="8"/>', ((t.x, t.x) for t in ticks)
    )
    return format_html(
        '<svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" '
        'focusable="false"><rect class="bar-track" x="0" y="0" width="100" height="8"/>{}'
        '<rect class="bar-span{}" x="{}" y="1" width="{}" height="6"/>'
        '<rect class="bar-min" x="{}" y="1" width="{}" height="6"/></svg>',
        grid,
        " bar-open" if bar.open_ended else "",
        bar.span_x,
        bar.span_width,
        bar.min_x,
        bar.min_width,
    )


@register.simple_tag
def plan_timeline(timeline, ticks=None) -> str:
    """``{% plan_timeline estimate.timeline ticks %}``: a plan's timeline (``guides/charts.py``), each row
    its label, its range and its bar on the shared scale; nothing when there are no rows."""
    if not timeline:
        return ""
    rows = format_html_join(
        "",
        '<li class="timeline-{}"><span>{}: {}</span>{}</li>',
        (
            (row.kind, row.label, months_range(row.low, row.high), range_bar(row.bar, ticks))
            for row in timeline
        ),
    )
    return format_html('<ol class="plan-timeline">{}</ol>', rows)
