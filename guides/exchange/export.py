"""Fixture exchange: a deterministic export of the curated content as a Django JSON fixture.

The same data gives the same bytes whatever the active language or the database's numeric ids: rows are
ordered by each model's untranslated ``Meta.ordering`` (natural keys), many-to-many lists follow their
target's ordering, every reference is a natural key, and translated columns are read in the default
language.
"""

import datetime
from collections.abc import Callable, Iterable
from typing import TextIO

from django.conf import settings
from django.core import serializers
from django.db.models import Count, Q, QuerySet
from django.utils import translation

from guides.models import (
    Authority,
    Barrier,
    ChangeNote,
    Condition,
    Country,
    CourseCost,
    Currency,
    DatedEvent,
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
from guides.outcomes.exchange import aggregates as outcome_aggregates


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
    since: datetime.date | None = None,
) -> list[QuerySet]:
    """The rows to export, one ordered queryset per content model, in dependency order.

    With no selection, everything. With ``country_codes``, those countries with their authorities, paths
    and steps, barriers and figures, and the guides whose countries are all among them. With
    ``guide_slugs``, those guides and the country rows they are about (without the countries' paths).
    Either way, plus every reference row the exported rows refer to. With ``since``, only the rows
    (of that selection) added or changed on or after that date, as their history records them.
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
        DatedEvent: DatedEvent.objects.filter(country__in=selected),
        ChangeNote: ChangeNote.objects.filter(
            Q(
                pk__in=ChangeNote.countries.through.objects.filter(country__in=selected).values(
                    "changenote_id"
                )
            )
            | Q(guide__in=guides)
        ),
        **_study_rows(paths, countries, selection),
    }
    querysets = _referenced(rows) if selection else {m: m.objects.all() for m in content_models()}
    querysets.update(rows)
    if since is not None:
        querysets = {model: changed_since(qs, since) for model, qs in querysets.items()}
    return [_ordered(querysets[model]) for model in content_models()]


def changed_since(queryset: QuerySet, since: datetime.date) -> QuerySet:
    """The rows of ``queryset`` whose history has an entry on or after ``since`` (added or changed)."""
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=datetime.UTC)
    history = queryset.model.history.filter(history_date__gte=start)
    return queryset.filter(pk__in=history.values("id"))


REFERENCE_MODELS = [Language, Currency, Specialty, Topic, Document, Condition]


def _referenced_by(rows: dict, target) -> Q:
    """The rows of ``target`` that any exported row refers to, by a foreign key or many-to-many field."""
    condition = Q(pk__in=[])
    for model, queryset in rows.items():
        for f in model._meta.get_fields():
            declared = f.concrete or (f.many_to_many and not f.auto_created)
            if not (f.is_relation and declared and f.related_model is target):
                continue
            if f.many_to_many:
                links = f.remote_field.through.objects.filter(
                    **{f"{f.m2m_field_name()}__in": queryset.values("pk")}
                )
                condition |= Q(pk__in=links.values(f.m2m_reverse_field_name()))
            else:
                condition |= Q(pk__in=queryset.exclude(**{f.name: None}).values(f.attname))
    return condition


def _referenced(rows: dict) -> dict:
    """Reference rows (languages, currencies, ..., and the sources of all of them) that the exported
    content refers to."""
    references = {model: model.objects.filter(_referenced_by(rows, model)) for model in REFERENCE_MODELS}
    references[Source] = Source.objects.filter(_referenced_by({**rows, **references}, Source))
    return references


def export_fixture(
    stream: TextIO,
    *,
    country_codes: Iterable[str] | None = None,
    guide_slugs: Iterable[str] | None = None,
    published_only: bool = False,
    since: datetime.date | None = None,
    with_outcomes: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write the content as a JSON fixture to ``stream``; return the number of rows per model.

    ``with_outcomes`` adds the doctors' reported outcomes of the exported paths: the aggregates of
    three reports or more, never a report.
    """
    querysets = content_querysets(
        country_codes=country_codes, guide_slugs=guide_slugs, published_only=published_only, since=since
    )
    if with_outcomes:
        paths = next(queryset for queryset in querysets if queryset.model is RecognitionPath)
        querysets.append(outcome_aggregates(paths))
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
