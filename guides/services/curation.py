"""Curation: the editorial workflow, draft revisions, freshness and what needs a curator's attention.

Public content changes only through a Reviewer. Editors write drafts (or a *draft revision* of a
published path or guide: a copy linked by ``revision_of``) and submit them; Reviewers publish them or
send them back. Publishing a revision moves its content and steps into the live item, which keeps its
natural key and URL; the history records who did it. Each transition is one function here, called by
the admin's actions and buttons alike, so the rules live in one place.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modeltranslation.translator import NotRegistered, translator

from relocation.cache import bump_data_version_on_commit

from ..models import Barrier, Country, Figure, Guide, RecognitionPath, Status, Step

PUBLISHABLE_MODELS = (RecognitionPath, Barrier, Figure, Guide)
FACT_MODELS = (Country, RecognitionPath, Step, Barrier, Figure, Guide)
REVISABLE_MODELS = (RecognitionPath, Guide)


class WorkflowError(Exception):
    """A transition refused for a reason the curator can act on; the message says which."""


# --- Permissions ----------------------------------------------------------------------------------


def publish_permission(model) -> str:
    """The permission that lets a user publish items of ``model`` (a step follows its path)."""
    if model is Step:
        model = RecognitionPath
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def can_publish(user, model) -> bool:
    return user.has_perm(publish_permission(model))


def _perm(user, action: str, model) -> bool:
    return user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")


def can_edit(user, obj) -> bool:
    """Editors change drafts only; published items and items in review belong to Reviewers."""
    model = type(obj)
    if not _perm(user, "change", model):
        return False
    status = workflow_status(obj)
    return status in (None, Status.DRAFT) or can_publish(user, model)


def workflow_status(obj) -> str | None:
    """The status that decides who may edit ``obj``: its own, or its path's for a step."""
    if isinstance(obj, Step):
        return obj.path.status if obj.path_id else None
    return getattr(obj, "status", None)


# --- Freshness ------------------------------------------------------------------------------------


def stale_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Items last reviewed before this date are stale."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.GUIDES_STALE_AFTER_DAYS)


def stale_q(today: datetime.date | None = None) -> Q:
    """Stale: never reviewed, or last reviewed more than ``GUIDES_STALE_AFTER_DAYS`` days ago."""
    return Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=stale_cutoff(today))


def is_stale(obj, today: datetime.date | None = None) -> bool:
    return obj.last_reviewed is None or obj.last_reviewed < stale_cutoff(today)


def mark_reviewed(obj, user, today: datetime.date | None = None) -> None:
    """Confirm an item is still correct: set ``last_reviewed`` to today and change nothing else."""
    if not can_edit(user, obj):
        raise PermissionDenied
    obj.last_reviewed = today or timezone.localdate()
    _save(obj, user, _("Marked reviewed"), update_fields=["last_reviewed"])


# --- Transitions ----------------------------------------------------------------------------------


def publish_problems(obj) -> list[str]:
    """Why ``obj`` cannot be published as it stands (empty when it can)."""
    problems = []
    if isinstance(obj, RecognitionPath):
        if not obj.steps.exists():
            problems.append(
                _("The path “%(path)s” has no steps: add at least one step before publishing.")
                % {"path": obj}
            )
        if not obj.sources.exists():
            problems.append(
                _("The path “%(path)s” has no sources: cite at least one source before publishing.")
                % {"path": obj}
            )
    return problems


def _save(obj, user, reason: str, **kwargs) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.save(**kwargs)


def _require_status(obj, allowed: set[str], action: str) -> None:
    if obj.status not in allowed:
        raise WorkflowError(
            _("“%(item)s” is %(status)s: it cannot be %(action)s.")
            % {"item": obj, "status": obj.get_status_display().lower(), "action": action}
        )


def submit_for_review(obj, user) -> None:
    if not can_edit(user, obj):
        raise PermissionDenied
    _require_status(obj, {Status.DRAFT}, _("submitted for review"))
    obj.status = Status.IN_REVIEW
    _save(obj, user, _("Submitted for review"), update_fields=["status"])


def send_back_to_draft(obj, user) -> None:
    if not can_publish(user, type(obj)):
        raise PermissionDenied
    _require_status(obj, {Status.IN_REVIEW}, _("sent back to draft"))
    obj.status = Status.DRAFT
    _save(obj, user, _("Sent back to draft"), update_fields=["status"])


def unpublish(obj, user) -> None:
    if not can_publish(user, type(obj)):
        raise PermissionDenied
    _require_status(obj, {Status.PUBLISHED}, _("unpublished"))
    obj.status = Status.DRAFT
    _save(obj, user, _("Unpublished"), update_fields=["status"])


def publish(obj, user):
    """Publish a draft or an item in review; a revision is published into its live item.

    Returns the published item (for a revision: the live one, the revision itself is gone).
    """
    if not can_publish(user, type(obj)):
        raise PermissionDenied
    if getattr(obj, "revision_of_id", None):
        return publish_revision(obj, user)
    _require_status(obj, {Status.DRAFT, Status.IN_REVIEW}, _("published"))
    problems = publish_problems(obj)
    if problems:
        raise WorkflowError(" ".join(problems))
    obj.status = Status.PUBLISHED
    update_fields = ["status"]
    if isinstance(obj, Guide) and obj.published_at is None:
        obj.published_at = timezone.now()
        update_fields.append("published_at")
    _save(obj, user, _("Published"), update_fields=update_fields)
    return obj


# --- Draft revisions ------------------------------------------------------------------------------

# Fields a revision never hands over to its live item: identity, place in the workflow.
_IDENTITY_FIELDS = {"id", "slug", "country", "revision_of", "status", "published_at"}


def _translated_originals(model) -> set[str]:
    """The untranslated 'virtual' fields modeltranslation maps to ``<name>_<language>`` columns."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def _content_fields(model, skip: set[str]) -> list[models.Field]:
    originals = _translated_originals(model)
    return [f for f in model._meta.concrete_fields if f.name not in skip and f.name not in originals]


def _copy_content(source, target, skip: set[str]) -> None:
    for f in _content_fields(type(source), skip):
        setattr(target, f.attname, getattr(source, f.attname))


def _copy_m2m(source, target) -> None:
    for f in type(source)._meta.many_to_many:
        getattr(target, f.name).set(getattr(source, f.name).all())


def _revision_slug(obj) -> str:
    max_length = type(obj)._meta.get_field("slug").max_length
    siblings = type(obj).objects.all()
    if isinstance(obj, RecognitionPath):
        siblings = siblings.filter(country_id=obj.country_id)
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


@transaction.atomic
def create_revision(obj, user):
    """A draft copy of a published path (with its steps) or guide, linked to it by ``revision_of``."""
    model = type(obj)
    if model not in REVISABLE_MODELS or not _perm(user, "add", model):
        raise PermissionDenied
    if obj.revision_of_id:
        raise WorkflowError(_("“%(item)s” is itself a draft revision.") % {"item": obj})
    _require_status(obj, {Status.PUBLISHED}, _("revised (edit the draft directly)"))
    existing = obj.revisions.first()
    if existing is not None:
        raise WorkflowError(
            _("“%(item)s” already has a draft revision (%(slug)s): continue that one.")
            % {"item": obj, "slug": existing.slug}
        )
    revision = _fresh_copy(obj, slug=_revision_slug(obj), status=Status.DRAFT, revision_of=obj)
    _save(revision, user, _("Draft revision of %(slug)s") % {"slug": obj.slug})
    _copy_m2m(obj, revision)
    if isinstance(obj, RecognitionPath):
        for step in obj.steps.all():
            step_copy = _fresh_copy(step, path=revision)
            _save(step_copy, user, _("Draft revision of %(slug)s") % {"slug": obj.slug})
            _copy_m2m(step, step_copy)
    return revision


@transaction.atomic
def publish_revision(revision, user):
    """The live item takes the revision's content and steps and keeps its natural key and URL."""
    model = type(revision)
    if not can_publish(user, model):
        raise PermissionDenied
    live = model.objects.select_for_update().get(pk=revision.revision_of_id)
    problems = publish_problems(revision)
    if problems:
        raise WorkflowError(" ".join(problems))
    reason = _("Published revision %(slug)s") % {"slug": revision.slug}
    _copy_content(revision, live, _IDENTITY_FIELDS)
    live.status = Status.PUBLISHED
    if isinstance(live, Guide) and live.published_at is None:
        live.published_at = timezone.now()
    _save(live, user, reason)
    _copy_m2m(revision, live)
    if isinstance(live, RecognitionPath):
        live_steps = {step.slug: step for step in live.steps.all()}
        for step in list(revision.steps.all()):
            target = live_steps.pop(step.slug, None)
            if target is None:
                step.path = live
                _save(step, user, reason)
            else:
                _copy_content(step, target, {"id", "path", "slug"})
                _save(target, user, reason)
                _copy_m2m(step, target)
        for step in live_steps.values():
            step._history_user = user
            step._change_reason = reason
            step.delete()
        revision.barriers.update(path=live)
        revision.correction_reports.update(path=live)
        # update() sends no signal: say explicitly that public pages must be rebuilt.
        bump_data_version_on_commit()
    revision._history_user = user
    revision._change_reason = reason
    revision.delete()
    return live


# --- Differences between a revision and its live item ---------------------------------------------


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class StepChanges:
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
    return _content_fields(model, skip) + [f for f in model._meta.many_to_many if f.name not in skip]


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


def revision_changes(revision) -> tuple[list[Change], list[StepChanges]]:
    """What publishing ``revision`` would change in its live item: its fields, then its steps."""
    live = revision.revision_of
    changes = field_changes(live, revision, _IDENTITY_FIELDS)
    step_changes: list[StepChanges] = []
    if isinstance(revision, RecognitionPath):
        live_steps = {step.slug: step for step in live.steps.all()}
        for step in revision.steps.all():
            old = live_steps.pop(step.slug, None)
            if old is None:
                step_changes.append(StepChanges(step.title, "added"))
                continue
            diff = field_changes(old, step, {"id", "path", "slug"})
            if diff:
                step_changes.append(StepChanges(step.title, "changed", diff))
        step_changes += [StepChanges(step.title, "removed") for step in live_steps.values()]
    return changes, step_changes


# --- What needs a curator's attention -------------------------------------------------------------


@dataclass
class AttentionGroup:
    """One kind of item in one section of the panel: a count, the first few, a link to all of them."""

    label: str
    count: int
    items: list = field(default_factory=list)
    changelist_url: str = ""

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def _public(model):
    qs = model.objects.all()
    if model in PUBLISHABLE_MODELS:
        qs = qs.filter(status=Status.PUBLISHED)
    if model in REVISABLE_MODELS:
        qs = qs.filter(revision_of__isnull=True)
    return qs


def _group(model, qs, query: str, limit: int) -> AttentionGroup | None:
    if model is not Country:
        qs = qs.select_related("country") if model is not Guide else qs
    items = list(qs.order_by(*model._meta.ordering)[: limit + 1])
    if not items:
        return None
    count = len(items) if len(items) <= limit else qs.count()
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    entries = [
        (obj, reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        for obj in items[:limit]
    ]
    return AttentionGroup(str(opts.verbose_name_plural).capitalize(), count, entries, f"{changelist}?{query}")


def needs_attention(user, today: datetime.date | None = None, limit: int = 10) -> list[tuple[str, list]]:
    """The admin index panel: stale public items, items waiting for review, public items without sources.

    Only models the user may view are listed; sections without items are left out.
    """
    public_models = (Country, RecognitionPath, Barrier, Figure, Guide)
    visible = [m for m in public_models if _perm(user, "view", m)]
    published = "status__exact=published&"
    sections = [
        (
            ngettext(
                "Stale: not reviewed in %(days)s day",
                "Stale: not reviewed in %(days)s days",
                settings.GUIDES_STALE_AFTER_DAYS,
            )
            % {"days": settings.GUIDES_STALE_AFTER_DAYS},
            [
                _group(
                    m,
                    _public(m).filter(stale_q(today)),
                    (published if m in PUBLISHABLE_MODELS else "") + "stale=yes",
                    limit,
                )
                for m in visible
            ],
        ),
        (
            _("Waiting for review"),
            [
                _group(m, m.objects.filter(status=Status.IN_REVIEW), "status__exact=in_review", limit)
                for m in visible
                if m in PUBLISHABLE_MODELS
            ],
        ),
        (
            _("Public without sources"),
            [
                _group(
                    m,
                    _public(m).annotate(n_sources=Count("sources")).filter(n_sources=0),
                    (published if m in PUBLISHABLE_MODELS else "") + "sourced=no",
                    limit,
                )
                for m in visible
            ],
        ),
    ]
    sections.append(
        (
            _("Public without Russian text"),
            [
                _group(
                    m,
                    _public(m).filter(missing_russian_q(m)),
                    published if m in PUBLISHABLE_MODELS else "",
                    limit,
                )
                for m in visible
            ],  # fmt: skip
        )
    )
    return [(title, [g for g in groups if g]) for title, groups in sections if any(groups)]


# The reader-facing text whose Russian version readers miss most: shown in English with a marker.
RUSSIAN_TEXT_FIELDS = {
    Country: ("name", "summary"),
    RecognitionPath: ("name", "summary"),
    Barrier: ("title", "detail"),
    Figure: ("label",),
    Guide: ("title", "summary", "body"),
}


def missing_russian_q(model) -> Q:
    """Rows with English text in one of the model's main fields and no Russian text for it."""
    condition = Q(pk__in=[])
    for name in RUSSIAN_TEXT_FIELDS.get(model, ()):
        has_english = Q(**{f"{name}_en__isnull": False}) & ~Q(**{f"{name}_en": ""})
        lacks_russian = Q(**{f"{name}_ru__isnull": True}) | Q(**{f"{name}_ru": ""})
        condition |= has_english & lacks_russian
    return condition
