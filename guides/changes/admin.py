"""Asking for a change note where a change to a fact goes public, and the admins of notes and events.

``ChangeNoteAdminMixin`` goes first in the bases of the admins of countries, paths, steps, barriers,
figures and guides. Their change form gets a "Change note" section (a note in English and Russian, and
"matters to readers"); publishing from the change page goes through a small form asking the same. A
material change cannot be published without its note in both languages: the form says so.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from ..curation.admin import FACT_FILTERS, ContentAdmin, FactAdmin, WorkflowAdmin
from ..curation.citations import new_sources
from ..curation.publishable import WorkflowError, item_title
from ..curation.revisions import revision_changes
from .models import NOTE_MAX_LENGTH, ChangeNote, DatedEvent
from .notes import field_labels, is_public, record_change

NOTE_FIELDS = ("change_note_en", "change_note_ru", "change_material")


def note_fields() -> dict[str, forms.Field]:
    return {
        "change_material": forms.BooleanField(
            label=_("This change matters to readers"),
            required=False,
            help_text=_(
                "Tick it for a change of a rule, a date, a cost or a duration, not for a typo fix. "
                "A change that matters needs its public note in both languages: readers see it on the "
                "item's page, on the Changes page and in the feeds."
            ),
        ),
        "change_note_en": forms.CharField(
            label=_("Change note (English)"),
            required=False,
            max_length=NOTE_MAX_LENGTH,
            help_text=_("One sentence, plain text, e.g. “Exemption threshold lowered from 14 to 10 years”."),
        ),
        "change_note_ru": forms.CharField(
            label=_("Change note (Russian)"), required=False, max_length=NOTE_MAX_LENGTH
        ),
    }


class NoteRules:
    """Mixed into a form holding the note fields: a material change needs both notes."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("change_material"):
            for name in ("change_note_en", "change_note_ru"):
                if not (cleaned.get(name) or "").strip():
                    self.add_error(
                        name, _("A change that matters to readers needs its note in both languages.")
                    )
        return cleaned


# The form between the "Publish" button and publishing.
PublishNoteForm = type("PublishNoteForm", (NoteRules, forms.Form), note_fields())


def _note_values(data) -> dict:
    return {
        "note_en": data.get("change_note_en") or "",
        "note_ru": data.get("change_note_ru") or "",
        "material": bool(data.get("change_material")),
    }


def _revision_extra(obj) -> list[str]:
    """What a revision changes that its live item's history does not show: its children (steps)."""
    if not getattr(obj, "revision_of_id", None):
        return []
    _fields, child_changes = revision_changes(obj)
    return [obj.revision_children] if child_changes else []


class ChangeNoteAdminMixin:
    """A change note on every save that keeps or makes a fact public (see the module docstring)."""

    change_note_fieldset = (_("Change note"), {"fields": NOTE_FIELDS, "classes": ("change-note",)})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form = type(f"{self.form.__name__}WithNote", (NoteRules, self.form), note_fields())

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in NOTE_FIELDS]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is not None and not self.has_change_permission(request, obj):
            # A read-only view (an Editor's of a published item): nothing to note, and its note fields
            # would show as "Change note en: None".
            return fieldsets
        return [*fieldsets, self.change_note_fieldset]

    def save_related(self, request, form, formsets, change):
        # "Save and publish" publishes inside; the note is the form's, recorded once below.
        request.change_note_from_form = True
        super().save_related(request, form, formsets, change)
        # A revision published by "Save and publish" is gone into its live item, which the note is of.
        target, extra = getattr(request, "published_with_note", (None, None))
        item = target or type(form.instance).objects.get(pk=form.instance.pk)
        if change or is_public(item):
            self._record(request, item, _note_values(form.cleaned_data), extra_fields=extra)

    def _transition(self, request, obj, transition: str, note: str = ""):
        """The plain "publish" button and its URL record a change, without a note (not material)."""
        extra = _revision_extra(obj) if transition == "publish" else []
        target = super()._transition(request, obj, transition, note=note)
        if transition == "publish" and target is not None:
            if getattr(request, "change_note_from_form", False):
                request.published_with_note = (target, extra)
            else:
                record_change(target, extra_fields=extra)
        return target

    @admin.action(description=_("Publish (a revision replaces its live item)"), permissions=["publish"])
    def publish(self, request, queryset):
        """Publishing many at once records each change without a note: a material change is published
        from its own page, where the note is asked for."""

        def publish_and_record(obj, user):
            extra = _revision_extra(obj)
            record_change(obj.publish(user, update_fields=[]), extra_fields=extra)

        self._run(request, queryset, publish_and_record, _("published"))

    def _record(self, request, item, values, extra_fields=None):
        note = record_change(item, extra_fields=extra_fields, **values)
        if note is not None and note.material:
            self.message_user(
                request, _("Change note published: “%(note)s”.") % {"note": note.note}, messages.INFO
            )
        return note

    # The "Publish" button of a workflow item opens a form asking for the note.

    def get_urls(self):
        opts = self.model._meta
        urls = super().get_urls()
        if not isinstance(self, WorkflowAdmin):
            return urls
        return [
            path(
                "<path:object_id>/publish-with-note/",
                self.admin_site.admin_view(self.publish_with_note_view),
                name=f"{opts.app_label}_{opts.model_name}_publish_with_note",
            ),
            *urls,
        ]

    def workflow_buttons(self, request, obj):
        buttons = super().workflow_buttons(request, obj)
        publish_url = self._url("workflow", obj, "publish")
        note_url = self._url("publish_with_note", obj)
        return [
            (note_url, label, "get") if url == publish_url else (url, label, method)
            for url, label, method in buttons
        ]

    def publish_with_note_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not (self.has_view_or_change_permission(request, obj) and self.has_publish_permission(request)):
            raise PermissionDenied
        form = PublishNoteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            extra = _revision_extra(obj)
            try:
                with transaction.atomic():
                    target = obj.publish(request.user, update_fields=[])
                    self._record(request, target, _note_values(form.cleaned_data), extra_fields=extra)
            except WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(self._url("change", obj))
            self.message_user(
                request, self.CONFIRMATIONS["publish"] % {"item": item_title(target)}, messages.SUCCESS
            )
            return HttpResponseRedirect(self._url("change", target))
        changes, child_changes = revision_changes(obj) if getattr(obj, "revision_of_id", None) else ([], [])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Publish “%(item)s”") % {"item": obj},
            "opts": self.model._meta,
            "original": obj,
            "form": form,
            "changes": changes,
            "child_changes": child_changes,
            "new_sources": new_sources(obj),
            "change_url": self._url("change", obj),
            "media": self.media,
        }
        return render(request, "admin/guides/publish_with_note.html", context)


# --- The notes and the events themselves ---------------------------------------------------------


@admin.register(ChangeNote)
class ChangeNoteAdmin(ContentAdmin):
    """Notes are written on publishing; here a Reviewer corrects a note's wording or hides it."""

    list_display = ["published_on", "item_name", "note", "material", "changed"]
    list_filter = ["material", "published_on", "countries__region", "item_model"]
    search_fields = ["key", "item_name", "note", "item_key"]
    readonly_fields = [
        "key",
        "item_model",
        "item_key",
        "path",
        "guide",
        "changed_fields",
        "first_publication",
    ]
    autocomplete_fields = ["countries", "topics"]
    date_hierarchy = "published_on"

    @admin.display(description=_("changed fields"))
    def changed(self, obj):
        return ", ".join(field_labels(obj)) or "—"


@admin.register(DatedEvent)
class DatedEventAdmin(FactAdmin):
    list_display = [
        "title",
        "country",
        "path",
        "kind",
        "starts_on",
        "ends_on",
        "last_reviewed",
        "sources_count",
    ]
    list_filter = ["kind", "country__region", *FACT_FILTERS]
    list_select_related = ["country", "path"]
    search_fields = ["title", "slug", "country__iso2", "path__slug"]
    autocomplete_fields = ["country", "path", "step", "sources"]
    date_hierarchy = "starts_on"
