"""A fixture import run in the background: the uploaded file, where the run is, and what it found."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FixtureImport(models.Model):
    """One upload through the admin: a dry run first, then, on confirmation, the import.

    The file's bytes are kept only until the import has run (or the file was refused).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Running")
        CHECKED = "checked", _("Checked (dry run): nothing written yet")
        IMPORTED = "imported", _("Imported")
        REFUSED = "refused", _("Refused: nothing was imported")
        FAILED = "failed", _("Failed: nothing was imported")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    filename = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("file"), blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    dry_run = models.BooleanField(_("dry run"), default=True)
    direct = models.BooleanField(
        _("direct import, without review"),
        default=False,
        help_text=_("Superusers only: published content changes as the file says, without review."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    summary = models.JSONField(_("summary"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("fixture import")
        verbose_name_plural = _("fixture imports")
        default_permissions = ()

    def __str__(self):
        return f"{self.filename} ({self.get_state_display()})"

    def problem_lines(self) -> list[str]:
        """The problems found, in the active language (each is stored in every language of the site)."""
        from .words import for_reader

        return [for_reader(problem) for problem in self.problems]

    def summary_lines(self) -> list[str]:
        """The stored summary in the active language (the worker stores it as data, not words)."""
        from .importer import summary_line

        return [summary_line(entry) for entry in self.summary]

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
