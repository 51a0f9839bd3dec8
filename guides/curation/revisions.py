"""Draft revisions: a Reviewer-approved change to a live item, prepared as a draft copy.

An Editor makes a *draft revision* of a published item (a copy linked by ``revision_of``, with copies of
its child rows, e.g. a path's steps), edits it and submits it. Publishing the revision moves its content
and children into the live item, which keeps its natural key and URL; rows of other models that pointed
at the revision then point at the live item. The history records who did it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.translator import NotRegistered, translator

from relocation.cache import bump_data_version_on_commit

from .models import ReviewEvent, move_events, record_event
from .publishable import (
    PublishableModel,
    Status,
    WorkflowError,
    can_publish,
    delete_with_reason,
    has_model_perm,
    refuse_problems,
    save_with_reason,
)
from .worddiff import mark_words

# Fields a revision never hands over to its live item: identity, place in the workflow.
IDENTITY_FIELDS = {"id", "slug", "country", "revision_of", "status", "published_at"}
CHILD_IDENTITY_FIELDS = {"id", "slug"}


class RevisableModel(PublishableModel):
    """A published item that is changed through a draft revision rather than edited live."""

    revision_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=gettext_lazy("draft revision of"),
    )

    PUBLIC = {**PublishableModel.PUBLIC, "revision_of": None}
    #: The reverse relation of the child rows a revision copies and hands over (e.g. a path's steps).
    revision_children: str | None = None

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        check_revision_of(self)

    def siblings(self) -> models.QuerySet:
        """Rows whose slug must differ from this one's."""
        return type(self).objects.all()

    def publish(self, user, *, update_fields=None):
        if self.revision_of_id:
            return publish_revision(self, user)
        return super().publish(user, update_fields=update_fields)

    def children(self) -> list:
        return list(getattr(self, self.revision_children).all()) if self.revision_children else []


def check_revision_of(obj) -> None:
    """A revision points at a live item: not at itself, not at another revision (so never a cycle)."""
    if not obj.revision_of_id:
        return
    if obj.pk is not None and obj.revision_of_id == obj.pk:
        raise ValidationError(
            {"revision_of": _("“%(item)s” cannot be a revision of itself.") % {"item": obj}}
        )
    target = type(obj).objects.filter(pk=obj.revision_of_id).values("revision_of_id").first()
    if target is not None and target["revision_of_id"] is not None:
        raise ValidationError(
            {
                "revision_of": _(
                    "“%(item)s” would be a revision of another draft revision: point it at the live item."
                )
                % {"item": obj}
            }
        )


def _translated_originals(model) -> set[str]:
    """The untranslated 'virtual' fields modeltranslation maps to ``<name>_<language>`` columns."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def content_fields(model, skip: set[str]) -> list[models.Field]:
    originals = _translated_originals(model)
    return [f for f in model._meta.concrete_fields if f.name not in skip and f.name not in originals]


def _copy_content(source, target, skip: set[str]) -> None:
    for f in content_fields(type(source), skip):
        setattr(target, f.attname, getattr(source, f.attname))


def _copy_m2m(source, target) -> None:
    for f in type(source)._meta.many_to_many:
        getattr(target, f.name).set(getattr(source, f.name).all())


def _revision_slug(obj) -> str:
    max_length = type(obj)._meta.get_field("slug").max_length
    siblings = obj.siblings()
    number = 1
    while True:
        suffix = f"-revision-{number}"
        slug = obj.slug[: max_length - len(suffix)].rstrip("-") + suffix
        if not siblings.filter(slug=slug).exists():
            return slug
        number += 1


def _fresh_copy(obj, **changes):
    """An unsaved copy of ``obj`` as stored (raw column values, every language)."""
    copy = type(obj).objects.get(pk=obj.pk)
    copy.pk = None
    copy._state.adding = True
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


def _parent_field(obj) -> str:
    """The name of the foreign key by which ``obj``'s children point at it."""
    return getattr(type(obj), obj.revision_children).field.name


@transaction.atomic
def create_revision(obj, user):
    """A draft copy of a published item (with copies of its children), linked by ``revision_of``."""
    if not isinstance(obj, RevisableModel) or not has_model_perm(user, "add", type(obj)):
        raise PermissionDenied
    if obj.revision_of_id:
        raise WorkflowError(_("“%(item)s” is itself a draft revision.") % {"item": obj})
    obj._require_status({Status.PUBLISHED}, _("revised (edit the draft directly)"))
    existing = obj.revisions.first()
    if existing is not None:
        raise WorkflowError(
            _("“%(item)s” already has a draft revision (%(slug)s): continue that one.")
            % {"item": obj, "slug": existing.slug}
        )
    return copy_as_revision(obj, user, _("Draft revision of %(slug)s") % {"slug": obj.slug})


def copy_as_revision(obj, user, reason: str):
    """The draft copy itself, without the checks of who may make one (an import through review makes
    its revisions with this, the checks being the importer's)."""
    revision = _fresh_copy(obj, slug=_revision_slug(obj), status=Status.DRAFT, revision_of=obj)
    save_with_reason(revision, user, reason)
    _copy_m2m(obj, revision)
    for child in obj.children():
        child_copy = _fresh_copy(child, **{_parent_field(obj): revision})
        save_with_reason(child_copy, user, reason)
        _copy_m2m(child, child_copy)
    return revision


def _repoint_references(revision, live, user, reason: str) -> None:
    """Rows of other models that refer to the revision refer to the live item instead, each change
    recorded in that row's history."""
    for relation in type(revision)._meta.related_objects:
        if relation.many_to_many or relation.related_model is type(revision):
            continue
        if relation.get_accessor_name() == revision.revision_children:
            continue
        name = relation.field.name
        for row in relation.related_model._base_manager.filter(**{name: revision}):
            setattr(row, name, live)
            if hasattr(row, "history"):
                save_with_reason(row, user, reason, update_fields=[name])
            else:
                row.save(update_fields=[name])


@transaction.atomic
def publish_revision(revision, user):
    """The live item takes the revision's content and children and keeps its natural key and URL."""
    model = type(revision)
    if not can_publish(user, model):
        raise PermissionDenied
    live = model.objects.select_for_update().get(pk=revision.revision_of_id)
    # Publishing merges the revision into its live item and deletes the revision: an item that is a
    # revision of itself, or of another revision, would lose itself (and its children) that way.
    if live.pk == revision.pk or live.revision_of_id is not None:
        raise WorkflowError(
            _("“%(item)s” is not a revision of a live item: point it at the live item before publishing.")
            % {"item": revision}
        )
    refuse_problems(revision)
    reason = _("Published revision %(slug)s") % {"slug": revision.slug}
    _copy_content(revision, live, IDENTITY_FIELDS)
    live.mark_published()
    save_with_reason(live, user, reason)
    _copy_m2m(revision, live)
    if revision.revision_children:
        parent = _parent_field(revision)
        live_children = {child.slug: child for child in live.children()}
        for child in revision.children():
            target = live_children.pop(child.slug, None)
            if target is None:
                setattr(child, parent, live)
                save_with_reason(child, user, reason)
            else:
                _copy_content(child, target, {*CHILD_IDENTITY_FIELDS, parent})
                save_with_reason(target, user, reason)
                _copy_m2m(child, target)
        for child in live_children.values():
            delete_with_reason(child, user, reason)
    _repoint_references(revision, live, user, reason)
    move_events(revision, live)
    record_event(live, user, ReviewEvent.Action.PUBLISHED)
    # update() sends no signal: say explicitly that public pages must be rebuilt.
    bump_data_version_on_commit()
    delete_with_reason(revision, user, reason)
    return live


# --- Differences between a revision and its live item ---------------------------------------------


@dataclass
class Change:
    label: str
    old: str
    new: str

    @property
    def old_marked(self):
        """The old value with the words that go marked (``worddiff.py``)."""
        return mark_words(self.old, self.new)[0]

    @property
    def new_marked(self):
        return mark_words(self.old, self.new)[1]


@dataclass
class ChildChanges:
    title: str
    kind: str  # "added", "removed" or "changed"
    changes: list[Change] = field(default_factory=list)


def _display(obj, f) -> str:
    if f.many_to_many:
        return ", ".join(str(o) for o in getattr(obj, f.name).all()) or "—"
    if f.is_relation:
        value = getattr(obj, f.name)
    elif f.choices:
        value = getattr(obj, f"get_{f.name}_display")() if getattr(obj, f.attname) else ""
    else:
        value = getattr(obj, f.attname)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _shown_fields(model, skip: set[str]) -> list[models.Field]:
    return content_fields(model, skip) + [f for f in model._meta.many_to_many if f.name not in skip]


def field_values(obj, skip: set[str]) -> list[tuple[str, str]]:
    """Every content field of ``obj`` as (label, shown value), each language of a translated field apart."""
    return [(str(f.verbose_name).capitalize(), _display(obj, f)) for f in _shown_fields(type(obj), skip)]


def field_changes(old, new, skip: set[str]) -> list[Change]:
    """Field by field (each language of a translated field apart), what differs from ``old`` to ``new``."""
    changes = []
    for f in _shown_fields(type(old), skip):
        before, after = _display(old, f), _display(new, f)
        if before != after:
            changes.append(Change(str(f.verbose_name).capitalize(), before, after))
    return changes


def revision_changes(revision) -> tuple[list[Change], list[ChildChanges]]:
    """What publishing ``revision`` would change in its live item: its fields, then its children."""
    live = revision.revision_of
    changes = field_changes(live, revision, IDENTITY_FIELDS)
    child_changes: list[ChildChanges] = []
    if revision.revision_children:
        skip = {*CHILD_IDENTITY_FIELDS, _parent_field(revision)}
        live_children = {child.slug: child for child in live.children()}
        for child in revision.children():
            old = live_children.pop(child.slug, None)
            if old is None:
                child_changes.append(ChildChanges(str(child), "added"))
                continue
            diff = field_changes(old, child, skip)
            if diff:
                child_changes.append(ChildChanges(str(child), "changed", diff))
        child_changes += [ChildChanges(str(child), "removed") for child in live_children.values()]
    return changes, child_changes
