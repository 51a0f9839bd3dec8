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
)

# Content models in dependency order: a model only refers to models listed before it (paths and guides
# may also refer to another row of their own model through ``revision_of``).
CONTENT_MODELS = [
    Source,
    Language,
    Currency,
    Specialty,
    Topic,
    Document,
    Country,
    Authority,
    RecognitionPath,
    Step,
    Barrier,
    Figure,
    Guide,
    StudyTime,
    StudyIntensity,
    CourseCost,
]
PUBLISHED = "published"


def _ordered(queryset: QuerySet) -> QuerySet:
    return queryset.order_by(*queryset.model._meta.ordering)


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
    paths = RecognitionPath.objects.all()
    barriers = Barrier.objects.all()
    figures = Figure.objects.all()
    guides = Guide.objects.all()
    if published_only:
        paths = paths.filter(status=PUBLISHED, revision_of__isnull=True)
        barriers = barriers.filter(status=PUBLISHED)
        figures = figures.filter(status=PUBLISHED)
        guides = guides.filter(status=PUBLISHED, revision_of__isnull=True)

    selection = country_codes is not None or guide_slugs is not None
    if not selection:
        countries = Country.objects.all()
        authorities = Authority.objects.all()
        querysets = {
            Source: Source.objects.all(),
            Language: Language.objects.all(),
            Currency: Currency.objects.all(),
            Specialty: Specialty.objects.all(),
            Topic: Topic.objects.all(),
            Document: Document.objects.all(),
        }
    else:
        codes = sorted({code.lower() for code in country_codes or []})
        countries = Country.objects.filter(iso2__in=codes)
        authorities = Authority.objects.filter(country__in=countries)
        paths = paths.filter(country__in=countries)
        barriers = barriers.filter(country__in=countries)
        figures = figures.filter(country__in=countries)
        # A guide travels with a country export when every country it is about is in the export.
        country_guides = guides.annotate(
            countries_total=Count("countries", distinct=True),
            countries_outside=Count("countries", filter=~Q(countries__iso2__in=codes), distinct=True),
        ).filter(countries_total__gt=0, countries_outside=0)
        if guide_slugs is not None:
            chosen = guides.filter(slug__in=list(guide_slugs))
            guides = Guide.objects.filter(
                Q(pk__in=country_guides.values("pk")) | Q(pk__in=chosen.values("pk"))
            )
            countries = Country.objects.filter(
                Q(iso2__in=codes)
                | Q(
                    pk__in=Guide.countries.through.objects.filter(guide_id__in=chosen.values("pk")).values(
                        "country_id"
                    )
                )
            )
        else:
            guides = country_guides
        querysets = None

    steps = Step.objects.filter(path__in=paths)
    # The estimator's study data travels with the languages of the exported paths and countries.
    path_languages = paths.exclude(language=None).values("language_id")
    spoken = Country.practice_languages.through.objects.filter(country_id__in=countries.values("pk"))
    study_languages = Q(language_id__in=path_languages) | Q(language_id__in=spoken.values("language_id"))
    study_times = StudyTime.objects.all()
    intensities = StudyIntensity.objects.all()
    course_costs = CourseCost.objects.all()
    if selection:
        study_times = study_times.filter(study_languages)
        intensities = intensities.filter(study_languages | Q(language=None))
        course_costs = course_costs.filter(Q(country__in=countries) | (Q(country=None) & study_languages))
    rows = {
        Country: countries,
        Authority: authorities,
        RecognitionPath: paths,
        Step: steps,
        Barrier: barriers,
        Figure: figures,
        Guide: guides,
        StudyTime: study_times,
        StudyIntensity: intensities,
        CourseCost: course_costs,
    }
    if querysets is None:
        querysets = _referenced(rows)
    querysets.update(rows)
    return [_ordered(querysets[model]) for model in CONTENT_MODELS]


def _referenced(rows: dict) -> dict:
    """Reference rows (sources, languages, ...) that the exported content refers to."""
    fact_models = [
        Country,
        RecognitionPath,
        Step,
        Barrier,
        Figure,
        Guide,
        StudyTime,
        StudyIntensity,
        CourseCost,
    ]
    source_ids: set[int] = set()
    for model in fact_models:
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
