"""The domain model: destinations, their recognition paths and steps, barriers, figures, guides, sources.

Every model has a natural key built from untranslated fields, so fixtures never depend on numeric ids
or on the active language. Reader-facing text is translated by django-modeltranslation
(``guides/translation.py``); history is kept by django-simple-history (registered in ``apps.py``).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import (
    BarrierQuerySet,
    CountryQuerySet,
    FigureQuerySet,
    GuideQuerySet,
    RecognitionPathQuerySet,
    SourceQuerySet,
)

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$", _("Use lower-case letters, digits and single hyphens.")
)


class Confidence(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class CEFRLevel(models.TextChoices):
    A1 = "a1", "A1"
    A2 = "a2", "A2"
    B1 = "b1", "B1"
    B2 = "b2", "B2"
    C1 = "c1", "C1"
    C2 = "c2", "C2"


def range_check(prefix: str, low: str, high: str) -> models.CheckConstraint:
    """A database rule: the minimum of a range is not above its maximum (either may be unknown)."""
    return models.CheckConstraint(
        condition=Q(**{f"{low}__isnull": True})
        | Q(**{f"{high}__isnull": True})
        | Q(**{f"{low}__lte": models.F(high)}),
        name=f"%(app_label)s_%(class)s_{prefix}_min_lte_max",
        violation_error_message=_("The minimum is above the maximum."),
    )


def validate_range(errors: dict, instance, low: str, high: str) -> None:
    """Add a readable error naming the field and both values when ``low`` is above ``high``."""
    low_value, high_value = getattr(instance, low), getattr(instance, high)
    if low_value is not None and high_value is not None and low_value > high_value:
        low_label = instance._meta.get_field(low).verbose_name
        high_label = instance._meta.get_field(high).verbose_name
        errors.setdefault(low, []).append(
            _("%(low_label)s (%(low)s) is above %(high_label)s (%(high)s).")
            % {
                "low_label": str(low_label).capitalize(),
                "low": low_value,
                "high_label": str(high_label).lower(),
                "high": high_value,
            }
        )


class FactModel(models.Model):
    """What every fact-bearing model carries: its sources, how sure we are, when it was last checked."""

    sources = models.ManyToManyField("guides.Source", blank=True, verbose_name=_("sources"))
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    caveat = models.TextField(
        _("caveat"),
        blank=True,
        help_text=_("Shown with a 'sources disagree' marker where sources conflict or a rule is in flux."),
    )

    class Meta:
        abstract = True


class PublishableModel(FactModel):
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


# --- Reference data -------------------------------------------------------------------------------


class SourceManager(models.Manager.from_queryset(SourceQuerySet)):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class Source(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        SURVEY = "survey", _("Survey")
        OFFICIAL = "official", _("Official")
        NGO = "ngo", _("NGO")
        OTHER = "other", _("Other")

    key = models.SlugField(_("key"), max_length=80, unique=True, validators=[slug_validator])
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    date_note = models.CharField(
        _("date note"), max_length=100, blank=True, help_text=_('For example "2023" or "undated".')
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    language = models.CharField(_("language"), max_length=8, blank=True, help_text=_("ISO 639 code."))
    note = models.TextField(_("note"), blank=True)

    objects = SourceManager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.key,)


class LanguageManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Language(models.Model):
    code = models.CharField(
        _("code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[a-z]{2,3}$", _("Use an ISO 639-1 code, else ISO 639-3."))],
    )
    name = models.CharField(_("name"), max_length=100)

    objects = LanguageManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class CurrencyManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Currency(models.Model):
    code = models.CharField(
        _("code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use an ISO 4217 code such as EUR."))],
    )
    name = models.CharField(_("name"), max_length=100)
    eur_per_unit = models.DecimalField(
        _("EUR per unit"), max_digits=16, decimal_places=8, validators=[MinValueValidator(Decimal("0"))]
    )
    as_of = models.DateField(_("rate as of"))
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="currencies", verbose_name=_("source")
    )

    objects = CurrencyManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")
        constraints = [
            models.CheckConstraint(condition=Q(eur_per_unit__gt=0), name="guides_currency_rate_positive"),
        ]

    def __str__(self):
        return self.code

    def natural_key(self):
        return (self.code,)

    natural_key.dependencies = ["guides.source"]


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Specialty(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=150)

    objects = SlugManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Topic(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=150)

    objects = SlugManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Document(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


# --- Destinations ---------------------------------------------------------------------------------


class CountryManager(models.Manager.from_queryset(CountryQuerySet)):
    def get_by_natural_key(self, iso2):
        return self.get(iso2=iso2)


class Country(FactModel):
    class Region(models.TextChoices):
        CIS = "cis", _("CIS and Georgia")
        EU = "eu", _("European Union")
        EUROPE_OTHER = "europe_other", _("Other Europe")
        MIDDLE_EAST = "middle_east", _("Middle East")
        AMERICAS = "americas", _("Americas")

    class VisaRegime(models.TextChoices):
        VISA_FREE = "visa_free", _("Visa-free")
        EVISA = "evisa", _("E-visa")
        VISA_REQUIRED = "visa_required", _("Visa required")
        RESTRICTED = "restricted", _("Restricted")

    iso2 = models.CharField(
        _("ISO 3166 code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[a-z]{2}$", _("Use the two-letter code in lower case, such as ge."))],
    )
    name = models.CharField(_("name"), max_length=100)
    region = models.CharField(_("region"), max_length=12, choices=Region.choices, db_index=True)
    visa_regime = models.CharField(
        _("visa regime for Russian citizens"), max_length=13, choices=VisaRegime.choices, db_index=True
    )
    visa_free_days = models.PositiveSmallIntegerField(
        _("visa-free days"), null=True, blank=True, validators=[MaxValueValidator(3660)]
    )
    visa_note = models.TextField(_("visa note"), blank=True)
    practice_languages = models.ManyToManyField(
        Language, blank=True, related_name="countries", verbose_name=_("practice languages")
    )
    russian_widely_spoken = models.BooleanField(_("Russian widely spoken"), default=False)
    soviet_style_education = models.BooleanField(_("Soviet-style medical education"), default=False)
    summary = models.TextField(_("summary"), blank=True)

    objects = CountryManager()

    class Meta:
        ordering = ["iso2"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(condition=Q(iso2=Lower("iso2")), name="guides_country_iso2_lower"),
            models.CheckConstraint(
                condition=Q(visa_free_days__isnull=True) | Q(visa_free_days__lte=3660),
                name="guides_country_visa_days_sane",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("guides:destination-detail", args=[self.iso2])

    def natural_key(self):
        return (self.iso2,)

    def clean(self):
        if self.iso2:
            self.iso2 = self.iso2.lower()
        if self.visa_free_days and self.visa_regime not in {self.VisaRegime.VISA_FREE, ""}:
            raise ValidationError(
                {
                    "visa_free_days": _(
                        "Visa-free days (%(days)s) only apply when the visa regime is visa-free, "
                        "not “%(regime)s”."
                    )
                    % {"days": self.visa_free_days, "regime": self.get_visa_regime_display()}
                }
            )


class CountryChildManager(models.Manager):
    def get_by_natural_key(self, iso2, slug):
        return self.get(country__iso2=iso2, slug=slug)


class Authority(models.Model):
    class Role(models.TextChoices):
        LICENSING = "licensing", _("Licensing")
        RECOGNITION = "recognition", _("Recognition")
        EXAM = "exam", _("Exam")
        LANGUAGE = "language", _("Language")
        IMMIGRATION = "immigration", _("Immigration")

    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="authorities", verbose_name=_("country")
    )
    slug = models.SlugField(_("slug"), max_length=80, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=300)
    local_name = models.CharField(_("local name"), max_length=300, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    objects = CountryChildManager()

    class Meta:
        ordering = ["country__iso2", "slug"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        constraints = [
            models.UniqueConstraint(fields=["country", "slug"], name="guides_authority_unique_slug"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return self.country.natural_key() + (self.slug,)

    natural_key.dependencies = ["guides.country"]


# --- Recognition paths and their steps ------------------------------------------------------------


class RecognitionPathManager(models.Manager.from_queryset(RecognitionPathQuerySet)):
    def get_by_natural_key(self, iso2, slug):
        return self.get(country__iso2=iso2, slug=slug)


class RecognitionPath(PublishableModel):
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
    revision_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("draft revision of"),
    )

    objects = RecognitionPathManager()

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

    def natural_key(self):
        return self.country.natural_key() + (self.slug,)

    natural_key.dependencies = ["guides.country"]

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
        if self.authority_id and self.country_id and self.authority.country_id != self.country_id:
            errors.setdefault("authority", []).append(
                _("The authority “%(authority)s” belongs to %(other)s, not %(country)s.")
                % {"authority": self.authority, "other": self.authority.country, "country": self.country}
            )
        if self.revision_of_id and self.revision_of_id == self.pk:
            errors.setdefault("revision_of", []).append(_("A path cannot be a revision of itself."))
        if errors:
            raise ValidationError(errors)


class StepManager(models.Manager):
    def get_by_natural_key(self, iso2, path_slug, slug):
        return self.get(path__country__iso2=iso2, path__slug=path_slug, slug=slug)


class Step(FactModel):
    path = models.ForeignKey(
        RecognitionPath, on_delete=models.CASCADE, related_name="steps", verbose_name=_("path")
    )
    slug = models.SlugField(_("slug"), max_length=80, validators=[slug_validator])
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    months_min = models.DecimalField(
        _("minimum months"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("600"))],
    )
    months_max = models.DecimalField(
        _("maximum months"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("600"))],
    )
    cost_min = models.DecimalField(
        _("minimum cost"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    cost_max = models.DecimalField(
        _("maximum cost"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
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

    objects = StepManager()

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

    def __str__(self):
        return self.title

    def natural_key(self):
        return self.path.natural_key() + (self.slug,)

    natural_key.dependencies = ["guides.recognitionpath"]

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
        if self.authority_id and self.path_id and self.authority.country_id != self.path.country_id:
            errors.setdefault("authority", []).append(
                _("The authority “%(authority)s” belongs to %(other)s, not %(country)s.")
                % {
                    "authority": self.authority,
                    "other": self.authority.country,
                    "country": self.path.country,
                }
            )
        if errors:
            raise ValidationError(errors)


# --- Barriers, figures, guides --------------------------------------------------------------------


class BarrierManager(models.Manager.from_queryset(BarrierQuerySet)):
    def get_by_natural_key(self, iso2, slug):
        return self.get(country__iso2=iso2, slug=slug)


class Barrier(PublishableModel):
    class Category(models.TextChoices):
        LANGUAGE = "language", _("Language")
        EXAM = "exam", _("Exam")
        DOCUMENTS = "documents", _("Documents")
        BUREAUCRACY = "bureaucracy", _("Bureaucracy")
        JOB_MARKET = "job_market", _("Job market")
        COST = "cost", _("Cost")
        LEGAL_STATUS = "legal_status", _("Legal status")
        UNLICENSED_PRACTICE = "unlicensed_practice", _("Unlicensed practice")
        BANKING = "banking", _("Banking")
        VISA = "visa", _("Visa")
        FAMILY = "family", _("Family")
        MOBILISATION = "mobilisation", _("Mobilisation")
        OTHER = "other", _("Other")

    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="barriers", verbose_name=_("country")
    )
    slug = models.SlugField(_("slug"), max_length=80, validators=[slug_validator])
    path = models.ForeignKey(
        RecognitionPath,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="barriers",
        verbose_name=_("path"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, db_index=True)
    severity = models.PositiveSmallIntegerField(
        _("severity"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (minor) to 5 (blocks the way)."),
    )
    title = models.CharField(_("title"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    mitigation = models.TextField(_("mitigation"), blank=True)

    objects = BarrierManager()

    class Meta:
        ordering = ["country__iso2", "slug"]
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")
        permissions = [("publish_barrier", _("Can publish barrier"))]
        constraints = [
            models.UniqueConstraint(fields=["country", "slug"], name="guides_barrier_unique_slug"),
            models.CheckConstraint(
                condition=Q(severity__gte=1) & Q(severity__lte=5),
                name="guides_barrier_severity_1_to_5",
                violation_error_message=_("Severity is from 1 to 5."),
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return self.country.natural_key() + (self.slug,)

    natural_key.dependencies = ["guides.country", "guides.recognitionpath"]

    def clean(self):
        if self.path_id and self.country_id and self.path.country_id != self.country_id:
            raise ValidationError(
                {
                    "path": _("The path “%(path)s” belongs to %(other)s, not %(country)s.")
                    % {"path": self.path.name, "other": self.path.country, "country": self.country}
                }
            )


class FigureManager(models.Manager.from_queryset(FigureQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Figure(PublishableModel):
    class Kind(models.TextChoices):
        ONWARD_MIGRATION = "onward_migration", _("Onward migration")
        ARRIVALS = "arrivals", _("Arrivals")
        RECOGNITION_APPLICATIONS = "recognition_applications", _("Recognition applications")
        RETURN_RATE = "return_rate", _("Return rate")
        EMIGRATION = "emigration", _("Emigration")
        DOCTORS = "doctors", _("Doctors")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[slug_validator])
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("country"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, db_index=True)
    label = models.CharField(_("label"), max_length=300)
    value_min = models.DecimalField(
        _("minimum value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    value_max = models.DecimalField(
        _("maximum value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True, help_text=_('For example "%" or "people".'))
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )

    objects = FigureManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        permissions = [("publish_figure", _("Can publish figure"))]
        constraints = [range_check("value", "value_min", "value_max")]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["guides.country"]

    def clean(self):
        errors: dict = {}
        validate_range(errors, self, "value_min", "value_max")
        if errors:
            raise ValidationError(errors)


class GuideManager(models.Manager.from_queryset(GuideQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Guide(PublishableModel):
    slug = models.SlugField(_("slug"), max_length=120, unique=True, validators=[slug_validator])
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown; sanitised when shown."))
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    countries = models.ManyToManyField(
        Country, blank=True, related_name="guides", verbose_name=_("countries")
    )
    specialties = models.ManyToManyField(
        Specialty, blank=True, related_name="guides", verbose_name=_("specialties")
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="guides", verbose_name=_("topics"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    revision_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("draft revision of"),
    )

    objects = GuideManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        permissions = [("publish_guide", _("Can publish guide"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guides:guide-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        if self.revision_of_id and self.revision_of_id == self.pk:
            raise ValidationError({"revision_of": _("A guide cannot be a revision of itself.")})


# --- Readers' correction reports ------------------------------------------------------------------


class CorrectionReport(models.Model):
    """A reader's note that something on a country or guide page is outdated or wrong.

    Deliberately anonymous: no name, e-mail, IP address or user agent is stored. The item is a country
    (optionally one of its paths) or a guide.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="correction_reports",
        verbose_name=_("country"),
    )
    path = models.ForeignKey(
        RecognitionPath,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="correction_reports",
        verbose_name=_("path"),
    )
    guide = models.ForeignKey(
        Guide,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="correction_reports",
        verbose_name=_("guide"),
    )
    message = models.TextField(_("what is wrong"), max_length=2000)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    language = models.CharField(_("page language"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.NEW, db_index=True
    )
    staff_note = models.TextField(_("staff note"), blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("correction report")
        verbose_name_plural = _("correction reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=False) | Q(guide__isnull=False),
                name="guides_correctionreport_has_item",
                violation_error_message=_("A report is about a country or a guide."),
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.message[:60]}"

    @property
    def item(self):
        """What the report is about: the path when one was chosen, else the country or the guide."""
        return self.path or self.country or self.guide


# --- Language study (the "plan my move" estimator) -----------------------------------------------


class StudyTimeManager(models.Manager):
    def get_by_natural_key(self, code, level):
        return self.get(language__code=code, level=level)


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

    objects = StudyTimeManager()

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

    def natural_key(self):
        return self.language.natural_key() + (self.level,)

    natural_key.dependencies = ["guides.language", "guides.source"]

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

    objects = SlugManager()

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

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["guides.language", "guides.source"]


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

    objects = SlugManager()

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

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["guides.language", "guides.country", "guides.currency", "guides.source"]

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
