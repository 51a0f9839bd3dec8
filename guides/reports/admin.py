"""Readers' correction reports in the admin: read, start the fix, accept or reject; never added by staff.

A report's page has two tools: "Start a draft revision" (a draft of the path or guide the report is
about, linked to the report, ``fix.py``) and the decision: one form with an optional note and the two
buttons "Accept" and "Reject".
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ..curation.models import NOTE_MAX_LENGTH
from ..curation.publishable import WorkflowError, has_model_perm, item_title
from .fix import report_resolve, report_start_revision
from .models import CorrectionReport


def _change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


# --- Readers' correction reports ------------------------------------------------------------------


@admin.register(CorrectionReport)
class CorrectionReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "item_link", "excerpt", "source_link", "language", "fix_link"]
    list_filter = ["status", "country__region", "created_at"]
    list_select_related = ["country", "path__country", "guide", "fix_path__country", "fix_guide"]
    search_fields = ["message", "source_url", "country__iso2", "guide__slug", "path__slug"]
    readonly_fields = [
        "created_at",
        "item_link",
        "message",
        "source_link",
        "language",
        "fix_link",
        "resolved_by",
        "resolved_at",
    ]
    fields = [
        "created_at",
        "item_link",
        "message",
        "source_link",
        "language",
        "fix_link",
        "status",
        "staff_note",
        "resolved_by",
        "resolved_at",
    ]
    actions = ["accept", "reject"]
    date_hierarchy = "created_at"
    change_form_template = "admin/guides/correctionreport_change_form.html"

    def has_add_permission(self, request):
        return False  # reports come from readers only

    @admin.display(description=_("about"))
    def item_link(self, obj):
        item = obj.item
        if item is None:
            return "—"
        public = obj.guide.get_absolute_url() if obj.guide_id else obj.country.get_absolute_url()
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">{}</a>)', _change_url(item), item, public, _("public page")
        )

    @admin.display(description=_("fix"))
    def fix_link(self, obj):
        fix = obj.fix
        if fix is None:
            return "—"
        return format_html('<a href="{}">{}</a> ({})', _change_url(fix), fix, fix.get_status_display())

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

    # --- The report's own tools ---

    def get_urls(self):
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/start-revision/",
                self.admin_site.admin_view(require_POST(self.start_revision_view)),
                name=f"{prefix}_start_revision",
            ),
            path(
                "<path:object_id>/resolve/",
                self.admin_site.admin_view(require_POST(self.resolve_view)),
                name=f"{prefix}_resolve",
            ),
            *super().get_urls(),
        ]

    def _report(self, request, object_id) -> CorrectionReport:
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        return report

    def _tool_url(self, name, report) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[report.pk])

    def can_start_revision(self, request, report) -> bool:
        item = report.revisable_item
        return item is not None and report.fix is None and has_model_perm(request.user, "add", type(item))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        report = self.get_object(request, unquote(object_id))
        if report is not None and self.has_view_permission(request, report):
            if self.can_start_revision(request, report):
                extra_context["start_revision_url"] = self._tool_url("start_revision", report)
            if report.status == CorrectionReport.Status.NEW and self.has_change_permission(request, report):
                extra_context["resolve_url"] = self._tool_url("resolve", report)
                extra_context["note_max_length"] = NOTE_MAX_LENGTH
        return super().change_view(request, object_id, form_url, extra_context)

    def start_revision_view(self, request, object_id):
        report = self._report(request, object_id)
        if not self.can_start_revision(request, report):
            raise PermissionDenied
        try:
            draft = report_start_revision(report=report, user=request.user)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(_change_url(report))
        self.message_user(
            request,
            _("Draft to fix the report: %(item)s. The report is linked to it.") % {"item": item_title(draft)},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(_change_url(draft))

    def resolve_view(self, request, object_id):
        report = self._report(request, object_id)
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        decision = request.POST.get("decision")
        if decision not in (CorrectionReport.Status.ACCEPTED, CorrectionReport.Status.REJECTED):
            self.message_user(request, _("Choose Accept or Reject."), messages.ERROR)
            return HttpResponseRedirect(_change_url(report))
        note = request.POST.get("note", "")[:NOTE_MAX_LENGTH]
        report_resolve(report=report, user=request.user, status=decision, note=note)
        done = _("Report accepted: %(item)s") if decision == "accepted" else _("Report rejected: %(item)s")
        self.message_user(request, done % {"item": report.item}, messages.SUCCESS)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
