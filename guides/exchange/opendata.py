"""Open data: the published content as a fixture and as one CSV row per published path."""

import csv
import io
import re
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from guides.models import RecognitionPath

from .export import export_fixture

CSV_COLUMNS = [
    ("country_code", _("ISO 3166 two-letter code, lower case")),
    ("country_name", _("Country name in English")),
    ("region", _("cis, eu, europe_other, middle_east or americas")),
    ("path", _("The path's slug (unique within the country)")),
    ("path_name", _("The path's name in English")),
    ("kind", _("automatic, document_review, exam, supervised_practice, temporary_permit or unavailable")),
    ("language", _("Required language (ISO 639 code), empty when none is recorded")),
    ("level", _("Required CEFR level (a1-c2), empty when none is recorded")),
    ("exam", _("yes when the path needs an exam, no when it is known to need none, empty when unknown")),
    ("is_standard", _("yes for the path most Russian-trained doctors take to the country")),
    (
        "months_min",
        _("Minimum months to a licence, one decimal (a lower bound when months_known is partial)"),
    ),
    ("months_max", _("Maximum months, one decimal; empty unless months_known is complete")),
    ("months_known", _("complete (every step, or a sourced total), partial or unknown")),
    ("months_unknown_steps", _("How many counted steps have no known time range")),
    ("cost_min_eur", _("Minimum cost in whole EUR at the curated rates (a lower bound when partial)")),
    ("cost_max_eur", _("Maximum cost in whole EUR; empty unless cost_known is complete")),
    ("cost_known", _("complete (every fee known), partial or unknown")),
    ("cost_unknown_fees", _("How many counted steps have no known fee")),
    ("outcome", _("full_licence, restricted_licence, temporary_permit or none")),
    ("confidence", _("high, medium or low")),
    ("last_reviewed", _("Date the path was last checked (YYYY-MM-DD)")),
    ("source_keys", _("Keys of the path's sources, separated by spaces (see /sources/)")),
]


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def spreadsheet_safe(value: str) -> str:
    """A cell no spreadsheet runs as a formula: one that would start one gets a leading apostrophe.

    OWASP's guidance: prefix a cell that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage
    return with a single quote, and enclose every cell in double quotes (the writer below quotes all).
    A plain number (``-2.5``) cannot be a formula and is left as it is.
    """
    if value.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def published_fixture() -> str:
    stream = io.StringIO()
    export_fixture(stream, published_only=True)
    return stream.getvalue()


def _text(value) -> str:
    return "" if value is None else str(value)


def _rounded(value, places: str) -> str:
    return "" if value is None else str(Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def _span_columns(span, places: str) -> list[str]:
    high = span.high if span.is_complete else None
    return [_rounded(span.low, places), _rounded(high, places), span.knowledge, str(span.missing)]


def _yes_no(value) -> str:
    return "" if value is None else ("yes" if value else "no")


def destinations_csv() -> str:
    paths = (
        RecognitionPath.objects.published()
        .with_steps()
        .select_related("country", "language")
        .prefetch_related("sources")
        .order_by("country__iso2", "slug")
    )
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([name for name, _ in CSV_COLUMNS])
    with translation.override(settings.LANGUAGE_CODE):
        for path in paths:
            cells = [
                path.country.iso2,
                path.country.name,
                path.country.region,
                path.slug,
                path.name,
                path.kind,
                path.language.code if path.language else "",
                path.language_level,
                _yes_no(path.exam_required),
                _yes_no(path.is_standard),
                *_span_columns(path.totals.months, "0.1"),
                *_span_columns(path.totals.cost, "1"),
                path.outcome,
                path.confidence,
                _text(path.last_reviewed),
                " ".join(source.key for source in path.sources.all()),
            ]
            writer.writerow([spreadsheet_safe(_text(cell)) for cell in cells])
    return stream.getvalue()
