"""The NGO staff's working tool: an admin for every content model.

The curation machinery (history, freshness, the editorial workflow) is in ``guides/curation/admin.py``;
the fixture exchange's action and import page in ``guides/exchange/admin.py``; the study data's, the
readers' reports' and the change notes' admins live with their features and are registered by
importing them here.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from modeltranslation.admin import TranslationStackedInline

from .changes.admin import ChangeNoteAdminMixin
from .curation.admin import (
    FACT_COLUMNS,
    FACT_FILTERS,
    ContentAdmin,
    FactAdmin,
    RevisionListFilter,
    WorkflowAdmin,
    note_reviewer_edit,
    publishing,
)
from .curation.publishable import Status, can_edit, can_publish
from .exchange.admin import FixtureExportMixin, FixtureImportMixin
from .markdown import render_markdown
from .models import (
    Authority,
    Barrier,
    Condition,
    Country,
    Currency,
    Document,
    Figure,
    Guide,
    Language,
    RecognitionPath,
    Source,
    Specialty,
    Step,
    Topic,
)
from .outcomes import admin as outcomes_admin  # noqa: F401 (registers the outcome reports' admin)
from .plan import admin as plan_admin  # noqa: F401 (registers the study data's admins)
from .reports import admin as reports_admin  # noqa: F401 (registers the reports' admin)
from .templatetags.ranges import total_note, total_text

# Django's own Russian catalogue lacks the blank choice that heads every select of the admin; ours has
# it (LOCALE_PATHS come first), and naming it here keeps makemessages from dropping it.
BLANK_CHOICE_LABEL = gettext_noop("- Select an option -")

# The admin names the site it curates, in the staff member's language.
admin.site.site_header = _("Doctors' relocation guide: curation")
admin.site.site_title = _("Doctors' relocation guide")
admin.site.index_title = _("Curation")


# --- Reference data -------------------------------------------------------------------------------


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    """Editors add sources (from the "+" beside an item's source picker); changing one is a Reviewer's.

    The picker names each source with its publisher, date, address and the countries citing it, and
    finds a source by a country's name in either language ("Израиль").
    """

    list_display = ["key", "title", "publisher", "kind", "published_on", "date_note", "link"]
    list_filter = ["kind", "language"]
    search_fields = [
        "key",
        "title",
        "title_translation",
        "publisher",
        "author",
        "url",
        "country__name",
        "recognitionpath__country__name",
        "barrier__country__name",
    ]
    prepopulated_fields = {"key": ("title",)}
    fieldsets = [
        (None, {"fields": ["title", "publisher", "url", ("published_on", "date_note"), "kind", "key"]}),
        (_("More"), {"fields": ["title_translation", "author", "language", "note"]}),
    ]

    def autocomplete_queryset(self, queryset):
        return queryset.prefetch_related(
            "country_set", "recognitionpath_set__country", "barrier_set__country"
        )

    def autocomplete_text(self, obj) -> str:
        """ "Title — Publisher, 2026-11-20 · www.gov.il/… · Israel": enough to tell two sources apart."""
        countries = {c.name for c in obj.country_set.all()}
        countries |= {p.country.name for p in obj.recognitionpath_set.all()}
        countries |= {b.country.name for b in obj.barrier_set.all()}
        when = obj.published_on.isoformat() if obj.published_on else obj.date_note
        head = ", ".join(part for part in (obj.publisher, when) if part)
        parts = [f"{obj.title} — {head}" if head else obj.title]
        if obj.url:
            parts.append(obj.url.split("://", 1)[-1].removeprefix("www.")[:60])
        if countries:
            parts.append(", ".join(sorted(countries)))
        return " · ".join(parts)

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
        "confidence_reason",
        "curator_note",
    ]

    readonly_fields = ["status"]

    def get_queryset(self, request):
        """The country's live barriers: a draft revision is edited on its own page, from its live item's."""
        return super().get_queryset(request).filter(revision_of__isnull=True)


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
        "confidence_reason",
        "curator_note",
    ]

    readonly_fields = ["status"]


@admin.register(Country)
class CountryAdmin(ChangeNoteAdminMixin, FixtureImportMixin, FixtureExportMixin, FactAdmin):
    list_display = [
        "iso2",
        "name",
        "region",
        "visa_regime",
        *FACT_COLUMNS,
    ]
    list_filter = ["region", "visa_regime", *FACT_FILTERS]
    search_fields = ["iso2", "name"]
    autocomplete_fields = ["practice_languages", "sources"]
    inlines = [AuthorityInline, BarrierInline, FigureInline]
    actions = [*FactAdmin.actions, "export_as_fixture"]
    fixture_name = "countries"

    def fixture_selection(self, queryset) -> dict:
        return {"country_codes": list(queryset.values_list("iso2", flat=True))}


@admin.register(Condition)
class ConditionAdmin(ContentAdmin):
    list_display = ["slug", "label", "need"]
    search_fields = ["slug", "label", "need"]


@admin.register(Authority)
class AuthorityAdmin(ContentAdmin):
    list_display = ["name", "country", "role"]
    list_filter = ["role", "country__region"]
    list_select_related = ["country"]
    search_fields = ["name", "local_name", "slug", "country__iso2"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ("name_en",)}


# --- Recognition paths ----------------------------------------------------------------------------


class StepInlineFormSet(forms.BaseInlineFormSet):
    """A published path keeps at least one step (the path's own publishing rule)."""

    def clean(self):
        super().clean()
        if not publishing(self.instance, self.data):
            return
        # An untouched extra form has empty cleaned_data; a kept step has data and is not deleted.
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        problems = [m for name, m in self.instance.publish_problems(step_count=len(kept)) if name == "steps"]
        if problems:
            raise ValidationError(problems, code="no_steps")


class StepInline(TranslationStackedInline):
    model = Step
    formset = StepInlineFormSet
    # Each step folded to one line (title, months, cost) that opens to edit.
    template = "admin/guides/edit_inline/step_stacked.html"
    extra = 0
    ordering = ["position", "slug"]
    show_change_link = True
    autocomplete_fields = ["currency", "authority", "documents", "sources"]
    prepopulated_fields = {"slug": ("title_en",)}
    # A step's title, months and cost stay in view; the rest opens on demand, so a path of ten steps
    # fits a few screens instead of scrolling for ever.
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    ("months_min", "months_max"),
                    ("cost_min", "cost_max", "currency", "fee_year"),
                ]
            },
        ),
        (
            _("Detail, order, authority and documents"),
            {
                "classes": ["collapse"],
                "fields": [("position", "slug", "optional"), "detail", "authority", "documents"],
            },
        ),
        (
            _("Sources and review"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("last_reviewed", "confidence"),
                    "sources",
                    "caveat",
                    "confidence_reason",
                    "curator_note",
                ],
            },
        ),
    ]

    def _editable(self, request, obj):
        return obj is None or can_edit(request.user, obj)

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
class RecognitionPathAdmin(ChangeNoteAdminMixin, WorkflowAdmin):
    list_display = [
        "name",
        "country",
        "kind",
        "status",
        "revision_of",
        *FACT_COLUMNS,
    ]
    list_filter = [
        "country__region",
        "status",
        *FACT_FILTERS,
        RevisionListFilter,
        "kind",
    ]
    list_select_related = ["country", "revision_of__country"]
    search_fields = ["name", "slug", "country__name", "country__iso2"]
    autocomplete_fields = ["country", "authority", "language", "specialties", "conditions", "sources"]
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ["time_to_licence", "cost_in_eur"]
    inlines = [StepInline]
    actions = [*WorkflowAdmin.actions, "create_revision"]

    def _total(self, obj, kind: str) -> str:
        if not obj.pk:
            return "—"
        totals = RecognitionPath.objects.with_steps().get(pk=obj.pk).totals
        span = totals.months if kind == "months" else totals.cost
        return f"{total_text(span, kind)} ({total_note(span, kind)})"

    @admin.display(description=_("time to licence (derived)"))
    def time_to_licence(self, obj):
        return self._total(obj, "months")

    @admin.display(description=_("cost in EUR (derived)"))
    def cost_in_eur(self, obj):
        return self._total(obj, "cost")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        # Before "Save and publish" hands a revision's steps to its live item.
        if formset.model is Step:
            renumber_steps(form.instance)


@admin.register(Step)
class StepAdmin(ChangeNoteAdminMixin, FactAdmin):
    """Steps follow their path: an Editor adds or moves steps only on a draft path."""

    list_display = ["title", "path", "position", "months_min", "months_max", "optional", "last_reviewed"]
    list_filter = ["path__status", "optional", *FACT_FILTERS]
    list_select_related = ["path__country"]
    search_fields = ["title", "slug", "path__name", "path__slug", "path__country__iso2"]
    autocomplete_fields = ["path", "currency", "authority", "documents", "sources"]
    prepopulated_fields = {"slug": ("title_en",)}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class StepForm(form_class):
            def clean_path(self):
                path_obj = self.cleaned_data.get("path")
                if path_obj is not None and not can_edit(user, path_obj):
                    raise ValidationError(
                        _("The path “%(path)s” is %(status)s: only a Reviewer may change its steps.")
                        % {"path": path_obj, "status": path_obj.get_status_display().lower()}
                    )
                return path_obj

        return StepForm

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        path_obj = form.instance.path
        if change and path_obj.status != Status.PUBLISHED and can_publish(request.user, RecognitionPath):
            fields = [
                str(form.fields[name].label or name) for name in form.changed_data if name in form.fields
            ]
            changed = [f"{form.instance}: {', '.join(fields)}"] if fields else []
            note_reviewer_edit(self, request, path_obj, changed, [path_obj, form.instance])


# --- Barriers, figures, guides --------------------------------------------------------------------


@admin.register(Barrier)
class BarrierAdmin(ChangeNoteAdminMixin, WorkflowAdmin):
    list_display = [
        "title",
        "country",
        "category",
        "severity",
        "status",
        "revision_of",
        *FACT_COLUMNS,
    ]
    list_filter = [
        "country__region",
        "status",
        *FACT_FILTERS,
        RevisionListFilter,
        "category",
        "severity",
    ]
    list_select_related = ["country", "revision_of__country"]
    search_fields = ["title", "slug", "country__name", "country__iso2"]
    autocomplete_fields = ["country", "path", "sources"]
    prepopulated_fields = {"slug": ("title_en",)}
    actions = [*WorkflowAdmin.actions, "create_revision"]


@admin.register(Figure)
class FigureAdmin(ChangeNoteAdminMixin, WorkflowAdmin):
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
    list_filter = ["country__region", "status", *FACT_FILTERS, "kind"]
    list_select_related = ["country"]
    search_fields = ["label", "slug", "country__iso2"]
    autocomplete_fields = ["country", "sources"]
    prepopulated_fields = {"slug": ("label_en",)}


@admin.register(Guide)
class GuideAdmin(ChangeNoteAdminMixin, FixtureExportMixin, WorkflowAdmin):
    list_display = [
        "title",
        "country_codes",
        "status",
        "revision_of",
        "published_at",
        *FACT_COLUMNS,
    ]
    list_filter = [
        "countries__region",
        "status",
        *FACT_FILTERS,
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
