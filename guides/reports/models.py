"""Readers' correction reports: anonymous notes that something on a page is wrong or outdated."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models.destinations import Country
from ..models.facts import Guide
from ..models.paths import RecognitionPath


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
    # The draft that fixes what the report says (a draft revision of the live item, or the draft
    # itself); when a revision is published, the link moves to the live item with every other reference.
    fix_path = models.ForeignKey(
        RecognitionPath,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fix_reports",
        verbose_name=_("fixed in (path)"),
    )
    fix_guide = models.ForeignKey(
        Guide,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fix_reports",
        verbose_name=_("fixed in (guide)"),
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

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

    @property
    def revisable_item(self):
        """The item a fix is drafted on: the path or the guide (a country is edited directly)."""
        return self.path or self.guide

    @property
    def fix(self):
        return self.fix_path or self.fix_guide
