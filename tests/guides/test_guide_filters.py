import pytest

from guides.filters import GuideFilter
from guides.models import Guide
from tests.factories import make_country, make_guide, make_specialty, make_topic

pytestmark = pytest.mark.django_db

ALL = ["eu-and-georgia", "general", "georgia-documents", "germany-exam", "serbia-permits"]


@pytest.fixture
def guides():
    germany = make_country(iso2="de", name="Germany", region="eu")
    georgia = make_country(iso2="ge", name="Georgia", region="cis", visa_regime="visa_free")
    serbia = make_country(iso2="rs", name="Serbia", region="europe_other", visa_regime="visa_free")
    surgery = make_specialty(slug="surgery", name="Surgery")
    paediatrics = make_specialty(slug="paediatrics", name="Paediatrics")
    documents = make_topic(slug="documents", name="Documents")
    exams = make_topic(slug="exams", name="Exams")

    def guide(slug, countries=(), specialties=(), topics=(), **fields):
        made = make_guide(slug=slug, **fields)
        made.countries.set(countries)
        made.specialties.set(specialties)
        made.topics.set(topics)
        return made

    guide(
        "germany-exam",
        [germany],
        [surgery],
        [exams],
        title="Passing the Kenntnisprüfung",
        body="Study for the knowledge test.",
    )
    guide(
        "georgia-documents",
        [georgia],
        topics=[documents],
        title="Papers for Georgia",
        title_ru="Документы для Грузии",
        summary="Apostille and sworn translation.",
    )
    guide(
        "serbia-permits",
        [serbia],
        [paediatrics],
        [documents],
        title="Serbia",
        body="A work PERMIT takes eight months.",
    )
    guide("eu-and-georgia", [germany, georgia], topics=[exams], title="Two systems")
    guide("general", title="Before you leave")
    guide("draft-germany", [germany], status="draft", title="Kenntnisprüfung draft")


def slugs(data):
    guide_filter = GuideFilter(data, queryset=Guide.objects.published())
    return [guide.slug for guide in guide_filter.qs], sorted(guide_filter.errors)


@pytest.mark.parametrize(
    "data, expected, errors",
    [
        ({}, ALL, []),
        ({"country": "de"}, ["eu-and-georgia", "germany-exam"], []),
        ({"country": "ge"}, ["eu-and-georgia", "georgia-documents"], []),
        ({"region": "eu"}, ["eu-and-georgia", "germany-exam"], []),
        ({"region": "cis"}, ["eu-and-georgia", "georgia-documents"], []),
        ({"region": "americas"}, [], []),
        # Guides listing no specialty apply to every specialty.
        ({"specialty": "surgery"}, ["eu-and-georgia", "general", "georgia-documents", "germany-exam"], []),
        (
            {"specialty": "paediatrics"},
            ["eu-and-georgia", "general", "georgia-documents", "serbia-permits"],
            [],
        ),
        ({"topic": "documents"}, ["georgia-documents", "serbia-permits"], []),
        ({"q": "kenntnisprüfung"}, ["germany-exam"], []),
        ({"q": "permit"}, ["serbia-permits"], []),
        ({"q": "  SWORN   apostille "}, ["georgia-documents"], []),
        ({"q": "apostille exam"}, [], []),
        ({"q": "Документы"}, ["georgia-documents"], []),
        ({"q": ""}, ALL, []),
        ({"country": "de", "topic": "exams"}, ["eu-and-georgia", "germany-exam"], []),
        ({"region": "cis", "topic": "documents", "q": "apostille"}, ["georgia-documents"], []),
        # An invalid value fails its own field only; the other filters still apply.
        ({"country": "zz"}, ALL, ["country"]),
        ({"country": "zz", "topic": "documents"}, ["georgia-documents", "serbia-permits"], ["country"]),
        ({"region": "<script>"}, ALL, ["region"]),
        ({"specialty": "nope", "region": "eu"}, ["eu-and-georgia", "germany-exam"], ["specialty"]),
        ({"topic": "DOCUMENTS"}, ALL, ["topic"]),
        ({"q": "x" * 5000}, ALL, ["q"]),
        ({"q": "x" * 5000, "country": "rs"}, ["serbia-permits"], ["q"]),
    ],
)
def test_guide_filter(guides, data, expected, errors):
    assert slugs(data) == (expected, errors)


def test_active_filters_name_the_valid_filters_in_use(guides):
    guide_filter = GuideFilter(
        {"country": "de", "region": "cis", "topic": "zz", "q": ""}, queryset=Guide.objects.published()
    )
    assert [
        (item["name"], str(item["label"]), str(item["value"])) for item in guide_filter.active_filters()
    ] == [
        ("country", "Country", "Germany"),
        ("region", "Region", "CIS and Georgia"),
    ]
    assert guide_filter.active_filters()[0]["remove"] == {"country": None, "page": None}
