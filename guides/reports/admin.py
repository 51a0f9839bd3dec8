"""Readers' correction reports in the admin: read, accept or reject; never added by staff."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import CorrectionReport

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
