"""Plain factory functions with explicit, readable defaults."""

import datetime
from decimal import Decimal

from guides.models import (
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


def make_source(**overrides) -> Source:
    fields = {"key": "seed-test", "title": "A test article", "publisher": "Test Times", "kind": "news"}
    fields.update(overrides)
    return Source.objects.create(**fields)


def make_language(**overrides) -> Language:
    fields = {"code": "de", "name": "German"}
    fields.update(overrides)
    return Language.objects.create(**fields)


def make_currency(**overrides) -> Currency:
    fields = {
        "code": "EUR",
        "name": "Euro",
        "eur_per_unit": Decimal("1"),
        "as_of": datetime.date(2026, 11, 1),
    }
    fields.update(overrides)
    if "source" not in fields:
        fields["source"] = Source.objects.first() or make_source(key="rates")
    return Currency.objects.create(**fields)


def make_country(**overrides) -> Country:
    fields = {"iso2": "de", "name": "Germany", "region": "eu", "visa_regime": "visa_required"}
    fields.update(overrides)
    return Country.objects.create(**fields)


def make_authority(**overrides) -> Authority:
    fields = {"slug": "chamber", "name": "Medical chamber", "role": "licensing"}
    fields.update(overrides)
    if "country" not in fields:
        fields["country"] = make_country()
    return Authority.objects.create(**fields)


def make_path(**overrides) -> RecognitionPath:
    fields = {
        "slug": "exam-route",
        "name": "Knowledge test route",
        "kind": "exam",
        "outcome": "full_licence",
        "exam_required": True,
        "status": "published",
    }
    fields.update(overrides)
    if "country" not in fields:
        fields["country"] = make_country()
    return RecognitionPath.objects.create(**fields)


def make_step(**overrides) -> Step:
    fields = {"slug": "apply", "title": "Apply", "position": 1}
    fields.update(overrides)
    if "path" not in fields:
        fields["path"] = make_path()
    return Step.objects.create(**fields)


def make_barrier(**overrides) -> Barrier:
    fields = {
        "slug": "language",
        "category": "language",
        "severity": 3,
        "title": "Language",
        "status": "published",
    }
    fields.update(overrides)
    if "country" not in fields:
        fields["country"] = make_country()
    return Barrier.objects.create(**fields)


def make_figure(**overrides) -> Figure:
    fields = {"slug": "onward-de", "kind": "onward_migration", "label": "Moved on", "status": "published"}
    fields.update(overrides)
    return Figure.objects.create(**fields)


def make_guide(**overrides) -> Guide:
    fields = {"slug": "a-guide", "title": "A guide", "body": "Some *text*.", "status": "published"}
    fields.update(overrides)
    return Guide.objects.create(**fields)


def make_condition(**overrides) -> Condition:
    fields = {
        "slug": "aliyah",
        "label": "Holds Israeli citizenship or a right of return",
        "need": "needs aliyah",
    }
    fields.update(overrides)
    return Condition.objects.create(**fields)


def make_specialty(**overrides) -> Specialty:
    fields = {"slug": "surgery", "name": "Surgery"}
    fields.update(overrides)
    return Specialty.objects.create(**fields)


def make_topic(**overrides) -> Topic:
    fields = {"slug": "documents", "name": "Documents"}
    fields.update(overrides)
    return Topic.objects.create(**fields)


def make_document(**overrides) -> Document:
    fields = {"slug": "diploma-apostille", "name": "Diploma with apostille"}
    fields.update(overrides)
    return Document.objects.create(**fields)


def make_study_time(**overrides) -> StudyTime:
    fields = {"level": "c1", "hours_min": 800, "hours_max": 1000, "unit_note": "hours"}
    fields.update(overrides)
    if "language" not in fields:
        fields["language"] = Language.objects.filter(code="de").first() or make_language()
    return StudyTime.objects.create(**fields)


def make_study_intensity(**overrides) -> StudyIntensity:
    fields = {
        "slug": "full-time",
        "label": "Full time, 25 hours a week",
        "hours_per_week": Decimal("25"),
        "assumed": True,
    }
    fields.update(overrides)
    return StudyIntensity.objects.create(**fields)


def make_course_cost(**overrides) -> CourseCost:
    fields = {
        "slug": "german-course",
        "provider": "Adult education centre",
        "item": "German course",
        "amount_min": Decimal("300"),
        "amount_max": Decimal("500"),
        "unit": "per 100 hours",
        "hours": Decimal("100"),
    }
    fields.update(overrides)
    if "language" not in fields:
        fields["language"] = Language.objects.filter(code="de").first() or make_language()
    if "currency" not in fields:
        fields["currency"] = Currency.objects.filter(code="EUR").first() or make_currency()
    return CourseCost.objects.create(**fields)
