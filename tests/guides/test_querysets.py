import pytest

from guides.models import Barrier, Country, Figure, Guide, RecognitionPath
from tests.factories import (
    make_barrier,
    make_country,
    make_figure,
    make_guide,
    make_path,
)

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_in_review_and_revisions():
    country = make_country()
    live = make_path(country=country, slug="live")
    make_path(country=country, slug="draft", status="draft")
    make_path(country=country, slug="review", status="in_review")
    make_path(country=country, slug="revision", status="published", revision_of=live)
    assert list(RecognitionPath.objects.published()) == [live]


@pytest.mark.parametrize("model_factory, model", [(make_barrier, Barrier), (make_figure, Figure)])
def test_published_barriers_and_figures(model_factory, model):
    published = model_factory(slug="published")
    if model is Barrier:
        model_factory(slug="draft", status="draft", country=published.country)
        model_factory(slug="review", status="in_review", country=published.country)
    else:
        model_factory(slug="draft", status="draft")
        model_factory(slug="review", status="in_review")
    assert list(model.objects.published()) == [published]


def test_published_guides_exclude_drafts_and_revisions():
    live = make_guide(slug="live")
    make_guide(slug="draft", status="draft")
    make_guide(slug="revision", revision_of=live)
    assert list(Guide.objects.published()) == [live]


def test_countries_with_published_paths():
    germany = make_path().country
    france = make_country(iso2="fr", name="France")
    make_path(country=france, status="draft")
    assert list(Country.objects.with_published_paths()) == [germany]
