"""Barriers on the way, figures (surveys and migration numbers) and guides."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..curation.publishable import PublishableModel, PublishableQuerySet
from ..curation.revisions import RevisableModel
from .base import NaturalKeyManager, page_url, range_check, slug_validator, validate_range
from .destinations import Country, same_country
from .paths import RecognitionPath
from .reference import Specialty, Topic

SEARCH_MAX_WORDS = 10


class BarrierQuerySet(PublishableQuerySet):
    def by_severity(self):
        return self.order_by("-severity", "slug")


class GuideQuerySet(PublishableQuerySet):
    def newest_first(self):
        return self.order_by(F("published_at").desc(nulls_last=True), "slug")

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


class Barrier(RevisableModel):
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
        # Refused while this row points at it (Django's admin says which rows): clearing the link
        # silently would leave this row's history incomplete. Deleted with it when both go (a country).
        on_delete=models.RESTRICT,
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

    natural_key_fields = ("country", "slug")
    main_text_fields = ("title", "detail")
    objects = NaturalKeyManager.from_queryset(BarrierQuerySet)()

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

    def siblings(self):
        return type(self).objects.filter(country_id=self.country_id)

    def clean(self):
        errors: dict = {}
        if self.country_id:
            same_country(errors, self, "path", self.country)
        if errors:
            raise ValidationError(errors)
        super().clean()


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

    main_text_fields = ("label",)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        permissions = [("publish_figure", _("Can publish figure"))]
        constraints = [range_check("value", "value_min", "value_max")]

    def __str__(self):
        return self.label

    def clean(self):
        errors: dict = {}
        validate_range(errors, self, "value_min", "value_max")
        if errors:
            raise ValidationError(errors)


class Guide(RevisableModel):
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
    natural_key_fields = ("slug",)
    main_text_fields = ("title", "summary", "body")
    published_at_field = "published_at"
    objects = NaturalKeyManager.from_queryset(GuideQuerySet)()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        permissions = [("publish_guide", _("Can publish guide"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return page_url("guides:guide-detail", self.slug)
