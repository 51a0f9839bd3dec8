"""The query API of the domain: what pages ask of the database lives here, once.

Time to licence and cost of a path are derived on the fly, never stored: the reported months when the
path has them, else the non-optional steps. The minimum is the sum of the known step minimums (a lower
bound) and unknown when none is known; the maximum is known only when every step's maximum is; the range
is *complete* when every step's range is known.
"""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

MONTHS = DecimalField(max_digits=7, decimal_places=1)
MONEY = DecimalField(max_digits=20, decimal_places=2)

PUBLISHED = "published"
SEARCH_MAX_WORDS = 10


def _step_model():
    return apps.get_model("guides", "Step")


def _counted_steps():
    """The non-optional steps of the outer path, grouped to one row per path."""
    return _step_model().objects.filter(path=OuterRef("pk"), optional=False).order_by().values("path")


def _step_aggregate(aggregate, output_field):
    return Subquery(_counted_steps().annotate(value=aggregate).values("value")[:1], output_field=output_field)


def _step_count(field: str | None = None):
    counted = Count(field) if field else Count("pk")
    return Coalesce(_step_aggregate(counted, models.IntegerField()), Value(0))


def _in_eur(field: str):
    return ExpressionWrapper(F(field) * F("currency__eur_per_unit"), output_field=MONEY)


class SourceQuerySet(models.QuerySet):
    def with_citations(self):
        """Prefetch the published items that cite each source (``cited_countries``, ``cited_paths``,
        ``cited_steps``, ``cited_barriers``, ``cited_figures``, ``cited_guides``) and the exchange rates
        taken from it (``cited_currencies``): one query per kind, whatever the number of sources.
        """

        def model(name):
            return apps.get_model("guides", name)

        path_model, step_model = model("RecognitionPath"), model("Step")
        return self.prefetch_related(
            Prefetch("country_set", queryset=model("Country").objects.all(), to_attr="cited_countries"),
            Prefetch(
                "recognitionpath_set",
                queryset=path_model.objects.published().select_related("country"),
                to_attr="cited_paths",
            ),
            Prefetch(
                "step_set",
                queryset=step_model.objects.filter(
                    path__in=path_model.objects.published().values("pk")
                ).select_related("path__country"),
                to_attr="cited_steps",
            ),
            Prefetch(
                "barrier_set",
                queryset=model("Barrier").objects.published().select_related("country"),
                to_attr="cited_barriers",
            ),
            Prefetch(
                "figure_set",
                queryset=model("Figure").objects.published().select_related("country"),
                to_attr="cited_figures",
            ),
            Prefetch("guide_set", queryset=model("Guide").objects.published(), to_attr="cited_guides"),
            Prefetch("currencies", queryset=model("Currency").objects.all(), to_attr="cited_currencies"),
        )


class CountryQuerySet(models.QuerySet):
    def with_published_paths(self):
        return self.filter(paths__status=PUBLISHED, paths__revision_of__isnull=True).distinct()

    # --- Destinations: countries seen through their (matching) published paths ---

    def in_region(self, region: str):
        return self.filter(region=region)

    def visa_free(self):
        return self.filter(visa_regime="visa_free")

    def search(self, text: str):
        """Countries whose name, code or summary contains ``text``."""
        text = text.strip()
        if not text:
            return self
        condition = Q(iso2__iexact=text)
        for language in settings.MODELTRANSLATION_LANGUAGES:
            condition |= Q(**{f"name_{language}__foldcontains": text})
            condition |= Q(**{f"summary_{language}__foldcontains": text})
        return self.filter(condition)

    def with_fastest_path(self, paths=None):
        """Keep countries with at least one of ``paths`` and describe the fastest of them.

        ``paths`` is a ``RecognitionPath`` queryset carrying ``with_totals()`` (by default: every
        published path). Annotates ``fastest_months_min``, ``fastest_months_complete`` and
        ``fastest_cost_min_eur`` (for ordering) and prefetches ``fastest_paths`` (the matching paths
        with their totals, fastest first), the practice languages, the two most severe published barriers
        (``top_barriers``) and the latest published onward-migration figure (``onward_figures``).
        """
        if paths is None:
            paths = apps.get_model("guides", "RecognitionPath").objects.published().with_totals()
        fastest = paths.filter(country=OuterRef("pk")).fastest_first()
        barriers = apps.get_model("guides", "Barrier").objects.published().by_severity()
        figures = (
            apps.get_model("guides", "Figure")
            .objects.published()
            .filter(kind="onward_migration")
            .order_by(F("year").desc(nulls_last=True), "slug")
        )
        return (
            self.filter(Exists(paths.filter(country=OuterRef("pk"))))
            .annotate(
                fastest_months_min=Subquery(fastest.values("months_min")[:1], output_field=MONTHS),
                fastest_months_complete=Subquery(
                    fastest.values("months_complete")[:1], output_field=BooleanField()
                ),
                fastest_cost_min_eur=Subquery(fastest.values("cost_min_eur")[:1], output_field=MONEY),
            )
            .prefetch_related(
                "practice_languages",
                # Every matching path, fastest first (the card reads the first): a sliced prefetch
                # (ROW_NUMBER) drops the totals' annotations in Django 6.1.
                Prefetch(
                    "paths",
                    queryset=paths.select_related("language").fastest_first(),
                    to_attr="fastest_paths",
                ),
                Prefetch("barriers", queryset=barriers[:2], to_attr="top_barriers"),
                Prefetch("figures", queryset=figures[:1], to_attr="onward_figures"),
            )
        )

    def fastest_first(self):
        """Order by the fastest path's minimum months, unknown last, complete first, then name."""
        return self.order_by(
            F("fastest_months_min").asc(nulls_last=True),
            F("fastest_months_complete").desc(),
            "name",
            "iso2",
        )

    def cheapest_first(self):
        """Order by the minimum cost in EUR of the fastest path, unknown last, then fastest."""
        return self.order_by(
            F("fastest_cost_min_eur").asc(nulls_last=True),
            F("fastest_months_min").asc(nulls_last=True),
            "name",
            "iso2",
        )

    def by_name(self):
        return self.order_by("name", "iso2")

    def for_detail(self):
        """Everything a country's page shows, in a fixed number of queries.

        Prefetches ``published_paths`` (with totals, steps, documents and sources; fastest first),
        ``published_barriers`` (most severe first), ``published_figures`` and ``published_guides``.
        """
        get_model = apps.get_model
        paths = get_model("guides", "RecognitionPath").objects.published().with_totals().with_related()
        barriers = (
            get_model("guides", "Barrier")
            .objects.published()
            .by_severity()
            .select_related("path")
            .prefetch_related("sources")
        )
        figures = (
            get_model("guides", "Figure")
            .objects.published()
            .prefetch_related("sources")
            .order_by("kind", F("year").desc(nulls_last=True), "slug")
        )
        guides = get_model("guides", "Guide").objects.published()
        return self.prefetch_related(
            "practice_languages",
            "sources",
            "authorities",
            Prefetch("paths", queryset=paths.fastest_first(), to_attr="published_paths"),
            Prefetch("barriers", queryset=barriers, to_attr="published_barriers"),
            Prefetch("figures", queryset=figures, to_attr="published_figures"),
            Prefetch("guides", queryset=guides, to_attr="published_guides"),
        )


class RecognitionPathQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PUBLISHED, revision_of__isnull=True)

    def with_related(self):
        step_model = _step_model()
        steps = step_model.objects.select_related("currency", "authority").prefetch_related(
            "documents", "sources"
        )
        return self.select_related("country", "language", "authority").prefetch_related(
            "specialties", "sources", Prefetch("steps", queryset=steps)
        )

    def with_totals(self):
        """Annotate months and cost (in EUR) following the design's rule; see the module docstring.

        Adds ``months_min``, ``months_max``, ``months_complete``, ``cost_min_eur``, ``cost_max_eur`` and
        ``cost_complete``. Unknown values are ``None``.
        """
        has_reported = Q(reported_months_min__isnull=False)
        qs = self.annotate(
            counted_steps=_step_count(),
            steps_months_min=_step_aggregate(Sum("months_min"), MONTHS),
            steps_months_max=_step_aggregate(Sum("months_max"), MONTHS),
            steps_months_min_known=_step_count("months_min"),
            steps_months_max_known=_step_count("months_max"),
            steps_cost_min=_step_aggregate(Sum(_in_eur("cost_min")), MONEY),
            steps_cost_max=_step_aggregate(Sum(_in_eur("cost_max")), MONEY),
            steps_cost_min_known=_step_count("cost_min"),
            steps_cost_max_known=_step_count("cost_max"),
        )
        all_steps_have = {
            name: Q(counted_steps__gt=0, **{f"steps_{name}_known": F("counted_steps")})
            for name in ("months_min", "months_max", "cost_min", "cost_max")
        }
        return qs.annotate(
            months_min=Case(
                When(has_reported, then=F("reported_months_min")),
                default=F("steps_months_min"),
                output_field=MONTHS,
            ),
            months_max=Case(
                When(has_reported, then=F("reported_months_max")),
                When(all_steps_have["months_max"], then=F("steps_months_max")),
                default=Value(None),
                output_field=MONTHS,
            ),
            months_complete=Case(
                When(has_reported & Q(reported_months_max__isnull=False), then=Value(True)),
                When(has_reported, then=Value(False)),
                When(all_steps_have["months_min"] & all_steps_have["months_max"], then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            cost_min_eur=F("steps_cost_min"),
            cost_max_eur=Case(
                When(all_steps_have["cost_max"], then=F("steps_cost_max")),
                default=Value(None),
                output_field=MONEY,
            ),
            cost_complete=Case(
                When(all_steps_have["cost_min"] & all_steps_have["cost_max"], then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )

    def requiring_exam(self, required: bool = True):
        return self.filter(exam_required=required)

    def for_specialty(self, specialty):
        """Paths listing ``specialty`` or listing none (a path without specialties applies to all)."""
        through = self.model.specialties.through
        listed = through.objects.filter(recognitionpath=OuterRef("pk"))
        return self.filter(Exists(listed.filter(specialty=specialty)) | ~Exists(listed))

    def for_language(self, language):
        """Paths requiring ``language``, or any path of a country whose practice languages include it."""
        speaking = apps.get_model("guides", "Country").objects.filter(practice_languages=language)
        return self.filter(Q(language=language) | Q(country__in=speaking.values("pk")))

    def within_months(self, months):
        """Paths whose known minimum time to licence is at most ``months`` (needs ``with_totals()``)."""
        return self.filter(months_min__lte=months)

    def fastest_first(self):
        """Order by the minimum months, unknown last, then complete before incomplete, then slug."""
        return self.order_by(
            F("months_min").asc(nulls_last=True), F("months_complete").desc(), "country__iso2", "slug"
        )


class BarrierQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PUBLISHED)

    def by_severity(self):
        return self.order_by("-severity", "slug")


class FigureQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PUBLISHED)


class GuideQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PUBLISHED, revision_of__isnull=True).order_by(
            F("published_at").desc(nulls_last=True), "slug"
        )

    def with_related(self):
        return self.prefetch_related("countries", "specialties", "topics", "sources")

    def with_tags(self):
        """What a guide card shows: its countries, specialties and topics (no sources)."""
        return self.prefetch_related("countries", "specialties", "topics")

    def for_country(self, country):
        return self.filter(countries=country)

    def for_region(self, region: str):
        """Guides about at least one country of ``region`` (no duplicates, so no DISTINCT)."""
        through = self.model.countries.through
        return self.filter(Exists(through.objects.filter(guide=OuterRef("pk"), country__region=region)))

    def for_specialty(self, specialty):
        """Guides listing ``specialty``, or listing no specialty (they apply to all), as paths do."""
        through = self.model.specialties.through
        return self.filter(
            Exists(through.objects.filter(guide=OuterRef("pk"), specialty=specialty))
            | ~Exists(through.objects.filter(guide=OuterRef("pk")))
        )

    def search(self, text: str):
        """Guides whose title, summary or body contains every word of ``text``, case-insensitively.

        Both languages' columns are searched, so a reader finds a guide whichever language they type in.
        """
        condition = Q()
        for word in text.split()[:SEARCH_MAX_WORDS]:
            condition &= Q.create(
                [
                    (f"{field}_{language}__foldcontains", word)
                    for field in ("title", "summary", "body")
                    for language in settings.MODELTRANSLATION_LANGUAGES
                ],
                connector=Q.OR,
            )
        return self.filter(condition)
