"""Fixture exchange: a deterministic export of the curated content as a Django JSON fixture.

The same data gives the same bytes whatever the active language or the database's numeric ids: rows are
ordered by each model's untranslated ``Meta.ordering`` (natural keys), many-to-many lists follow their
target's ordering, every reference is a natural key, and translated columns are read in the default
language.
"""

from collections.abc import Callable, Iterable
from typing import TextIO

from django.conf import settings
from django.core import serializers
from django.db.models import Count, Q, QuerySet
from django.utils import translation

from guides.models import (
    Authority,
    Barrier,
    Condition,
    Country,
    CourseCost,
    Currency,
    Document,
    Figure,
    Guide,
    Language,
    RecognitionPath,
    Source,
    Specialty,
    Step,
    StudyIntensity,
    StudyTime,
    Topic,
    content_models,
)


def _ordered(queryset: QuerySet) -> QuerySet:
    return queryset.order_by(*queryset.model._meta.ordering)


def _selected_countries_and_guides(guides, country_codes, guide_slugs):
    """The selected countries, the countries exported (theirs and the chosen guides'), and the guides."""
    codes = sorted({code.lower() for code in country_codes or []})
    countries = Country.objects.filter(iso2__in=codes)
    # A guide travels with a country export when every country it is about is in the export.
    country_guides = guides.annotate(
        countries_total=Count("countries", distinct=True),
        countries_outside=Count("countries", filter=~Q(countries__iso2__in=codes), distinct=True),
    ).filter(countries_total__gt=0, countries_outside=0)
    if guide_slugs is None:
        return countries, countries, country_guides
    chosen = guides.filter(slug__in=list(guide_slugs))
    about = Guide.countries.through.objects.filter(guide_id__in=chosen.values("pk")).values("country_id")
    exported = Country.objects.filter(Q(iso2__in=codes) | Q(pk__in=about))
    guides = Guide.objects.filter(Q(pk__in=country_guides.values("pk")) | Q(pk__in=chosen.values("pk")))
    return countries, exported, guides


def _study_rows(paths, countries, selection: bool) -> dict:
    """The estimator's study data: with a selection, the languages of its paths and countries."""
    rows = {
        StudyTime: StudyTime.objects.all(),
        StudyIntensity: StudyIntensity.objects.all(),
        CourseCost: CourseCost.objects.all(),
    }
    if selection:
        path_languages = paths.exclude(language=None).values("language_id")
        spoken = Country.practice_languages.through.objects.filter(country_id__in=countries.values("pk"))
        languages = Q(language_id__in=path_languages) | Q(language_id__in=spoken.values("language_id"))
        rows[StudyTime] = rows[StudyTime].filter(languages)
        rows[StudyIntensity] = rows[StudyIntensity].filter(languages | Q(language=None))
        rows[CourseCost] = rows[CourseCost].filter(Q(country__in=countries) | (Q(country=None) & languages))
    return rows


def content_querysets(
    *,
    country_codes: Iterable[str] | None = None,
    guide_slugs: Iterable[str] | None = None,
    published_only: bool = False,
) -> list[QuerySet]:
    """The rows to export, one ordered queryset per content model, in dependency order.

    With no selection, everything. With ``country_codes``, those countries with their authorities, paths
    and steps, barriers and figures, and the guides whose countries are all among them. With
    ``guide_slugs``, those guides and the country rows they are about (without the countries' paths).
    Either way, plus every reference row the exported rows refer to.
    """
    paths, barriers = RecognitionPath.objects.all(), Barrier.objects.all()
    figures, guides = Figure.objects.all(), Guide.objects.all()
    if published_only:
        paths, barriers, figures, guides = (qs.published() for qs in (paths, barriers, figures, guides))
    selection = country_codes is not None or guide_slugs is not None
    selected = exported = Country.objects.all()
    if selection:
        selected, exported, guides = _selected_countries_and_guides(guides, country_codes, guide_slugs)
        paths, barriers, figures = (qs.filter(country__in=selected) for qs in (paths, barriers, figures))
    countries = exported
    rows = {
        Country: countries,
        Authority: Authority.objects.filter(country__in=selected),
        RecognitionPath: paths,
        Step: Step.objects.filter(path__in=paths),
        Barrier: barriers,
        Figure: figures,
        Guide: guides,
        **_study_rows(paths, countries, selection),
    }
    querysets = _referenced(rows) if selection else {m: m.objects.all() for m in content_models()}
    querysets.update(rows)
    return [_ordered(querysets[model]) for model in content_models()]


def _referenced(rows: dict) -> dict:
    """Reference rows (sources, languages, ...) that the exported content refers to."""
    source_ids: set[int] = set()
    for model in (m for m in rows if any(f.name == "sources" for f in m._meta.many_to_many)):
        through = model.sources.through
        fk = f"{model._meta.model_name}_id"
        source_ids.update(
            through.objects.filter(**{f"{fk}__in": rows[model].values("pk")}).values_list(
                "source_id", flat=True
            )
        )
    steps = rows[Step]
    currencies = Currency.objects.filter(
        Q(pk__in=steps.exclude(currency=None).values("currency_id"))
        | Q(pk__in=rows[CourseCost].values("currency_id"))
    )
    source_ids.update(currencies.values_list("source_id", flat=True))
    languages = Language.objects.filter(
        Q(pk__in=rows[RecognitionPath].exclude(language=None).values("language_id"))
        | Q(
            pk__in=Country.practice_languages.through.objects.filter(
                country_id__in=rows[Country].values("pk")
            ).values("language_id")
        )
        | Q(pk__in=rows[StudyTime].values("language_id"))
        | Q(pk__in=rows[StudyIntensity].exclude(language=None).values("language_id"))
        | Q(pk__in=rows[CourseCost].values("language_id"))
    )
    specialties = Specialty.objects.filter(
        Q(
            pk__in=RecognitionPath.specialties.through.objects.filter(
                recognitionpath_id__in=rows[RecognitionPath].values("pk")
            ).values("specialty_id")
        )
        | Q(
            pk__in=Guide.specialties.through.objects.filter(guide_id__in=rows[Guide].values("pk")).values(
                "specialty_id"
            )
        )
    )
    topics = Topic.objects.filter(
        pk__in=Guide.topics.through.objects.filter(guide_id__in=rows[Guide].values("pk")).values("topic_id")
    )
    conditions = Condition.objects.filter(
        pk__in=RecognitionPath.conditions.through.objects.filter(
            recognitionpath_id__in=rows[RecognitionPath].values("pk")
        ).values("condition_id")
    )
    documents = Document.objects.filter(
        pk__in=Step.documents.through.objects.filter(step_id__in=steps.values("pk")).values("document_id")
    )
    return {
        Source: Source.objects.filter(pk__in=source_ids),
        Language: languages,
        Currency: currencies,
        Specialty: specialties,
        Topic: topics,
        Document: documents,
        Condition: conditions,
    }


def export_fixture(
    stream: TextIO,
    *,
    country_codes: Iterable[str] | None = None,
    guide_slugs: Iterable[str] | None = None,
    published_only: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write the content as a JSON fixture to ``stream``; return the number of rows per model."""
    querysets = content_querysets(
        country_codes=country_codes, guide_slugs=guide_slugs, published_only=published_only
    )
    counts: dict[str, int] = {}

    def rows():
        for queryset in querysets:
            label = queryset.model._meta.label
            counts[label] = 0
            if progress:
                progress(f"Exporting {label}...")
            for obj in queryset.iterator(chunk_size=2000):
                counts[label] += 1
                yield obj

    with translation.override(settings.LANGUAGE_CODE):
        serializers.serialize(
            "json",
            rows(),
            stream=stream,
            indent=2,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
    return counts
