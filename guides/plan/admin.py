"""The study data behind the estimate, curated like any fact."""

from django.contrib import admin

from ..curation.admin import FACT_FILTERS, FactAdmin
from .models import CourseCost, StudyIntensity, StudyTime

# --- Language study (the plan estimator) ----------------------------------------------------------


@admin.register(StudyTime)
class StudyTimeAdmin(FactAdmin):
    list_display = ["language", "level", "hours_min", "hours_max", "unit_minutes", "sources_count", "stale"]
    list_filter = ["language", "level", *FACT_FILTERS]
    list_select_related = ["language"]
    search_fields = ["language__code", "level", "unit_note"]
    autocomplete_fields = ["language", "sources"]


@admin.register(StudyIntensity)
class StudyIntensityAdmin(FactAdmin):
    list_display = ["slug", "label", "language", "hours_per_week", "assumed", "sources_count", "stale"]
    list_filter = ["assumed", "language", *FACT_FILTERS]
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
    list_filter = ["language", "currency", *FACT_FILTERS]
    list_select_related = ["language", "currency"]
    search_fields = ["slug", "provider", "item"]
    autocomplete_fields = ["language", "country", "currency", "sources"]
