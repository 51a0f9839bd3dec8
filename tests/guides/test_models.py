from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from guides.models import (
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
from tests.factories import (
    make_authority,
    make_barrier,
    make_condition,
    make_country,
    make_currency,
    make_document,
    make_figure,
    make_guide,
    make_language,
    make_path,
    make_source,
    make_specialty,
    make_step,
    make_topic,
)

pytestmark = pytest.mark.django_db


def assert_refused_by_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# --- Validation messages name the field and the values -------------------------------------------


def test_step_months_min_above_max_names_field_and_values():
    step = Step(path=make_path(), slug="s", title="S", months_min=Decimal("14"), months_max=Decimal("8"))
    with pytest.raises(ValidationError) as excinfo:
        step.full_clean()
    assert excinfo.value.message_dict["months_min"] == ["Minimum months (14) is above maximum months (8)."]


def test_step_cost_min_above_max_is_refused():
    currency = make_currency()
    step = Step(path=make_path(), slug="s", title="S", cost_min=500, cost_max=100, currency=currency)
    with pytest.raises(ValidationError) as excinfo:
        step.full_clean()
    assert excinfo.value.message_dict["cost_min"] == ["Minimum cost (500) is above maximum cost (100)."]


def test_step_cost_needs_currency():
    step = Step(path=make_path(), slug="s", title="S", cost_min=100)
    with pytest.raises(ValidationError) as excinfo:
        step.full_clean()
    assert "currency" in excinfo.value.message_dict


def test_step_negative_months_refused():
    step = Step(path=make_path(), slug="s", title="S", months_min=Decimal("-1"))
    with pytest.raises(ValidationError) as excinfo:
        step.full_clean()
    assert "months_min" in excinfo.value.message_dict


def test_path_reported_range_validated():
    path = RecognitionPath(
        country=make_country(),
        slug="p",
        name="P",
        kind="document_review",
        outcome="full_licence",
        reported_months_min=Decimal("12"),
        reported_months_max=Decimal("6"),
    )
    with pytest.raises(ValidationError) as excinfo:
        path.full_clean()
    assert excinfo.value.message_dict["reported_months_min"] == [
        "Reported minimum months (12) is above reported maximum months (6)."
    ]


def test_path_reported_max_needs_min():
    path = RecognitionPath(
        country=make_country(),
        slug="p",
        name="P",
        kind="document_review",
        outcome="full_licence",
        reported_months_max=Decimal("6"),
    )
    with pytest.raises(ValidationError) as excinfo:
        path.full_clean()
    assert "reported_months_min" in excinfo.value.message_dict


def test_exam_path_must_require_exam():
    path = RecognitionPath(
        country=make_country(), slug="p", name="P", kind="exam", outcome="full_licence", exam_required=False
    )
    with pytest.raises(ValidationError) as excinfo:
        path.full_clean()
    assert "exam_required" in excinfo.value.message_dict


def test_path_authority_of_another_country_refused():
    germany = make_country()
    france = make_country(iso2="fr", name="France")
    authority = make_authority(country=france)
    path = RecognitionPath(
        country=germany,
        slug="p",
        name="P",
        kind="document_review",
        outcome="full_licence",
        authority=authority,
    )
    with pytest.raises(ValidationError) as excinfo:
        path.full_clean()
    assert "authority" in excinfo.value.message_dict


def test_barrier_path_of_another_country_refused():
    path = make_path()
    france = make_country(iso2="fr", name="France")
    barrier = Barrier(country=france, slug="b", path=path, category="exam", severity=2, title="B")
    with pytest.raises(ValidationError) as excinfo:
        barrier.full_clean()
    assert "path" in excinfo.value.message_dict


@pytest.mark.parametrize("severity", [0, 6])
def test_barrier_severity_outside_1_to_5_fails_validation(severity):
    barrier = Barrier(country=make_country(), slug="b", category="exam", severity=severity, title="B")
    with pytest.raises(ValidationError) as excinfo:
        barrier.full_clean()
    assert "severity" in excinfo.value.message_dict


def test_figure_value_range_validated():
    figure = Figure(slug="f", kind="other", label="F", value_min=Decimal("16"), value_max=Decimal("13"))
    with pytest.raises(ValidationError) as excinfo:
        figure.full_clean()
    assert "value_min" in excinfo.value.message_dict


def test_country_code_must_be_two_lower_case_letters():
    country = Country(iso2="DEU", name="Germany", region="eu", visa_regime="visa_required")
    with pytest.raises(ValidationError) as excinfo:
        country.full_clean()
    assert "iso2" in excinfo.value.message_dict


def test_visa_free_days_only_with_visa_free_regime():
    country = Country(iso2="de", name="Germany", region="eu", visa_regime="visa_required", visa_free_days=90)
    with pytest.raises(ValidationError) as excinfo:
        country.full_clean()
    assert "visa_free_days" in excinfo.value.message_dict


def test_slug_validation():
    specialty = Specialty(slug="Not A Slug", name="X")
    with pytest.raises(ValidationError):
        specialty.full_clean()


# --- The database holds the rules even when code skips clean() ----------------------------------


def test_database_refuses_step_months_min_above_max():
    path = make_path()
    assert_refused_by_database(lambda: make_step(path=path, months_min=14, months_max=8))


def test_database_refuses_step_cost_min_above_max():
    path = make_path()
    currency = make_currency()
    assert_refused_by_database(lambda: make_step(path=path, cost_min=500, cost_max=100, currency=currency))


def test_database_refuses_cost_without_currency():
    path = make_path()
    assert_refused_by_database(lambda: make_step(path=path, cost_min=100))


def test_database_refuses_negative_months():
    path = make_path()
    assert_refused_by_database(lambda: make_step(path=path, months_min=-2))


def test_database_refuses_reported_min_above_max():
    country = make_country()
    assert_refused_by_database(
        lambda: make_path(country=country, reported_months_min=12, reported_months_max=6)
    )


def test_database_refuses_exam_kind_without_exam():
    country = make_country()
    assert_refused_by_database(lambda: make_path(country=country, kind="exam", exam_required=False))


@pytest.mark.parametrize("severity", [0, 6])
def test_database_refuses_severity_outside_1_to_5(severity):
    country = make_country()
    assert_refused_by_database(lambda: make_barrier(country=country, severity=severity))


def test_database_refuses_figure_min_above_max():
    assert_refused_by_database(lambda: make_figure(value_min=16, value_max=13))


def test_database_refuses_upper_case_country_code():
    assert_refused_by_database(lambda: make_country(iso2="DE"))


def test_database_refuses_duplicate_path_slug_in_one_country():
    path = make_path()
    assert_refused_by_database(lambda: make_path(country=path.country))


def test_same_path_slug_allowed_in_two_countries():
    make_path()
    make_path(country=make_country(iso2="fr", name="France"))
    assert RecognitionPath.objects.count() == 2


def test_database_refuses_duplicate_step_slug_in_one_path():
    step = make_step()
    assert_refused_by_database(lambda: make_step(path=step.path))


def test_database_refuses_duplicate_authority_and_barrier_slug_per_country():
    authority = make_authority()
    barrier = make_barrier(country=authority.country)
    assert_refused_by_database(lambda: make_authority(country=authority.country))
    assert_refused_by_database(lambda: make_barrier(country=barrier.country))


def test_database_refuses_non_positive_currency_rate():
    make_source(key="rates")
    assert_refused_by_database(lambda: make_currency(eur_per_unit=0))


# --- Natural keys ---------------------------------------------------------------------------------


def build_one_of_each():
    source = make_source()
    currency = make_currency(source=source)
    language = make_language()
    country = make_country()
    authority = make_authority(country=country)
    path = make_path(country=country, authority=authority, language=language, language_level="c1")
    path.sources.add(source)
    step = make_step(path=path, cost_min=100, cost_max=200, currency=currency)
    barrier = make_barrier(country=country, path=path)
    figure = make_figure(country=country)
    guide = make_guide()
    condition = make_condition()
    path.conditions.add(condition)
    return [
        source,
        currency,
        language,
        country,
        authority,
        path,
        step,
        barrier,
        figure,
        guide,
        make_specialty(),
        make_topic(),
        make_document(),
        condition,
    ]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_natural_keys_round_trip(language):
    objects = build_one_of_each()
    with translation.override(language):
        for obj in objects:
            model = type(obj)
            found = model._default_manager.get_by_natural_key(*obj.natural_key())
            assert found.pk == obj.pk, model


def test_natural_keys_use_no_translated_or_numeric_field():
    objects = build_one_of_each()
    keys = {type(obj).__name__: obj.natural_key() for obj in objects}
    assert keys == {
        "Source": ("seed-test",),
        "Currency": ("EUR",),
        "Language": ("de",),
        "Country": ("de",),
        "Authority": ("de", "chamber"),
        "RecognitionPath": ("de", "exam-route"),
        "Step": ("de", "exam-route", "apply"),
        "Barrier": ("de", "language"),
        "Figure": ("onward-de",),
        "Guide": ("a-guide",),
        "Specialty": ("surgery",),
        "Topic": ("documents",),
        "Document": ("diploma-apostille",),
        "Condition": ("aliyah",),
    }


# --- History and translation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        Source,
        Language,
        Currency,
        Specialty,
        Topic,
        Document,
        Country,
        Authority,
        RecognitionPath,
        Step,
        Barrier,
        Figure,
        Guide,
    ],
)
def test_saving_a_translated_model_writes_a_history_row(model):
    objects = {type(obj): obj for obj in build_one_of_each()}
    obj = objects[model]
    before = obj.history.count()
    obj.save()
    assert obj.history.count() == before + 1
    with translation.override("ru"):
        obj.save()
    assert obj.history.count() == before + 2


def test_russian_text_is_stored_beside_english():
    country = make_country(name_en="Germany", name_ru="Германия")
    with translation.override("ru"):
        assert Country.objects.get(pk=country.pk).name == "Германия"
        assert Country.objects.get_by_natural_key("de").name == "Германия"
    with translation.override("en"):
        assert Country.objects.get(pk=country.pk).name == "Germany"


def test_str_of_every_model():
    for obj in build_one_of_each():
        assert str(obj)
    assert str(Authority.objects.get()) == "Medical chamber"
    assert str(RecognitionPath.objects.get()) == "Germany: Knowledge test route"
