"""The admin site of the curators: Django's, with autocomplete options that say enough to pick right.

A ModelAdmin may define ``autocomplete_text(obj)`` (what an option of the autocomplete says, instead of
``str(obj)``) and ``autocomplete_queryset(queryset)`` (the prefetching that text needs, so a page of
options costs a fixed number of queries). Set as the default site by ``apps.CurationAdminConfig``.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class CurationAutocompleteJsonView(AutocompleteJsonView):
    def get_queryset(self):
        queryset = super().get_queryset()
        if hasattr(self.model_admin, "autocomplete_queryset"):
            queryset = self.model_admin.autocomplete_queryset(queryset)
        return queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if hasattr(self.model_admin, "autocomplete_text"):
            result["text"] = self.model_admin.autocomplete_text(obj)
        return result


class CurationAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return CurationAutocompleteJsonView.as_view(admin_site=self)(request)
