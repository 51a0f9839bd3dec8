"""A plain registration of every model, so staff can see and edit the data."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Authority,
    Barrier,
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


class ContentAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """History and side-by-side translations for a translated content model."""


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ["key", "title", "publisher", "kind", "published_on", "date_note"]
    list_filter = ["kind"]
    search_fields = ["key", "title", "publisher", "author", "url"]


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


class AuthorityInline(TranslationTabularInline):
    model = Authority
    extra = 0


@admin.register(Country)
class CountryAdmin(ContentAdmin):
    list_display = ["iso2", "name", "region", "visa_regime", "confidence", "last_reviewed"]
    list_filter = ["region", "visa_regime", "confidence"]
    search_fields = ["iso2", "name"]
    filter_horizontal = ["practice_languages"]
    autocomplete_fields = ["sources"]
    inlines = [AuthorityInline]


@admin.register(Authority)
class AuthorityAdmin(ContentAdmin):
    list_display = ["name", "country", "role"]
    list_filter = ["role", "country__region"]
    list_select_related = ["country"]
    search_fields = ["name", "local_name", "slug"]
    autocomplete_fields = ["country"]


class StepInline(TranslationStackedInline):
    model = Step
    extra = 0
    autocomplete_fields = ["currency", "authority", "documents", "sources"]


@admin.register(RecognitionPath)
class RecognitionPathAdmin(ContentAdmin):
    list_display = ["name", "country", "kind", "status", "confidence", "last_reviewed"]
    list_filter = ["status", "kind", "confidence", "country__region"]
    list_select_related = ["country"]
    search_fields = ["name", "slug", "country__name", "country__iso2"]
    autocomplete_fields = ["country", "authority", "language", "specialties", "sources", "revision_of"]
    inlines = [StepInline]


@admin.register(Step)
class StepAdmin(ContentAdmin):
    list_display = ["title", "path", "position", "months_min", "months_max", "optional"]
    list_select_related = ["path__country"]
    search_fields = ["title", "slug", "path__name"]
    autocomplete_fields = ["path", "currency", "authority", "documents", "sources"]


@admin.register(Barrier)
class BarrierAdmin(ContentAdmin):
    list_display = ["title", "country", "category", "severity", "status", "confidence", "last_reviewed"]
    list_filter = ["status", "category", "severity", "country__region"]
    list_select_related = ["country"]
    search_fields = ["title", "slug", "country__name"]
    autocomplete_fields = ["country", "path", "sources"]


@admin.register(Figure)
class FigureAdmin(ContentAdmin):
    list_display = ["label", "country", "kind", "value_min", "value_max", "unit", "year", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["country"]
    search_fields = ["label", "slug"]
    autocomplete_fields = ["country", "sources"]


@admin.register(Guide)
class GuideAdmin(ContentAdmin):
    list_display = ["title", "status", "published_at", "confidence", "last_reviewed"]
    list_filter = ["status", "topics", "countries__region"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ["countries", "specialties", "topics", "sources", "revision_of"]
    date_hierarchy = "published_at"
