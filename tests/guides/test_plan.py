""" "Plan my move": the estimate (guides.plan.estimate) and its pages."""

import io
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guides.exchange.export import export_fixture
from guides.exchange.importer import import_fixture
from guides.models import CourseCost, Language, Specialty, StudyIntensity, StudyTime
from guides.plan.estimate import StudyData, document_checklist, plan_estimate, study_for
from tests.factories import (
    make_authority,
    make_barrier,
    make_country,
    make_course_cost,
    make_currency,
    make_document,
    make_language,
    make_path,
    make_source,
    make_specialty,
    make_step,
    make_study_intensity,
    make_study_time,
)

pytestmark = pytest.mark.django_db

D = Decimal


def build_world():
    """Six destinations whose paths differ in language, conditions and time, in clock hours.

    German needs C1: 800-1000 hours from zero, 600-700 from A2 (200-300); at 25 hours a week and 4.33
    weeks a month that is 7.4-9.2 and 5.5-6.5 months.
    """
    source = make_source(key="glh")
    make_currency(source=source)
    make_language(code="ru", name="Russian")
    german = make_language(code="de", name="German")
    hebrew = make_language(code="he", name="Hebrew")
    for level, low, high in [("a2", 200, 300), ("b1", 400, 500), ("c1", 800, 1000)]:
        make_study_time(language=german, level=level, hours_min=low, hours_max=high).sources.add(source)
    make_study_intensity().sources.add(source)
    make_specialty(slug="surgery", name="Surgery")
    paediatrics = make_specialty(slug="paediatrics", name="Paediatrics")

    georgia = make_country(iso2="ge", name="Georgia", region="cis")
    path = make_path(country=georgia, slug="recognition", kind="document_review", exam_required=False)
    make_step(path=path, months_min=1, months_max=2)
    kazakhstan = make_country(iso2="kz", name="Kazakhstan", region="cis")
    make_path(country=kazakhstan, slug="certification", reported_months_min=3, reported_months_max=6)
    fast = make_path(country=kazakhstan, slug="paediatric-fast-track", reported_months_min=D("0.5"))
    fast.specialties.add(paediatrics)
    germany = make_country(iso2="de", name="Germany", region="eu")
    make_path(
        country=germany,
        slug="kenntnispruefung",
        language=german,
        language_level="c1",
        reported_months_min=15,
        reported_months_max=36,
    )
    israel = make_country(iso2="il", name="Israel", region="middle_east")
    exam = make_path(country=israel, slug="licensing-exam", language=hebrew)
    make_step(path=exam, months_min=12)
    exemption = make_path(
        country=israel,
        slug="experienced-exemption",
        kind="supervised_practice",
        exam_required=False,
        language=hebrew,
        min_years_practice=10,
    )
    make_step(path=exemption, months_min=6)
    serbia = make_country(iso2="rs", name="Serbia", region="europe_other")
    make_path(
        country=serbia,
        slug="full-licence",
        residency_required=True,
        reported_months_min=8,
        reported_months_max=8,
    )
    montenegro = make_country(iso2="me", name="Montenegro", region="europe_other")
    make_path(
        country=montenegro,
        slug="full-licence",
        min_years_practice=5,
        reported_months_min=10,
        reported_months_max=10,
    )


def estimate(specialty="surgery", **doctor):
    return plan_estimate(specialty=Specialty.objects.get(slug=specialty) if specialty else None, **doctor)


def ranking(plan):
    """Each destination's best estimate as (iso2, low, high); high is None unless the range is complete."""
    return [
        (d.country.iso2, d.best.months.low, d.best.months.high if d.best.months.is_complete else None)
        for d in plan.destinations
    ]


RUSSIAN_ONLY = {"ru": "native"}


@pytest.mark.parametrize(
    ("doctor", "expected", "excluded"),
    [
        pytest.param(
            {"languages": RUSSIAN_ONLY, "years": 3, "residency": True},
            # Complete ranges by midpoint; Israel last: Hebrew is needed, its level and hours unknown.
            [("ge", 1, 2), ("kz", 3, 6), ("rs", 8, 8), ("de", D("22.4"), D("45.2")), ("il", 12, None)],
            ["me"],
            id="russian-only-surgeon-cis-first",
        ),
        pytest.param(
            {"languages": {**RUSSIAN_ONLY, "de": "c1"}, "years": 3, "residency": True},
            [("ge", 1, 2), ("kz", 3, 6), ("rs", 8, 8), ("de", 15, 36), ("il", 12, None)],
            ["me"],
            id="german-c1-drops-the-language-time",
        ),
        pytest.param(
            {"languages": {**RUSSIAN_ONLY, "de": "a2"}, "years": 3, "residency": True},
            [("ge", 1, 2), ("kz", 3, 6), ("rs", 8, 8), ("de", D("20.5"), D("42.5")), ("il", 12, None)],
            ["me"],
            id="german-a2-counts-the-hours-from-a2",
        ),
        pytest.param(
            {"languages": RUSSIAN_ONLY, "years": 12, "residency": True},
            [
                ("ge", 1, 2),
                ("kz", 3, 6),
                ("rs", 8, 8),
                ("me", 10, 10),
                ("de", D("22.4"), D("45.2")),
                ("il", 6, None),
            ],
            [],
            id="many-years-opens-the-exemption",
        ),
        pytest.param(
            {"languages": RUSSIAN_ONLY, "years": 3, "residency": False},
            [("ge", 1, 2), ("kz", 3, 6), ("de", D("22.4"), D("45.2")), ("il", 12, None)],
            ["me", "rs"],
            id="no-residency-closes-serbia",
        ),
    ],
)
def test_scenarios_rank_destinations_with_their_month_ranges(doctor, expected, excluded):
    build_world()
    plan = estimate(**doctor)
    assert ranking(plan) == expected
    assert [item.country.iso2 for item in plan.excluded] == excluded


def test_the_same_doctor_with_german_c1_saves_exactly_the_study_time():
    build_world()
    before = next(d.best for d in estimate(languages=RUSSIAN_ONLY).destinations if d.country.iso2 == "de")
    after = next(
        d.best
        for d in estimate(languages={**RUSSIAN_ONLY, "de": "c1"}).destinations
        if d.country.iso2 == "de"
    )
    assert (before.months.low - after.months.low, before.months.high - after.months.high) == (
        D("7.4"),
        D("9.2"),
    )
    assert before.constraint.startswith(
        "The procedure itself takes 15–36 months. Before it: German C1 needed"
    )
    assert "about 7.4–9.2 months of study" in before.constraint


def test_excluded_destinations_say_why():
    build_world()
    plan = estimate(languages=RUSSIAN_ONLY, years=3, residency=False)
    reasons = {item.country.iso2: item.reasons for item in plan.excluded}
    assert reasons["me"] == ["Knowledge test route: needs 5 years of practice; you have 3"]
    assert reasons["rs"] == ["Knowledge test route: needs a completed residency (ordinatura)"]


def test_a_path_listing_specialties_applies_only_to_them():
    build_world()
    surgeon = {d.country.iso2: d for d in estimate("surgery", languages=RUSSIAN_ONLY, years=3).destinations}
    paediatrician = {
        d.country.iso2: d for d in estimate("paediatrics", languages=RUSSIAN_ONLY, years=3).destinations
    }
    assert surgeon["kz"].best.path.slug == "certification"
    # The fast track's "at least 0.5 months" is a lower bound: the wholly known route comes first.
    assert [e.path.slug for e in paediatrician["kz"].paths] == ["certification", "paediatric-fast-track"]
    assert paediatrician["kz"].paths[1].months.low == D("0.5")


def test_an_unknown_paperwork_time_makes_the_study_a_lower_bound():
    build_world()
    german = Language.objects.get(code="de")
    path = make_path(country=make_country(iso2="at", name="Austria"), language=german, language_level="c1")
    make_step(path=path)
    at = next(d.best for d in estimate(languages=RUSSIAN_ONLY).destinations if d.country.iso2 == "at")
    assert (at.months.low, at.months.high, at.months.knowledge) == (D("7.4"), None, "partial")
    assert (
        at.constraint
        == "German C1 needed, you have none: about 7.4–9.2 months of study; paperwork time unknown"
    )


def test_a_path_without_a_language_requirement_needs_no_study():
    build_world()
    georgia = next(d.best for d in estimate(languages={}).destinations if d.country.iso2 == "ge")
    assert georgia.study.status == "none_required"
    assert georgia.constraint.startswith("No language requirement is recorded for this path")


def test_budget_and_regions():
    build_world()
    make_step(
        path=make_path(country=make_country(iso2="fr", name="France")),
        cost_min=500,
        cost_max=900,
        currency=make_currency(code="USD", eur_per_unit=D("0.9")),
    )
    plan = estimate(
        languages=RUSSIAN_ONLY, years=3, residency=True, budget_eur=D("400"), regions=["cis", "eu"]
    )
    # France's time is unknown, so it comes last.
    assert [d.country.iso2 for d in plan.destinations] == ["ge", "kz", "de", "fr"]
    france = plan.destinations[3].best
    assert (france.cost.low, france.cost.high, france.over_budget) == (D("450"), D("810"), True)


# --- Language-time arithmetic ---------------------------------------------------------------------


@pytest.fixture
def german_data():
    german = make_language(code="de", name="German")
    make_study_time(language=german, level="a2", hours_min=200, hours_max=300)
    make_study_time(language=german, level="c1", hours_min=800, hours_max=1000)
    make_study_intensity()
    return german


@pytest.mark.parametrize(
    ("current", "required", "status", "months"),
    [
        ("", "c1", "computed", (D("7.4"), D("9.2"))),
        ("a2", "c1", "computed", (D("5.5"), D("6.5"))),
        ("c1", "c1", "enough", (0, 0)),
        ("c2", "c1", "enough", (0, 0)),
        ("native", "c1", "enough", (0, 0)),
        ("c2", "", "enough", (0, 0)),
        ("native", "", "enough", (0, 0)),
        ("b2", "", "level_unknown", (None, None)),
        ("", "c2", "no_figure", (None, None)),
        ("b1", "c1", "no_figure", (None, None)),
    ],
)
def test_study_time_at_the_level_boundaries(german_data, current, required, status, months):
    study = study_for(language=german_data, required=required, current=current, data=StudyData.load())
    assert study.status == status
    assert (study.months_min, study.months_max) == months


def test_teaching_units_are_converted_and_a_language_intensity_wins(german_data):
    german_data.study_times.filter(level="c1").update(unit_minutes=45)  # 600-750 clock hours
    make_study_intensity(slug="integration", language=german_data, hours_per_week=D("18.75"))
    study = study_for(language=german_data, required="c1", current="", data=StudyData.load())
    assert (study.hours_min, study.hours_max) == (D("600"), D("750"))
    assert study.intensity.slug == "integration"
    assert (study.months_min, study.months_max) == (D("7.4"), D("9.2"))


def test_study_cost_spans_the_cheapest_to_the_dearest_hour(german_data):
    make_course_cost(language=german_data)  # EUR 3-5 an hour
    make_course_cost(slug="free-course", language=german_data, amount_min=0, amount_max=0, hours=100)
    make_course_cost(slug="no-hours", language=german_data, hours=None, amount_min=9999, amount_max=9999)
    study = study_for(language=german_data, required="c1", current="a2", data=StudyData.load())
    assert (study.cost_min_eur, study.cost_max_eur) == (D("0"), D("3500"))


def test_without_an_assumed_intensity_the_study_time_is_unknown(german_data):
    StudyIntensity.objects.update(assumed=False)
    study = study_for(language=german_data, required="c1", current="", data=StudyData.load())
    assert study.status == "no_figure"


# --- The printable plan's checklist ---------------------------------------------------------------


def test_checklist_lists_each_document_once_in_the_order_first_needed():
    path = make_path()
    diploma = make_document(slug="diploma", name="Diploma")
    translation = make_document(slug="translation", name="Sworn translation")
    good_standing = make_document(slug="good-standing", name="Certificate of good standing")
    first = make_step(path=path, slug="apply", position=1)
    first.documents.add(translation, diploma)
    second = make_step(path=path, slug="exam", position=2)
    second.documents.add(diploma, good_standing, translation)
    steps = list(path.steps.order_by("position").prefetch_related("documents"))
    assert [d.slug for d in document_checklist(steps)] == ["diploma", "translation", "good-standing"]


def test_printable_plan_lists_steps_documents_authorities_and_sources_once(client):
    build_world()
    germany = make_path(country=make_country(iso2="at", name="Austria", region="eu"), slug="nostrification")
    authority = make_authority(country=germany.country, slug="ministry", name="Ministry of Health")
    germany.authority = authority
    germany.save()
    diploma = make_document(slug="diploma", name="Diploma with apostille")
    for position, slug in enumerate(["apply", "exam"]):
        step = make_step(
            path=germany, slug=slug, title=f"Step {slug}", position=position, authority=authority
        )
        step.documents.add(diploma)
        step.sources.add(make_source(key=f"source-{slug}", title=f"Source {slug}"))
    response = client.get(
        reverse("guides:plan-destination", args=["at"]), {"lang": "ru:native", "years": "3"}
    )
    assert response.status_code == HTTPStatus.OK
    text = response.content.decode()
    assert text.count("Diploma with apostille") == 1
    assert text.count("Ministry of Health") == 3  # the authority list once, and each step's line
    assert "Step apply" in text and "Step exam" in text
    assert "Source apply" in text and "Source exam" in text
    assert 'href="/plan/?lang=ru%3Anative&amp;years=3"' in text


def test_printable_plan_of_a_closed_destination_says_why(client):
    build_world()
    response = client.get(reverse("guides:plan-destination", args=["me"]), {"years": "3"})
    assert response.status_code == HTTPStatus.OK
    assert "needs 5 years of practice; you have 3" in response.content.decode()


def test_printable_plan_of_an_unknown_country_is_404(client):
    assert client.get(reverse("guides:plan-destination", args=["zz"])).status_code == HTTPStatus.NOT_FOUND


# --- The page -------------------------------------------------------------------------------------

SURGEON = {"specialty": "surgery", "lang": ["ru:native", "en:b1"], "years": "3", "residency": "1"}


def test_empty_form_shows_no_results_yet(client):
    build_world()
    response = client.get(reverse("guides:plan"))
    assert response.status_code == HTTPStatus.OK
    text = response.content.decode()
    assert "<html" in text and 'id="plan-form"' in text
    assert "destinations open to you" not in text


def test_full_page_ranks_destinations_and_explains_itself(client):
    build_world()
    make_barrier(country=Language.objects.get(code="de").paths.first().country, title="German at C1")
    response = client.get(reverse("guides:plan"), SURGEON)
    assert response.status_code == HTTPStatus.OK
    text = response.content.decode()
    assert "<html" in text
    assert text.index("Georgia") < text.index("Kazakhstan") < text.index("Serbia") < text.index("Germany")
    assert "German C1 needed, you have none: about 7.4–9.2 months of study" in text
    assert "German at C1" in text
    assert "needs 5 years of practice; you have 3" in text
    assert "Not open to you: Knowledge test route: needs 10 years of practice; you have 3" in text
    assert "How we estimate" in text
    assert "Full time, 25 hours a week" in text
    assert "No source we hold gives hours per level for:" in text and "Hebrew" in text
    assert '<option value="ru:native" selected>' in text
    assert reverse("guides:plan-destination", args=["de"]) + "?specialty=surgery" in text
    assert "<svg" in text


def test_htmx_request_gets_only_the_results(client):
    build_world()
    response = client.get(reverse("guides:plan"), SURGEON, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<html" not in text and text.lstrip().startswith('<section id="plan-results"')
    assert "HX-Request" in response["Vary"]


def test_boosted_request_gets_the_full_page(client):
    build_world()
    headers = {"HX-Request": "true", "HX-Boosted": "true"}
    assert "<html" in client.get(reverse("guides:plan"), SURGEON, headers=headers).content.decode()


def test_the_page_sets_no_cookie_and_has_no_csrf_token(client):
    build_world()
    response = client.get(reverse("guides:plan"), SURGEON)
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "style=" not in response.content.decode()
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"specialty": "astrology"}, "We do not know this specialty"),
        ({"lang": "xx:b1"}, "We do not know the language code “xx”."),
        ({"lang": "de:z9"}, "“z9” is not a level"),
        ({"lang": "de"}, "“” is not a level"),
        ({"years": "-1"}, "Years of practice cannot be negative."),
        ({"years": "100000"}, "Give at most 60 years of practice."),
        ({"years": "eight"}, "Give the years of practice as a whole number"),
        ({"budget": "lots"}, "Give the budget as a number of euros"),
        ({"budget": "-5"}, "The budget cannot be negative."),
        ({"budget": "1e400"}, "Give"),
        ({"region": "mars"}, "We do not know the region"),
        ({"lang": ["ru:native"] * 300}, "You gave 300 languages; only the first 20 are used."),
    ],
)
def test_bad_input_gets_a_message_and_still_an_estimate(client, query, message):
    build_world()
    response = client.get(reverse("guides:plan"), query)
    assert response.status_code == HTTPStatus.OK
    text = response.content.decode()
    assert 'role="alert"' in text
    assert message in text
    assert "destinations open to you" in text


def test_valid_languages_survive_an_invalid_one(client):
    build_world()
    response = client.get(reverse("guides:plan"), {"lang": ["xx:b1", "de:c1"]})
    text = response.content.decode()
    assert "We do not know the language code" in text
    assert "German C1 needed, you have C1: no study needed" in text


def test_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    build_world()
    make_course_cost().sources.add(make_source(key="prices"))
    # Languages (with the destinations using them, and the doctor's for the summary), conditions,
    # specialties (validation and the form's list), study times, intensities and course costs with
    # their sources, barriers, paths with their countries, languages, specialties, conditions and steps,
    # the paths' totals (from the steps here: a test's own transaction bypasses the totals index), and
    # the doctors' reported outcomes of the paths.
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("guides:plan"), SURGEON)
    assert len(small) <= 23
    for index in range(8):
        country = make_country(iso2=f"x{index}", name=f"Extra {index}", region="eu")
        path = make_path(country=country, language=Language.objects.get(code="de"), language_level="c1")
        make_step(path=path, months_min=index)
        make_barrier(country=country)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("guides:plan"), {**SURGEON, "years": "4"})
    assert len(large) == len(small)
    text = response.content.decode()
    if "Extra 7" not in text:  # ranked further down: on the next page
        text = client.get(reverse("guides:plan"), {**SURGEON, "years": "4", "page": "2"}).content.decode()
    assert "Extra 7" in text


def test_results_come_one_page_at_a_time(client):
    build_world()
    for index, letter in enumerate("abcdefghijkl"):
        country = make_country(iso2=f"x{letter}", name=f"Extra {index}", region="eu")
        make_step(path=make_path(country=country), months_min=index)
    first = client.get(reverse("guides:plan"), SURGEON).content.decode()
    assert first.count('class="plan-card card"') == 10
    assert 'rel="next"' in first
    second = client.get(reverse("guides:plan"), {**SURGEON, "page": "2"}).content.decode()
    assert 'start="11"' in second
    assert second.count('class="plan-card card"') >= 1


def test_header_and_home_link_to_the_plan(client):
    text = client.get(reverse("guides:home")).content.decode()
    assert f'href="{reverse("guides:plan")}"' in text


@pytest.mark.parametrize("model_name", ["studytime", "studyintensity", "coursecost"])
def test_study_data_is_curated_in_the_admin(admin_client, model_name):
    german = make_language(code="de", name="German")
    make_study_time(language=german)
    make_study_intensity()
    make_course_cost(language=german)
    for url in (
        reverse(f"admin:guides_{model_name}_changelist"),
        reverse(f"admin:guides_{model_name}_changelist") + "?q=german",
        reverse(f"admin:guides_{model_name}_add"),
    ):
        assert admin_client.get(url).status_code == HTTPStatus.OK, url


def test_study_data_travels_through_export_and_import():
    build_world()
    make_course_cost().sources.add(make_source(key="prices"))
    out = io.StringIO()
    export_fixture(out)
    text = out.getvalue()
    assert '"model": "guides.studytime"' in text and '"model": "guides.coursecost"' in text
    for model in (CourseCost, StudyTime, StudyIntensity):
        model.objects.all().delete()
    result = import_fixture(text.encode())
    assert result.ok, result.problems
    assert (StudyTime.objects.count(), StudyIntensity.objects.count(), CourseCost.objects.count()) == (
        3,
        1,
        1,
    )
    again = io.StringIO()
    export_fixture(again)
    assert again.getvalue() == text


def test_printable_plan_can_show_another_open_path_in_constant_queries(client, django_assert_max_num_queries):
    build_world()
    url = reverse("guides:plan-destination", args=["kz"])
    # 20, plus the doctors' reported outcomes of the paths shown (aggregates, then the steps of paths
    # that have step aggregates).
    with django_assert_max_num_queries(22):
        first = client.get(url, {"specialty": "paediatrics"})
    with django_assert_max_num_queries(22):
        other = client.get(url, {"specialty": "paediatrics", "path": "certification"})
    assert "3–6 months" in first.content.decode()  # the wholly known path first
    fast = client.get(url, {"specialty": "paediatrics", "path": "paediatric-fast-track"})
    assert "at least 0.5 months" in fast.content.decode()
    assert "3–6 months" in other.content.decode()
