"""The query API of the domain: what pages ask of the database lives here, once.

Time to licence and cost of a path are derived on the fly, never stored: the reported months when the
path has them, else the non-optional steps. The minimum is the sum of the known step minimums (a lower
bound) and unknown when none is known; the maximum is known only when every step's maximum is; the range
is *complete* when every step's range is known.
"""

from django.apps import apps
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
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
    pass


class CountryQuerySet(models.QuerySet):
    def with_published_paths(self):
        return self.filter(paths__status=PUBLISHED, paths__revision_of__isnull=True).distinct()


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

    def for_country(self, country):
        return self.filter(countries=country)
