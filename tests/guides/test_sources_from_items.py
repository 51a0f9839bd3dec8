"""Editors add sources from the item they edit; the source picker says enough to pick the right one."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from guides.models import Source
from tests.factories import make_barrier, make_country, make_path, make_source

pytestmark = pytest.mark.django_db


def autocomplete(client, term, field="sources", model="recognitionpath", **extra):
    query = {"app_label": "guides", "model_name": model, "field_name": field, "term": term, **extra}
    return client.get(reverse("admin:autocomplete"), query)


def test_an_editor_adds_a_source_from_the_path_form(editor_client):
    path = make_path(status="draft")
    page = editor_client.get(reverse("admin:guides_recognitionpath_change", args=[path.pk])).content.decode()
    add_url = reverse("admin:guides_source_add")
    assert 'id="add_id_sources"' in page and f'href="{add_url}?_to_field=id&amp;_popup=1' in page
    popup = editor_client.get(add_url, {"_to_field": "id", "_popup": "1"})
    assert popup.status_code == HTTPStatus.OK
    fields = list(popup.context["adminform"].form.fields)
    assert fields[:6] == ["title", "publisher", "url", "published_on", "date_note_en", "date_note_ru"]
    answer = editor_client.post(
        f"{add_url}?_to_field=id&_popup=1",
        {
            "title": "Exemption threshold lowered to 10 years",
            "publisher": "Ministry of Health",
            "url": "https://www.gov.il/en/departments/news/exemption-2026",
            "published_on": "2026-11-20",
            "kind": "official",
            "key": "moh-exemption-2026",
            "_popup": "1",
            "_to_field": "id",
        },
    )
    assert answer.status_code == HTTPStatus.OK
    source = Source.objects.get(key="moh-exemption-2026")
    assert "popup_response" in answer.content.decode() or "data-popup-response" in answer.content.decode()
    assert source.published_on == datetime.date(2026, 11, 20)
    assert source.history.get().history_user.username == "editor"  # reviewed with the item citing it


def test_an_editor_may_not_change_an_existing_source(editor_client):
    source = make_source()
    url = reverse("admin:guides_source_change", args=[source.pk])
    assert 'name="_save"' not in editor_client.get(url).content.decode()
    editor_client.post(url, {"title": "Changed", "key": source.key, "kind": "news"})
    source.refresh_from_db()
    assert source.title == "A test article"


def test_the_picker_shows_publisher_date_address_and_countries(editor_client, django_assert_max_num_queries):
    israel = make_country(iso2="il", name="Israel", name_ru="Израиль", region="middle_east")
    moh = make_source(
        key="moh",
        title="Exemption circular",
        publisher="Ministry of Health",
        url="https://www.gov.il/en/circular",
        published_on=datetime.date(2026, 11, 20),
    )
    make_path(country=israel, slug="exemption").sources.add(moh)
    make_barrier(country=make_country(iso2="rs", name="Serbia"), slug="permits").sources.add(moh)
    for number in range(5):
        make_source(key=f"other-{number}", title=f"Exemption news {number}", publisher="Daily")
    with django_assert_max_num_queries(12):
        answer = autocomplete(editor_client, "exemption")
    results = {row["text"] for row in answer.json()["results"]}
    assert (
        "Exemption circular — Ministry of Health, 2026-11-20 · gov.il/en/circular · Israel, Serbia" in results
    )
    assert "Exemption news 0 — Daily" in results


def test_the_picker_finds_sources_by_a_countrys_russian_name(editor_client):
    israel = make_country(iso2="il", name="Israel", name_ru="Израиль", region="middle_east")
    cited = make_source(key="moh", title="Circular")
    make_path(country=israel, slug="exemption").sources.add(cited)
    make_source(key="elsewhere", title="Elsewhere")
    answer = autocomplete(editor_client, "Израиль")
    assert [row["id"] for row in answer.json()["results"]] == [str(cited.pk)]
