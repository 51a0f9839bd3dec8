"""Open data: the published content as a fixture and as one CSV row per published path."""

import csv
import io

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
    ("exam", _("yes when the path needs an exam, else no")),
    (
        "months_min",
        _("Minimum months to a licence (a lower bound unless months_complete); empty when unknown"),
    ),
    ("months_max", _("Maximum months; empty when unknown")),
    ("months_complete", _("yes when every step's duration is known or a sourced total is given")),
    ("cost_min_eur", _("Minimum cost in EUR at the curated rates; empty when unknown")),
    ("cost_max_eur", _("Maximum cost in EUR; empty when unknown")),
    ("outcome", _("full_licence, restricted_licence, temporary_permit or none")),
    ("confidence", _("high, medium or low")),
    ("last_reviewed", _("Date the path was last checked (YYYY-MM-DD)")),
    ("source_keys", _("Keys of the path's sources, separated by spaces (see /sources/)")),
]


def published_fixture() -> str:
    stream = io.StringIO()
    export_fixture(stream, published_only=True)
    return stream.getvalue()


def _text(value) -> str:
    return "" if value is None else str(value)


def destinations_csv() -> str:
    paths = (
        RecognitionPath.objects.published()
        .with_totals()
        .select_related("country", "language")
        .prefetch_related("sources")
        .order_by("country__iso2", "slug")
    )
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([name for name, _ in CSV_COLUMNS])
    with translation.override(settings.LANGUAGE_CODE):
        for path in paths:
            writer.writerow(
                [
                    path.country.iso2,
                    path.country.name,
                    path.country.region,
                    path.slug,
                    path.name,
                    path.kind,
                    path.language.code if path.language else "",
                    path.language_level,
                    "yes" if path.exam_required else "no",
                    _text(path.months_min),
                    _text(path.months_max),
                    "yes" if path.months_complete else "no",
                    _text(path.cost_min_eur),
                    _text(path.cost_max_eur),
                    path.outcome,
                    path.confidence,
                    _text(path.last_reviewed),
                    " ".join(source.key for source in path.sources.all()),
                ]
            )
    return stream.getvalue()
