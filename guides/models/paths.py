"""Recognition paths and their steps, with the path's time and cost derived from its steps.

Time to licence and cost of a path are derived on the fly, never stored: the reported months when the
path has them, else the non-optional steps. The minimum is the sum of the known step minimums (a lower
bound) and unknown when none is known; the maximum is known only when every step's maximum is; the range
is *complete* when every step's range is known.
"""

from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
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
from django.utils.translation import gettext_lazy as _

from ..curation.publishable import PublishableQuerySet
from ..curation.revisions import RevisableModel
from .base import (
    MONEY,
    MONTHS,
    CEFRLevel,
    FactModel,
    NaturalKeyManager,
    money_field,
    months_field,
    range_check,
    slug_validator,
    validate_range,
)
from .destinations import Authority, Country, same_country
from .reference import Currency, Document, Language, Specialty

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


class RecognitionPathQuerySet(PublishableQuerySet):
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


class RecognitionPath(RevisableModel):
    class Kind(models.TextChoices):
        AUTOMATIC = "automatic", _("Automatic recognition")
        DOCUMENT_REVIEW = "document_review", _("Document review")
        EXAM = "exam", _("Exam")
        SUPERVISED_PRACTICE = "supervised_practice", _("Supervised practice")
        TEMPORARY_PERMIT = "temporary_permit", _("Temporary permit")
        UNAVAILABLE = "unavailable", _("Not available")

    class Outcome(models.TextChoices):
        FULL_LICENCE = "full_licence", _("Full licence")
        RESTRICTED_LICENCE = "restricted_licence", _("Restricted licence")
        TEMPORARY_PERMIT = "temporary_permit", _("Temporary permit")
        NONE = "none", _("None")

    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="paths", verbose_name=_("country")
    )
    slug = models.SlugField(_("slug"), max_length=80, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    specialties = models.ManyToManyField(
        Specialty,
        blank=True,
        related_name="paths",
        verbose_name=_("specialties"),
        help_text=_("Leave empty when the path applies to every specialty."),
    )
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="paths",
        verbose_name=_("required language"),
    )
    language_level = models.CharField(
        _("required level (CEFR)"), max_length=2, choices=CEFRLevel.choices, blank=True
    )
    exam_required = models.BooleanField(_("exam required"), default=False, db_index=True)
    exam_name = models.CharField(_("exam name"), max_length=200, blank=True)
    authority = models.ForeignKey(
        Authority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="paths",
        verbose_name=_("authority"),
    )
    min_years_practice = models.PositiveSmallIntegerField(
        _("minimum years of practice"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    residency_required = models.BooleanField(_("completed residency (ordinatura) required"), default=False)
    reported_months_min = models.DecimalField(
        _("reported minimum months"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("600"))],
        help_text=_(
            "A sourced end-to-end duration, when a source gives one; otherwise the steps are summed."
        ),
    )
    reported_months_max = models.DecimalField(
        _("reported maximum months"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("600"))],
    )
    summary = models.TextField(_("summary"), blank=True)
    natural_key_fields = ("country", "slug")
    main_text_fields = ("name", "summary")
    revision_children = "steps"
    objects = NaturalKeyManager.from_queryset(RecognitionPathQuerySet)()

    class Meta:
        ordering = ["country__iso2", "slug"]
        verbose_name = _("recognition path")
        verbose_name_plural = _("recognition paths")
        permissions = [("publish_recognitionpath", _("Can publish recognition path"))]
        constraints = [
            models.UniqueConstraint(fields=["country", "slug"], name="guides_path_unique_slug"),
            range_check("reported_months", "reported_months_min", "reported_months_max"),
            models.CheckConstraint(
                condition=Q(reported_months_max__isnull=True) | Q(reported_months_min__isnull=False),
                name="guides_path_reported_max_needs_min",
                violation_error_message=_("A reported maximum needs a reported minimum."),
            ),
            models.CheckConstraint(
                condition=Q(reported_months_min__isnull=True) | Q(reported_months_min__gte=0),
                name="guides_path_reported_months_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(kind="exam") | Q(exam_required=True),
                name="guides_path_exam_kind_requires_exam",
                violation_error_message=_("A path of kind 'exam' requires an exam."),
            ),
        ]

    def __str__(self):
        return f"{self.country.name}: {self.name}" if self.country_id else self.name

    def get_absolute_url(self):
        return self.country.get_absolute_url() + f"#path-{self.slug}"

    def clean(self):
        errors: dict = {}
        validate_range(errors, self, "reported_months_min", "reported_months_max")
        if self.reported_months_max is not None and self.reported_months_min is None:
            errors.setdefault("reported_months_min", []).append(
                _("Give a reported minimum when a reported maximum (%(max)s) is given.")
                % {"max": self.reported_months_max}
            )
        if self.kind == self.Kind.EXAM and not self.exam_required:
            errors.setdefault("exam_required", []).append(
                _("Kind is “%(kind)s”: tick “exam required”.") % {"kind": self.get_kind_display()}
            )
        if self.language_level and not self.language_id:
            errors.setdefault("language", []).append(
                _("Choose the language the level %(level)s applies to.")
                % {"level": self.get_language_level_display()}
            )
        if self.country_id:
            same_country(errors, self, "authority", self.country)
        if errors:
            raise ValidationError(errors)
        super().clean()

    def siblings(self):
        return type(self).objects.filter(country_id=self.country_id)

    def publish_problems(self, *, step_count: int | None = None, sources=None) -> list[tuple[str, str]]:
        """A published path has at least one step and one source."""
        problems = []
        if step_count is None:
            step_count = self.steps.count() if self.pk else 0
        if not step_count:
            problems.append(
                (
                    "steps",
                    _("The path “%(path)s” has no steps: add at least one step before publishing.")
                    % {"path": self},
                )
            )
        has_sources = bool(sources) if sources is not None else bool(self.pk and self.sources.exists())
        if not has_sources:
            problems.append(
                (
                    "sources",
                    _("The path “%(path)s” has no sources: cite at least one source before publishing.")
                    % {"path": self},
                )
            )
        return problems


class Step(FactModel):
    path = models.ForeignKey(
        RecognitionPath, on_delete=models.CASCADE, related_name="steps", verbose_name=_("path")
    )
    slug = models.SlugField(_("slug"), max_length=80, validators=[slug_validator])
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    months_min = months_field(_("minimum months"))
    months_max = months_field(_("maximum months"))
    cost_min = money_field(_("minimum cost"))
    cost_max = money_field(_("maximum cost"))
    currency = models.ForeignKey(
        Currency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("currency"),
    )
    optional = models.BooleanField(
        _("optional"), default=False, help_text=_("Optional steps are kept out of the totals.")
    )
    authority = models.ForeignKey(
        Authority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("authority"),
    )
    documents = models.ManyToManyField(
        Document, blank=True, related_name="steps", verbose_name=_("documents")
    )

    class Meta:
        ordering = ["path__country__iso2", "path__slug", "position", "slug"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(fields=["path", "slug"], name="guides_step_unique_slug"),
            range_check("months", "months_min", "months_max"),
            range_check("cost", "cost_min", "cost_max"),
            models.CheckConstraint(
                condition=(Q(months_min__isnull=True) | Q(months_min__gte=0))
                & (Q(months_max__isnull=True) | Q(months_max__gte=0)),
                name="guides_step_months_not_negative",
            ),
            models.CheckConstraint(
                condition=(Q(cost_min__isnull=True) | Q(cost_min__gte=0))
                & (Q(cost_max__isnull=True) | Q(cost_max__gte=0)),
                name="guides_step_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=(Q(cost_min__isnull=True) & Q(cost_max__isnull=True)) | Q(currency__isnull=False),
                name="guides_step_cost_needs_currency",
                violation_error_message=_("A cost needs a currency."),
            ),
        ]
        indexes = [models.Index(fields=["path", "position"], name="guides_step_path_position")]

    natural_key_fields = ("path", "slug")

    def __str__(self):
        return self.title

    @classmethod
    def workflow_model(cls):
        return RecognitionPath

    def workflow_status(self):
        return self.path.status if self.path_id else None

    def clean(self):
        errors: dict = {}
        validate_range(errors, self, "months_min", "months_max")
        validate_range(errors, self, "cost_min", "cost_max")
        if (self.cost_min is not None or self.cost_max is not None) and not self.currency_id:
            errors.setdefault("currency", []).append(
                _("Choose the currency of the cost (%(min)s–%(max)s).")
                % {
                    "min": "?" if self.cost_min is None else self.cost_min,
                    "max": "?" if self.cost_max is None else self.cost_max,
                }
            )
        if self.path_id:
            same_country(errors, self, "authority", self.path.country)
        if errors:
            raise ValidationError(errors)
