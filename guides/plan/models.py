"""The sourced language-study data the estimate uses: study times, intensities, course costs."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models.base import CEFRLevel, FactModel, range_check, slug_validator, validate_range
from ..models.destinations import Country
from ..models.reference import Currency, Language


class StudyTime(FactModel):
    """Published study time to reach a CEFR level of a language, counted from zero (cumulative).

    Figures are kept as the source gives them: ``unit_minutes`` says how long one counted hour is (45 for
    a German Unterrichtseinheit), so the estimator converts them to clock hours. A row without hours says
    that no source gives a figure for that level.
    """

    language = models.ForeignKey(
        Language, on_delete=models.CASCADE, related_name="study_times", verbose_name=_("language")
    )
    level = models.CharField(_("level (CEFR)"), max_length=2, choices=CEFRLevel.choices)
    hours_min = models.PositiveIntegerField(
        _("minimum hours from zero"), null=True, blank=True, validators=[MaxValueValidator(10000)]
    )
    hours_max = models.PositiveIntegerField(
        _("maximum hours from zero"), null=True, blank=True, validators=[MaxValueValidator(10000)]
    )
    unit_minutes = models.PositiveSmallIntegerField(
        _("minutes per counted hour"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("60 for clock hours; 45 for German teaching units (UE)."),
    )
    unit_note = models.CharField(
        _("unit"), max_length=200, blank=True, help_text=_('For example "guided learning hours".')
    )

    natural_key_fields = ("language", "level")

    class Meta:
        ordering = ["language__code", "level"]
        verbose_name = _("study time")
        verbose_name_plural = _("study times")
        constraints = [
            models.UniqueConstraint(fields=["language", "level"], name="guides_studytime_unique_level"),
            range_check("hours", "hours_min", "hours_max"),
            models.CheckConstraint(
                condition=Q(unit_minutes__gte=1) & Q(unit_minutes__lte=120),
                name="guides_studytime_unit_minutes_sane",
            ),
        ]

    def __str__(self):
        return f"{self.language_id and self.language.code}: {self.get_level_display()}"

    def clean(self):
        errors: dict = {}
        validate_range(errors, self, "hours_min", "hours_max")
        if errors:
            raise ValidationError(errors)

    def clock_hours(self) -> tuple[Decimal | None, Decimal | None]:
        """The range in clock hours (``None`` where the source gives no figure)."""
        factor = Decimal(self.unit_minutes) / Decimal(60)
        return (
            None if self.hours_min is None else self.hours_min * factor,
            None if self.hours_max is None else self.hours_max * factor,
        )


class StudyIntensity(FactModel):
    """How many clock hours a week of study the estimator assumes: for one language, or in general.

    The estimator uses the *assumed* row of the language when there is one, else the assumed general row.
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[slug_validator])
    language = models.ForeignKey(
        Language,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="study_intensities",
        verbose_name=_("language"),
        help_text=_("Leave empty for the general assumption."),
    )
    label = models.CharField(_("label"), max_length=200)
    hours_per_week = models.DecimalField(
        _("clock hours a week"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("80"))],
    )
    assumed = models.BooleanField(
        _("used by the estimator"),
        default=False,
        help_text=_("At most one assumed intensity per language, and one general one."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("study intensity")
        verbose_name_plural = _("study intensities")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=1) & Q(hours_per_week__lte=80),
                name="guides_studyintensity_hours_sane",
            ),
            models.UniqueConstraint(
                fields=["language"],
                condition=Q(assumed=True, language__isnull=False),
                name="guides_studyintensity_one_assumed_per_language",
            ),
            models.UniqueConstraint(
                fields=["assumed"],
                condition=Q(assumed=True, language__isnull=True),
                name="guides_studyintensity_one_assumed_general",
            ),
        ]

    def __str__(self):
        return self.label


class CourseCost(FactModel):
    """What a language course costs, as a source quotes it; ``hours`` (clock hours the amount pays for)
    lets the estimator price study time, when the source says.
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[slug_validator])
    language = models.ForeignKey(
        Language, on_delete=models.CASCADE, related_name="course_costs", verbose_name=_("language")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="course_costs",
        verbose_name=_("country"),
    )
    provider = models.CharField(_("provider"), max_length=200)
    item = models.CharField(_("item"), max_length=300)
    amount_min = models.DecimalField(
        _("minimum amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    amount_max = models.DecimalField(
        _("maximum amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, related_name="course_costs", verbose_name=_("currency")
    )
    unit = models.CharField(_("unit"), max_length=200, help_text=_('For example "per 100 hours".'))
    hours = models.DecimalField(
        _("clock hours paid for"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("When the source says how many hours the amount buys; used to price study time."),
    )
    as_of = models.CharField(_("as of"), max_length=100, blank=True, help_text=_('For example "2024".'))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("course cost")
        verbose_name_plural = _("course costs")
        constraints = [
            range_check("amount", "amount_min", "amount_max"),
            models.CheckConstraint(
                condition=Q(amount_min__gte=0) & Q(amount_max__gte=0),
                name="guides_coursecost_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gt=0), name="guides_coursecost_hours_positive"
            ),
        ]

    def __str__(self):
        return f"{self.provider}: {self.item}"

    def clean(self):
        errors: dict = {}
        validate_range(errors, self, "amount_min", "amount_max")
        if errors:
            raise ValidationError(errors)

    def eur_per_hour(self) -> tuple[Decimal, Decimal] | None:
        """The price of one clock hour in EUR (low, high), or ``None`` when the hours are not known."""
        if not self.hours:
            return None
        rate = self.currency.eur_per_unit
        return (self.amount_min * rate / self.hours, self.amount_max * rate / self.hours)
