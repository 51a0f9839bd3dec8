"""Reported outcomes in the exchange: the aggregates only (never a report), in fixtures and as CSV."""

import csv
import io

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import RecognitionPath
from .models import OutcomeAggregate

CSV_COLUMNS = [
    ("country_code", _("ISO 3166 two-letter code, lower case")),
    ("path", _("The path's slug (see destinations.csv)")),
    ("step", _("The step's slug; empty for the whole path (start to licence or permit)")),
    ("reports", _("How many approved doctors' reports are counted (never fewer than three)")),
    ("median_months", _("Median months reported, one decimal")),
    ("months_min", _("Fewest months reported")),
    ("months_max", _("Most months reported")),
]


def aggregates(paths: QuerySet | None = None) -> QuerySet:
    """The aggregates of published paths (of ``paths`` when given), in their fixed order."""
    published = RecognitionPath.objects.published()
    rows = OutcomeAggregate.objects.filter(path__in=published)
    if paths is not None:
        rows = rows.filter(path__in=paths)
    return rows.select_related("path__country", "step").order_by(*OutcomeAggregate._meta.ordering)


def outcomes_csv() -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([name for name, _ in CSV_COLUMNS])
    for row in aggregates():
        writer.writerow(
            [
                row.path.country.iso2,
                row.path.slug,
                row.step.slug if row.step_id else "",
                row.reports,
                row.median_months,
                row.months_min,
                row.months_max,
            ]
        )
    return stream.getvalue()
