"""Change notes (what changed in a published fact, and when) and dated events (exam sessions,
deadlines, rules taking effect, regimes ending).

A change note is written by a Reviewer when a change to a fact goes public (``guides/changes/notes.py``
records it); material notes are the ones readers see on the item's page, at ``/changes/`` and in the
feeds, while every note (typo fixes too) goes to partners in ``/data/changes.json``. Notes are plain
text, sanitised when they are saved.
"""

import datetime

import nh3
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..curation.publishable import Status
from ..models.base import ContentModel, FactModel, NaturalKeyManager, slug_validator
from ..models.destinations import Country
from ..models.facts import Guide
from ..models.paths import RecognitionPath, Step
from ..models.reference import Topic

NOTE_MAX_LENGTH = 300


def plain_text(value: str) -> str:
    """Staff-written text as plain text: tags removed (their text kept), whitespace collapsed."""
    text = nh3.clean(value or "", tags=set(), clean_content_tags={"script", "style"})
    # nh3 escapes what it keeps; the notes are stored as text and escaped once, where they are shown.
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return " ".join(text.split())


class ChangeNoteQuerySet(models.QuerySet):
    def material(self):
        """The notes readers see: changes that matter to them."""
        return self.filter(material=True)

    def newest_first(self):
        return self.order_by("-published_on", "-key")

    def since(self, date: datetime.date):
        return self.filter(published_on__gte=date)

    def for_country(self, country):
        return self.filter(countries=country)

    def for_region(self, region: str):
        through = self.model.countries.through
        return self.filter(Exists(through.objects.filter(changenote=OuterRef("pk"), country__region=region)))

    def for_topic(self, topic):
        return self.filter(topics=topic)

    def for_selection(self, countries, paths):
        """Notes about these paths, and notes about these countries that concern no single path."""
        through = self.model.countries.through
        about_countries = Exists(through.objects.filter(changenote=OuterRef("pk"), country__in=countries))
        return self.filter(Q(path__in=paths) | (Q(path=None) & Q(guide=None) & about_countries))

    def with_related(self):
        return self.select_related("path__country", "guide").prefetch_related("countries", "topics")


class ChangeNote(ContentModel):
    """One published change to one fact: when, what, which fields, and the public note."""

    key = models.SlugField(_("key"), max_length=140, unique=True, validators=[slug_validator])
    published_on = models.DateField(_("published on"), db_index=True)
    item_model = models.CharField(
        _("kind of item"), max_length=60, help_text=_("For example guides.barrier.")
    )
    item_key = models.CharField(
        _("item's natural key"), max_length=200, help_text=_("Its natural key, parts joined by '/'.")
    )
    item_name = models.CharField(_("item"), max_length=300)
    countries = models.ManyToManyField(
        Country, blank=True, related_name="change_notes", verbose_name=_("countries")
    )
    path = models.ForeignKey(
        RecognitionPath,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_notes",
        verbose_name=_("path"),
    )
    guide = models.ForeignKey(
        Guide,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_notes",
        verbose_name=_("guide"),
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="change_notes", verbose_name=_("topics"))
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    material = models.BooleanField(
        _("matters to readers"), default=False, help_text=_("Shown on public pages and in the feeds.")
    )
    first_publication = models.BooleanField(_("first publication"), default=False)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)

    natural_key_fields = ("key",)
    objects = NaturalKeyManager.from_queryset(ChangeNoteQuerySet)()

    class Meta:
        ordering = ["-published_on", "key"]
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")

    def __str__(self):
        return f"{self.published_on:%Y-%m-%d} {self.item_name}"

    def save(self, *args, **kwargs):
        for name in ("note_en", "note_ru"):
            if hasattr(self, name) and getattr(self, name):
                setattr(self, name, plain_text(getattr(self, name))[:NOTE_MAX_LENGTH])
        super().save(*args, **kwargs)

    @property
    def anchor(self) -> str:
        return f"change-{self.key}"

    def item_url(self) -> str:
        """The public page of the item (its country's page for paths, steps, barriers and figures)."""
        if self.guide_id:
            return self.guide.get_absolute_url()
        if self.path_id:
            return self.path.get_absolute_url().split("#")[0]
        country = next(iter(self.countries.all()), None)
        return country.get_absolute_url() if country else ""

    def get_absolute_url(self):
        url = self.item_url()
        return f"{url}#{self.anchor}" if url else ""


class DatedEventQuerySet(models.QuerySet):
    def visible(self):
        """Events of a country, or of a published live path."""
        return self.filter(Q(path=None) | Q(path__status=Status.PUBLISHED, path__revision_of=None))

    def upcoming(self, today: datetime.date):
        """Events still ahead (or under way): past ones drop off."""
        return self.filter(Q(ends_on__gte=today) | Q(ends_on=None, starts_on__gte=today)).order_by(
            "starts_on", "slug"
        )

    def for_selection(self, countries, paths):
        """Events of these paths, and of these countries that concern no single path."""
        return self.filter(Q(path__in=paths) | Q(path=None, country__in=countries))


class DatedEvent(FactModel):
    """A date that matters on a path or in a country, curated and sourced like any fact."""

    class Kind(models.TextChoices):
        EXAM_SESSION = "exam_session", _("Exam session")
        APPLICATION_DEADLINE = "application_deadline", _("Application deadline")
        RULE_CHANGE = "rule_change", _("Rule takes effect")
        REGIME_END = "regime_end", _("Regime ends")
        OTHER = "other", _("Other")

    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="events", verbose_name=_("country")
    )
    slug = models.SlugField(_("slug"), max_length=80, validators=[slug_validator])
    path = models.ForeignKey(
        RecognitionPath,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("path"),
    )
    step = models.ForeignKey(
        Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("step")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("For an event over several days.")
    )
    url = models.URLField(_("link"), blank=True, help_text=_("Where to register or read the rule."))

    natural_key_fields = ("country", "slug")
    objects = NaturalKeyManager.from_queryset(DatedEventQuerySet)()

    class Meta:
        ordering = ["country__iso2", "slug"]
        verbose_name = _("dated event")
        verbose_name_plural = _("dated events")
        constraints = [
            models.UniqueConstraint(fields=["country", "slug"], name="guides_event_unique_slug"),
            models.CheckConstraint(
                condition=Q(ends_on=None) | Q(ends_on__gte=models.F("starts_on")),
                name="guides_event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%Y-%m-%d})" if self.starts_on else self.title

    def clean(self):
        errors: dict = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end (%(end)s) is before the date (%(start)s).") % {
                "end": self.ends_on,
                "start": self.starts_on,
            }
        if self.path_id and self.country_id and self.path.country_id != self.country_id:
            errors["path"] = _("The path “%(path)s” belongs to another country.") % {"path": self.path}
        if self.step_id and self.step.path_id != self.path_id:
            errors["step"] = _("The step “%(step)s” is not a step of the chosen path.") % {"step": self.step}
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return self.country.get_absolute_url() + f"#event-{self.slug}"
