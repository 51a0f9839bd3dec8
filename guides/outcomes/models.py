"""Outcome reports (private, moderated) and the aggregates that may be shown (three reports or more)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from . import MIN_REPORTS

MAX_MONTHS = 120


def months_taken(verbose_name, **options):
    """Whole months, 0-120: a report says how long it took, never on which days."""
    return models.PositiveSmallIntegerField(
        verbose_name, validators=[MinValueValidator(0), MaxValueValidator(MAX_MONTHS)], **options
    )


class OutcomeReportQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=OutcomeReport.Status.APPROVED)

    def pending(self):
        return self.filter(status=OutcomeReport.Status.PENDING)


class OutcomeReport(models.Model):
    """One doctor's account of a path: never shown by itself, only counted into aggregates.

    Deliberately anonymous: no name, e-mail, city, IP address, user agent or exact date is asked for or
    stored; the start is a month and a year, the time a whole number of months, and the date received
    only its month. The advice text is shown only after a Reviewer approved it (and may edit it).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Outcome(models.TextChoices):
        LICENCE = "licence", _("Full licence")
        RESTRICTED = "restricted", _("Restricted licence")
        TEMPORARY = "temporary", _("Temporary permit")
        GAVE_UP = "gave_up", _("Gave up")
        WAITING = "waiting", _("Still waiting")

    # The outcomes that end a procedure: only these count into the time a path took.
    REACHED = (Outcome.LICENCE, Outcome.RESTRICTED, Outcome.TEMPORARY)

    country = models.ForeignKey(
        "guides.Country", on_delete=models.CASCADE, related_name="outcome_reports", verbose_name=_("country")
    )
    path = models.ForeignKey(
        "guides.RecognitionPath",
        on_delete=models.CASCADE,
        related_name="outcome_reports",
        verbose_name=_("path"),
    )
    started_year = models.PositiveSmallIntegerField(
        _("year started"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    started_month = models.PositiveSmallIntegerField(
        _("month started"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    months_total = months_taken(
        _("months in total"),
        null=True,
        blank=True,
        help_text=_("From the start to the outcome, or until now when still waiting."),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    specialty = models.ForeignKey(
        "guides.Specialty",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("specialty"),
    )
    fees_paid = models.DecimalField(
        _("fees paid"),
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    fees_currency = models.ForeignKey(
        "guides.Currency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("currency of the fees"),
    )
    advice = models.TextField(_("advice"), max_length=2000, blank=True)
    language = models.CharField(_("page language"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    received_in = models.DateField(
        _("received in (month)"), help_text=_("The first day of the month received: no exact date.")
    )

    objects = OutcomeReportQuerySet.as_manager()

    class Meta:
        ordering = ["-received_in", "-pk"]
        verbose_name = _("outcome report")
        verbose_name_plural = _("outcome reports")

    def __str__(self):
        return f"{self.path} ({self.started_month:02d}/{self.started_year}): {self.get_outcome_display()}"

    @property
    def reached(self) -> bool:
        return self.outcome in self.REACHED


class OutcomeStep(models.Model):
    """How many months one step of the path took in one report."""

    report = models.ForeignKey(
        OutcomeReport, on_delete=models.CASCADE, related_name="steps", verbose_name=_("report")
    )
    step = models.ForeignKey(
        "guides.Step", on_delete=models.CASCADE, related_name="outcome_steps", verbose_name=_("step")
    )
    months = months_taken(_("months"))

    class Meta:
        ordering = ["step__position", "step__slug"]
        verbose_name = _("step reported")
        verbose_name_plural = _("steps reported")
        constraints = [
            models.UniqueConstraint(fields=["report", "step"], name="guides_outcomestep_once_per_report")
        ]

    def __str__(self):
        return f"{self.step}: {self.months}"


class OutcomeAggregateManager(models.Manager):
    def get_by_natural_key(self, iso2, path_slug, step_slug=""):
        return self.get(
            path__country__iso2=iso2,
            path__slug=path_slug,
            **({"step__slug": step_slug} if step_slug else {"step": None}),
        )


class OutcomeAggregate(models.Model):
    """What at least three approved reports say about a path (``step`` empty) or one of its steps.

    Recomputed from the approved reports whenever one is moderated (``aggregate.refresh``); a path or
    step with fewer reports has no row, so no page, export or open data can show its numbers.
    """

    path = models.ForeignKey(
        "guides.RecognitionPath",
        on_delete=models.CASCADE,
        related_name="outcome_aggregates",
        verbose_name=_("path"),
    )
    step = models.ForeignKey(
        "guides.Step",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outcome_aggregates",
        verbose_name=_("step"),
    )
    reports = models.PositiveIntegerField(
        _("reports"), validators=[MinValueValidator(MIN_REPORTS)], help_text=_("Approved reports counted.")
    )
    median_months = models.DecimalField(_("median months"), max_digits=5, decimal_places=1)
    months_min = models.PositiveSmallIntegerField(_("fewest months reported"))
    months_max = models.PositiveSmallIntegerField(_("most months reported"))

    objects = OutcomeAggregateManager()

    class Meta:
        ordering = [
            "path__country__iso2",
            "path__slug",
            F("step__position").asc(nulls_first=True),
            F("step__slug").asc(nulls_first=True),
        ]
        verbose_name = _("reported outcome")
        verbose_name_plural = _("reported outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["path"], condition=Q(step=None), name="guides_outcomeaggregate_one_per_path"
            ),
            models.UniqueConstraint(fields=["path", "step"], name="guides_outcomeaggregate_one_per_step"),
            models.CheckConstraint(
                condition=Q(reports__gte=MIN_REPORTS), name="guides_outcomeaggregate_three_or_more"
            ),
            models.CheckConstraint(
                condition=Q(months_min__lte=F("months_max")), name="guides_outcomeaggregate_min_lte_max"
            ),
        ]

    def __str__(self):
        return f"{self.step or self.path}: {self.reports}"

    def natural_key(self):
        return (*self.path.natural_key(), self.step.slug if self.step_id else "")

    natural_key.dependencies = ["guides.recognitionpath", "guides.step"]
