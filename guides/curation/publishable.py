"""The editorial workflow as the models' own behaviour: draft → in review → published.

What "published" means is said once, in ``PublishableModel.PUBLIC``: ``PublishableQuerySet.published()``,
``public_q()`` and ``is_published`` all read it. Every way of publishing (the admin action, the button on
a change page, "Save and publish" on the form) calls ``publish()``, which checks ``publish_problems()``
(what may be published), stamps ``published_at`` where the model has one, and writes one history entry.
The ``status`` field is never edited directly.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models.base import FactModel, NaturalKeyManager
from .models import ReviewEvent, record_event


class Status(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    IN_REVIEW = "in_review", gettext_lazy("In review")
    PUBLISHED = "published", gettext_lazy("Published")


class WorkflowError(Exception):
    """A transition refused for a reason the curator can act on; the message says which."""


def has_model_perm(user, action: str, model) -> bool:
    return user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")


def can_publish(user, model) -> bool:
    """Whether ``user`` may publish items of ``model`` (a step follows its path)."""
    owner = model.workflow_model()
    return owner is not None and has_model_perm(user, "publish", owner)


def can_edit(user, obj) -> bool:
    """Editors change drafts only; published items and items in review belong to Reviewers."""
    if not has_model_perm(user, "change", type(obj)):
        return False
    return obj.workflow_status() in (None, Status.DRAFT) or can_publish(user, type(obj))


#: The length of simple-history's change reason column (a ``varchar(100)`` on PostgreSQL).
REASON_MAX_LENGTH = 100


def item_title(obj) -> str:
    """An item as a confirmation names it: "Israel — Experienced-doctor exemption"."""
    country = obj.country if getattr(obj, "country_id", None) else None
    name = getattr(obj, "name", None) or getattr(obj, "title", None) or getattr(obj, "label", None)
    if country is not None and name:
        return f"{country.name} — {name}"
    return str(obj)


def reason_with_note(reason: str, note: str) -> str:
    """A history change reason quoting the start of the step's note (the whole note is a ReviewEvent)."""
    note = " ".join(note.split())
    if not note:
        return reason
    text = f"{reason}: {note}"
    return text if len(text) <= REASON_MAX_LENGTH else text[: REASON_MAX_LENGTH - 1] + "…"


def save_with_reason(obj, user, reason: str, **kwargs) -> None:
    """Save ``obj`` recording who did it and why in its history."""
    obj._history_user = user
    obj._change_reason = reason
    obj.save(**kwargs)


def delete_with_reason(obj, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.delete()


def refuse_problems(obj) -> None:
    """Raise ``WorkflowError`` with every reason ``obj`` cannot be published, if there is any."""
    problems = obj.publish_problems()
    if problems:
        raise WorkflowError(" ".join(message for _field, message in problems))


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(self.model.public_q())

    def in_review(self):
        return self.filter(status=Status.IN_REVIEW)


class PublishableManager(NaturalKeyManager.from_queryset(PublishableQuerySet)):
    pass


class PublishableModel(FactModel):
    """A fact that goes through review before the public sees it."""

    status = models.CharField(
        gettext_lazy("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    objects = PublishableManager()

    #: The one statement of what the public sees (a revisable model adds "and not a draft revision").
    PUBLIC = {"status": Status.PUBLISHED}
    #: Where ``publish()`` records the first publication, if the model keeps it.
    published_at_field: str | None = None

    class Meta:
        abstract = True

    @classmethod
    def public_q(cls) -> Q:
        return Q(**cls.PUBLIC)

    @property
    def is_published(self) -> bool:
        return all(
            getattr(self, self._meta.get_field(name).attname) == value for name, value in self.PUBLIC.items()
        )

    @classmethod
    def workflow_model(cls):
        return cls

    def workflow_status(self) -> str:
        return self.status

    # --- What may be published ---

    def publish_problems(self, **pending) -> list[tuple[str, str]]:
        """Why this item cannot be published as it stands, as (field, message) pairs; empty when it can.

        ``pending`` carries what a form is about to save (e.g. ``sources=[...]``, ``step_count=2``),
        so the form, the formset and the transitions apply the same rule before and after saving.
        """
        return []

    # --- Transitions ---

    def _require_status(self, allowed: set[str], action: str) -> None:
        if self.status not in allowed:
            raise WorkflowError(
                _("“%(item)s” is %(status)s: it cannot be %(action)s.")
                % {"item": self, "status": self.get_status_display().lower(), "action": action}
            )

    def submit_for_review(self, user, note: str = "") -> None:
        """Propose the item for publication, with an optional note to the Reviewer."""
        if not can_edit(user, self):
            raise PermissionDenied
        self._require_status({Status.DRAFT}, _("submitted for review"))
        self.status = Status.IN_REVIEW
        save_with_reason(
            self, user, reason_with_note(_("Submitted for review"), note), update_fields=["status"]
        )
        record_event(self, user, ReviewEvent.Action.SUBMITTED, note)

    def send_back_to_draft(self, user, note: str = "") -> None:
        """Return the item to its Editor, with the Reviewer's reason."""
        if not can_publish(user, type(self)):
            raise PermissionDenied
        self._require_status({Status.IN_REVIEW}, _("sent back to draft"))
        self.status = Status.DRAFT
        reason = reason_with_note(_("Sent back to draft"), note)
        save_with_reason(self, user, reason, update_fields=["status"])
        record_event(self, user, ReviewEvent.Action.SENT_BACK, note)

    def unpublish(self, user) -> None:
        if not can_publish(user, type(self)):
            raise PermissionDenied
        self._require_status({Status.PUBLISHED}, _("unpublished"))
        self.status = Status.DRAFT
        save_with_reason(self, user, _("Unpublished"), update_fields=["status"])

    def publish(self, user, *, update_fields: list[str] | None = None):
        """Publish a draft or an item in review; return the published item.

        ``update_fields=None`` saves every field (the form's way: its edits and the publication are one
        history entry); the action and the button save only what publishing changes.
        """
        if not can_publish(user, type(self)):
            raise PermissionDenied
        self._require_status({Status.DRAFT, Status.IN_REVIEW}, _("published"))
        refuse_problems(self)
        changed = self.mark_published()
        if update_fields is not None:
            update_fields = [*update_fields, *changed]
        save_with_reason(self, user, _("Published"), update_fields=update_fields)
        record_event(self, user, ReviewEvent.Action.PUBLISHED)
        return self

    def mark_published(self) -> list[str]:
        """Set the fields publication sets (not saved); return their names. Publishing is a review:
        the Reviewer checked the item today."""
        self.status = Status.PUBLISHED
        self.last_reviewed = timezone.localdate()
        changed = ["status", "last_reviewed"]
        if self.published_at_field and getattr(self, self.published_at_field) is None:
            setattr(self, self.published_at_field, timezone.now())
            changed.append(self.published_at_field)
        return changed
