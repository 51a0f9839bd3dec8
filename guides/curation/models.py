"""The review conversation: who submitted an item, who sent it back and why, what a Reviewer changed.

Each step of the workflow that carries a note is one ``ReviewEvent`` row, next to the item's
simple-history entry of the same step (whose change reason quotes the start of the note). The row points
at its item generically (content type and id), so every workflow model shares one table; a revision's
events move to its live item when the revision is published, so the conversation stays with the item.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NOTE_MAX_LENGTH = 1000


class ReviewEventQuerySet(models.QuerySet):
    def for_item(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def for_items(self, model, pks):
        return self.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=pks)

    def last_action_of(self, model) -> Subquery:
        """The action of an item's latest event, for ``annotate()`` on a queryset of ``model``."""
        latest = self.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk")
        ).order_by("-created_at", "-pk")
        return Subquery(latest.values("action")[:1])


class ReviewEvent(models.Model):
    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        SENT_BACK = "sent_back", _("Sent back to draft")
        REVIEWER_EDIT = "reviewer_edit", _("Changed by a Reviewer")
        PUBLISHED = "published", _("Published")
        CONFIRMED = "confirmed", _("Confirmed still correct")
        IMPORTED = "imported", _("Imported from a file, for review")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("item type"))
    object_id = models.PositiveBigIntegerField(_("item id"))
    item = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    objects = ReviewEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="guides_review_item_idx")]
        verbose_name = _("review event")
        verbose_name_plural = _("review events")

    def __str__(self):
        return f"{self.get_action_display()} ({self.user or '—'}, {self.created_at:%Y-%m-%d %H:%M})"


def record_event(obj, user, action: str, note: str = "") -> ReviewEvent:
    return ReviewEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        action=action,
        note=note.strip(),
        user=user if getattr(user, "pk", None) else None,
    )


def move_events(source, target) -> None:
    """A published revision's conversation continues on its live item."""
    ReviewEvent.objects.for_item(source).update(object_id=target.pk)
