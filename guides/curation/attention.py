"""Freshness and what needs a curator's attention (the admin front page's panel).

The panel covers every fact-bearing content model the user may view, found from the models themselves:
stale public items, items waiting for review, public items without sources, public items without
Russian text in their main fields (``main_text_fields`` on the model).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models.base import FactModel, content_models
from .citations import new_sources_of
from .models import ReviewEvent, record_event
from .publishable import PublishableModel, Status, can_edit, can_publish, has_model_perm, save_with_reason

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
    save_with_reason(obj, user, _("Marked reviewed"), update_fields=["last_reviewed"])
    record_event(obj, user, ReviewEvent.Action.CONFIRMED)


# --- The panel ------------------------------------------------------------------------------------


@dataclass
class AttentionGroup:
    """One kind of item in one section of the panel: a count, the first few, a link to all of them."""

    label: str
    count: int
    items: list = field(default_factory=list)
    changelist_url: str = ""
    #: Where the panel's "Still correct" button posts the selected items (the changelist's action), if
    #: the user may confirm them.
    confirm_url: str = ""

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def panel_models() -> list:
    """The models the panel covers: the public fact models that readers see on pages."""
    return [m for m in content_models() if issubclass(m, FactModel) and getattr(m, "main_text_fields", None)]


def _parent_link(model) -> str | None:
    """The foreign key to the item whose workflow governs ``model``'s rows (a step's path), if any."""
    parent = model.workflow_model() if hasattr(model, "workflow_model") else None
    if parent is None or parent is model:
        return None
    return next(f.name for f in model._meta.fields if f.many_to_one and f.related_model is parent)


def _public(model):
    link = _parent_link(model)
    if link:  # a step is public when its path is
        parent = model._meta.get_field(link).related_model
        return model._default_manager.filter(**{f"{link}__{k}": v for k, v in parent.PUBLIC.items()})
    return model._default_manager.filter(model.public_q())


def _label(obj) -> str:
    """An item as the panel names it: with its path (which names its country) or its country."""
    if link := _parent_link(type(obj)):
        return f"{getattr(obj, link)}: {obj}"
    country = getattr(obj, "country", None) if getattr(obj, "country_id", None) else None
    if country is not None and not str(obj).startswith(country.name):
        return f"{country.name}: {obj}"
    return str(obj)


def _group(model, qs, query: str, limit: int) -> AttentionGroup | None:
    related = [f.name for f in model._meta.fields if f.many_to_one and f.name == "country"]
    if _parent_link(model):
        related.append(f"{_parent_link(model)}__country")
    qs = qs.select_related(*related)
    items = list(qs.order_by(*model._meta.ordering)[: limit + 1])
    if not items:
        return None
    count = len(items) if len(items) <= limit else qs.count()
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    entries = [
        (_label(obj), reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]), obj)
        for obj in items[:limit]
    ]
    return AttentionGroup(str(opts.verbose_name_plural).capitalize(), count, entries, f"{changelist}?{query}")


def _public_query(model) -> str:
    if link := _parent_link(model):
        return f"{link}__status__exact=published&"
    return "status__exact=published&" if issubclass(model, PublishableModel) else ""


def may_confirm(user, model) -> bool:
    """Whether ``user`` may mark public items of ``model`` still correct: public items of a workflow
    belong to Reviewers (a step to its path's), the others to whoever may change them."""
    owner = model.workflow_model()
    return has_model_perm(user, "change", model) and (owner is None or can_publish(user, model))


def _stale(user, model, today, limit: int) -> AttentionGroup | None:
    """Public items not reviewed lately; a Reviewer confirms several at once ("still correct"), which
    records who confirmed and when (history and review history)."""
    query = _public_query(model) + "stale=yes"
    group = _group(model, _public(model).filter(stale_q(today)), query, limit)
    if group and may_confirm(user, model):
        group.confirm_url = group.changelist_url
    return group


def _new_reports(user, limit: int) -> AttentionGroup | None:
    """Readers' correction reports nobody has answered yet, newest first."""
    from ..reports.models import CorrectionReport

    if not has_model_perm(user, "view", CorrectionReport):
        return None
    qs = CorrectionReport.objects.filter(status=CorrectionReport.Status.NEW).select_related(
        "country", "path__country", "guide"
    )
    group = _group(CorrectionReport, qs, "status__exact=new", limit)
    if group:  # a report names its item itself
        group.items = [(str(obj), url, obj) for _label, url, obj in group.items]
    return group


def _with_conversation(model, group: AttentionGroup | None, until: str) -> AttentionGroup | None:
    """Give each listed item ``inbox_events``: its review events, newest first, back to its latest
    ``until`` event (who submitted it, when and their note; or the Reviewer's reason for sending it
    back), with whatever happened since. One query per group."""
    if group is None:
        return None
    events: dict[int, list] = {}
    pks = [obj.pk for _label, _url, obj in group.items]
    for event in ReviewEvent.objects.for_items(model, pks).select_related("user"):
        events.setdefault(event.object_id, []).append(event)
    for _label, _url, obj in group.items:
        kept = []
        for event in events.get(obj.pk, []):
            kept.append(event)
            if event.action == until:
                break
        obj.inbox_events = kept
    return group


def _waiting(model, limit: int) -> AttentionGroup | None:
    """Items in review, each with its conversation and the sources new to the public it cites (the
    Reviewer checks those with the item: ``citations.py``)."""
    group = _group(model, model.objects.filter(status=Status.IN_REVIEW), "status__exact=in_review", limit)
    if group:
        found = new_sources_of(model, [obj for _label, _url, obj in group.items])
        for _label, _url, obj in group.items:
            obj.new_sources = found.get(obj.pk, [])
    return _with_conversation(model, group, ReviewEvent.Action.SUBMITTED)


def _sent_back(model, limit: int) -> AttentionGroup | None:
    """Drafts whose latest review step is a Reviewer sending them back."""
    qs = (
        model.objects.filter(status=Status.DRAFT)
        .annotate(last_review_action=ReviewEvent.objects.last_action_of(model))
        .filter(last_review_action=ReviewEvent.Action.SENT_BACK)
    )
    group = _group(model, qs, "status__exact=draft", limit)
    return _with_conversation(model, group, ReviewEvent.Action.SENT_BACK)


def _imported(model, limit: int) -> AttentionGroup | None:
    """Drafts an import through review made (revisions of published items, new items) that nobody has
    touched in the workflow since: a Reviewer publishes them, or an Editor takes them on."""
    qs = (
        model.objects.filter(status=Status.DRAFT)
        .annotate(last_review_action=ReviewEvent.objects.last_action_of(model))
        .filter(last_review_action=ReviewEvent.Action.IMPORTED)
    )
    group = _group(model, qs, "status__exact=draft", limit)
    return _with_conversation(model, group, ReviewEvent.Action.IMPORTED)


def missing_russian_q(model) -> Q:
    """Rows with English text in one of the model's main fields and no Russian text for it."""
    condition = Q(pk__in=[])
    for name in getattr(model, "main_text_fields", ()):
        has_english = Q(**{f"{name}_en__isnull": False}) & ~Q(**{f"{name}_en": ""})
        lacks_russian = Q(**{f"{name}_ru__isnull": True}) | Q(**{f"{name}_ru": ""})
        condition |= has_english & lacks_russian
    return condition


def needs_attention(user, today: datetime.date | None = None, limit: int = 10) -> list[tuple[str, list]]:
    """The admin index panel: stale public items, items waiting for review, public items without
    sources or without Russian text. Only models the user may view are listed; empty sections are left out.
    """
    visible = [m for m in panel_models() if has_model_perm(user, "view", m)]
    in_workflow = [m for m in visible if issubclass(m, PublishableModel)]
    days = settings.GUIDES_STALE_AFTER_DAYS
    sections = [
        (
            ngettext("Stale: not reviewed in %(days)s day", "Stale: not reviewed in %(days)s days", days)
            % {"days": days},
            [_stale(user, m, today, limit) for m in visible],
        ),
        (_("Waiting for review"), [_waiting(m, limit) for m in in_workflow]),
        (_("Sent back to draft"), [_sent_back(m, limit) for m in in_workflow]),
        (_("Imported, for review"), [_imported(m, limit) for m in in_workflow]),
        (_("New readers' reports"), [_new_reports(user, limit)]),
        (
            _("Public without sources"),
            [
                _group(
                    m,
                    _public(m).annotate(n_sources=Count("sources")).filter(n_sources=0),
                    _public_query(m) + "sourced=no",
                    limit,
                )
                for m in visible
            ],
        ),
        (
            _("Public without Russian text"),
            [_group(m, _public(m).filter(missing_russian_q(m)), _public_query(m), limit) for m in visible],
        ),
    ]
    return [(title, [g for g in groups if g]) for title, groups in sections if any(groups)]
