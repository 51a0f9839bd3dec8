"""Reference data the facts point at: sources, languages, currencies, specialties, topics, documents."""

from decimal import Decimal

from django.apps import apps
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from .base import ContentModel, NaturalKeyManager, slug_validator


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


class Source(ContentModel):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        SURVEY = "survey", _("Survey")
        OFFICIAL = "official", _("Official")
        NGO = "ngo", _("NGO")
        OTHER = "other", _("Other")

    key = models.SlugField(_("key"), max_length=80, unique=True, validators=[slug_validator])
    title = models.CharField(_("title"), max_length=300, help_text=_("As published, in its own language."))
    title_translation = models.CharField(
        _("title, translated"),
        max_length=300,
        blank=True,
        help_text=_("The title in the page's language, shown beside the original."),
    )
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    date_note = models.CharField(
        _("date note"), max_length=200, blank=True, help_text=_('For example "2023" or "undated".')
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    language = models.CharField(_("language"), max_length=8, blank=True, help_text=_("ISO 639 code."))
    note = models.TextField(_("note"), blank=True)

    natural_key_fields = ("key",)
    objects = NaturalKeyManager.from_queryset(SourceQuerySet)()

    class Meta:
        ordering = ["key"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title


class Language(ContentModel):
    code = models.CharField(
        _("code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[a-z]{2,3}$", _("Use an ISO 639-1 code, else ISO 639-3."))],
    )
    name = models.CharField(_("name"), max_length=100)

    natural_key_fields = ("code",)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name


class Currency(ContentModel):
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

    natural_key_fields = ("code",)

    class Meta:
        ordering = ["code"]
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")
        constraints = [
            models.CheckConstraint(condition=Q(eur_per_unit__gt=0), name="guides_currency_rate_positive"),
        ]

    def __str__(self):
        return self.code


class Specialty(ContentModel):
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")

    def __str__(self):
        return self.name


class Topic(ContentModel):
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class Document(ContentModel):
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.name
