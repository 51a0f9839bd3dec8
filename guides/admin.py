"""The NGO staff's working tool: curation of every model, the editorial workflow, history and freshness.

Editors draft and propose; Reviewers check and publish (see ``guides/services/curation.py`` for the
rules, which the actions, the buttons on a change page and the forms all call). Translated models use
modeltranslation's plain ``TranslationAdmin`` (the tabbed one loads jQuery UI from a CDN) and every asset
is served from this site.
"""

import dataclasses

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .admin_exchange import FixtureExportMixin, FixtureImportMixin
from .markdown import render_markdown
from .models import (
    Authority,
    Barrier,
    CorrectionReport,
    Country,
    CourseCost,
    Currency,
    Document,
    Figure,
    Guide,
    Language,
    RecognitionPath,
    Source,
    Specialty,
    Status,
    Step,
    StudyIntensity,
    StudyTime,
    Topic,
)
from .services import curation
from .templatetags.ranges import eur_range, months_range

CURATION_MEDIA = forms.Media(css={"all": ["guides/admin/curation.css"]})


# --- List filters ---------------------------------------------------------------------------------


class StaleListFilter(admin.SimpleListFilter):
    title = _("freshness")
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", _("Stale")), ("no", _("Fresh"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(curation.stale_q())
        if self.value() == "no":
            return queryset.exclude(curation.stale_q())
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


# --- Base classes ---------------------------------------------------------------------------------


class QuietContextHelper(HistoricalRecordContextHelper):
    """History diffs without the noise of an empty translation stored as NULL one day and "" the next."""

    def context_for_delta_changes(self, delta):
        def empty(value):
            return value is None or value == ""

        changes = [c for c in delta.changes if not (empty(c.old) and empty(c.new))]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))


class ContentAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """History (with field diffs, every language) and side-by-side translations.

    Reverting to an earlier version needs the right to change the item (for workflow models: to publish
    it); simple-history shows the revert form to anyone who may view, so the POST is checked here.
    """

    @property
    def media(self):
        # Accessible names for the autocomplete widgets (see the script's comment).
        return super().media + forms.Media(js=["guides/admin/a11y.js"])

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

    @property
    def media(self):
        return super().media + CURATION_MEDIA

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_sources=Count("sources", distinct=True))

    def revert_disabled(self, request, obj=None):
        # Reverting a workflow item (or a path's step) is a Reviewer's action, even on a draft.
        needs_publish = self.model is Step or self.model in curation.PUBLISHABLE_MODELS
        if needs_publish and not curation.can_publish(request.user, self.model):
            return True
        return super().revert_disabled(request, obj)

    @admin.display(description=_("sources"), ordering="n_sources")
    def sources_count(self, obj):
        return obj.n_sources

    @admin.display(description=_("stale"), boolean=True)
    def stale(self, obj):
        return curation.is_stale(obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return curation.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return super().has_delete_permission(request, obj) and curation.can_edit(request.user, obj)

    @admin.action(description=_("Mark reviewed today (no other change)"), permissions=["change"])
    def mark_reviewed_today(self, request, queryset):
        self._run(request, queryset, curation.mark_reviewed, _("marked reviewed today"))

    def _run(self, request, queryset, transition, done_text):
        """Apply a transition to each selected item; report what was done and, item by item, what not."""
        done = 0
        for obj in queryset:
            try:
                with transaction.atomic():
                    transition(obj, request.user)
            except PermissionDenied:
                status = curation.workflow_status(obj)
                message = _("You may not change “%(item)s”.") % {"item": obj}
                if status:
                    message = _("You may not change “%(item)s”: it is %(status)s.") % {
                        "item": obj,
                        "status": Status(status).label.lower(),
                    }
                self.message_user(request, message, messages.ERROR)
            except curation.WorkflowError as error:
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


class PublishableForm(forms.ModelForm):
    """Refuses to publish a recognition path without a source, naming the field."""

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if (
            cleaned.get("status") == Status.PUBLISHED
            and isinstance(instance, RecognitionPath)
            and "sources" in self.fields
            and not cleaned.get("sources")
        ):
            self.add_error(
                "sources",
                _("A published path needs at least one source: choose one, or set the status to Draft."),
            )
        return cleaned


class WorkflowAdmin(FactAdmin):
    """Draft → in review → published, draft revisions of live items, previews for staff."""

    form = PublishableForm
    change_form_template = "admin/guides/workflow_change_form.html"
    actions = [
        "submit_for_review",
        "publish",
        "send_back_to_draft",
        "unpublish",
        "mark_reviewed_today",
    ]

    def has_publish_permission(self, request, obj=None):
        return curation.can_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if hasattr(self.model, "revision_of"):
            fields.append("revision_of")
        # A revision is published into its live item with the Publish button, never by its own status,
        # and the live item keeps its own country and slug (its natural key and URL).
        if not self.has_publish_permission(request) or getattr(obj, "revision_of_id", None):
            fields.append("status")
        if getattr(obj, "revision_of_id", None):
            fields += [name for name in ("country", "slug") if hasattr(self.model, name)]
        return fields

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._run(request, queryset, curation.submit_for_review, _("submitted for review"))

    @admin.action(description=_("Publish (a revision replaces its live item)"), permissions=["publish"])
    def publish(self, request, queryset):
        self._run(request, queryset, curation.publish, _("published"))

    @admin.action(description=_("Send back to draft"), permissions=["publish"])
    def send_back_to_draft(self, request, queryset):
        self._run(request, queryset, curation.send_back_to_draft, _("sent back to draft"))

    @admin.action(description=_("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run(request, queryset, curation.unpublish, _("unpublished"))

    @admin.action(description=_("Create a draft revision"), permissions=["add"])
    def create_revision(self, request, queryset):
        self._run(request, queryset, curation.create_revision, _("given a draft revision"))

    # Buttons on the change page, one POST each.

    TRANSITIONS = {
        "submit": curation.submit_for_review,
        "publish": curation.publish,
        "send-back": curation.send_back_to_draft,
        "unpublish": curation.unpublish,
        "revise": curation.create_revision,
        "mark-reviewed": curation.mark_reviewed,
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
        if status == Status.DRAFT and curation.can_edit(user, obj):
            buttons.append(("submit", _("Submit for review")))
        if status != Status.PUBLISHED and can_publish:
            buttons.append(("publish", _("Publish revision") if is_revision else _("Publish")))
        if status == Status.IN_REVIEW and can_publish:
            buttons.append(("send-back", _("Send back to draft")))
        if status == Status.PUBLISHED and can_publish:
            buttons.append(("unpublish", _("Unpublish")))
        if (
            status == Status.PUBLISHED
            and self.model in curation.REVISABLE_MODELS
            and not is_revision
            and self.has_add_permission(request)
        ):
            buttons.append(("revise", _("Create draft revision")))
        if curation.can_edit(user, obj):
            buttons.append(("mark-reviewed", _("Mark reviewed today")))
        return [(self._url("workflow", obj, name), label) for name, label in buttons]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_view_or_change_permission(request, obj):
            extra_context["workflow_buttons"] = self.workflow_buttons(request, obj)
            if getattr(obj, "revision_of_id", None):
                extra_context["revision_changes"], extra_context["revision_step_changes"] = (
                    curation.revision_changes(obj)
                )
                extra_context["live_url"] = self._url("change", obj.revision_of)
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
        try:
            with transaction.atomic():
                result = self.TRANSITIONS[transition](obj, request.user)
        except curation.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(self._url("change", obj))
        target = result if isinstance(result, self.model) else obj
        self.message_user(request, _("Done: “%(item)s”.") % {"item": target}, messages.SUCCESS)
        return HttpResponseRedirect(self._url("change", target))

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
            "fields": curation.field_values(obj, {"id"}),
            "steps": obj.steps.all() if isinstance(obj, RecognitionPath) else None,
            "body": render_markdown(obj.body) if isinstance(obj, Guide) else None,
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


# --- Reference data -------------------------------------------------------------------------------


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ["key", "title", "publisher", "kind", "published_on", "date_note", "link"]
    list_filter = ["kind", "language"]
    search_fields = ["key", "title", "publisher", "author", "url"]

    @admin.display(description=_("URL"))
    def link(self, obj):
        if not obj.url:
            return "—"
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', obj.url, _("open"))


@admin.register(Language)
class LanguageAdmin(ContentAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Currency)
class CurrencyAdmin(ContentAdmin):
    list_display = ["code", "name", "eur_per_unit", "as_of", "source"]
    list_select_related = ["source"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["source"]


@admin.register(Specialty)
class SpecialtyAdmin(ContentAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


@admin.register(Topic)
class TopicAdmin(ContentAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


@admin.register(Document)
class DocumentAdmin(ContentAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


# --- Countries ------------------------------------------------------------------------------------


class AuthorityInline(TranslationStackedInline):
    # Stacked, not tabular: a tabular inline's inputs have column headers but no labels (axe: critical).
    model = Authority
    extra = 0
    show_change_link = True


class BarrierInline(TranslationStackedInline):
    model = Barrier
    extra = 0
    show_change_link = True
    autocomplete_fields = ["path", "sources"]
    fields = [
        ("slug", "category", "severity", "status"),
        "path",
        "title",
        "detail",
        "mitigation",
        ("last_reviewed", "confidence"),
        "sources",
        "caveat",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not curation.can_publish(request.user, Barrier):
            fields.append("status")
        return fields


class FigureInline(TranslationStackedInline):
    model = Figure
    extra = 0
    show_change_link = True
    autocomplete_fields = ["sources"]
    fields = [
        ("slug", "kind", "year", "status"),
        "label",
        ("value_min", "value_max", "unit"),
        ("last_reviewed", "confidence"),
        "sources",
        "caveat",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not curation.can_publish(request.user, Figure):
            fields.append("status")
        return fields


@admin.register(Country)
class CountryAdmin(FixtureImportMixin, FixtureExportMixin, FactAdmin):
    list_display = [
        "iso2",
        "name",
        "region",
        "visa_regime",
        "confidence",
        "last_reviewed",
        "stale",
        "sources_count",
    ]
    list_filter = ["region", "visa_regime", "confidence", StaleListFilter, SourcedListFilter]
    search_fields = ["iso2", "name"]
    autocomplete_fields = ["practice_languages", "sources"]
    inlines = [AuthorityInline, BarrierInline, FigureInline]
    actions = [*FactAdmin.actions, "export_as_fixture"]
    fixture_name = "countries"

    def fixture_selection(self, queryset) -> dict:
        return {"country_codes": list(queryset.values_list("iso2", flat=True))}


@admin.register(Authority)
class AuthorityAdmin(ContentAdmin):
    list_display = ["name", "country", "role"]
    list_filter = ["role", "country__region"]
    list_select_related = ["country"]
    search_fields = ["name", "local_name", "slug", "country__iso2"]
    autocomplete_fields = ["country"]


# --- Recognition paths ----------------------------------------------------------------------------


class StepInlineFormSet(forms.BaseInlineFormSet):
    """A published path keeps at least one step; positions are renumbered after saving."""

    def clean(self):
        super().clean()
        if self.instance.status != Status.PUBLISHED:
            return
        # An untouched extra form has empty cleaned_data; a kept step has data and is not deleted.
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not kept:
            raise ValidationError(
                _("A published path needs at least one step: add one, or set the status to Draft."),
                code="no_steps",
            )


class StepInline(TranslationStackedInline):
    model = Step
    formset = StepInlineFormSet
    extra = 0
    ordering = ["position", "slug"]
    show_change_link = True
    autocomplete_fields = ["currency", "authority", "documents", "sources"]
    fields = [
        ("position", "slug", "optional"),
        "title",
        "detail",
        ("months_min", "months_max"),
        ("cost_min", "cost_max", "currency"),
        "authority",
        "documents",
        ("last_reviewed", "confidence"),
        "sources",
        "caveat",
    ]

    def _editable(self, request, obj):
        return obj is None or curation.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)


def renumber_steps(path_obj) -> None:
    """Positions become 1, 2, 3… in their current order (position, then slug)."""
    for number, step in enumerate(path_obj.steps.order_by("position", "slug"), start=1):
        if step.position != number:
            step.position = number
            step.save(update_fields=["position"])


@admin.register(RecognitionPath)
class RecognitionPathAdmin(WorkflowAdmin):
    list_display = [
        "name",
        "country",
        "kind",
        "status",
        "revision_of",
        "confidence",
        "last_reviewed",
        "stale",
        "sources_count",
    ]
    list_filter = [
        "country__region",
        "status",
        "confidence",
        StaleListFilter,
        SourcedListFilter,
        RevisionListFilter,
        "kind",
    ]
    list_select_related = ["country", "revision_of__country"]
    search_fields = ["name", "slug", "country__name", "country__iso2"]
    autocomplete_fields = ["country", "authority", "language", "specialties", "sources"]
    readonly_fields = ["time_to_licence", "cost_in_eur"]
    inlines = [StepInline]
    actions = [*WorkflowAdmin.actions, "create_revision"]

    def _totals(self, obj):
        if not obj.pk:
            return None
        return RecognitionPath.objects.with_totals().get(pk=obj.pk)

    @admin.display(description=_("time to licence (derived)"))
    def time_to_licence(self, obj):
        totals = self._totals(obj)
        if totals is None:
            return "—"
        complete = _("complete") if totals.months_complete else _("incomplete: some steps lack a range")
        return f"{months_range(totals.months_min, totals.months_max)} ({complete})"

    @admin.display(description=_("cost in EUR (derived)"))
    def cost_in_eur(self, obj):
        totals = self._totals(obj)
        if totals is None:
            return "—"
        complete = _("complete") if totals.cost_complete else _("incomplete: some steps lack a cost")
        return f"{eur_range(totals.cost_min_eur, totals.cost_max_eur)} ({complete})"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        renumber_steps(form.instance)


@admin.register(Step)
class StepAdmin(FactAdmin):
    """Steps follow their path: an Editor adds or moves steps only on a draft path."""

    list_display = ["title", "path", "position", "months_min", "months_max", "optional", "last_reviewed"]
    list_filter = ["path__status", "optional", "confidence", StaleListFilter, SourcedListFilter]
    list_select_related = ["path__country"]
    search_fields = ["title", "slug", "path__name", "path__slug", "path__country__iso2"]
    autocomplete_fields = ["path", "currency", "authority", "documents", "sources"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class StepForm(form_class):
            def clean_path(self):
                path_obj = self.cleaned_data.get("path")
                if path_obj is not None and not curation.can_edit(user, path_obj):
                    raise ValidationError(
                        _("The path “%(path)s” is %(status)s: only a Reviewer may change its steps.")
                        % {"path": path_obj, "status": path_obj.get_status_display().lower()}
                    )
                return path_obj

        return StepForm


# --- Barriers, figures, guides --------------------------------------------------------------------


@admin.register(Barrier)
class BarrierAdmin(WorkflowAdmin):
    list_display = [
        "title",
        "country",
        "category",
        "severity",
        "status",
        "confidence",
        "last_reviewed",
        "stale",
        "sources_count",
    ]
    list_filter = [
        "country__region",
        "status",
        "confidence",
        StaleListFilter,
        SourcedListFilter,
        "category",
        "severity",
    ]
    list_select_related = ["country"]
    search_fields = ["title", "slug", "country__name", "country__iso2"]
    autocomplete_fields = ["country", "path", "sources"]


@admin.register(Figure)
class FigureAdmin(WorkflowAdmin):
    list_display = [
        "label",
        "country",
        "kind",
        "value_min",
        "value_max",
        "unit",
        "year",
        "status",
        "last_reviewed",
        "stale",
        "sources_count",
    ]
    list_filter = ["country__region", "status", "confidence", StaleListFilter, SourcedListFilter, "kind"]
    list_select_related = ["country"]
    search_fields = ["label", "slug", "country__iso2"]
    autocomplete_fields = ["country", "sources"]


@admin.register(Guide)
class GuideAdmin(FixtureExportMixin, WorkflowAdmin):
    list_display = [
        "title",
        "country_codes",
        "status",
        "revision_of",
        "published_at",
        "confidence",
        "last_reviewed",
        "stale",
        "sources_count",
    ]
    list_filter = [
        "countries__region",
        "status",
        "confidence",
        StaleListFilter,
        SourcedListFilter,
        RevisionListFilter,
        "topics",
    ]
    list_select_related = ["revision_of"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ["countries", "specialties", "topics", "sources"]
    readonly_fields = ["body_preview"]
    date_hierarchy = "published_at"
    actions = [*WorkflowAdmin.actions, "create_revision", "export_as_fixture"]
    fixture_name = "guides"

    def fixture_selection(self, queryset) -> dict:
        return {"guide_slugs": list(queryset.values_list("slug", flat=True))}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description=_("countries"))
    def country_codes(self, obj):
        return ", ".join(country.iso2 for country in obj.countries.all()) or "—"

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.revision_of_id:
            return {}  # the slug of a revision is read-only
        return super().get_prepopulated_fields(request, obj)

    @admin.display(description=_("body, as readers will see it"))
    def body_preview(self, obj):
        if not obj.pk:
            return "—"
        return format_html_join(
            "",
            '<div class="markdown-preview" lang="{}"><p class="help">{}</p>{}</div>',
            (
                (code, code.upper(), render_markdown(getattr(obj, f"body_{code}") or ""))
                for code in ("en", "ru")
            ),
        )


# --- Readers' correction reports ------------------------------------------------------------------


@admin.register(CorrectionReport)
class CorrectionReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "item_link", "excerpt", "source_link", "language"]
    list_filter = ["status", "country__region", "created_at"]
    list_select_related = ["country", "path__country", "guide"]
    search_fields = ["message", "source_url", "country__iso2", "guide__slug", "path__slug"]
    readonly_fields = ["created_at", "item_link", "message", "source_link", "language"]
    fields = ["created_at", "item_link", "message", "source_link", "language", "status", "staff_note"]
    actions = ["accept", "reject"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # reports come from readers only

    @admin.display(description=_("about"))
    def item_link(self, obj):
        item = obj.item
        if item is None:
            return "—"
        opts = item._meta
        admin_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
        public = obj.guide.get_absolute_url() if obj.guide_id else obj.country.get_absolute_url()
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">{}</a>)', admin_url, item, public, _("public page")
        )

    @admin.display(description=_("what is wrong"))
    def excerpt(self, obj):
        return obj.message if len(obj.message) <= 120 else obj.message[:119] + "…"

    @admin.display(description=_("source link"))
    def source_link(self, obj):
        if not obj.source_url:
            return "—"
        return format_html(
            '<a href="{}" rel="noopener noreferrer nofollow">{}</a>', obj.source_url, obj.source_url
        )

    @admin.action(description=_("Mark accepted"), permissions=["change"])
    def accept(self, request, queryset):
        count = queryset.update(status=CorrectionReport.Status.ACCEPTED)
        self.message_user(request, ngettext("%d report accepted.", "%d reports accepted.", count) % count)

    @admin.action(description=_("Mark rejected"), permissions=["change"])
    def reject(self, request, queryset):
        count = queryset.update(status=CorrectionReport.Status.REJECTED)
        self.message_user(request, ngettext("%d report rejected.", "%d reports rejected.", count) % count)


# --- Language study (the plan estimator) ----------------------------------------------------------


@admin.register(StudyTime)
class StudyTimeAdmin(FactAdmin):
    list_display = ["language", "level", "hours_min", "hours_max", "unit_minutes", "sources_count", "stale"]
    list_filter = ["language", "level", "confidence", StaleListFilter, SourcedListFilter]
    list_select_related = ["language"]
    search_fields = ["language__code", "level", "unit_note"]
    autocomplete_fields = ["language", "sources"]


@admin.register(StudyIntensity)
class StudyIntensityAdmin(FactAdmin):
    list_display = ["slug", "label", "language", "hours_per_week", "assumed", "sources_count", "stale"]
    list_filter = ["assumed", "language", "confidence", StaleListFilter, SourcedListFilter]
    list_select_related = ["language"]
    search_fields = ["slug", "label"]
    autocomplete_fields = ["language", "sources"]


@admin.register(CourseCost)
class CourseCostAdmin(FactAdmin):
    list_display = [
        "slug",
        "language",
        "provider",
        "amount_min",
        "amount_max",
        "currency",
        "hours",
        "as_of",
        "sources_count",
        "stale",
    ]
    list_filter = ["language", "currency", "confidence", StaleListFilter, SourcedListFilter]
    list_select_related = ["language", "currency"]
    search_fields = ["slug", "provider", "item"]
    autocomplete_fields = ["language", "country", "currency", "sources"]
