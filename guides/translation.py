"""Reader-facing text fields translated by django-modeltranslation (English and Russian)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Authority,
    Barrier,
    ChangeNote,
    Condition,
    Country,
    CourseCost,
    Currency,
    DatedEvent,
    Document,
    Figure,
    Guide,
    Language,
    RecognitionPath,
    Source,
    Specialty,
    Step,
    StudyIntensity,
    StudyTime,
    Topic,
)


@register(Source)
class SourceTranslationOptions(TranslationOptions):
    fields = ("title_translation", "date_note", "note")


@register(Language)
class LanguageTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Currency)
class CurrencyTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Specialty)
class SpecialtyTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("name", "note")


@register(Country)
class CountryTranslationOptions(TranslationOptions):
    fields = ("name", "visa_note", "summary", "caveat", "confidence_reason")


@register(Authority)
class AuthorityTranslationOptions(TranslationOptions):
    fields = ("name", "how_to_apply")


@register(RecognitionPath)
class RecognitionPathTranslationOptions(TranslationOptions):
    fields = ("name", "exam_name", "exam_format", "exam_language", "summary", "caveat", "confidence_reason")


@register(Step)
class StepTranslationOptions(TranslationOptions):
    fields = ("title", "detail", "caveat", "confidence_reason")


@register(Barrier)
class BarrierTranslationOptions(TranslationOptions):
    fields = ("title", "detail", "mitigation", "caveat", "confidence_reason")


@register(Figure)
class FigureTranslationOptions(TranslationOptions):
    fields = ("label", "unit", "caveat", "confidence_reason")


@register(Guide)
class GuideTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "caveat", "confidence_reason")


# --- The plan estimator's language-study data ---


@register(StudyTime)
class StudyTimeTranslationOptions(TranslationOptions):
    fields = ("unit_note", "caveat", "confidence_reason")


@register(StudyIntensity)
class StudyIntensityTranslationOptions(TranslationOptions):
    fields = ("label", "note", "caveat", "confidence_reason")


@register(CourseCost)
class CourseCostTranslationOptions(TranslationOptions):
    fields = ("item", "unit", "note", "caveat", "confidence_reason")


@register(Condition)
class ConditionTranslationOptions(TranslationOptions):
    fields = ("label", "need")


# --- Change notes and dated events ---


@register(ChangeNote)
class ChangeNoteTranslationOptions(TranslationOptions):
    fields = ("item_name", "note")


@register(DatedEvent)
class DatedEventTranslationOptions(TranslationOptions):
    fields = ("title", "detail", "caveat", "confidence_reason")
