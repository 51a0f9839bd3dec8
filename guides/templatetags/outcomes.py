"""Reported outcomes as readers see them: "reported by 3 doctors: median 9 months (range 8–14 months)"."""

from django import template
from django.utils.translation import ngettext

from .ranges import months_range

register = template.Library()


@register.simple_tag
def reported_text(aggregate) -> str:
    """The one phrase for an ``OutcomeAggregate`` (which exists only for three reports or more)."""
    return ngettext(
        "reported by %(count)d doctor: median %(median)s (range %(range)s)",
        "reported by %(count)d doctors: median %(median)s (range %(range)s)",
        aggregate.reports,
    ) % {
        "count": aggregate.reports,
        "median": months_range(aggregate.median_months, aggregate.median_months),
        "range": months_range(aggregate.months_min, aggregate.months_max),
    }
