"""Doctors' outcome reports in the admin: Reviewers approve, edit out identifying details, or reject.

Every moderation (the change form, the actions, deletion) saves row by row, so the history records
who approved, and then recomputes the aggregates of the paths concerned. Reports come from doctors
only: staff cannot add them.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import aggregate
from .models import OutcomeAggregate, OutcomeReport, OutcomeStep


class OutcomeStepInline(admin.TabularInline):
    model = OutcomeStep
    extra = 0
    fields = ["step", "months"]
    readonly_fields = ["step"]
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutcomeReport)
class OutcomeReportAdmin(SimpleHistoryAdmin):
    list_display = ["received_in", "status", "path", "outcome", "months_total", "started", "has_advice"]
    list_filter = ["status", "outcome", "country__region", "country"]
    list_select_related = ["path__country", "country"]
    search_fields = ["advice", "path__slug", "country__iso2"]
    readonly_fields = ["country", "path", "received_in", "language", "specialty"]
    fields = [
        "status",
        "country",
        "path",
        ("started_month", "started_year"),
        "months_total",
        "outcome",
        "specialty",
        ("fees_paid", "fees_currency"),
        "advice",
        "language",
        "received_in",
    ]
    inlines = [OutcomeStepInline]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False  # reports come from doctors only

    @admin.display(description=_("started"))
    def started(self, obj):
        return f"{obj.started_month:02d}/{obj.started_year}"

    @admin.display(description=_("advice"), boolean=True)
    def has_advice(self, obj):
        return bool(obj.advice)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        aggregate.refresh([form.instance.path_id])

    def delete_model(self, request, obj):
        path_id = obj.path_id
        super().delete_model(request, obj)
        aggregate.refresh([path_id])

    def delete_queryset(self, request, queryset):
        path_ids = list(queryset.values_list("path_id", flat=True))
        super().delete_queryset(request, queryset)
        aggregate.refresh(path_ids)

    def _moderate(self, queryset, status) -> int:
        reports = list(queryset.exclude(status=status))
        for report in reports:
            report.status = status
            report.save(update_fields=["status"])  # one by one: the history records who did it
        aggregate.refresh(report.path_id for report in reports)
        return len(reports)

    @admin.action(description=_("Approve (the advice text becomes public)"), permissions=["change"])
    def approve(self, request, queryset):
        count = self._moderate(queryset, OutcomeReport.Status.APPROVED)
        self.message_user(request, ngettext("%d report approved.", "%d reports approved.", count) % count)

    @admin.action(description=_("Reject"), permissions=["change"])
    def reject(self, request, queryset):
        count = self._moderate(queryset, OutcomeReport.Status.REJECTED)
        self.message_user(request, ngettext("%d report rejected.", "%d reports rejected.", count) % count)


@admin.register(OutcomeAggregate)
class OutcomeAggregateAdmin(admin.ModelAdmin):
    """What the public sees: computed from the approved reports, never edited by hand."""

    list_display = ["path", "step", "reports", "median_months", "months_min", "months_max"]
    list_select_related = ["path__country", "step"]
    list_filter = ["path__country"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
