"""Recognition paths, who each is for (its conditions), and their steps.

A path's time and cost are computed from its steps in Python (``guides/models/totals.py``, the one home
of the rule), once per data version for every path (the totals index); pages read ``path.totals``.
"""

from decimal import Decimal
from functools import cached_property

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from ..curation.publishable import PublishableQuerySet
from ..curation.revisions import RevisableModel
from .base import (
    CEFRLevel,
    ContentModel,
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
from .totals import PathTotals, path_totals, totals_index


class Condition(ContentModel):
    """A yes/no condition a path may require of the doctor, curated once and asked by the plan.

    For example "holds Israeli citizenship or a right of return (aliyah)" or "has passed USMLE Step 1
    and Step 2 CK". ``label`` is what the doctor ticks; ``need`` says why a path is closed to a doctor
    who does not ("needs aliyah").
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[slug_validator])
    label = models.CharField(
        _("label"), max_length=300, help_text=_("What the doctor ticks when it is true.")
    )
    need = models.CharField(
        _("reason when unmet"), max_length=200, help_text=_('For example "needs aliyah".')
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self):
        return self.label


class RecognitionPathQuerySet(PublishableQuerySet):
    def with_steps(self):
        """The counted steps (and their currencies) that ``path.totals`` is computed from."""
        steps = (
            apps.get_model("guides", "Step").objects.select_related("currency").order_by("position", "slug")
        )
        return self.prefetch_related(Prefetch("steps", queryset=steps))

    def with_related(self):
        steps = (
            apps.get_model("guides", "Step")
            .objects.select_related("currency", "authority")
            .prefetch_related("documents", "sources")
            .order_by("position", "slug")
        )
        return self.select_related("country", "language", "authority").prefetch_related(
            "specialties", "conditions", "sources", Prefetch("steps", queryset=steps)
        )

    def requiring_exam(self, required: bool = True):
        """Paths known to need an exam (``True``) or known to need none (``False``).

        A path for which no source says either matches neither."""
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
    exam_required = models.BooleanField(
        _("exam required"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leave unknown when no source says whether the path needs an exam."),
    )
    exam_name = models.CharField(_("exam name"), max_length=200, blank=True)
    exam_format = models.CharField(
        _("exam format"), max_length=200, blank=True, help_text=_("For example: written test, then oral.")
    )
    exam_language = models.CharField(_("exam language"), max_length=200, blank=True)
    exam_sessions_per_year = models.PositiveSmallIntegerField(
        _("exam sessions a year"), null=True, blank=True, validators=[MaxValueValidator(366)]
    )
    authority = models.ForeignKey(
        Authority,
        # Refused while this row points at it (Django's admin says which rows): clearing the link
        # silently would leave this row's history incomplete. Deleted with it when both go (a country).
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="paths",
        verbose_name=_("authority"),
    )
    min_years_practice = models.PositiveSmallIntegerField(
        _("minimum years of practice"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    residency_required = models.BooleanField(_("completed residency (ordinatura) required"), default=False)
    conditions = models.ManyToManyField(
        Condition,
        blank=True,
        related_name="paths",
        verbose_name=_("conditions"),
        help_text=_("Every condition here must hold for the doctor; the plan asks them."),
    )
    is_standard = models.BooleanField(
        _("standard path"),
        default=False,
        help_text=_("The path most Russian-trained doctors take to this country (one per country)."),
    )
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
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(is_standard=True, revision_of__isnull=True),
                name="guides_path_one_standard_per_country",
                violation_error_message=_("The country already has a standard path."),
            ),
        ]

    def __str__(self):
        return f"{self.country.name}: {self.name}" if self.country_id else self.name

    def get_absolute_url(self):
        return self.country.get_absolute_url() + f"#path-{self.slug}"

    @cached_property
    def totals(self) -> PathTotals:
        """Time and cost with how much of each is known: from the prefetched steps (``with_steps()``),
        else from the index of every path's totals (``totals.attach_totals`` does many paths at once)."""
        if "steps" not in getattr(self, "_prefetched_objects_cache", {}):
            index = totals_index()
            if index is not None and self.pk in index:
                return index[self.pk]
        return path_totals(self, self.steps.all())

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
    fee_year = models.PositiveSmallIntegerField(
        _("year of the fee"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("The year the source gives the fee for."),
    )
    optional = models.BooleanField(
        _("optional"), default=False, help_text=_("Optional steps are kept out of the totals.")
    )
    authority = models.ForeignKey(
        Authority,
        # Refused while this row points at it (Django's admin says which rows): clearing the link
        # silently would leave this row's history incomplete. Deleted with it when both go (a country).
        on_delete=models.RESTRICT,
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
    main_text_fields = ("title", "detail")

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
