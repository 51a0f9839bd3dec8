"""The admin's curation machinery, shared by every content model's admin.

``ContentAdmin`` adds history (with field diffs in every language) and side-by-side translations;
``FactAdmin`` sources, freshness and "mark reviewed"; ``WorkflowAdmin`` the editorial workflow: actions,
buttons on the change page and "Save and publish", all calling the models' transitions
(``guides/curation/publishable.py``), previews and draft revisions. Translated models use
modeltranslation's plain ``TranslationAdmin`` (the tabbed one loads jQuery UI from a CDN).
"""

import dataclasses

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from modeltranslation import settings as mt_settings
from modeltranslation.admin import TranslationAdmin
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from ..markdown import render_markdown
from . import revisions
from .attention import is_stale, mark_reviewed, stale_q
from .citations import new_sources
from .models import NOTE_MAX_LENGTH, ReviewEvent, record_event
from .publishable import Status, WorkflowError, can_edit, can_publish, item_title
from .revisions import RevisableModel, field_values, revision_changes
from .worddiff import mark_words

CURATION_MEDIA = forms.Media(css={"all": ["guides/admin/curation.css"]})


# --- List filters ---------------------------------------------------------------------------------


class StaleListFilter(admin.SimpleListFilter):
    title = _("freshness")
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", _("Stale")), ("no", _("Fresh"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(stale_q())
        if self.value() == "no":
            return queryset.exclude(stale_q())
        return queryset


class SourcedListFilter(admin.SimpleListFilter):
    title = _("sources")
    parameter_name = "sourced"

    def lookups(self, request, model_admin):
        return [("yes", _("With sources")), ("no", _("Without sources"))]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            queryset = queryset.annotate(n_sources_filter=Count("sources"))
            if self.value() == "yes":
                return queryset.filter(n_sources_filter__gt=0)
            return queryset.filter(n_sources_filter=0)
        return queryset


class RevisionListFilter(admin.SimpleListFilter):
    title = _("draft revisions")
    parameter_name = "revision"

    def lookups(self, request, model_admin):
        return [("yes", _("Draft revisions")), ("no", _("Live items"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(revision_of__isnull=False)
        if self.value() == "no":
            return queryset.filter(revision_of__isnull=True)
        return queryset


#: What the front page's stale list posts as ``from`` with "still correct", to come back to the front page.
CONFIRMED_FROM_FRONT_PAGE = "needs-attention"

# Columns and filters every fact's changelist shows.
FACT_COLUMNS = ("confidence", "last_reviewed", "stale", "sources_count")
FACT_FILTERS = ("confidence", StaleListFilter, SourcedListFilter)


# --- Base classes ---------------------------------------------------------------------------------


class QuietContextHelper(HistoricalRecordContextHelper):
    """History diffs without the noise of an empty translation stored as NULL one day and "" the next."""

    def context_for_delta_changes(self, delta):
        def empty(value):
            return value is None or value == ""

        changes = [c for c in delta.changes if not (empty(c.old) and empty(c.new))]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))

    def stringify_delta_change_values(self, change, old, new):
        """Text is shown whole with its changed words marked; lists (citations) as simple-history does."""
        if isinstance(old, list) or isinstance(new, list):
            return super().stringify_delta_change_values(change, old, new)
        return mark_words("" if old is None else str(old), "" if new is None else str(new))


def _base_field_name(name: str) -> str:
    """``caveat_ru`` → ``caveat``: the model field a translated form field stands for."""
    for code in mt_settings.AVAILABLE_LANGUAGES:
        suffix = build_localized_fieldname("", code)
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def _in_every_language(model, lookup: str) -> list[str]:
    """``lookup`` (a search field such as ``"country__name"``) once per language where its field is
    translated by modeltranslation, else as it is. Search prefixes (``^``, ``=``, ``@``) are kept."""
    prefix = lookup[0] if lookup[:1] in ("^", "=", "@") else ""
    *relations, name = lookup.removeprefix(prefix).split("__")
    target = model
    for relation in relations:
        target = target._meta.get_field(relation).related_model
    try:
        translated = translator.get_options_for_model(target).all_fields
    except NotRegistered:
        return [lookup]
    if name not in translated:
        return [lookup]
    head = prefix + "".join(f"{relation}__" for relation in relations)
    return [head + build_localized_fieldname(name, code) for code in mt_settings.AVAILABLE_LANGUAGES]


class ContentAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """History (with field diffs, every language) and side-by-side translations.

    Reverting to an earlier version needs the right to change the item (for workflow models: to publish
    it); simple-history shows the revert form to anyone who may view, so the POST is checked here.
    """

    @property
    def media(self):
        # Accessible names for the autocomplete widgets (see the script's comment).
        return super().media + forms.Media(js=["guides/admin/a11y.js"])

    def get_search_fields(self, request):
        """Search every language of a translated field: "Израиль" finds Israel in an English admin."""
        fields = super().get_search_fields(request)
        return [variant for field in fields for variant in _in_every_language(self.model, field)]

    def get_historical_record_context_helper(self, request, historical_record):
        return QuietContextHelper(self.model, historical_record)

    def revert_disabled(self, request, obj=None):
        return not self.has_change_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is None or self.revert_disabled(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class FactAdmin(ContentAdmin):
    """A fact-bearing model: sources counted, freshness filter, "mark reviewed today"."""

    actions = ["mark_reviewed_today"]
    # Where the item came from and how sure we are: after what the item says, in a fieldset of their own.
    review_fields = {"sources", "last_reviewed", "confidence", "caveat", "confidence_reason", "curator_note"}
    review_fields |= {"status", "revision_of"}

    @property
    def media(self):
        return super().media + CURATION_MEDIA

    def get_fieldsets(self, request, obj=None):
        if self.fieldsets:
            return super().get_fieldsets(request, obj)
        fields = self.get_fields(request, obj)
        review = [name for name in fields if _base_field_name(name) in self.review_fields]
        main = [name for name in fields if name not in review]
        return [(None, {"fields": main}), (_("Sources and review"), {"fields": review})]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_sources=Count("sources", distinct=True))

    def revert_disabled(self, request, obj=None):
        # Reverting a workflow item (or a path's step) is a Reviewer's action, even on a draft.
        needs_publish = self.model.workflow_model() is not None
        if needs_publish and not can_publish(request.user, self.model):
            return True
        return super().revert_disabled(request, obj)

    @admin.display(description=_("sources"), ordering="n_sources")
    def sources_count(self, obj):
        return obj.n_sources

    @admin.display(description=_("stale"), boolean=True)
    def stale(self, obj):
        return is_stale(obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return super().has_delete_permission(request, obj) and can_edit(request.user, obj)

    @admin.action(description=_("Mark reviewed today (no other change)"), permissions=["change"])
    def mark_reviewed_today(self, request, queryset):
        self._run(request, queryset, mark_reviewed, _("marked reviewed today"))
        if request.POST.get("from") == CONFIRMED_FROM_FRONT_PAGE:
            # Confirmed from the front page's stale list: back to it, where the other kinds wait.
            return HttpResponseRedirect(reverse(f"{self.admin_site.name}:index"))

    def _run(self, request, queryset, transition, done_text):
        """Apply a transition to each selected item; report what was done and, item by item, what not."""
        done = 0
        for obj in queryset:
            try:
                with transaction.atomic():
                    transition(obj, request.user)
            except PermissionDenied:
                status = obj.workflow_status()
                message = _("You may not change “%(item)s”.") % {"item": obj}
                if status:
                    message = _("You may not change “%(item)s”: it is %(status)s.") % {
                        "item": obj,
                        "status": Status(status).label.lower(),
                    }
                self.message_user(request, message, messages.ERROR)
            except WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d item %(done)s.", "%(count)d items %(done)s.", done)
                % {"count": done, "done": done_text},
                messages.SUCCESS,
            )


def publishing(instance, data) -> bool:
    """Whether a form's save keeps ``instance`` public or publishes it ("Save and publish")."""
    return "_publish" in data or bool(instance.pk and instance.is_published)


class WorkflowForm(forms.ModelForm):
    """A live item, or one being saved and published, has what publishing requires (e.g. a path its
    sources): the model's own rule, each problem named on its field.
    """

    def clean(self):
        cleaned = super().clean()
        if publishing(self.instance, self.data):
            pending = {name: cleaned.get(name) for name in ("sources",) if name in self.fields}
            for name, message in self.instance.publish_problems(**pending):
                if name in self.fields:
                    self.add_error(name, message)
        return cleaned


def note_reviewer_edit(model_admin, request, item, changed: list[str], histories: list) -> None:
    """A Reviewer's change to a draft or an item in review that others worked on is a step of its
    review, recorded on ``item`` (shown on it and in the inbox) and announced, not a silent save.
    ``histories``: the rows whose history says who else worked on it (the item, a step of a path)."""
    if not changed:
        return
    authors: set[str] = set()
    for row in histories:
        authors |= set(
            row.history.exclude(history_user=request.user)
            .exclude(history_user=None)
            .order_by()
            .values_list("history_user__username", flat=True)
            .distinct()
        )
    if not authors:
        return
    note = _("Changed: %(fields)s") % {"fields": ", ".join(dict.fromkeys(changed))}
    record_event(item, request.user, ReviewEvent.Action.REVIEWER_EDIT, note)
    model_admin.message_user(
        request,
        _("Your change to the draft of %(authors)s is recorded in the review history of “%(item)s”: %(note)s")
        % {"authors": ", ".join(sorted(authors)), "item": item_title(item), "note": note},
        messages.WARNING,
    )


class WorkflowAdmin(FactAdmin):
    """Draft → in review → published, draft revisions of live items, previews for staff."""

    form = WorkflowForm
    change_form_template = "admin/guides/workflow_change_form.html"
    actions = [
        "submit_for_review",
        "publish",
        "send_back_to_draft",
        "unpublish",
        "mark_reviewed_today",
    ]

    def has_publish_permission(self, request, obj=None):
        return can_publish(request.user, self.model)

    def get_prepopulated_fields(self, request, obj=None):
        if getattr(obj, "revision_of_id", None):
            return {}  # the slug of a revision is read-only
        return super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if hasattr(self.model, "revision_of"):
            fields.append("revision_of")
        # The status changes only through the transitions (actions, buttons, "Save and publish"), and a
        # revision's live item keeps its own country and slug (its natural key and URL).
        fields.append("status")
        if getattr(obj, "revision_of_id", None):
            fields += [name for name in ("country", "slug") if hasattr(self.model, name)]
        return fields

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._run(request, queryset, self.TRANSITIONS["submit"], _("submitted for review"))

    @admin.action(description=_("Publish (a revision replaces its live item)"), permissions=["publish"])
    def publish(self, request, queryset):
        self._run(request, queryset, self.TRANSITIONS["publish"], _("published"))

    @admin.action(description=_("Send back to draft"), permissions=["publish"])
    def send_back_to_draft(self, request, queryset):
        self._run(request, queryset, self.TRANSITIONS["send-back"], _("sent back to draft"))

    @admin.action(description=_("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run(request, queryset, self.TRANSITIONS["unpublish"], _("unpublished"))

    @admin.action(description=_("Create a draft revision"), permissions=["add"])
    def create_revision(self, request, queryset):
        self._run(request, queryset, revisions.create_revision, _("given a draft revision"))

    # Buttons on the change page, one POST each.

    TRANSITIONS = {
        "submit": lambda obj, user, note="": obj.submit_for_review(user, note),
        "publish": lambda obj, user: obj.publish(user, update_fields=[]),
        "send-back": lambda obj, user, note="": obj.send_back_to_draft(user, note),
        "unpublish": lambda obj, user: obj.unpublish(user),
        "revise": revisions.create_revision,
        "mark-reviewed": mark_reviewed,
    }
    #: The transitions that take a note (the button comes with a text box).
    NOTE_TRANSITIONS = {
        "submit": _("Note for the Reviewer (optional)"),
        "send-back": _("Reason, for the Editor (optional)"),
    }
    #: What each transition says it did, naming the item.
    CONFIRMATIONS = {
        "submit": _("Submitted for review: %(item)s"),
        "publish": _("Published: %(item)s"),
        "send-back": _("Sent back to draft: %(item)s"),
        "unpublish": _("Unpublished: %(item)s"),
        "revise": _("Draft revision created: %(item)s"),
        "mark-reviewed": _("Marked reviewed today: %(item)s"),
    }

    def get_urls(self):
        opts = self.model._meta
        info = opts.app_label, opts.model_name
        return [
            path(
                "<path:object_id>/workflow/<slug:transition>/",
                self.admin_site.admin_view(self.workflow_view),
                name="{}_{}_workflow".format(*info),
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def _url(self, name, obj, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[obj.pk, *args])

    def workflow_buttons(self, request, obj):
        user, status = request.user, obj.status
        can_publish = self.has_publish_permission(request)
        is_revision = bool(getattr(obj, "revision_of_id", None))
        buttons = []
        if status == Status.DRAFT and can_edit(user, obj):
            buttons.append(("submit", _("Submit for review")))
        if status != Status.PUBLISHED and can_publish:
            buttons.append(("publish", _("Publish revision") if is_revision else _("Publish")))
        if status == Status.IN_REVIEW and can_publish:
            buttons.append(("send-back", _("Send back to draft")))
        if status == Status.PUBLISHED and can_publish:
            buttons.append(("unpublish", _("Unpublish")))
        if (
            status == Status.PUBLISHED
            and issubclass(self.model, RevisableModel)
            and not is_revision
            and self.has_add_permission(request)
        ):
            buttons.append(("revise", _("Create draft revision")))
        if can_edit(user, obj):
            buttons.append(("mark-reviewed", _("Mark reviewed today")))
        return [
            (self._url("workflow", obj, name), label, "note" if name in self.NOTE_TRANSITIONS else "post")
            for name, label in buttons
        ]

    def note_label(self, url: str) -> str:
        return next(
            (label for name, label in self.NOTE_TRANSITIONS.items() if url.endswith(f"/workflow/{name}/")),
            "",
        )

    def can_save_and_publish(self, request, obj) -> bool:
        """ "Save and publish" on the form: a Reviewer's draft or draft revision (a revision's content
        then moves into its live item, and the page that follows is the live item's)."""
        return self.has_publish_permission(request) and (obj is None or obj.status != Status.PUBLISHED)

    def can_save_and_submit(self, request, obj) -> bool:
        """ "Save and submit for review" on the form: a new item, or a draft its user may edit."""
        if obj is None:
            return self.has_add_permission(request)
        return obj.status == Status.DRAFT and can_edit(request.user, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            self._record_reviewer_edit(request, form, formsets)
        if "_publish" in request.POST and self.can_save_and_publish(request, form.instance):
            request.published_target = self._transition(request, form.instance, "publish")
        elif "_submit" in request.POST and self.can_save_and_submit(request, form.instance):
            note = request.POST.get("submit_note", "").strip()[:NOTE_MAX_LENGTH]
            request.submitted = self._transition(request, form.instance, "submit", note=note)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "submitted", None) is not None:
            return HttpResponseRedirect(self._url("change", obj))  # its status and note, as submitted
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        target = getattr(request, "published_target", None)
        if target is not None and target.pk != obj.pk:
            # A published revision is gone into its live item: its confirmation is said; go there.
            return HttpResponseRedirect(self._url("change", target))
        if getattr(request, "submitted", None) is not None:
            return HttpResponseRedirect(self._url("change", obj))
        return super().response_change(request, obj)

    def _record_reviewer_edit(self, request, form, formsets) -> None:
        obj = form.instance
        if obj.status == Status.PUBLISHED or not self.has_publish_permission(request):
            return
        # The item's own fields: a public change note written on the form is not an edit of the draft.
        own = {f.name for f in obj._meta.get_fields()}
        changed = [
            str(form.fields[name].label or name)
            for name in form.changed_data
            if name in form.fields and name in own
        ]
        changed += [str(fs.model._meta.verbose_name_plural) for fs in formsets if fs.has_changed()]
        note_reviewer_edit(self, request, obj, changed, [obj])

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_save_and_publish": self.can_save_and_publish(request, None),
            "can_save_and_submit": self.can_save_and_submit(request, None),
            "note_max_length": NOTE_MAX_LENGTH,
        }
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_view_or_change_permission(request, obj):
            extra_context["can_save_and_publish"] = can_edit(request.user, obj) and self.can_save_and_publish(
                request, obj
            )
            extra_context["can_save_and_submit"] = self.can_save_and_submit(request, obj)
            buttons = self.workflow_buttons(request, obj)
            extra_context["workflow_buttons"] = [b for b in buttons if b[2] != "note"]
            extra_context["workflow_notes"] = [
                (url, label, self.note_label(url), f"workflow-note-{number}")
                for number, (url, label, method) in enumerate(buttons)
                if method == "note"
            ]
            if getattr(obj, "revision_of_id", None):
                extra_context["revision_changes"], extra_context["revision_step_changes"] = revision_changes(
                    obj
                )
                extra_context["live_url"] = self._url("change", obj.revision_of)
            extra_context["review_events"] = ReviewEvent.objects.for_item(obj).select_related("user")[:20]
            extra_context["new_sources"] = new_sources(obj)
            if hasattr(obj, "fix_reports"):  # readers' reports this draft answers
                extra_context["fix_reports"] = [
                    (report, reverse("admin:guides_correctionreport_change", args=[report.pk]))
                    for report in obj.fix_reports.all()
                ]
            extra_context["note_max_length"] = NOTE_MAX_LENGTH
            if getattr(obj, "revision_of_id", None) is None and hasattr(obj, "revisions"):
                extra_context["open_revisions"] = [
                    (revision, self._url("change", revision)) for revision in obj.revisions.all()
                ]
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_view(self, request, object_id, transition):
        return require_POST(self._workflow)(request, object_id, transition)

    def _workflow(self, request, object_id, transition):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or transition not in self.TRANSITIONS:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        note = request.POST.get("note", "")[:NOTE_MAX_LENGTH] if transition in self.NOTE_TRANSITIONS else ""
        target = self._transition(request, obj, transition, note=note)
        return HttpResponseRedirect(self._url("change", target or obj))

    def _transition(self, request, obj, transition: str, note: str = ""):
        """Run one transition on ``obj`` and say how it went; return the resulting item, or ``None``."""
        run = self.TRANSITIONS[transition]
        try:
            with transaction.atomic():
                result = run(obj, request.user, note) if note else run(obj, request.user)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        target = result if isinstance(result, self.model) else obj
        self.message_user(
            request, self.CONFIRMATIONS[transition] % {"item": item_title(target)}, messages.SUCCESS
        )
        return target

    def preview_view(self, request, object_id):
        """Staff see drafts and revisions as content, before the public can."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview: %(item)s") % {"item": obj},
            "opts": self.model._meta,
            "original": obj,
            "fields": field_values(obj, {"id"}),
            "steps": obj.children() if isinstance(obj, RevisableModel) else None,
            "body": render_markdown(obj.body) if hasattr(obj, "body") else None,
            "media": self.media,
        }
        return render(request, "admin/guides/preview.html", context)

    def get_view_on_site_url(self, obj=None):
        if obj is None or not obj.pk:
            return None
        public = obj.status == Status.PUBLISHED and not getattr(obj, "revision_of_id", None)
        if public and hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        if public and getattr(obj, "country_id", None):
            return obj.country.get_absolute_url()
        return self._url("preview", obj)
