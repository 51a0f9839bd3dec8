"""Reader-facing text fields translated by django-modeltranslation (English and Russian)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Authority,
    Barrier,
    Condition,
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
    Step,
    StudyIntensity,
    StudyTime,
    Topic,
)


@register(Source)
class SourceTranslationOptions(TranslationOptions):
    fields = ("note",)


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
    fields = ("name", "visa_note", "summary", "caveat")


@register(Authority)
class AuthorityTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(RecognitionPath)
class RecognitionPathTranslationOptions(TranslationOptions):
    fields = ("name", "exam_name", "summary", "caveat")


@register(Step)
class StepTranslationOptions(TranslationOptions):
    fields = ("title", "detail", "caveat")


@register(Barrier)
class BarrierTranslationOptions(TranslationOptions):
    fields = ("title", "detail", "mitigation", "caveat")


@register(Figure)
class FigureTranslationOptions(TranslationOptions):
    fields = ("label", "unit", "caveat")


@register(Guide)
class GuideTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "caveat")


# --- The plan estimator's language-study data ---


@register(StudyTime)
class StudyTimeTranslationOptions(TranslationOptions):
    fields = ("unit_note", "caveat")


@register(StudyIntensity)
class StudyIntensityTranslationOptions(TranslationOptions):
    fields = ("label", "note", "caveat")


@register(CourseCost)
class CourseCostTranslationOptions(TranslationOptions):
    fields = ("item", "unit", "note", "caveat")


@register(Condition)
class ConditionTranslationOptions(TranslationOptions):
    fields = ("label", "need")
